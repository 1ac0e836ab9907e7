import * as assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { analyze } from "../../server/src/analyze";
import type { Finding } from "../../server/src/findings";
import { createDiskHost } from "../../server/src/host";
import { listWorkspaceFiles } from "../../server/src/project/discover";
import { REPO_ROOT } from "../support/fixtures";
import { LspClient, uri } from "../lsp/lspClient";

/**
 * The workspace walk against symbolic links that loop, branch, leave the workspace or name `/`, and
 * the reader against sources nested too deeply for any recursive parser: real folders, through the
 * engine, the CLI as a process and the language server. Each linked project must give exactly the
 * findings of the same project without its links.
 */
const BIN = path.join(REPO_ROOT, "bin", "do-doctor.js");
const CLI_TIMEOUT_MS = 60_000;

/** A project with one finding: Counter is bound but not exported from the entry (reported on the config and on the class). */
const base: Record<string, string> = {
  "wrangler.jsonc": `{ "name": "w", "main": "src/index.ts", "durable_objects": { "bindings": [{ "name": "COUNTER", "class_name": "Counter" }] }, "migrations": [{ "tag": "v1", "new_sqlite_classes": ["Counter"] }] }\n`,
  "src/index.ts": `import { helper } from "./nested/deeper/util";\nexport default { fetch() { return new Response(helper()); } };\n`,
  "src/counter.ts": `import { DurableObject } from "cloudflare:workers";\nexport class Counter extends DurableObject {}\n`,
  "src/nested/deeper/util.ts": `export const helper = () => "ok";\n`,
};

function writeFiles(dir: string, files: Record<string, string>): void {
  for (const [name, content] of Object.entries(files)) {
    const file = path.join(dir, name);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, content);
  }
}

function tempDir(prefix: string): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), `do-doctor-${prefix}-`));
}

/** Findings as comparable lines: rule, file and position relative to the project, message. */
function summary(findings: Finding[], dir: string): string[] {
  return findings.map((f) => `${f.ruleId} ${path.relative(dir, f.file).split(path.sep).join("/")}:${f.range.start.line + 1}:${f.range.start.character + 1} ${f.message}`);
}

function cli(dir: string) {
  const run = spawnSync(process.execPath, [BIN, "check", dir, "--format", "json"], { encoding: "utf8", env: { ...process.env, DO_DOCTOR_CACHE: "off" }, timeout: CLI_TIMEOUT_MS });
  assert.equal(run.signal, null, `the CLI did not finish within ${CLI_TIMEOUT_MS} ms`);
  return run;
}

interface LinkCase {
  name: string;
  /** Adds links to the project (and anything outside it, under `outside`). */
  link: (dir: string, outside: string) => void;
}

const linkCases: LinkCase[] = [
  {
    name: "branching loops (src/loop -> .., src/loop2 -> ../src, and two more below)",
    link: (dir) => {
      fs.symlinkSync("..", path.join(dir, "src", "loop"), "dir");
      fs.symlinkSync("../src", path.join(dir, "src", "loop2"), "dir");
      fs.symlinkSync("../../..", path.join(dir, "src", "nested", "deeper", "up"), "dir");
      fs.symlinkSync("../nested", path.join(dir, "src", "nested", "side"), "dir");
    },
  },
  {
    name: "a link to a folder outside the workspace (with its own worker, classes and loop)",
    link: (dir, outside) => {
      // Followed, this would add a worker with main-not-found and a second Counter (exported).
      writeFiles(outside, {
        "wrangler.jsonc": `{ "name": "elsewhere", "main": "src/missing.ts" }\n`,
        "src/counter.ts": `import { DurableObject } from "cloudflare:workers";\nexport class Counter extends DurableObject {}\n`,
        ...Object.fromEntries(Array.from({ length: 50 }, (_, i) => [`lib/m${i}.ts`, `export class C${i} {}\n`])),
      });
      fs.symlinkSync(outside, path.join(outside, "lib", "again"), "dir");
      fs.symlinkSync(outside, path.join(dir, "src", "vendor"), "dir");
    },
  },
  {
    name: "a link to /",
    link: (dir) => fs.symlinkSync(path.parse(dir).root, path.join(dir, "src", "root"), "dir"),
  },
];

