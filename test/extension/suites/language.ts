import * as assert from "node:assert/strict";
import * as vscode from "vscode";
import { closeAll, exampleReady, fileUri } from "../helpers";

const F = "coder-agent";

function markdownOf(hovers: vscode.Hover[]): string {
  return hovers.flatMap((h) => h.contents.map((c) => (typeof c === "string" ? c : c.value))).join("\n---\n");
}

describe("hover, definition, completion, code lens", () => {
  before(async () => {
    await exampleReady(F);
    // Open like a person would: the providers answer for open documents.
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(fileUri(F, "wrangler.jsonc")));
  });
  after(closeAll);

  const classNameAt = new vscode.Position(15, 26); // inside "CoderAgent" of "class_name": "CoderAgent"

  it("hovers a class_name with where the class is, its export, storage, environments and route", async () => {
    const hovers = (await vscode.commands.executeCommand<vscode.Hover[]>("vscode.executeHoverProvider", fileUri(F, "wrangler.jsonc"), classNameAt)) ?? [];
    const markdown = markdownOf(hovers);
    assert.match(markdown, /\*\*CoderAgent\*\* · Agents SDK agent/);
    assert.match(markdown, /src\/coder-agent\.ts:9`, \*\*not exported from the entry\*\*/);
    assert.match(markdown, /storage: SQLite \(migration `v1`\)/);
    assert.match(markdown, /not in env\.staging/);
    assert.match(markdown, /`\/agents\/coder-agent\/:name`/);
    assert.match(markdown, /\[Probe this binding\]\(command:doDoctor\.probeBinding/);
  });

  it("hovers an env.X use in the source with the same facts", async () => {
    const entry = fileUri(F, "src/server.ts");
    const document = await vscode.workspace.openTextDocument(entry);
    const line = document.getText().split("\n").findIndex((l) => l.includes("env.CoderAgent.idFromName"));
    const at = new vscode.Position(line, document.lineAt(line).text.indexOf("CoderAgent.idFromName") + 2);
    const hovers = (await vscode.commands.executeCommand<vscode.Hover[]>("vscode.executeHoverProvider", entry, at)) ?? [];
    assert.match(markdownOf(hovers), /\*\*CoderAgent\*\* · Agents SDK agent/);
  });

  function targetOf(locations: (vscode.Location | vscode.LocationLink)[]): { file: string; line: number }[] {
    return locations.map((l) => ("targetUri" in l ? { file: l.targetUri.fsPath, line: l.targetRange.start.line } : { file: l.uri.fsPath, line: l.range.start.line }));
  }

  it("goes from class_name to the class, and from env.CoderAgent to the binding", async () => {
    const toClass = (await vscode.commands.executeCommand<(vscode.Location | vscode.LocationLink)[]>("vscode.executeDefinitionProvider", fileUri(F, "wrangler.jsonc"), classNameAt)) ?? [];
    assert.deepEqual(targetOf(toClass), [{ file: fileUri(F, "src/coder-agent.ts").fsPath, line: 8 }]);

    const entry = fileUri(F, "src/server.ts");
    const document = await vscode.workspace.openTextDocument(entry);
    const line = document.getText().split("\n").findIndex((l) => l.includes("env.CoderAgent.idFromName"));
    const at = new vscode.Position(line, document.lineAt(line).text.indexOf("CoderAgent.idFromName") + 2);
    const toBinding = (await vscode.commands.executeCommand<(vscode.Location | vscode.LocationLink)[]>("vscode.executeDefinitionProvider", entry, at)) ?? [];
    // TypeScript's own definition provider may answer too (the Env interface); ours points at the config.
    assert.ok(targetOf(toBinding).some((t) => t.file === fileUri(F, "wrangler.jsonc").fsPath && t.line === 14), JSON.stringify(targetOf(toBinding)));
  });

  it("completes class names in class_name", async () => {
    const list = await vscode.commands.executeCommand<vscode.CompletionList>("vscode.executeCompletionItemProvider", fileUri(F, "wrangler.jsonc"), classNameAt);
    const labels = (list?.items ?? []).map((item) => (typeof item.label === "string" ? item.label : item.label.label));
    assert.ok(labels.includes("CoderAgent"), JSON.stringify(labels));
  });

  it('shows a "Probe CoderAgent" code lens over the binding', async () => {
    const lenses = (await vscode.commands.executeCommand<vscode.CodeLens[]>("vscode.executeCodeLensProvider", fileUri(F, "wrangler.jsonc"))) ?? [];
    const ours = lenses.filter((l) => l.command?.command === "doDoctor.probeBinding");
    assert.deepEqual(ours.map((l) => [l.command?.title, l.range.start.line]), [["Probe CoderAgent", 14]]);
  });
});
