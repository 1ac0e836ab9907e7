import * as assert from "node:assert/strict";
import { spawn, spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { copyToTemp, EXAMPLES, REPO_ROOT } from "../support/fixtures";

/**
 * do-doctor as users install it: the npm tarball, installed into a folder that cannot see this
 * repository's node_modules, runs `--version`, `rules`, `check` (same findings and exit code as the
 * repository's own CLI) and answers an LSP `initialize` over `lsp --stdio`.
 */

const npm = process.platform === "win32" ? "npm.cmd" : "npm";

function run(command: string, args: string[], cwd: string, env: NodeJS.ProcessEnv = {}) {
  const result = spawnSync(command, args, { cwd, encoding: "utf8", env: { ...process.env, NO_COLOR: "1", DO_DOCTOR_CACHE: "off", ...env } });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe("the npm package, installed from its tarball", function () {
  this.timeout(180_000);
  let work: string;
  let installed: string;
  let tarballFiles: string[];

  before(() => {
    work = fs.mkdtempSync(path.join(os.tmpdir(), "do-doctor-package-"));
    // dist/ was built by the test command; --ignore-scripts packs it as it is (prepack would rebuild it).
    const packed = run(npm, ["pack", "--ignore-scripts", "--json", "--pack-destination", work], REPO_ROOT);
    assert.equal(packed.code, 0, packed.stderr);
    const [info] = JSON.parse(packed.stdout) as { filename: string; files: { path: string }[] }[];
    tarballFiles = info.files.map((f) => f.path).sort();
    const prefix = path.join(work, "prefix");
    fs.mkdirSync(prefix);
    // Nothing to fetch: the package has no dependencies (its bundles carry them).
    const install = run(npm, ["install", "--offline", "--no-audit", "--no-fund", "--prefix", prefix, path.join(work, info.filename)], prefix);
    assert.equal(install.code, 0, install.stderr);
    installed = path.join(prefix, "node_modules", ".bin", "do-doctor");
  });

  after(() => fs.rmSync(work, { recursive: true, force: true }));

  it("ships the CLI, its bundles and the rule pages, and nothing of the sources or tests", () => {
    for (const file of ["bin/do-doctor.js", "dist/cli.js", "dist/cli.js.id", "dist/typescript.js", "docs/rules/class-not-exported.md", "README.md", "LICENSE", "CHANGELOG.md", "package.json"]) {
      assert.ok(tarballFiles.includes(file), `${file} is missing from the tarball`);
    }
    const stray = tarballFiles.filter((file) => /^(server|src|test|scripts|bench|examples|out|node_modules)\//.test(file) || file.endsWith(".map") || file.endsWith(".v8cache"));
    assert.deepEqual(stray, []);
    assert.ok(tarballFiles.length < 60, `${tarballFiles.length} files`);
    const manifest = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, "package.json"), "utf8")) as { private?: boolean; dependencies?: Record<string, string> };
    assert.equal(manifest.private, undefined, "a private package cannot be published");
    assert.deepEqual(Object.keys(manifest.dependencies ?? {}), [], "the bundles need no dependency at run time");
  });

  it("prints its version and its rules", () => {
    const version = run(installed, ["--version"], work);
    assert.equal(version.code, 0, version.stderr);
    const manifest = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, "package.json"), "utf8")) as { version: string };
    assert.equal(version.stdout.trim(), manifest.version);
    const rules = run(installed, ["rules"], work);
    assert.equal(rules.code, 0, rules.stderr);
    assert.match(rules.stdout, /^class-not-exported\s+error/m);
  });

  it("checks a copy of the example with the same findings and exit code as the repository's CLI", () => {
    const dir = copyToTemp(path.join(EXAMPLES, "coder-agent"));
    try {
      fs.rmSync(path.join(dir, "node_modules"), { recursive: true, force: true });
      const fromPackage = run(installed, ["check", ".", "--format", "json"], dir);
      const fromRepository = run(process.execPath, [path.join(REPO_ROOT, "bin", "do-doctor.js"), "check", ".", "--format", "json"], dir);
      assert.equal(fromPackage.code, 1, fromPackage.stderr);
      assert.equal(fromPackage.code, fromRepository.code);
      assert.equal(fromPackage.stdout, fromRepository.stdout);
      assert.ok((JSON.parse(fromPackage.stdout) as { findings: unknown[] }).findings.length >= 4);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it("answers an LSP initialize over lsp --stdio", async () => {
    const child = spawn(installed, ["lsp", "--stdio"], { cwd: work, stdio: ["pipe", "pipe", "pipe"] });
    try {
      const body = JSON.stringify({ jsonrpc: "2.0", id: 1, method: "initialize", params: { processId: null, rootUri: null, capabilities: {} } });
      child.stdin.write(`Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`);
      const reply = await new Promise<string>((resolve, reject) => {
        let text = "";
        child.stdout.on("data", (chunk: Buffer) => {
          text += chunk.toString("utf8");
          const match = /Content-Length: (\d+)\r\n\r\n/.exec(text);
          if (match && Buffer.byteLength(text.slice(match.index + match[0].length)) >= Number(match[1])) resolve(text.slice(match.index + match[0].length));
        });
        child.on("exit", (code) => reject(new Error(`the server exited (${code}) before answering`)));
      });
      const message = JSON.parse(reply) as { id: number; result: { capabilities: Record<string, unknown>; serverInfo?: { name: string } } };
      assert.equal(message.id, 1);
      assert.ok(message.result.capabilities.textDocumentSync !== undefined, "text document sync is offered");
    } finally {
      child.kill();
    }
  });
});
