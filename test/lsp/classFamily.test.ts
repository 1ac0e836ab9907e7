// The class family (Workflows, containers, service entrypoints, `exports`, migrations, McpAgent) in an
// editor: hover, completion, definition and the quick fixes, over stdio as a plain LSP client sees them.
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import type { CodeAction, CompletionItem, Hover, Location, TextEdit, WorkspaceEdit } from "vscode-languageserver-protocol";
import { applyTextEdits } from "../../server/src/edits/applyEdits";
import { copyToTemp, EXAMPLES } from "../support/fixtures";
import { LspClient, uri } from "./lspClient";

/** The position `delta` characters into the first occurrence of `needle` (after `after`, when given). */
function positionOf(text: string, needle: string, delta = 2, after = ""): { line: number; character: number } {
  const offset = text.indexOf(needle, after ? text.indexOf(after) : 0) + delta;
  assert.ok(offset >= delta, `"${needle}" not found`);
  const before = text.slice(0, offset).split("\n");
  return { line: before.length - 1, character: before[before.length - 1].length };
}

function applyWorkspaceEdit(edit: WorkspaceEdit): void {
  for (const [target, edits] of Object.entries(edit.changes ?? {})) {
    const file = fileURLToPath(target);
    fs.writeFileSync(file, applyTextEdits(fs.readFileSync(file, "utf8"), (edits as TextEdit[]).map((e) => ({ file, range: e.range, newText: e.newText }))));
  }
}

async function ask(client: LspClient, method: string, file: string, position: { line: number; character: number }): Promise<unknown> {
  return client.connection.sendRequest(method, { textDocument: { uri: uri(file) }, position });
}

const markdown = (hover: Hover | null) => (hover?.contents as { value: string } | undefined)?.value ?? "";
const labels = (items: CompletionItem[]) => items.map((c) => c.label).sort();

