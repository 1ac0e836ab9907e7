import * as assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { analyze } from "../../server/src/analyze";
import { runCli } from "../../server/src/cli/main";
import { readGitBase } from "../../server/src/git/readGitBase";
import { createDiskHost } from "../../server/src/host";
import { GitBases } from "../../server/src/lsp/gitBases";

// Real repositories built with the real `git`: the base found, renames followed, shallow clones and
// folders outside git said as a note, and the CLI and the engine run on them.

const ENTRY = `import { DurableObject } from "cloudflare:workers";
export class Counter extends DurableObject {}
export class Room extends DurableObject {}
export default { fetch() { return new Response("ok"); } };
`;

const config = (migrations: string) => `{
  "name": "app",
  "main": "src/index.ts",
  "durable_objects": { "bindings": [{ "name": "COUNTER", "class_name": "Counter" }, { "name": "ROOM", "class_name": "Room" }] },
  "migrations": [
${migrations}
  ]
}
`;
const APPLIED = config(`    { "tag": "v1", "new_classes": ["Counter"] },\n    { "tag": "v2", "new_sqlite_classes": ["Room"] }`);
const FLIPPED = config(`    { "tag": "v1", "new_sqlite_classes": ["Counter"] },\n    { "tag": "v2", "new_sqlite_classes": ["Room"] }`);

function git(cwd: string, ...args: string[]): string {
  return execFileSync("git", ["-c", "user.name=t", "-c", "user.email=t@example.com", "-c", "init.defaultBranch=main", "-c", "commit.gpgsign=false", ...args], { cwd, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
}

function makeRepo(files: Record<string, string>): string {
  const dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), "do-doctor-git-")));
  git(dir, "init", "-q");
  write(dir, files);
  git(dir, "add", "-A");
  git(dir, "commit", "-qm", "first deploy");
  return dir;
}

function write(dir: string, files: Record<string, string>): void {
  for (const [name, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    fs.writeFileSync(path.join(dir, name), text);
  }
}

async function cli(args: string[], cwd: string): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = "";
  let stderr = "";
  const code = await runCli(args, { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t), cwd, colorStdout: false });
  return { code, stdout, stderr };
}

function ruleIds(stdout: string): string[] {
  return (JSON.parse(stdout) as { findings: { ruleId: string }[] }).findings.map((f) => f.ruleId);
}

