import * as assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { analyze } from "../../server/src/analyze";
import { createDiskHost } from "../../server/src/host";
import { REPO_ROOT } from "../support/fixtures";
import { LspClient } from "../lsp/lspClient";

/**
 * Hostile projects as real files: each one through the engine and through the built CLI as a
 * process. Whatever the input: bounded time, exit 0 or 1, valid JSON, no stack trace, no rule crash.
 */
const BIN = path.join(REPO_ROOT, "bin", "do-doctor.js");
type Files = Record<string, string | Buffer>;

const source = `import { DurableObject } from "cloudflare:workers";
export class Counter extends DurableObject {}
export default { fetch() { return new Response("ok"); } };
`;
const healthy = (main = "src/index.ts") =>
  `{ "name": "w", "main": ${JSON.stringify(main)}, "durable_objects": { "bindings": [{ "name": "COUNTER", "class_name": "Counter" }] }, "migrations": [{ "tag": "v1", "new_sqlite_classes": ["Counter"] }] }\n`;
const utf16 = (text: string, bigEndian = false) => {
  const body = Buffer.from(text, "utf16le");
  if (bigEndian) body.swap16();
  return Buffer.concat([Buffer.from(bigEndian ? [0xfe, 0xff] : [0xff, 0xfe]), body]);
};

interface HostileCase {
  name: string;
  files: Files;
  /** Extra setup on the folder (symlinks). */
  setup?: (dir: string) => void;
  /** Rule ids that must be among the findings. */
  expect?: string[];
  /** The folder to check, below the temporary folder. */
  root?: string;
}

const manyBindings = (n: number) => {
  const bindings = Array.from({ length: n }, (_, i) => `    { "name": "B${i}", "class_name": "Counter" }, // binding ${i} ${"x".repeat(100)}`).join("\n");
  return `{\n  "name": "big",\n  "main": "src/index.ts",\n  "durable_objects": { "bindings": [\n${bindings}\n  ] },\n  "migrations": [{ "tag": "v1", "new_sqlite_classes": ["Counter"] }],\n}\n`;
};

