import * as assert from "node:assert/strict";
import * as vscode from "vscode";
import { closeAll, codes, diskText, exampleReady, fileUri, waitFor } from "../helpers";

const F = "coder-agent-edit";

describe("editing without saving", () => {
  before(() => exampleReady(F));
  after(closeAll);

  it("re-checks the config when a source buffer changes, unsaved, and again when the change is undone", async () => {
    const config = fileUri(F, "wrangler.jsonc");
    const entry = fileUri(F, "src/server.ts");
    const agent = fileUri(F, "src/coder-agent.ts");
    assert.deepEqual(codes(config), ["class-not-exported", "env-missing-bindings"]);
    const document = await vscode.workspace.openTextDocument(entry);
    const editor = await vscode.window.showTextDocument(document);
    const end = document.positionAt(document.getText().length);
    assert.ok(await editor.edit((edit) => edit.insert(end, 'export { CoderAgent } from "./coder-agent";\n')));
    assert.ok(document.isDirty, "the buffer is unsaved");
    await waitFor("class-not-exported to clear from the config and the class", () => codes(config).join() === "env-missing-bindings" && codes(agent).length === 0, 10_000, () => `${codes(config)} | ${codes(agent)}`);
    assert.doesNotMatch(diskText(entry), /export \{ CoderAgent \}/, "nothing was written to disk");

    await vscode.commands.executeCommand("undo");
    await waitFor("class-not-exported to come back", () => codes(config).join() === "class-not-exported,env-missing-bindings" && codes(agent).join() === "class-not-exported", 10_000, () => `${codes(config)} | ${codes(agent)}`);
  });

  it("re-checks as the config itself is typed in", async () => {
    const config = fileUri(F, "wrangler.jsonc");
    const document = await vscode.workspace.openTextDocument(config);
    const editor = await vscode.window.showTextDocument(document);
    const at = document.getText().indexOf('"class_name": "CoderAgent"') + '"class_name": "'.length;
    // A typo in class_name: the class is then found nowhere.
    assert.ok(await editor.edit((edit) => edit.replace(new vscode.Range(document.positionAt(at), document.positionAt(at + "CoderAgent".length)), "CoderAgnet")));
    await waitFor("class-not-found on the typo", () => codes(config).includes("class-not-found"), 10_000, () => codes(config).join());
    const typo = vscode.languages.getDiagnostics(config).find((d) => d.source === "do-doctor" && String((d.code as { value: string }).value ?? d.code) === "class-not-found");
    assert.equal(document.getText(typo!.range), '"CoderAgnet"');
    await vscode.commands.executeCommand("workbench.action.files.revert");
    await waitFor("the original findings", () => codes(config).join() === "class-not-exported,env-missing-bindings", 10_000, () => codes(config).join());
  });
});
