import * as assert from "node:assert/strict";
import * as path from "node:path";
import * as vscode from "vscode";
import { extension, sleep } from "../helpers";

describe("activation in a folder without a wrangler config", () => {
  it("stays inactive, even with TypeScript and package.json open", async () => {
    const root = vscode.workspace.workspaceFolders?.[0];
    assert.ok(root, "a folder is open");
    const document = await vscode.workspace.openTextDocument(vscode.Uri.file(path.join(root.uri.fsPath, "src", "index.ts")));
    await vscode.window.showTextDocument(document);
    // Give startup activation (workspaceContains, onStartupFinished) time to happen if it were going to.
    await sleep(3000);
    assert.ok(extension(), "the extension is installed");
    assert.equal(extension().isActive, false);
    const ours = vscode.languages.getDiagnostics().flatMap(([, ds]) => ds.filter((d) => d.source === "do-doctor"));
    assert.deepEqual(ours, []);
    const commands = await vscode.commands.getCommands(true);
    assert.ok(!commands.includes("doDoctor.refreshView"), "no command of the extension is registered");
  });
});
