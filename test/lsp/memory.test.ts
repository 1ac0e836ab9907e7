import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import type { MemoryReport } from "../../server/src/lsp/memoryUsage";
import { MEMORY_REQUEST } from "../../server/src/lsp/memoryUsage";
import { copyToTemp, EXAMPLES } from "../support/fixtures";
import { LspClient, uri } from "./lspClient";

/**
 * The language server keeps one module store for the whole session. Files renamed or deleted are
 * never asked for again: what it kept for them (the parsed module and the whole text) must go, or a
 * long session (branch switches, generated files, renames) grows by every file it ever read.
 */
describe("language server memory: nothing kept for files that are gone", function () {
  this.timeout(60_000);
  let dir: string;
  let client: LspClient;

  beforeEach(async () => {
    dir = copyToTemp(path.join(EXAMPLES, "coder-agent"));
    client = new LspClient();
    await client.initialize(dir);
  });

  afterEach(async () => {
    await client.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  /** Answered once the server has re-checked everything pending for `file` (hover waits for it). */
  const settled = (file: string) => client.connection.sendRequest("textDocument/hover", { textDocument: { uri: uri(file) }, position: { line: 0, character: 0 } });
  const modules = async () => ((await client.connection.sendRequest(MEMORY_REQUEST, { gc: false })) as MemoryReport).modules;

  it("a module renamed 15 times leaves one entry in the store, not 15", async () => {
    const entry = path.join(dir, "src", "server.ts");
    const original = fs.readFileSync(entry, "utf8");
    await settled(entry);
    const before = await modules();
    assert.ok(before > 0, "the first analysis parsed the example's modules");
    let last: string | undefined;
    for (let i = 0; i < 15; i++) {
      // `src/helper-<i>.ts` renamed to `src/helper-<i+1>.ts`, and the entry's import with it.
      const helper = path.join(dir, "src", `helper-${i}.ts`);
      fs.writeFileSync(helper, `export const helper${i} = ${JSON.stringify("x".repeat(2000))};\n`);
      fs.writeFileSync(entry, `import { helper${i} } from "./helper-${i}";\nvoid helper${i};\n${original}`);
      const changes = [{ uri: uri(helper), type: 1 }, { uri: uri(entry), type: 2 }];
      if (last) {
        fs.rmSync(last);
        changes.push({ uri: uri(last), type: 3 });
      }
      await client.connection.sendNotification("workspace/didChangeWatchedFiles", { changes });
      await settled(entry);
      last = helper;
    }
    // The store holds the example's modules and the one helper there is now.
    assert.equal(await modules(), before + 1, `modules kept after 15 renames; stderr: ${client.stderr}`);
  });

  it("a folder deleted (one event for the folder) drops the modules inside it", async () => {
    const entry = path.join(dir, "src", "server.ts");
    const original = fs.readFileSync(entry, "utf8");
    await settled(entry);
    const before = await modules();
    const folder = path.join(dir, "src", "generated");
    fs.mkdirSync(folder);
    const names = ["a", "b", "c"];
    for (const name of names) fs.writeFileSync(path.join(folder, `${name}.ts`), `export const ${name} = 1;\n`);
    fs.writeFileSync(entry, `${names.map((n) => `import { ${n} } from "./generated/${n}";`).join("\n")}\nvoid [${names.join(", ")}];\n${original}`);
    await client.connection.sendNotification("workspace/didChangeWatchedFiles", { changes: [...names.map((n) => ({ uri: uri(path.join(folder, `${n}.ts`)), type: 1 })), { uri: uri(entry), type: 2 }] });
    await settled(entry);
    assert.equal(await modules(), before + names.length, "the generated modules are read");
    fs.rmSync(folder, { recursive: true });
    fs.writeFileSync(entry, original);
    await client.connection.sendNotification("workspace/didChangeWatchedFiles", { changes: [{ uri: uri(folder), type: 3 }, { uri: uri(entry), type: 2 }] });
    await settled(entry);
    assert.equal(await modules(), before, "the deleted folder's modules are forgotten");
  });

  it("closing a buffer never saved to disk drops its module", async () => {
    const entry = path.join(dir, "src", "server.ts");
    const original = fs.readFileSync(entry, "utf8");
    await settled(entry);
    const before = await modules();
    const scratch = path.join(dir, "src", "scratch.ts");
    await client.open(entry, `import "./scratch";\n${original}`, "typescript");
    await client.open(scratch, `export class Scratch {}\n`, "typescript");
    await settled(entry);
    assert.equal(await modules(), before + 1, "the unsaved buffer is read as a module");
    await client.close(scratch);
    await settled(entry);
    assert.equal(await modules(), before, "the closed unsaved buffer is forgotten");
  });
});
