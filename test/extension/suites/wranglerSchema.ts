import * as assert from "node:assert/strict";
import * as path from "node:path";
import * as vscode from "vscode";
import { api, closeAll, fileUri, waitFor } from "../helpers";

const F = "wrangler-schema";

async function completionLabels(uri: vscode.Uri, at: vscode.Position): Promise<string[]> {
  const list = await vscode.commands.executeCommand<vscode.CompletionList>("vscode.executeCompletionItemProvider", uri, at);
  return (list?.items ?? []).map((item) => (typeof item.label === "string" ? item.label : item.label.label).replace(/^"|"$/g, ""));
}

function hoverText(hovers: vscode.Hover[] | undefined): string {
  return (hovers ?? []).flatMap((h) => h.contents.map((c) => (typeof c === "string" ? c : c.value))).join("\n");
}

describe("wrangler's own schema for configs without $schema", () => {
  after(closeAll);

  it("completes wrangler keys in a wrangler.jsonc that names no schema", async function () {
    // VS Code's JSON server starts on the first JSON file: 10-60 s on a loaded machine.
    this.timeout(150_000);
    const uri = fileUri(F, "wrangler.jsonc");
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri));
    const doDoctor = await api();
    assert.equal(doDoctor.wranglerSchemaFile(), path.join(path.dirname(uri.fsPath), "node_modules", "wrangler", "config-schema.json"));
    const labels = await waitFor(
      "wrangler keys among the completions",
      async () => {
        const found = await completionLabels(uri, new vscode.Position(2, 2));
        return found.includes("durable_objects") && found;
      },
      120_000,
    );
    for (const key of ["compatibility_flags", "migrations", "kv_namespaces", "env"]) assert.ok(labels.includes(key), `${key} in ${labels.join(", ")}`);
  });

  it("hovers a wrangler key with wrangler's own description", async function () {
    this.timeout(30_000);
    const uri = fileUri(F, "wrangler.jsonc");
    const text = await waitFor("a schema hover on compatibility_date", async () => {
      const found = hoverText(await vscode.commands.executeCommand<vscode.Hover[]>("vscode.executeHoverProvider", uri, new vscode.Position(3, 6)));
      return /Workers runtime/.test(found) && found;
    });
    // Markdown escapes the dashes: yyyy\-mm\-dd.
    assert.match(text, /yyyy\\?-mm\\?-dd/);
  });

  it("leaves a config's own $schema alone", async function () {
    this.timeout(30_000);
    const uri = fileUri(F, "own/wrangler.jsonc");
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri));
    const labels = await waitFor("the own schema's key among the completions", async () => {
      const found = await completionLabels(uri, new vscode.Position(2, 2));
      return found.includes("only_in_own_schema") && found;
    });
    assert.ok(!labels.includes("durable_objects"), `wrangler's schema leaked into a config with its own: ${labels.join(", ")}`);
  });
});
