import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { fileURLToPath } from "node:url";
import type { CodeAction, CompletionItem, Hover, Location, TextEdit, WorkspaceEdit } from "vscode-languageserver-protocol";
import { applyTextEdits } from "../../server/src/edits/applyEdits";
import { copyToTemp, EXAMPLES, FIXTURES } from "../support/fixtures";
import { LspClient, uri } from "./lspClient";

/** Applies a WorkspaceEdit to the files on disk, as an editor would on save. */
function applyWorkspaceEdit(edit: WorkspaceEdit): string[] {
  const files: string[] = [];
  for (const [target, edits] of Object.entries(edit.changes ?? {})) {
    const file = fileURLToPath(target);
    const text = fs.readFileSync(file, "utf8");
    fs.writeFileSync(file, applyTextEdits(text, (edits as TextEdit[]).map((e) => ({ file, range: e.range, newText: e.newText }))));
    files.push(file);
  }
  return files;
}

describe("language server over stdio (a plain LSP client)", function () {
  this.timeout(30_000);
  let dir: string;
  let client: LspClient;
  let config: string;
  let entry: string;
  let agent: string;

  beforeEach(async () => {
    dir = copyToTemp(path.join(EXAMPLES, "coder-agent"));
    config = path.join(dir, "wrangler.jsonc");
    entry = path.join(dir, "src", "server.ts");
    agent = path.join(dir, "src", "coder-agent.ts");
    client = new LspClient();
    const init = (await client.initialize(dir)) as { capabilities: Record<string, unknown>; serverInfo: { name: string } };
    assert.equal(init.serverInfo.name, "do-doctor");
    assert.ok(init.capabilities.codeActionProvider && init.capabilities.hoverProvider && init.capabilities.definitionProvider);
  });

  afterEach(async () => {
    const code = await client.stop();
    assert.equal(code, 0, `server exit code; stderr: ${client.stderr}`);
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it("pushes findings for the config and for sources not open, with rule code, source and docs link", async () => {
    await client.open(config, fs.readFileSync(config, "utf8"));
    await client.waitFor(() => client.codes(config).length === 2 && client.codes(agent).length === 1, "diagnostics");
    assert.deepEqual(client.codes(config), ["class-not-exported", "env-missing-bindings"]);
    assert.deepEqual(client.codes(agent), ["class-not-exported"]);
    const [diagnostic] = client.diagnostics.get(uri(config))!.filter((d) => d.code === "env-missing-bindings");
    assert.equal(diagnostic.source, "do-doctor");
    assert.equal(diagnostic.severity, 1);
    assert.deepEqual(diagnostic.range.start, { line: 30, character: 4 });
    assert.ok(fs.existsSync(fileURLToPath(diagnostic.codeDescription!.href)), "the docs link points at a shipped page");
    assert.ok(diagnostic.relatedInformation!.length > 0);
    // Diagnostic.data: the fingerprint quick fixes echo back, and the finding's message id and data.
    const exported = client.diagnostics.get(uri(config))!.find((d) => d.code === "class-not-exported")!;
    const data = exported.data as { fingerprint: string; messageId: string; data: Record<string, string> };
    assert.equal(typeof data.fingerprint, "string");
    assert.equal(data.messageId, "durableObjectNotExported");
    assert.equal(data.data.className, "CoderAgent");
  });

  it("re-checks the config when a source changes in an unsaved buffer, and back", async () => {
    const original = fs.readFileSync(entry, "utf8");
    await client.open(entry, original, "typescript");
    await client.waitFor(() => client.codes(config).includes("class-not-exported"), "initial finding");
    await client.change(entry, `${original}export { CoderAgent } from "./coder-agent";\n`, 2);
    await client.waitFor(() => !client.codes(config).includes("class-not-exported") && client.codes(agent).length === 0, "finding gone after the edit");
    await client.change(entry, original, 3);
    await client.waitFor(() => client.codes(config).includes("class-not-exported"), "finding back after undo");
    assert.equal(fs.readFileSync(entry, "utf8"), original, "nothing was written to disk");
  });

  it("follows files changed on disk through watched-file notifications", async () => {
    await client.waitFor(() => client.codes(config).includes("env-missing-bindings"), "initial finding");
    const text = fs.readFileSync(config, "utf8").replace(`"vars": {`, `"durable_objects": { "bindings": [{ "name": "CoderAgent", "class_name": "CoderAgent" }] },\n      "vars": {`);
    fs.writeFileSync(config, text);
    await client.connection.sendNotification("workspace/didChangeWatchedFiles", { changes: [{ uri: uri(config), type: 2 }] });
    await client.waitFor(() => !client.codes(config).includes("env-missing-bindings"), "finding gone after the disk change");
    fs.rmSync(agent);
    await client.connection.sendNotification("workspace/didChangeWatchedFiles", { changes: [{ uri: uri(agent), type: 3 }] });
    await client.waitFor(() => client.codes(config).includes("class-not-found"), "deleted class file noticed");
  });

  it("offers quick fixes that clear their findings, and fix-all for the safe ones", async () => {
    await client.open(config, fs.readFileSync(config, "utf8"));
    await client.waitFor(() => client.codes(config).length === 2, "diagnostics");
    const diagnostic = client.diagnostics.get(uri(config))!.find((d) => d.code === "env-missing-bindings")!;
    const actions = (await client.connection.sendRequest("textDocument/codeAction", {
      textDocument: { uri: uri(config) },
      range: diagnostic.range,
      context: { diagnostics: [diagnostic], only: ["quickfix"] },
    })) as CodeAction[];
    assert.equal(actions.length, 2);
    assert.equal(actions[1].title, "Disable env-missing-bindings for this line");
    assert.equal(actions[0].isPreferred, true);
    assert.match(actions[0].title, /Copy "CoderAgent" into env\.staging/);
    applyWorkspaceEdit(actions[0].edit!);
    const fixed = fs.readFileSync(config, "utf8");
    assert.match(fixed, /\/\/ deployed with `wrangler deploy --env staging`/, "comments kept");
    await client.change(config, fixed, 2);
    await client.waitFor(() => !client.codes(config).includes("env-missing-bindings"), "fixed finding gone");

    const fixAll = (await client.connection.sendRequest("textDocument/codeAction", {
      textDocument: { uri: uri(config) },
      range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
      context: { diagnostics: [], only: ["source.fixAll.doDoctor"] },
    })) as CodeAction[];
    assert.equal(fixAll.length, 1);
    assert.equal(fixAll[0].kind, "source.fixAll.doDoctor");
    const touched = applyWorkspaceEdit(fixAll[0].edit!);
    assert.deepEqual(touched, [entry]);
    await client.connection.sendNotification("workspace/didChangeWatchedFiles", { changes: [{ uri: uri(entry), type: 2 }] });
    await client.waitFor(() => client.codes(config).length === 0 && client.codes(agent).length === 0, "all config findings fixed");
  });

  it("offers to disable a rule for a line, in the file's comment style, and reports the directive once unused", async () => {
    const original = fs.readFileSync(config, "utf8");
    await client.open(config, original);
    await client.waitFor(() => client.codes(config).includes("env-missing-bindings"), "diagnostics");
    const diagnostic = client.diagnostics.get(uri(config))!.find((d) => d.code === "env-missing-bindings")!;
    const actions = (await client.connection.sendRequest("textDocument/codeAction", { textDocument: { uri: uri(config) }, range: diagnostic.range, context: { diagnostics: [diagnostic], only: ["quickfix"] } })) as CodeAction[];
    const disable = actions.find((a) => a.title === "Disable env-missing-bindings for this line")!;
    assert.ok(disable && !disable.isPreferred);
    applyWorkspaceEdit(disable.edit!);
    const silenced = fs.readFileSync(config, "utf8");
    const lines = silenced.split("\n");
    assert.match(lines[diagnostic.range.start.line], /^\s+\/\/ do-doctor-disable-next-line env-missing-bindings$/);
    await client.change(config, silenced, 2);
    await client.waitFor(() => !client.codes(config).includes("env-missing-bindings"), "the finding silenced");
    // Fix the cause: the directive now silences nothing and is reported (editor default: warning).
    const fixed = silenced.replace(`"vars": {`, `"durable_objects": { "bindings": [{ "name": "CoderAgent", "class_name": "CoderAgent" }] },\n      "vars": {`);
    await client.change(config, fixed, 3);
    await client.waitFor(() => client.codes(config).includes("unused-disable-directive"), "the unused directive reported");
    assert.equal(client.diagnostics.get(uri(config))!.find((d) => d.code === "unused-disable-directive")!.severity, 2);
  });

  it("fix-all on a broken re-export chain edits the module where it breaks, once", async () => {
    await client.stop();
    fs.rmSync(dir, { recursive: true, force: true });
    dir = copyToTemp(path.join(FIXTURES, "class-not-exported-broken-chain"));
    config = path.join(dir, "wrangler.jsonc");
    const index = path.join(dir, "src", "agents", "index.ts");
    client = new LspClient();
    await client.initialize(dir);
    await client.open(config, fs.readFileSync(config, "utf8"));
    await client.waitFor(() => client.codes(config).includes("class-not-exported"), "diagnostics");
    const fixAll = (await client.connection.sendRequest("textDocument/codeAction", {
      textDocument: { uri: uri(config) },
      range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
      context: { diagnostics: [], only: ["source.fixAll.doDoctor"] },
    })) as CodeAction[];
    assert.equal(fixAll.length, 1);
    assert.deepEqual(applyWorkspaceEdit(fixAll[0].edit!), [index]);
    assert.equal(fs.readFileSync(index, "utf8").match(/export \{ CoderAgent \}/g)?.length, 1);
    await client.connection.sendNotification("workspace/didChangeWatchedFiles", { changes: [{ uri: uri(index), type: 2 }] });
    await client.waitFor(() => !client.codes(config).includes("class-not-exported"), "finding gone after fix-all");
  });

  it("answers hover, definition, completion and code lens on the binding", async () => {
    const text = fs.readFileSync(config, "utf8");
    await client.open(config, text);
    await client.waitFor(() => client.codes(config).length === 2, "diagnostics");
    const classNameAt = { line: 15, character: 26 };
    const hover = (await client.connection.sendRequest("textDocument/hover", { textDocument: { uri: uri(config) }, position: classNameAt })) as Hover;
    const markdown = (hover.contents as { value: string }).value;
    assert.match(markdown, /\*\*CoderAgent\*\* · Agents SDK agent/);
    assert.match(markdown, /src\/coder-agent\.ts:9`, \*\*not exported from the entry\*\*/);
    assert.match(markdown, /storage: SQLite \(migration `v1`\)/);
    assert.match(markdown, /not in env\.staging/);
    assert.match(markdown, /`\/agents\/coder-agent\/:name`/);

    const definition = (await client.connection.sendRequest("textDocument/definition", { textDocument: { uri: uri(config) }, position: classNameAt })) as Location;
    assert.equal(definition.uri, uri(agent));
    assert.equal(definition.range.start.line, 8);

    const source = fs.readFileSync(entry, "utf8");
    await client.open(entry, source, "typescript");
    const useLine = source.split("\n").findIndex((l) => l.includes("env.CoderAgent.idFromName"));
    const useAt = { line: useLine, character: source.split("\n")[useLine].indexOf("CoderAgent.idFromName") + 2 };
    const toBinding = (await client.connection.sendRequest("textDocument/definition", { textDocument: { uri: uri(entry) }, position: useAt })) as Location;
    assert.equal(toBinding.uri, uri(config));
    assert.equal(toBinding.range.start.line, 14);

    const completions = (await client.connection.sendRequest("textDocument/completion", { textDocument: { uri: uri(config) }, position: classNameAt })) as CompletionItem[];
    assert.deepEqual(completions.map((c) => c.label), ["CoderAgent"]);

    const lenses = (await client.connection.sendRequest("textDocument/codeLens", { textDocument: { uri: uri(config) } })) as { command: { title: string; command: string } }[];
    assert.deepEqual(lenses.map((l) => [l.command.title, l.command.command]), [["Probe CoderAgent", "doDoctor.probeBinding"]]);

    const workers = (await client.connection.sendRequest("doDoctor/workers")) as { environments: { label: string; bindings: { name: string; problems: { ruleId: string }[] }[]; problems: { ruleId: string }[] }[] }[];
    assert.equal(workers.length, 1);
    assert.deepEqual(workers[0].environments.map((e) => e.label), ["the top level", "env.staging"]);
    assert.deepEqual(workers[0].environments[0].bindings[0].problems.map((p) => p.ruleId), ["class-not-exported"]);
    assert.deepEqual(workers[0].environments[1].problems.map((p) => p.ruleId), ["env-missing-bindings"]);
  });

  it("stays alive and answering after garbage, half-typed and huge input", async () => {
    await client.open(config, "\u0000\u0001\u0002 binary {{{{ \"durable_objects\": [");
    await client.waitFor(() => client.codes(config).includes("config-parse-error"), "parse error reported");
    await client.change(config, `{ "durable_objects": { "bindings": [{ "name": "CoderAgent", "class_name": "Co`, 2);
    await client.change(config, "{" + '"vars": {' + Array.from({ length: 20_000 }, (_, i) => `"V${i}": "${"x".repeat(20)}"`).join(",") + "}}", 3);
    const broken = path.join(dir, "src", "broken.ts");
    await client.open(broken, "export class extends { env.X.idFromName( ", "typescript");
    // A malformed request gets an empty answer (the handler's failure is logged), not a dead server.
    assert.equal(await client.connection.sendRequest("textDocument/hover", { textDocument: { uri: 42 }, position: null }), null);
    const hover = await client.connection.sendRequest("textDocument/hover", { textDocument: { uri: uri(config) }, position: { line: 0, character: 3 } });
    assert.equal(hover, null);
    await client.change(config, fs.readFileSync(config, "utf8"), 4);
    await client.waitFor(() => client.codes(config).length === 2 && !client.codes(config).includes("config-parse-error"), "back to normal");
  });
});

describe("language server: incremental re-checks", function () {
  this.timeout(30_000);

  it("re-checks only the worker an edited source belongs to, and every worker on a config edit", async () => {
    const dir = copyToTemp(path.join(FIXTURES, "healthy-monorepo"));
    const client = new LspClient();
    try {
      await client.initialize(dir);
      const analyses = () => client.notifications.filter((n) => n.method === "doDoctor/didAnalyze").map((n) => n.params as { analyses: number; checkedWorkers: number });
      await client.waitFor(() => analyses().length >= 1, "first analysis");
      const first = analyses()[analyses().length - 1];
      assert.equal(first.checkedWorkers, 2, "the first analysis checks both workers");

      const source = path.join(dir, "workers", "api", "src", "index.ts");
      const text = fs.readFileSync(source, "utf8");
      await client.open(source, text, "typescript");
      await client.waitFor(() => analyses().length >= 2, "analysis after opening the source");
      await client.change(source, `${text}\n// edited\n`, 2);
      await client.waitFor(() => analyses().length >= 3, "analysis after the source edit");
      const afterSource = analyses()[analyses().length - 1];
      assert.equal(afterSource.checkedWorkers - first.checkedWorkers, 2, "open, then edit: one worker each time");

      const config = path.join(dir, "workers", "api", "wrangler.jsonc");
      await client.open(config, fs.readFileSync(config, "utf8"));
      await client.waitFor(() => analyses().length >= 4, "analysis after opening the config");
      const afterConfig = analyses()[analyses().length - 1];
      assert.equal(afterConfig.checkedWorkers - afterSource.checkedWorkers, 2, "a config touches every worker");
    } finally {
      assert.equal(await client.stop(), 0);
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it("answers hover in other files from the last analysis while a re-check waits; a question about the edited file runs it first", async () => {
    const dir = copyToTemp(path.join(EXAMPLES, "coder-agent"));
    const client = new LspClient();
    // A long debounce keeps the re-check pending while the questions are asked.
    client.connection.onRequest("workspace/configuration", (params: { items: unknown[] }) => params.items.map(() => ({ debounceMs: 60_000 })));
    try {
      await client.initialize(dir);
      const config = path.join(dir, "wrangler.jsonc");
      const entry = path.join(dir, "src", "server.ts");
      const analyses = () => client.notifications.filter((n) => n.method === "doDoctor/didAnalyze").length;
      const hover = (file: string, line: number, character: number) => client.connection.sendRequest("textDocument/hover", { textDocument: { uri: uri(file) }, position: { line, character } }) as Promise<Hover | null>;
      // The first analysis is pending as well (everything is to be checked): any question runs it.
      await hover(config, 15, 26);
      await client.waitFor(() => analyses() >= 1, "first analysis");
      const text = fs.readFileSync(config, "utf8");
      await client.open(config, text);
      await hover(config, 15, 26);
      const settled = analyses();
      await client.change(config, text.replace("// the agents package needs", "// (edited) the agents package needs"), 2);
      const source = fs.readFileSync(entry, "utf8");
      const useLine = source.split("\n").findIndex((l) => l.includes("env.CoderAgent.idFromName"));
      const answer = await hover(entry, useLine, source.split("\n")[useLine].indexOf("CoderAgent.idFromName") + 2);
      assert.ok(answer, "the source hover is answered");
      assert.equal(analyses(), settled, "no analysis ran for a hover in a file the edit did not touch");
      await hover(config, 15, 26);
      assert.equal(analyses(), settled + 1, "a hover in the edited file runs the pending analysis first");
    } finally {
      assert.equal(await client.stop(), 0);
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it("sends diagnostics only for files whose diagnostics changed", async () => {
    const dir = copyToTemp(path.join(FIXTURES, "healthy-monorepo"));
    const client = new LspClient();
    try {
      const api = path.join(dir, "workers", "api", "src", "index.ts");
      const agents = path.join(dir, "workers", "agents", "src", "index.ts");
      const apiText = fs.readFileSync(api, "utf8");
      const agentsText = fs.readFileSync(agents, "utf8");
      // Findings in both workers: a wrong binding in api, and one in agents.
      fs.writeFileSync(api, apiText.replace("getAgentByName(env.CoderAgent,", "getAgentByName(env.CoderAgnet,"));
      fs.writeFileSync(agents, `${agentsText}
export function other(env: Env) { return env.Coder.idFromName("x"); }
`);
      await client.initialize(dir);
      await client.waitFor(() => client.codes(api).length === 1 && client.codes(agents).length === 1, "a finding in each worker");
      const analyses = () => client.notifications.filter((n) => n.method === "doDoctor/didAnalyze").length;
      const publishedSince = (from: number) =>
        client.notifications
          .slice(from)
          .filter((n) => n.method === "textDocument/publishDiagnostics")
          .map((n) => path.basename(path.dirname(path.dirname(fileURLToPath((n.params as { uri: string }).uri)))));

      await client.open(api, fs.readFileSync(api, "utf8"), "typescript");
      await client.waitFor(() => analyses() >= 2, "the analysis after opening");

      // Fixing api's finding sends api's (now empty) diagnostics and nothing for agents.
      let from = client.notifications.length;
      let before = analyses();
      await client.change(api, apiText, 2);
      await client.waitFor(() => analyses() > before, "the analysis after the fix");
      assert.deepEqual(client.codes(api), []);
      assert.deepEqual(publishedSince(from), ["api"]);
      assert.deepEqual(client.codes(agents), ["unknown-binding-in-code"]);

      // An edit that changes no finding sends nothing.
      from = client.notifications.length;
      before = analyses();
      await client.change(api, `${apiText}
// a comment
`, 3);
      await client.waitFor(() => analyses() > before, "the analysis after the comment");
      assert.deepEqual(publishedSince(from), []);
    } finally {
      assert.equal(await client.stop(), 0);
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it("forgets an unsaved new file when its buffer is closed", async () => {
    const dir = copyToTemp(path.join(FIXTURES, "healthy-monorepo"));
    const client = new LspClient();
    try {
      await client.initialize(dir);
      const analyses = () => client.notifications.filter((n) => n.method === "doDoctor/didAnalyze").length;
      await client.waitFor(() => analyses() >= 1, "first analysis");
      // A buffer never saved, holding a class the agents worker's config binds under another name.
      const draft = path.join(dir, "workers", "agents", "src", "draft.ts");
      await client.open(draft, `export function f(env: any) { return env.Coder.idFromName("x"); }\nexport * from "./index";\n`, "typescript");
      const entry = path.join(dir, "workers", "agents", "src", "index.ts");
      const entryText = fs.readFileSync(entry, "utf8");
      await client.open(entry, entryText, "typescript");
      await client.change(entry, `${entryText}\nexport * from "./draft";\n`, 2);
      await client.waitFor(() => client.codes(draft).includes("unknown-binding-in-code"), "the draft's finding");
      await client.close(draft);
      await client.waitFor(() => client.codes(draft).length === 0, "the draft's finding gone with the buffer");
    } finally {
      assert.equal(await client.stop(), 0);
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("language server in clients that cannot watch files or run commands (Neovim as it is on Linux)", function () {
  this.timeout(30_000);
  let dir: string;
  let client: LspClient;
  let config: string;
  let agent: string;
  let entry: string;

  beforeEach(() => {
    dir = copyToTemp(path.join(EXAMPLES, "coder-agent"));
    config = path.join(dir, "wrangler.jsonc");
    agent = path.join(dir, "src", "coder-agent.ts");
    entry = path.join(dir, "src", "server.ts");
    client = new LspClient();
  });

  afterEach(async () => {
    const code = await client.stop();
    assert.equal(code, 0, `server exit code; stderr: ${client.stderr}`);
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it("watches the disk itself when the client cannot register file watchers: edits, new files, deleted files", async () => {
    // Neovim 0.12 on Linux: configuration yes, no dynamic registration of anything.
    await client.initialize(dir, { workspace: { configuration: true, workspaceFolders: true, didChangeWatchedFiles: { dynamicRegistration: false }, didChangeConfiguration: { dynamicRegistration: false } } });
    await client.waitFor(() => client.codes(config).includes("class-not-exported") && client.codes(config).includes("env-missing-bindings"), "initial findings");
    assert.deepEqual(client.registrations, [], "nothing registered dynamically");
    // A change outside the editor (git checkout, do-doctor check --fix): no notification is sent.
    fs.appendFileSync(entry, `export { CoderAgent } from "./coder-agent";\n`);
    await client.waitFor(() => !client.codes(config).includes("class-not-exported"), "the disk edit noticed", 15_000);
    // A file created on disk.
    fs.writeFileSync(path.join(dir, "src", "extra.ts"), `export const ping = () => fetch("/agents/coder/default");\n`);
    await client.waitFor(() => client.codes(path.join(dir, "src", "extra.ts")).includes("agent-route-mismatch"), "the new file noticed", 15_000);
    // A file deleted on disk.
    fs.rmSync(agent);
    await client.waitFor(() => client.codes(config).includes("class-not-found"), "the deleted file noticed", 15_000);
    // node_modules is never watched: a change there triggers nothing.
    const before = client.notifications.length;
    fs.mkdirSync(path.join(dir, "node_modules", "x"), { recursive: true });
    fs.writeFileSync(path.join(dir, "node_modules", "x", "index.ts"), "export class CoderAgent {}\n");
    await new Promise((resolve) => setTimeout(resolve, 600));
    assert.equal(client.notifications.filter((n) => n.method === "textDocument/publishDiagnostics").length, client.notifications.slice(0, before).filter((n) => n.method === "textDocument/publishDiagnostics").length);
  });

  it("takes its settings from initializationOptions when the client has no workspace/configuration (Neovim 0.7)", async () => {
    await client.initialize(dir, { workspace: { workspaceFolders: true } }, { settings: { rules: { "env-missing-durable-objects": "off", "class-not-exported": "warning" } } });
    await client.waitFor(() => client.codes(config).includes("class-not-exported"), "findings");
    assert.ok(!client.codes(config).includes("env-missing-bindings"), "the rule set off is off");
    assert.equal(client.diagnostics.get(uri(config))!.find((d) => d.code === "class-not-exported")!.severity, 2, "as a warning");
    assert.ok(!client.registrations.includes("workspace/didChangeConfiguration"));
  });

  it("offers the probe as a server command and no command: links in hovers, unless the client runs the probe itself", async () => {
    const plain = (await client.initialize(dir)) as { capabilities: { executeCommandProvider?: { commands: string[] } } };
    assert.deepEqual(plain.capabilities.executeCommandProvider?.commands, ["doDoctor.probeBinding"]);
    await client.open(config, fs.readFileSync(config, "utf8"));
    await client.waitFor(() => client.codes(config).length > 0, "findings");
    const hover = (await client.connection.sendRequest("textDocument/hover", { textDocument: { uri: uri(config) }, position: { line: 15, character: 26 } })) as Hover;
    assert.doesNotMatch((hover.contents as { value: string }).value, /command:/);
    await client.stop();

    client = new LspClient();
    const vscodeLike = (await client.initialize(dir, {}, { clientCommands: ["doDoctor.probeBinding"] })) as { capabilities: { executeCommandProvider?: unknown } };
    assert.equal(vscodeLike.capabilities.executeCommandProvider, undefined, "the extension registers the command itself");
    await client.open(config, fs.readFileSync(config, "utf8"));
    await client.waitFor(() => client.codes(config).length > 0, "findings");
    const linked = (await client.connection.sendRequest("textDocument/hover", { textDocument: { uri: uri(config) }, position: { line: 15, character: 26 } })) as Hover;
    assert.match((linked.contents as { value: string }).value, /\[Probe this binding\]\(command:doDoctor\.probeBinding/);
  });

  it("offers the binding guard as a refactoring on env.X.idFromName in the fetch handler, not as a quick fix", async () => {
    await client.initialize(dir);
    const text = fs.readFileSync(entry, "utf8");
    await client.open(entry, text, "typescript");
    await client.waitFor(() => client.codes(agent).length > 0, "first analysis");
    const lines = text.split("\n");
    const line = lines.findIndex((l) => l.includes('env.CoderAgent.idFromName("default")'));
    const character = lines[line].indexOf("idFromName");
    const at = { line, character };
    const ask = (only?: string[]) =>
      client.connection.sendRequest("textDocument/codeAction", { textDocument: { uri: uri(entry) }, range: { start: at, end: at }, context: { diagnostics: [], ...(only ? { only } : {}) } }) as Promise<CodeAction[]>;
    assert.deepEqual((await ask(["quickfix"])).filter((a) => a.kind?.startsWith("refactor")), [], "not among quick fixes");
    const [guard, ...others] = (await ask(["refactor"])).filter((a) => a.kind === "refactor.rewrite");
    assert.equal(others.length, 0);
    assert.equal(guard.title, 'Answer 500 when binding "CoderAgent" is missing');
    assert.ok((await ask()).some((a) => a.title === guard.title), "offered when no kind is asked for");
    applyWorkspaceEdit(guard.edit!);
    const after = fs.readFileSync(entry, "utf8").split("\n");
    assert.equal(after[line], `${lines[line].match(/^\s*/)![0]}if (!env.CoderAgent) return new Response("Durable Object binding \\"CoderAgent\\" is missing: add it to durable_objects.bindings in ${path.basename(dir)}/wrangler.jsonc for this environment, then deploy again.", { status: 500 });`);
    assert.equal(after[line + 1], lines[line]);
    // Where a return would not answer the request (a helper function), nothing is offered.
    const helper = lines.findIndex((l) => l.includes("Object.keys(env)"));
    const none = (await client.connection.sendRequest("textDocument/codeAction", { textDocument: { uri: uri(entry) }, range: { start: { line: helper, character: 25 }, end: { line: helper, character: 25 } }, context: { diagnostics: [] } })) as CodeAction[];
    assert.equal(none.filter((a) => a.kind === "refactor.rewrite").length, 0);
  });

  it("env-types-stale: a client that runs wrangler types gets the command as a code action, others only the message", async () => {
    const types = path.join(dir, "worker-configuration.d.ts");
    fs.writeFileSync(types, "// Generated by Wrangler by running `wrangler types` (hash: 0123456789abcdef0123456789abcdef)\ndeclare namespace Cloudflare {\n\tinterface Env {\n\t\tCoderAgent: DurableObjectNamespace;\n\t\tOldAgent: DurableObjectNamespace;\n\t}\n}\ninterface Env extends Cloudflare.Env {}\n");
    await client.stop();
    for (const clientCommands of [[], ["doDoctor.probeBinding", "doDoctor.runWranglerTypes"]]) {
      client = new LspClient();
      await client.initialize(dir, {}, { clientCommands });
      await client.open(types, fs.readFileSync(types, "utf8"), "typescript");
      await client.waitFor(() => client.codes(types).includes("env-types-stale"), "env-types-stale");
      const diagnostic = client.diagnostics.get(uri(types))!.find((d) => d.code === "env-types-stale")!;
      assert.equal(diagnostic.range.start.line, 4);
      assert.match(String(diagnostic.message), /declares Durable Object namespace "OldAgent".*run `npx wrangler types`/);
      const actions = (await client.connection.sendRequest("textDocument/codeAction", { textDocument: { uri: uri(types) }, range: diagnostic.range, context: { diagnostics: [diagnostic], only: ["quickfix"] } })) as CodeAction[];
      const run = actions.find((a) => a.command?.command === "doDoctor.runWranglerTypes");
      if (clientCommands.length === 0) assert.equal(run, undefined);
      else assert.deepEqual(run?.command?.arguments, [{ command: "npx wrangler types", cwd: dir }]);
      if (clientCommands.length === 0) await client.stop();
    }
  });
});
