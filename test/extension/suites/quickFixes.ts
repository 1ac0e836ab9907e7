import * as assert from "node:assert/strict";
import { parse } from "jsonc-parser";
import * as vscode from "vscode";
import * as fs from "node:fs";
import * as path from "node:path";
import { api, closeAll, codes, documentText, exampleReady, fileUri, ours, quickFixes, ruleId, waitFor } from "../helpers";

const F = "coder-agent-quickfix";

function diagnostic(uri: vscode.Uri, id: string): vscode.Diagnostic {
  const found = ours(uri).find((d) => ruleId(d) === id);
  assert.ok(found, `${id} in ${uri.fsPath}: ${codes(uri).join()}`);
  return found;
}

async function fixFor(uri: vscode.Uri, id: string, title: string): Promise<vscode.CodeAction> {
  const actions = await quickFixes(uri, diagnostic(uri, id).range);
  const action = actions.find((a) => a.title === title);
  assert.ok(action, `quick fix "${title}" among ${JSON.stringify(actions.map((a) => a.title))}`);
  assert.ok(action.edit, "the fix carries its edit");
  assert.equal(action.kind?.value, vscode.CodeActionKind.QuickFix.value);
  return action;
}

describe("quick fixes (vscode.executeCodeActionProvider, applied with workspace.applyEdit)", () => {
  before(async () => {
    await exampleReady(F);
    // Code actions are computed for documents the editor has open (VS Code throws "Illegal argument" otherwise).
    for (const file of ["wrangler.jsonc", "src/server.ts", "src/coder-agent.ts", "src/client/app.tsx"]) await vscode.workspace.openTextDocument(fileUri(F, file));
  });
  after(async () => {
    await vscode.workspace.saveAll(false);
    await closeAll();
  });

  it("exports the class from the entry: both class-not-exported diagnostics clear", async () => {
    const config = fileUri(F, "wrangler.jsonc");
    const entry = fileUri(F, "src/server.ts");
    const agent = fileUri(F, "src/coder-agent.ts");
    const action = await fixFor(config, "class-not-exported", "Export CoderAgent from src/server.ts");
    assert.equal(action.isPreferred, true);
    const before = await documentText(entry);
    assert.ok(await vscode.workspace.applyEdit(action.edit!));
    const after = await documentText(entry);
    assert.equal(after, `${before}export { CoderAgent } from "./coder-agent";\n`);
    assert.match(after, /\/\*\* Logs which bindings the runtime actually gave this worker\. \*\//, "comments intact");
    await waitFor("class-not-exported to clear", () => !codes(config).includes("class-not-exported") && codes(agent).length === 0, 10_000, () => `${codes(config)} | ${codes(agent)}`);
  });

  it("copies the bindings into env.staging: env-missing-bindings clears, every comment kept", async () => {
    const config = fileUri(F, "wrangler.jsonc");
    const before = await documentText(config);
    const action = await fixFor(config, "env-missing-bindings", 'Copy "CoderAgent" into env.staging');
    assert.ok(await vscode.workspace.applyEdit(action.edit!));
    const after = await documentText(config);
    for (const comment of ["/**\n * CoderAgent worker.", "// the agents package needs Node built-ins (path, async_hooks)", "// deployed with `wrangler deploy --env staging`"]) {
      assert.ok(before.includes(comment) && after.includes(comment), `comment kept: ${comment}`);
    }
    const parsed = parse(after) as { env: { staging: { durable_objects: { bindings: { name: string; class_name: string }[] }; vars: unknown } } };
    assert.deepEqual(parsed.env.staging.durable_objects.bindings, [{ name: "CoderAgent", class_name: "CoderAgent" }]);
    assert.deepEqual(parsed.env.staging.vars, { ENVIRONMENT: "staging" });
    await waitFor("the config to be clean", () => codes(config).length === 0, 10_000, () => codes(config).join());
  });

  it('changes the client\'s agent name to the routed "coder-agent" (a guess: offered, not safe)', async () => {
    const app = fileUri(F, "src/client/app.tsx");
    const action = await fixFor(app, "agent-route-mismatch", 'Change to "coder-agent"');
    assert.ok(await vscode.workspace.applyEdit(action.edit!));
    const text = await documentText(app);
    assert.match(text, /agent: "coder-agent",/);
    assert.match(text, /name: "default",/);
    await waitFor("agent-route-mismatch to clear", () => codes(app).length === 0, 10_000, () => codes(app).join());
  });

  it("leaves nothing to fix afterwards", async () => {
    for (const file of ["wrangler.jsonc", "src/server.ts", "src/coder-agent.ts", "src/client/app.tsx"]) assert.deepEqual(codes(fileUri(F, file)), [], file);
    const actions = await quickFixes(fileUri(F, "wrangler.jsonc"), new vscode.Range(15, 22, 15, 34));
    assert.deepEqual(actions.map((a) => a.title), []);
    // The Durable Objects view follows: the worker is healthy, env.staging has its binding.
    const doctor = await api();
    const configFile = fileUri(F, "wrangler.jsonc").fsPath;
    const worker = () => doctor.viewSnapshot().find((n) => vscode.Uri.parse(n.location.uri).fsPath === configFile);
    await waitFor("the view to show the copy healthy", () => worker()?.health === "ok", 10_000, () => JSON.stringify(worker(), null, 1));
    assert.deepEqual(worker()!.children.map((e) => [e.label, e.description]), [
      ["top level", "1 binding"],
      ["env.staging", "1 binding"],
    ]);
  });
});

describe("refactorings and commands beyond edits (binding guard, wrangler types in a terminal)", () => {
  before(async () => {
    // The copy the quick fixes above left healthy (its four findings fixed): the server only has to be up.
    await api();
  });
  after(async () => {
    await vscode.workspace.saveAll(false);
    await closeAll();
  });

  it("offers the binding guard as a refactoring in the fetch handler and inserts it in the file's style", async () => {
    const entry = fileUri(F, "src/server.ts");
    const document = await vscode.workspace.openTextDocument(entry);
    const line = document.getText().split("\n").findIndex((l) => l.includes('env.CoderAgent.idFromName("default")'));
    const at = new vscode.Position(line, document.lineAt(line).text.indexOf("idFromName"));
    const refactors = (await vscode.commands.executeCommand<vscode.CodeAction[]>("vscode.executeCodeActionProvider", entry, new vscode.Range(at, at), vscode.CodeActionKind.Refactor.value)) ?? [];
    const guard = refactors.find((a) => a.title === 'Answer 500 when binding "CoderAgent" is missing');
    assert.ok(guard, `among ${JSON.stringify(refactors.map((a) => a.title))}`);
    assert.equal(guard.kind?.value, vscode.CodeActionKind.RefactorRewrite.value);
    assert.ok((await quickFixes(entry, new vscode.Range(at, at))).every((a) => a.title !== guard.title), "not a quick fix");
    const indent = document.lineAt(line).text.match(/^\s*/)![0];
    assert.ok(await vscode.workspace.applyEdit(guard.edit!));
    const after = (await documentText(entry)).split("\n");
    assert.equal(after[line], `${indent}if (!env.CoderAgent) return new Response("Durable Object binding \\"CoderAgent\\" is missing: add it to durable_objects.bindings in ${F}/wrangler.jsonc for this environment, then deploy again.", { status: 500 });`);
    assert.match(after[line + 1], /const id = env\.CoderAgent\.idFromName\("default"\);/);
  });

  it("env-types-stale offers to run the project's wrangler types; the command runs in a terminal in the worker's folder", async () => {
    const types = fileUri(F, "worker-configuration.d.ts");
    fs.writeFileSync(types.fsPath, "// Generated by Wrangler by running `wrangler types` (hash: 0123456789abcdef0123456789abcdef)\ndeclare namespace Cloudflare {\n\tinterface Env {\n\t\tCoderAgent: DurableObjectNamespace;\n\t\tOldAgent: DurableObjectNamespace;\n\t}\n}\ninterface Env extends Cloudflare.Env {}\n");
    await vscode.workspace.openTextDocument(types);
    const stale = await waitFor("env-types-stale", () => ours(types).find((d) => ruleId(d) === "env-types-stale"), 15_000, () => codes(types).join());
    const run = (await quickFixes(types, stale.range)).find((a) => a.command?.command === "doDoctor.runWranglerTypes");
    assert.ok(run?.command, "the run command is offered");
    assert.equal(run.title, "Run `npx wrangler types`");
    const [args] = run.command.arguments as [{ command: string; cwd: string }];
    assert.deepEqual(args, { command: "npx wrangler types", cwd: path.dirname(types.fsPath) });
    // The extension's command as the action would call it, with a harmless command line in place of
    // `npx wrangler types` (which would fetch wrangler into this copy): it runs in the worker's folder.
    const marker = path.join(args.cwd, "ran-in-terminal.txt");
    await vscode.commands.executeCommand(run.command.command, { ...args, command: "echo ran > ran-in-terminal.txt" });
    const terminal = await waitFor("the terminal", () => vscode.window.terminals.find((t) => t.name === "wrangler types"));
    await waitFor("the command to run in the worker's folder", () => fs.existsSync(marker), 15_000);
    terminal.dispose();
    fs.rmSync(marker, { force: true });
    fs.rmSync(types.fsPath, { force: true });
  });
});
