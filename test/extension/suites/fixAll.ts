import * as assert from "node:assert/strict";
import * as vscode from "vscode";
import { closeAll, codes, documentText, exampleReady, fileUri, waitFor } from "../helpers";

const F = "coder-agent-fixall";

describe("source.fixAll.doDoctor", () => {
  before(async () => {
    await exampleReady(F);
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(fileUri(F, "wrangler.jsonc")));
  });
  after(async () => {
    await vscode.workspace.saveAll(false);
    await closeAll();
  });

  it("fixes every safe problem at once and leaves the guess (the client's agent name) alone", async () => {
    const config = fileUri(F, "wrangler.jsonc");
    const actions = (await vscode.commands.executeCommand<vscode.CodeAction[]>("vscode.executeCodeActionProvider", config, new vscode.Range(0, 0, 0, 0), "source.fixAll.doDoctor")) ?? [];
    const fixAll = actions.filter((a) => a.kind?.value === "source.fixAll.doDoctor");
    assert.equal(fixAll.length, 1, JSON.stringify(actions.map((a) => [a.title, a.kind?.value])));
    assert.equal(fixAll[0].title, "Fix all safe Durable Object problems (2)");
    const configBefore = await documentText(config);
    assert.ok(await vscode.workspace.applyEdit(fixAll[0].edit!));
    const configAfter = await documentText(config);
    assert.match(configAfter, /"staging": \{[\s\S]*"durable_objects"/);
    for (const comment of ["// the agents package needs Node built-ins (path, async_hooks)", "// deployed with `wrangler deploy --env staging`", " * Copied from the project in the bug report, misconfigurations included."]) {
      assert.ok(configBefore.includes(comment) && configAfter.includes(comment), `comment kept: ${comment}`);
    }
    assert.match(await documentText(fileUri(F, "src/server.ts")), /export \{ CoderAgent \} from "\.\/coder-agent";\n$/);
    await waitFor("the safe problems to clear", () => codes(config).length === 0 && codes(fileUri(F, "src/coder-agent.ts")).length === 0, 10_000, () => codes(config).join());
    assert.deepEqual(codes(fileUri(F, "src/client/app.tsx")), ["agent-route-mismatch"]);
    const again = (await vscode.commands.executeCommand<vscode.CodeAction[]>("vscode.executeCodeActionProvider", config, new vscode.Range(0, 0, 0, 0), "source.fixAll.doDoctor")) ?? [];
    assert.deepEqual(again.filter((a) => a.kind?.value === "source.fixAll.doDoctor").map((a) => a.title), []);
  });
});
