import * as assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import * as path from "node:path";
import * as vscode from "vscode";
import { api, ours, ruleId, sleep, waitFor } from "../helpers";

/** Command lines of the processes running a wrangler inside `dir` (none may start while untrusted). */
function wranglersIn(dir: string): string[] {
  const lines = execFileSync("ps", ["-eo", "args"], { encoding: "utf8" }).split("\n");
  return lines.filter((line) => /wrangler/.test(line) && line.includes(dir));
}

describe("an untrusted folder (restricted mode)", () => {
  it("runs the static checks", async () => {
    assert.equal(vscode.workspace.isTrusted, false, "the folder opened untrusted");
    await api();
    const root = vscode.workspace.workspaceFolders?.[0];
    assert.ok(root, "a folder is open");
    const config = vscode.Uri.file(path.join(root.uri.fsPath, "wrangler.jsonc"));
    const found = await waitFor("diagnostics on wrangler.jsonc", () => ours(config).length > 0 && ours(config), 30_000);
    assert.ok(found.map(ruleId).includes("class-not-exported"), `static checks ran: ${found.map(ruleId).join(", ")}`);
  });

  it("refuses Probe Agent Binding without starting anything", async () => {
    const doDoctor = await api();
    const root = vscode.workspace.workspaceFolders![0].uri.fsPath;
    const outcome = await Promise.race([doDoctor.probe({ binding: "CoderAgent" }).then((report) => ({ report })), sleep(5000).then(() => "still running" as const)]);
    assert.notEqual(outcome, "still running", "the probe returns at once in an untrusted workspace");
    assert.equal((outcome as { report: unknown }).report, undefined, "no probe report");
    // The command palette path too (it shows the warning and returns).
    const viaCommand = await Promise.race([vscode.commands.executeCommand("doDoctor.probeBinding"), sleep(5000).then(() => "still running")]);
    assert.equal(viaCommand, undefined);
    await sleep(1000);
    assert.deepEqual(wranglersIn(root), [], "no wrangler was started");
  });
});