describe("git base (real git repositories)", function () {
  this.timeout(30_000);
  const dirs: string[] = [];
  const repo = (files: Record<string, string>) => {
    const dir = makeRepo(files);
    dirs.push(dir);
    return dir;
  };
  after(() => {
    for (const dir of dirs) fs.rmSync(dir, { recursive: true, force: true });
  });

  it("a feature branch flipping an applied migration: the CLI reports it against the merge-base with main", async () => {
    const dir = repo({ "wrangler.jsonc": APPLIED, "src/index.ts": ENTRY });
    git(dir, "checkout", "-qb", "feature");
    write(dir, { "wrangler.jsonc": FLIPPED });
    git(dir, "commit", "-qam", "use sqlite");
    const { code, stdout, stderr } = await cli(["check", ".", "--format", "json"], dir);
    assert.equal(stderr, "");
    assert.equal(code, 1);
    assert.deepEqual(ruleIds(stdout), ["migration-history-rewritten"]);
    assert.match(stdout, /main \(merge-base [0-9a-f]{7}\)/);
  });

  it("on main itself, uncommitted edits are compared with HEAD; committed ones are history", async () => {
    const dir = repo({ "wrangler.jsonc": APPLIED, "src/index.ts": ENTRY });
    write(dir, { "wrangler.jsonc": FLIPPED });
    assert.deepEqual(ruleIds((await cli(["check", ".", "--format", "json"], dir)).stdout), ["migration-history-rewritten"]);
    git(dir, "commit", "-qam", "flip");
    const after = await cli(["check", ".", "--format", "json"], dir);
    assert.deepEqual(ruleIds(after.stdout), []);
    // --base names the revision to compare with: the first commit.
    const explicit = await cli(["check", ".", "--format", "json", "--base", "HEAD~1"], dir);
    assert.deepEqual(ruleIds(explicit.stdout), ["migration-history-rewritten"]);
    assert.match(explicit.stdout, /at HEAD~1/);
  });

  it("the project config's gitBase names the base; --base overrides it", async () => {
    const dir = repo({ "wrangler.jsonc": APPLIED, "src/index.ts": ENTRY });
    git(dir, "tag", "deployed");
    write(dir, { "wrangler.jsonc": FLIPPED });
    git(dir, "commit", "-qam", "flip");
    write(dir, { "do-doctor.config.jsonc": `{ "gitBase": "deployed" }` });
    assert.deepEqual(ruleIds((await cli(["check", ".", "--format", "json"], dir)).stdout), ["migration-history-rewritten"]);
    assert.deepEqual(ruleIds((await cli(["check", ".", "--format", "json", "--base", "HEAD"], dir)).stdout), []);
  });

  it("without a default branch, the newest tag is the base", async () => {
    const dir = repo({ "wrangler.jsonc": APPLIED, "src/index.ts": ENTRY });
    git(dir, "tag", "v1.0.0");
    git(dir, "branch", "-m", "main", "trunk");
    write(dir, { "wrangler.jsonc": FLIPPED });
    git(dir, "commit", "-qam", "flip");
    const outcome = await readGitBase({ cwd: dir, configFiles: [path.join(dir, "wrangler.jsonc")] });
    assert.equal(outcome.base?.label, "tag v1.0.0");
    assert.equal(outcome.base?.textAt(path.join(dir, "wrangler.jsonc")), APPLIED);
  });

  it("a renamed config is followed (wrangler.json -> wrangler.jsonc in another folder)", async () => {
    const dir = repo({ "wrangler.json": APPLIED, "src/index.ts": ENTRY });
    git(dir, "checkout", "-qb", "move");
    fs.mkdirSync(path.join(dir, "worker"));
    git(dir, "mv", "wrangler.json", "worker/wrangler.jsonc");
    git(dir, "mv", "src", "worker/src");
    git(dir, "commit", "-qm", "move the worker");
    write(dir, { "worker/wrangler.jsonc": FLIPPED });
    const outcome = await readGitBase({ cwd: dir, configFiles: [path.join(dir, "worker/wrangler.jsonc")] });
    assert.equal(outcome.base?.textAt(path.join(dir, "worker/wrangler.jsonc")), APPLIED);
    assert.deepEqual(ruleIds((await cli(["check", "worker", "--format", "json"], dir)).stdout), ["migration-history-rewritten"]);
  });

  it("the whole migrations key removed with the class (real: lost.pet): reported against a named base; without one, and nothing of Durable Objects left, git is not run (a clean check)", async () => {
    const dir = repo({ "wrangler.jsonc": APPLIED, "src/index.ts": ENTRY });
    git(dir, "tag", "deployed");
    git(dir, "checkout", "-qb", "feature");
    write(dir, { "wrangler.jsonc": `{\n  "name": "app",\n  "main": "src/index.ts",\n}\n`, "src/index.ts": `export default { fetch() { return new Response("ok"); } };\n` });
    git(dir, "commit", "-qam", "drop the Durable Object");
    const named = await cli(["check", ".", "--base", "deployed", "--format", "json"], dir);
    assert.deepEqual(ruleIds(named.stdout), ["migration-history-rewritten"]);
    assert.match(named.stdout, /have been removed/);
    // Without --base and no migrations or Durable Objects left, git is not run at all: a clean check.
    const plain = await cli(["check", ".", "--format", "json"], dir);
    assert.deepEqual(ruleIds(plain.stdout), []);
    assert.equal(plain.stderr, "");
  });

  it("a config new since the base has no history: nothing is reported", async () => {
    const dir = repo({ "README.md": "app\n" });
    git(dir, "checkout", "-qb", "feature");
    write(dir, { "wrangler.jsonc": FLIPPED, "src/index.ts": ENTRY });
    const { code, stdout, stderr } = await cli(["check", ".", "--format", "json"], dir);
    assert.equal(stderr, "");
    assert.equal(code, 0);
    assert.deepEqual(ruleIds(stdout), []);
  });

  it("a shallow clone without the base: one note on stderr, no finding", async () => {
    const origin = repo({ "wrangler.jsonc": APPLIED, "src/index.ts": ENTRY });
    git(origin, "checkout", "-qb", "feature");
    write(origin, { "wrangler.jsonc": FLIPPED });
    git(origin, "commit", "-qam", "flip");
    write(origin, { "README.md": "x\n" });
    git(origin, "add", "-A");
    git(origin, "commit", "-qm", "more");
    git(origin, "checkout", "-q", "main");
    write(origin, { "README.md": "y\n" });
    git(origin, "add", "-A");
    git(origin, "commit", "-qm", "main moves on");
    const clone = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), "do-doctor-shallow-")));
    dirs.push(clone);
    git(clone, "clone", "-q", "--depth", "1", "--no-single-branch", "--branch", "feature", `file://${origin}`, ".");
    const { code, stdout, stderr } = await cli(["check", ".", "--format", "json"], clone);
    assert.deepEqual(ruleIds(stdout), []);
    assert.equal(code, 0);
    assert.equal(stderr.split("\n").filter(Boolean).length, 1, stderr);
    assert.match(stderr, /^do-doctor: note: migrations were not compared with git history \(.*shallow clone/);
  });

  it("a folder outside git, or no git at all: the check runs as before; a note only when a base was asked for", async () => {
    const dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), "do-doctor-nogit-")));
    dirs.push(dir);
    write(dir, { "wrangler.jsonc": FLIPPED, "src/index.ts": ENTRY });
    const outcome = await readGitBase({ cwd: dir, configFiles: [path.join(dir, "wrangler.jsonc")] });
    // The temporary folder may sit inside some repository on a developer's machine; the usual case is none.
    if (outcome.base === undefined) assert.match(outcome.note, /not in a git repository/);
    // In a repository, but without a git to run.
    const inRepo = repo({ "wrangler.jsonc": APPLIED });
    const missing = await readGitBase({ cwd: inRepo, configFiles: [], gitPath: path.join(dir, "no-such-git") });
    assert.match(missing.note ?? "", /not installed/);
    const { code, stdout, stderr } = await cli(["check", ".", "--format", "json", "--rule", "new-classes-kv-backed=off"], dir);
    assert.equal(code, 0);
    assert.deepEqual(ruleIds(stdout), []);
    if (outcome.base === undefined) {
      // Outside git, no history is the normal state: nothing on stderr unless a base was asked for.
      assert.equal(stderr, "");
      const asked = await cli(["check", ".", "--format", "json", "--base", "main"], dir);
      assert.match(asked.stderr, /^do-doctor: note: migrations were not compared with git history \(.*not in a git repository\)\.\n$/);
    }
  });

  it("a revision that looks like an option is refused, never passed to git", async () => {
    const dir = repo({ "wrangler.jsonc": APPLIED, "src/index.ts": ENTRY });
    const outcome = await readGitBase({ cwd: dir, configFiles: [path.join(dir, "wrangler.jsonc")], rev: "--output=/tmp/x" });
    assert.match(outcome.note ?? "", /is not a revision/);
  });

  it("the engine takes the base as data: analyze with it reports, without it says nothing", async () => {
    const dir = repo({ "wrangler.jsonc": APPLIED, "src/index.ts": ENTRY });
    write(dir, { "wrangler.jsonc": FLIPPED });
    const outcome = await readGitBase({ cwd: dir, configFiles: [path.join(dir, "wrangler.jsonc")] });
    assert.ok(outcome.base);
    const host = createDiskHost();
    const withBase = analyze({ roots: [dir], host, gitBase: outcome.base }).findings.map((f) => f.ruleId);
    const without = analyze({ roots: [dir], host }).findings.map((f) => f.ruleId);
    assert.deepEqual(withBase, ["migration-history-rewritten"]);
    assert.deepEqual(without, []);
  });

  it("the language server's bases: read in the background, read again when HEAD moves", async () => {
    const dir = repo({ "wrangler.jsonc": APPLIED, "src/index.ts": ENTRY });
    const file = path.join(dir, "wrangler.jsonc");
    let changes = 0;
    const bases = new GitBases(() => changes++, () => undefined);
    try {
      assert.equal(bases.baseFor(dir, [file], undefined), undefined, "not read yet: nothing on the keystroke path waits for git");
      await waitFor(() => !bases.busy && changes === 1);
      assert.equal(bases.baseFor(dir, [file], undefined)?.textAt(file), APPLIED);
      // A commit on main moves the base (HEAD is main): the watcher asks for a re-check, and the next read sees it.
      write(dir, { "wrangler.jsonc": FLIPPED });
      git(dir, "commit", "-qam", "flip");
      await waitFor(() => changes >= 2);
      bases.baseFor(dir, [file], undefined);
      await waitFor(() => !bases.busy && bases.baseFor(dir, [file], undefined)?.textAt(file) === FLIPPED);
    } finally {
      bases.dispose();
    }
  });
});

async function waitFor(condition: () => boolean, timeoutMs = 10_000): Promise<void> {
  const start = Date.now();
  while (!condition()) {
    if (Date.now() - start > timeoutMs) throw new Error("timed out waiting");
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