const cases: HostileCase[] = [
  { name: "a 1.5 MB config with 10,000 bindings", files: { "wrangler.jsonc": manyBindings(10_000), "src/index.ts": source }, expect: [] },
  { name: "JSONC nested 100,000 levels deep", files: { "wrangler.jsonc": '{"a":'.repeat(100_000) + "1" + "}".repeat(100_000) }, expect: ["config-parse-error"] },
  { name: "TOML nested 20,000 levels deep", files: { "wrangler.toml": "a = " + "[".repeat(20_000) + "]".repeat(20_000) + "\n" }, expect: ["config-parse-error"] },
  { name: "binary content as the config and the entry", files: { "wrangler.jsonc": Buffer.from([0x7b, 0, 1, 2, 0xff, 0xfe, 0x7d, 0, 0x89]), "wrangler.toml": "main = 1", "src/index.ts": Buffer.from([0, 0, 0, 1]) }, expect: ["config-parse-error"] },
  { name: "binary entry source", files: { "wrangler.jsonc": healthy(), "src/index.ts": Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 0x0d]) } },
  { name: "BOM and CRLF", files: { "wrangler.jsonc": "\ufeff" + healthy("src/missing.ts").replace(/ /g, "\r\n "), "src/index.ts": source.replace(/\n/g, "\r\n") }, expect: ["main-not-found"] },
  { name: "UTF-16 LE config", files: { "wrangler.jsonc": utf16(healthy("src/missing.ts")), "src/index.ts": source }, expect: ["main-not-found"] },
  { name: "UTF-16 BE config and source", files: { "wrangler.toml": utf16('name = "w"\nmain = "src/nope.ts"\n\n[[durable_objects.bindings]]\nname = "C"\nclass_name = "C"\n', true), "src/index.ts": utf16(source, true) }, expect: ["main-not-found"] },
  { name: "empty files", files: { "wrangler.jsonc": "", "a/wrangler.toml": "", "b/wrangler.json": "{}", "src/index.ts": "" } },
  { name: "whitespace and comments only", files: { "wrangler.jsonc": "// nothing\n/* at all */\n", "a/wrangler.toml": "# nothing\n" } },
  {
    name: "wrong types everywhere (JSONC)",
    files: {
      "wrangler.jsonc": `{ "name": 1, "main": [], "durable_objects": null, "migrations": { "a": 1 }, "compatibility_flags": "nodejs_compat", "assets": 3, "exports": [],
        "env": { "a": null, "b": 1, "c": [], "d": { "durable_objects": { "bindings": [null, 1, "COUNTER", [], {}, { "name": null, "class_name": 5 }] }, "migrations": [null, 1, { "new_sqlite_classes": null, "renamed_classes": [null, 1, {}], "deleted_classes": {} }] } } }`,
      "src/index.ts": source,
    },
  },
  { name: "the config is an array / null / a string", files: { "wrangler.jsonc": "[]", "a/wrangler.json": "null", "b/wrangler.jsonc": '"wrangler"', "c/wrangler.json": "12" }, expect: ["config-parse-error"] },
  {
    name: "wrong types everywhere (TOML)",
    files: {
      "wrangler.toml": `name = 1\nmain = []\ndurable_objects = 5\nmigrations = "v1"\ncompatibility_flags = { a = 1 }\nenv = [1, 2]\n[assets]\nrun_worker_first = 7\n`,
      "a/wrangler.toml": `main = "src/index.ts"\n[[durable_objects.bindings]]\nname = 1\nclass_name = []\n[[migrations]]\nnew_sqlite_classes = "Counter"\nrenamed_classes = [1, "x"]\n`,
      "src/index.ts": source,
      "a/src/index.ts": source,
    },
  },
  {
    name: "symlink loops (folders and files)",
    files: { "wrangler.jsonc": healthy("src/loop.ts"), "src/index.ts": source },
    setup: (dir) => {
      fs.symlinkSync(dir, path.join(dir, "src", "again"), "dir");
      fs.symlinkSync(path.join(dir, "src", "loop.ts"), path.join(dir, "src", "loop.ts"));
      fs.symlinkSync(path.join(dir, "src", "b.ts"), path.join(dir, "src", "a.ts"));
      fs.symlinkSync(path.join(dir, "src", "a.ts"), path.join(dir, "src", "b.ts"));
    },
    expect: ["main-not-found"],
  },
  {
    name: "export * cycles",
    files: {
      "wrangler.jsonc": healthy(),
      "src/index.ts": `export * from "./a";\nexport * from "./index";\nexport default { fetch() { return new Response(""); } };\n`,
      "src/a.ts": `export * from "./b";\nexport * from "./a.js";\n`,
      "src/b.ts": `export * from "./a";\nexport * from "./index";\nexport { Counter as Counter } from "./b";\n`,
    },
    expect: ["class-not-found"],
  },
  { name: "main is a folder without an index", files: { "wrangler.jsonc": healthy("src"), "src/other.ts": source }, expect: ["main-not-found"] },
  { name: "main is outside the workspace", files: { "project/wrangler.jsonc": healthy("../../../../../../../../etc/passwd"), "project/src/index.ts": source }, root: "project", expect: ["main-not-found"] },
  { name: "main is outside the checked folder but exists", files: { "project/wrangler.jsonc": healthy("../shared/index.ts"), "shared/index.ts": source }, root: "project", expect: [] },
  { name: "main is empty / a URL / a NUL", files: { "wrangler.jsonc": healthy(""), "a/wrangler.jsonc": healthy("https://x/y.ts"), "b/wrangler.jsonc": healthy("src/\u0000.ts") } },
  {
    name: "a giant source (5 MB, 20,000 classes) and a half-typed one",
    files: {
      "wrangler.jsonc": healthy(),
      "src/index.ts": `export * from "./giant";\nexport * from "./half";\nexport default {};\n`,
      "src/giant.ts": Array.from({ length: 20_000 }, (_, i) => `export class C${i} extends DurableObject { m() { return this.env.X${i}.idFromName("${"y".repeat(150)}"); } }`).join("\n") + "\n" + source,
      "src/half.ts": `import { Agent } from "agents";\nexport class Half extends Agent<Env> {\n  async onRequest(r: Request) {\n    const x = this.env.COUNTER.idFromName(\n`,
    },
    expect: ["unknown-binding-in-code"],
  },
  {
    name: "unicode names: folders, files, classes, bindings",
    files: {
      "ünï cødé 😀/wrangler.jsonc": `{ "name": "ünï", "main": "src/ïndex 😀.ts", "durable_objects": { "bindings": [{ "name": "ÇØÜNTÉR", "class_name": "Çøüntér" }] } }`,
      "ünï cødé 😀/src/ïndex 😀.ts": `import { DurableObject } from "cloudflare:workers";\nexport class Çøüntér extends DurableObject {}\nexport default { fetch(r: Request, env: Env) { return env.ÇØÜNTÉR.idFromName("😀"); } };\n`,
    },
    expect: ["binding-missing-migration"],
  },
  { name: "a config over the 8 MB read limit", files: { "wrangler.jsonc": "{" + " ".repeat(9 * 1024 * 1024) + "}" }, expect: ["config-parse-error"] },
];

function writeProject(files: Files): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "do-doctor-hostile-"));
  for (const [name, content] of Object.entries(files)) {
    const file = path.join(dir, name);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, content);
  }
  return dir;
}