describe("language server: the class family on examples/jobs-worker", function () {
  this.timeout(30_000);
  let dir: string;
  let client: LspClient;
  let config: string;
  let text: string;

  before(async () => {
    dir = copyToTemp(path.join(EXAMPLES, "jobs-worker"));
    config = path.join(dir, "wrangler.jsonc");
    text = fs.readFileSync(config, "utf8");
    client = new LspClient();
    await client.initialize(dir);
    await client.open(config, text);
    await client.waitFor(() => client.codes(config).length > 0, "diagnostics");
  });

  after(async () => {
    assert.equal(await client.stop(), 0, client.stderr);
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it("code lenses probe every binding the probe proves: Durable Objects, the Workflow, the service binding", async () => {
    const lenses = (await client.connection.sendRequest("textDocument/codeLens", { textDocument: { uri: pathToFileURL(config).href } })) as { command: { title: string; arguments: { binding: string }[] } }[];
    assert.deepEqual(lenses.map((l) => l.command.title).sort(), ["Probe ADMIN", "Probe LEDGER", "Probe REPORTS", "Probe SELF_ADMIN", "Probe THUMBNAILER"]);
    assert.deepEqual(lenses.map((l) => l.command.arguments[0].binding).sort(), ["ADMIN", "LEDGER", "REPORTS", "SELF_ADMIN", "THUMBNAILER"]);
  });

  it("workflows[].class_name: hover, completion, definition", async () => {
    const at = positionOf(text, `"ReportWorkflow"`);
    const hover = markdown((await ask(client, "textDocument/hover", config, at)) as Hover);
    assert.match(hover, /\*\*ReportWorkflow\*\* · Workflow \(extends WorkflowEntrypoint\)/);
    assert.match(hover, /src\/workflows\/report\.ts:5`, \*\*not exported from the entry\*\*/);
    assert.deepEqual(labels((await ask(client, "textDocument/completion", config, at)) as CompletionItem[]), ["ReportWorkflow"]);
    const definition = (await ask(client, "textDocument/definition", config, at)) as Location;
    assert.match(definition.uri, /src\/workflows\/report\.ts$/);
    assert.equal(definition.range.start.line, 4);
  });

  it("containers[].class_name: hover, completion (Durable Object classes only), definition", async () => {
    const at = positionOf(text, `"Thumbnailer"`, 2, `"containers"`);
    const hover = markdown((await ask(client, "textDocument/hover", config, at)) as Hover);
    assert.match(hover, /\*\*Thumbnailer\*\*/);
    assert.match(hover, /exported from the entry/);
    assert.match(hover, /storage: KV \(legacy\) \(migration `v1`\)/);
    const offered = labels((await ask(client, "textDocument/completion", config, at)) as CompletionItem[]);
    assert.ok(offered.includes("Thumbnailer") && offered.includes("JobLedger"), offered.join(", "));
    assert.ok(!offered.includes("AdminApi") && !offered.includes("ReportWorkflow"), `classes of another kind offered: ${offered.join(", ")}`);
    const definition = (await ask(client, "textDocument/definition", config, at)) as Location;
    assert.match(definition.uri, /src\/index\.ts$/);
    const source = fs.readFileSync(path.join(dir, "src", "index.ts"), "utf8");
    assert.equal(definition.range.start.line, positionOf(source, "class Thumbnailer", 6).line);
  });

  it("services[].entrypoint: hover, completion (WorkerEntrypoint exports of the target), definition", async () => {
    const at = positionOf(text, `"AdminApi"`, 2, `"services"`);
    const hover = markdown((await ask(client, "textDocument/hover", config, at)) as Hover);
    assert.match(hover, /\*\*AdminApi\*\* · named entrypoint of worker `jobs-worker`/);
    assert.match(hover, /class extending WorkerEntrypoint \(from "cloudflare:workers"\)/);
    assert.deepEqual(labels((await ask(client, "textDocument/completion", config, at)) as CompletionItem[]), ["AdminApi"]);
    const definition = (await ask(client, "textDocument/definition", config, at)) as Location;
    assert.match(definition.uri, /src\/index\.ts$/);
  });

  it("migrations classes: hover and definition", async () => {
    const at = positionOf(text, `"JobLedger"`, 2, `"new_sqlite_classes"`);
    const hover = markdown((await ask(client, "textDocument/hover", config, at)) as Hover);
    assert.match(hover, /\*\*JobLedger\*\* · Durable Object/);
    assert.match(hover, /bound as: `LEDGER` in the top level/);
    const definition = (await ask(client, "textDocument/definition", config, at)) as Location;
    assert.match(definition.uri, /src\/index\.ts$/);
  });
});

describe("language server: McpAgent handlers and the exports key", function () {
  this.timeout(30_000);
  let dir: string;
  let client: LspClient;

  beforeEach(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "do-doctor-mcp-"));
    client = new LspClient();
  });

  afterEach(async () => {
    assert.equal(await client.stop(), 0, client.stderr);
    fs.rmSync(dir, { recursive: true, force: true });
  });

  function write(files: Record<string, string>): void {
    for (const [name, content] of Object.entries(files)) {
      fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
      fs.writeFileSync(path.join(dir, name), content);
    }
  }

  it("hover and definition on X.serve / the binding option; the quick fix adds the binding and its migration", async () => {
    const source = `import { McpAgent } from "agents/mcp";
export class MyMCP extends McpAgent<Env> {
  server = {} as never;
  async init() {}
}
export default {
  fetch(request: Request, env: Env, ctx: ExecutionContext) {
    const url = new URL(request.url);
    if (url.pathname === "/sse") return MyMCP.serveSSE("/sse", { binding: "MY_MCP" }).fetch(request, env, ctx);
    return MyMCP.serve("/mcp").fetch(request, env, ctx);
  },
};
`;
    const configText = `{
  "name": "mcp",
  "main": "src/index.ts",
  "compatibility_flags": ["nodejs_compat"],
  // the SSE transport's binding
  "durable_objects": { "bindings": [{ "name": "MY_MCP", "class_name": "MyMCP" }] },
  "migrations": [{ "tag": "v1", "new_sqlite_classes": ["MyMCP"] }],
}
`;
    write({ "wrangler.jsonc": configText, "src/index.ts": source });
    const config = path.join(dir, "wrangler.jsonc");
    const entry = path.join(dir, "src", "index.ts");
    await client.initialize(dir);
    await client.open(entry, source, "typescript");
    await client.waitFor(() => client.codes(entry).includes("mcp-agent-binding"), "the McpAgent finding");

    const onServe = markdown((await ask(client, "textDocument/hover", entry, positionOf(source, "MyMCP.serve(", 1))) as Hover);
    assert.match(onServe, /\*\*MyMCP\.serve\(\)\*\* · McpAgent handler of `MyMCP`/);
    assert.match(onServe, /needs the Durable Object binding `MCP_OBJECT` \(the default/);
    assert.match(onServe, /the top level: \*\*missing\*\*/);
    const onOption = markdown((await ask(client, "textDocument/hover", entry, positionOf(source, `"MY_MCP"`))) as Hover);
    assert.match(onOption, /needs the Durable Object binding `MY_MCP` \(its `binding` option\)/);
    assert.match(onOption, /the top level: binds `MyMCP`$/m);
    const toBinding = (await ask(client, "textDocument/definition", entry, positionOf(source, `"MY_MCP"`))) as Location;
    assert.equal(toBinding.uri, uri(config));
    assert.equal(toBinding.range.start.line, 5);
    assert.equal(await ask(client, "textDocument/definition", entry, positionOf(source, "MyMCP.serve(", 1)), null, "no binding to go to");
    // Completion inside the binding option: the Durable Object bindings of MyMCP.
    assert.deepEqual(labels((await ask(client, "textDocument/completion", entry, positionOf(source, `"MY_MCP"`))) as CompletionItem[]), ["MY_MCP"]);
    assert.deepEqual(await ask(client, "textDocument/completion", entry, positionOf(source, "MyMCP.serve(", 1)), []);

    const diagnostic = client.diagnostics.get(uri(entry))!.find((d) => d.code === "mcp-agent-binding")!;
    const actions = (await client.connection.sendRequest("textDocument/codeAction", {
      textDocument: { uri: uri(entry) },
      range: diagnostic.range,
      context: { diagnostics: [diagnostic], only: ["quickfix"] },
    })) as CodeAction[];
    // MyMCP is bound already (as MY_MCP): passing that name in code may be meant, so the fix is offered, not applied by fix-all.
    assert.equal(actions[0].title, 'Add the Durable Object binding MCP_OBJECT (class MyMCP)');
    applyWorkspaceEdit(actions[0].edit!);
    const fixed = fs.readFileSync(config, "utf8");
    assert.match(fixed, /\/\/ the SSE transport's binding/, "comments kept");
    assert.match(fixed, /\{ "name": "MY_MCP", "class_name": "MyMCP" \}, \{ "name": "MCP_OBJECT", "class_name": "MyMCP" \}/);
    await client.open(config, fixed);
    await client.waitFor(() => !client.codes(entry).includes("mcp-agent-binding"), "finding gone after the fix");
    const after = markdown((await ask(client, "textDocument/hover", entry, positionOf(source, "MyMCP.serve(", 1))) as Hover);
    assert.match(after, /the top level: binds `MyMCP`$/m);
    assert.deepEqual(labels((await ask(client, "textDocument/completion", entry, positionOf(source, `"MY_MCP"`))) as CompletionItem[]), ["MCP_OBJECT", "MY_MCP"]);
  });

  it("exports keys: completion of entrypoints for type worker, Durable Object classes for type durable-object", async () => {
    const configText = `{
  "name": "api",
  "main": "src/index.ts",
  "exports": {
    "Ap": { "type": "worker" },
    "Countr": { "type": "durable-object", "storage": "sqlite" },
  },
}
`;
    write({
      "wrangler.jsonc": configText,
      "src/index.ts": `import { DurableObject, WorkerEntrypoint } from "cloudflare:workers";
export class Counter extends DurableObject {}
export class Api extends WorkerEntrypoint {}
export class Admin extends WorkerEntrypoint {}
export default { fetch() { return new Response("ok"); } };
`,
    });
    const config = path.join(dir, "wrangler.jsonc");
    await client.initialize(dir);
    await client.open(config, configText);
    await client.waitFor(() => client.codes(config).includes("exports-entry-invalid"), "exports findings");
    assert.deepEqual(labels((await ask(client, "textDocument/completion", config, positionOf(configText, `"Ap"`))) as CompletionItem[]), ["Admin", "Api"]);
    assert.deepEqual(labels((await ask(client, "textDocument/completion", config, positionOf(configText, `"Countr"`))) as CompletionItem[]), ["Counter"]);
    const hover = markdown((await ask(client, "textDocument/hover", config, positionOf(configText, `"Ap"`))) as Hover);
    assert.match(hover, /\*\*Ap\*\* · named entrypoint/);
    assert.match(hover, /\*\*not exported\*\*/);

    // The did-you-mean fix renames the key.
    const diagnostic = client.diagnostics.get(uri(config))!.find((d) => d.code === "exports-entry-invalid" && d.range.start.line === 5)!;
    const actions = (await client.connection.sendRequest("textDocument/codeAction", {
      textDocument: { uri: uri(config) },
      range: diagnostic.range,
      context: { diagnostics: [diagnostic], only: ["quickfix"] },
    })) as CodeAction[];
    assert.equal(actions[0].title, 'Rename the entry to "Counter"');
    assert.equal(actions[0].isPreferred, true);
    const fixAll = (await client.connection.sendRequest("textDocument/codeAction", {
      textDocument: { uri: uri(config) },
      range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
      context: { diagnostics: [], only: ["source.fixAll.doDoctor"] },
    })) as CodeAction[];
    assert.deepEqual(fixAll, [], "a guess is never applied by fix-all");
  });
});