describe("robustness: the workspace walk and symbolic links (real folders: engine, CLI, language server)", function () {
  this.timeout(120_000);
  let plain: string;
  let plainEngine: string[];
  let plainCli: string;

  before(() => {
    plain = tempDir("walk-plain");
    writeFiles(plain, base);
    plainEngine = summary(analyze({ roots: [plain], host: createDiskHost() }).findings, plain);
    const run = cli(plain);
    plainCli = run.stdout;
    assert.deepEqual(
      plainEngine.map((line) => line.split(" ")[0]),
      ["class-not-exported", "class-not-exported"],
      "the project without links has its one finding (on the config and on the class)",
    );
    assert.equal(run.status, 1);
  });

  after(() => fs.rmSync(plain, { recursive: true, force: true }));

  for (const testCase of linkCases) {
    it(`${testCase.name}: the same findings as without the links`, () => {
      const dir = tempDir("walk-linked");
      const outside = tempDir("walk-outside");
      try {
        writeFiles(dir, base);
        testCase.link(dir, outside);
        const listing = listWorkspaceFiles([dir], createDiskHost());
        assert.deepEqual(listing.sources.map((f) => path.relative(dir, f).split(path.sep).join("/")), ["src/counter.ts", "src/index.ts", "src/nested/deeper/util.ts"]);
        assert.deepEqual(listing.configs, [path.join(dir, "wrangler.jsonc")]);
        assert.equal(listing.truncated, false);
        const result = analyze({ roots: [dir], host: createDiskHost() });
        assert.deepEqual(summary(result.findings, dir), plainEngine);
        const run = cli(dir);
        assert.equal(run.stderr, "");
        assert.equal(run.status, 1);
        assert.equal(run.stdout, plainCli, "the CLI's JSON report is the one of the project without links");
      } finally {
        fs.rmSync(dir, { recursive: true, force: true });
        fs.rmSync(outside, { recursive: true, force: true });
      }
    });
  }

  it("imports still resolve through a link to a folder outside the workspace", () => {
    const dir = tempDir("walk-import");
    const outside = tempDir("walk-shared");
    try {
      writeFiles(outside, { "counter.ts": base["src/counter.ts"] });
      writeFiles(dir, { ...base, "src/counter.ts": "", "src/index.ts": `export { Counter } from "./shared/counter";\nexport default { fetch() { return new Response("ok"); } };\n` });
      fs.symlinkSync(outside, path.join(dir, "src", "shared"), "dir");
      assert.deepEqual(summary(analyze({ roots: [dir], host: createDiskHost() }).findings, dir), [], "the class exported through the link is seen");
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
      fs.rmSync(outside, { recursive: true, force: true });
    }
  });

  it("roots that name one folder twice (a link to it, a folder inside another root) list it once", () => {
    const dir = tempDir("walk-roots");
    const alias = path.join(tempDir("walk-alias"), "link");
    try {
      writeFiles(dir, base);
      fs.symlinkSync(dir, alias, "dir");
      const listing = listWorkspaceFiles([dir, alias, path.join(dir, "src")], createDiskHost());
      assert.deepEqual(listing.sources.map((f) => path.relative(dir, f).split(path.sep).join("/")), ["src/counter.ts", "src/index.ts", "src/nested/deeper/util.ts"]);
      assert.equal(listing.configs.length, 1);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
      fs.rmSync(path.dirname(alias), { recursive: true, force: true });
    }
  });

  it("the language server answers diagnostics and hover on the branching-loop project", async () => {
    const dir = tempDir("walk-lsp");
    writeFiles(dir, base);
    linkCases[0].link(dir, dir);
    const client = new LspClient();
    try {
      await client.initialize(dir);
      const config = path.join(dir, "wrangler.jsonc");
      const counter = path.join(dir, "src", "counter.ts");
      await client.open(config, base["wrangler.jsonc"]);
      await client.waitFor(() => client.codes(config).includes("class-not-exported") && client.codes(counter).includes("class-not-exported"), "diagnostics on the linked project");
      const hover = (await client.connection.sendRequest("textDocument/hover", { textDocument: { uri: uri(config) }, position: { line: 0, character: base["wrangler.jsonc"].indexOf('"Counter"') + 2 } })) as { contents: unknown } | null;
      assert.ok(hover && JSON.stringify(hover.contents).includes("Counter"), `hover: ${JSON.stringify(hover)}`);
      assert.ok(!client.notifications.some((n) => n.method === "window/showMessage"), "no cap was hit, so no warning");
      assert.doesNotMatch(client.stderr, /^\s+at .+[:(]\d+/m, "a stack trace on stderr");
    } finally {
      const code = await client.stop();
      fs.rmSync(dir, { recursive: true, force: true });
      assert.equal(code, 0, `server exit code; stderr: ${client.stderr}`);
    }
  });
});

describe("robustness: a walk that hits a bound says so", function () {
  this.timeout(60_000);
  /** A worker 30 folders deep (the depth bound is 24) beside one at the top: the deep one is not listed. */
  const deepTree = (dir: string) => {
    writeFiles(dir, base);
    writeFiles(path.join(dir, ...Array.from({ length: 30 }, (_, i) => `d${i}`)), base);
  };

  it("the CLI prints one note naming the bound, on stderr, and still reports", () => {
    const dir = tempDir("walk-deep-tree");
    try {
      deepTree(dir);
      const run = cli(dir);
      assert.equal(run.status, 1);
      assert.equal(run.stderr, "do-doctor: note: folders nested more than 24 levels below the checked folder were not listed; configs and sources in them were not checked.\n");
      const report = JSON.parse(run.stdout) as { findings: { ruleId: string; file: string }[] };
      assert.deepEqual(report.findings.map((f) => `${f.ruleId} ${f.file}`), ["class-not-exported src/counter.ts", "class-not-exported wrangler.jsonc"]);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it("the language server warns once per folder, not on every re-check", async () => {
    const dir = tempDir("walk-deep-lsp");
    deepTree(dir);
    const client = new LspClient();
    try {
      await client.initialize(dir);
      const config = path.join(dir, "wrangler.jsonc");
      await client.open(config, base["wrangler.jsonc"]);
      await client.waitFor(() => client.codes(config).includes("class-not-exported"), "diagnostics");
      const entry = path.join(dir, "src", "index.ts");
      await client.open(entry, base["src/index.ts"], "typescript");
      await client.change(entry, `${base["src/index.ts"]}export { Counter } from "./counter";\n`, 2);
      await client.waitFor(() => !client.codes(config).includes("class-not-exported"), "re-check after an edit");
      // A created file drops the listing: the walk runs again and hits the bound again.
      fs.writeFileSync(path.join(dir, "src", "more.ts"), "export {};\n");
      await client.connection.sendNotification("workspace/didChangeWatchedFiles", { changes: [{ uri: uri(path.join(dir, "src", "more.ts")), type: 1 }] });
      await client.change(entry, base["src/index.ts"], 3);
      await client.waitFor(() => client.codes(config).includes("class-not-exported"), "re-check after a new file");
      const warnings = client.notifications.filter((n) => n.method === "window/showMessage") as { params: { type: number; message: string } }[];
      assert.equal(warnings.length, 1, JSON.stringify(warnings));
      assert.equal(warnings[0].params.type, 2);
      assert.match(warnings[0].params.message, /more than 24 levels/);
    } finally {
      const code = await client.stop();
      fs.rmSync(dir, { recursive: true, force: true });
      assert.equal(code, 0, `server exit code; stderr: ${client.stderr}`);
    }
  });
});

describe("robustness: sources nested too deeply to parse", function () {
  this.timeout(60_000);
  const levels = 5_000;
  const deepFiles: Record<string, string> = {
    "src/deep.ts": `export const deep = ${"`${".repeat(levels)}"x"${"}`".repeat(levels)};\n`,
    "src/deep-jsx.tsx": `export const Deep = () => ${"<div>{".repeat(levels)}1${"}</div>".repeat(levels)};\n`,
  };
  const project = {
    ...base,
    ...deepFiles,
    "src/index.ts": `import { deep } from "./deep";\nimport { Deep } from "./deep-jsx";\nexport default { fetch() { return new Response(deep + String(Deep)); } };\n`,
  };

  it("one source-unreadable finding on each such file; the worker's other files are still checked (engine and CLI)", () => {
    const dir = tempDir("walk-deep-source");
    try {
      writeFiles(dir, project);
      const expected = [
        "class-not-exported src/counter.ts",
        "source-unreadable src/deep-jsx.tsx",
        "source-unreadable src/deep.ts",
        "class-not-exported wrangler.jsonc",
      ];
      const result = analyze({ roots: [dir], host: createDiskHost() });
      assert.deepEqual(summary(result.findings, dir).map((line) => line.split(":")[0]), expected);
      const unreadable = result.findings.filter((f) => f.ruleId === "source-unreadable");
      assert.ok(unreadable.every((f) => f.severity === "warning" && f.range.start.line === 0 && /nested too deeply/.test(f.message)), JSON.stringify(unreadable));
      const run = cli(dir);
      assert.equal(run.status, 1);
      assert.equal(run.stderr, "");
      const report = JSON.parse(run.stdout) as { findings: { ruleId: string; file: string }[] };
      assert.deepEqual(report.findings.map((f) => `${f.ruleId} ${f.file}`), expected);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