describe("robustness: hostile projects (real files, engine and CLI process)", function () {
  this.timeout(60_000);
  for (const testCase of cases) {
    it(testCase.name, () => {
      const dir = writeProject(testCase.files);
      try {
        testCase.setup?.(dir);
        const root = path.join(dir, testCase.root ?? "");
        let started = Date.now();
        const result = analyze({ roots: [root], host: createDiskHost() });
        const engineMs = Date.now() - started;
        assert.deepEqual(result.findings.filter((f) => f.ruleId === "internal-error").map((f) => f.message), []);
        for (const f of result.findings) assert.ok(f.message.trim().length > 0);
        started = Date.now();
        const cli = spawnSync(process.execPath, [BIN, "check", root, "--format", "json"], { encoding: "utf8", env: { ...process.env, DO_DOCTOR_CACHE: "off" }, timeout: 30_000, maxBuffer: 64 * 1024 * 1024 });
        const cliMs = Date.now() - started;
        assert.ok(engineMs < 15_000 && cliMs < 20_000, `took ${engineMs} ms (engine), ${cliMs} ms (CLI)`);
        assert.doesNotMatch(cli.stderr, /^\s+at .+[:(]\d+/m, "a stack trace on stderr");
        const noConfig = result.workers.length === 0;
        if (noConfig) {
          // Nothing readable: a usage message (exit 2), one line, no trace.
          assert.ok(cli.status === 2 || cli.status === 0 || cli.status === 1, `exit ${cli.status}: ${cli.stderr}`);
        } else {
          assert.ok(cli.status === 0 || cli.status === 1, `exit ${cli.status}: ${cli.stderr}`);
          assert.equal(cli.stderr, "");
          const report = JSON.parse(cli.stdout) as { findings: { ruleId: string }[] };
          assert.ok(!report.findings.some((f) => f.ruleId === "internal-error"), cli.stdout.slice(0, 2000));
          const ids = new Set(report.findings.map((f) => f.ruleId));
          for (const id of testCase.expect ?? []) assert.ok(ids.has(id), `expected ${id}, got ${[...ids].join(", ") || "nothing"}`);
          if (testCase.expect?.length === 0) assert.deepEqual([...ids], []);
          assert.equal(cli.status, report.findings.length > 0 ? 1 : 0);
        }
      } finally {
        fs.rmSync(dir, { recursive: true, force: true });
      }
    });
  }
});

describe("robustness: the language server after garbage", function () {
  this.timeout(60_000);
  it("answers hover, code actions and completion after binary, huge and broken buffers", async () => {
    const dir = writeProject({ "wrangler.jsonc": healthy(), "src/index.ts": source });
    const client = new LspClient();
    try {
      await client.initialize(dir);
      const config = path.join(dir, "wrangler.jsonc");
      const entry = path.join(dir, "src", "index.ts");
      const garbage = ["\u0000\u0001\uffff", '{"a":'.repeat(50_000), "[[[[", "\ud800", "", manyBindings(3000), '{ "durable_objects": { "bindings": [ { "name": "X", "class_name": ', "x".repeat(2_000_000)];
      let version = 1;
      await client.open(config, healthy());
      await client.open(entry, source, "typescript");
      for (const text of garbage) {
        await client.change(config, text, ++version);
        await client.change(entry, text, version);
      }
      await client.connection.sendNotification("textDocument/didChange", { textDocument: { uri: "file:///nowhere/x.ts", version: 1 }, contentChanges: [{ text: "x" }] });
      const broken = await client.connection.sendRequest("textDocument/hover", { textDocument: { uri: "not a uri" }, position: { line: -1, character: 1e9 } }).catch((e: Error) => e);
      assert.ok(broken === null || broken instanceof Error || typeof broken === "object");
      await client.change(config, healthy("src/missing.ts"), ++version);
      await client.change(entry, source, version);
      await client.waitFor(() => client.codes(config).includes("main-not-found"), "diagnostics after garbage", 20_000);
      const hover = await client.connection.sendRequest("textDocument/hover", { textDocument: { uri: `file://${config}` }, position: { line: 0, character: 80 } });
      assert.ok(hover === null || typeof hover === "object");
      const actions = await client.connection.sendRequest("textDocument/codeAction", {
        textDocument: { uri: `file://${config}` },
        range: { start: { line: 0, character: 0 }, end: { line: 99, character: 0 } },
        context: { diagnostics: client.diagnostics.get(`file://${config}`) ?? [] },
      });
      assert.ok(Array.isArray(actions));
      assert.doesNotMatch(client.stderr, /^\s+at .+[:(]\d+/m, "a stack trace on stderr");
    } finally {
      const code = await client.stop();
      fs.rmSync(dir, { recursive: true, force: true });
      assert.equal(code, 0, `server exit code; stderr: ${client.stderr}`);
    }
  });
});
