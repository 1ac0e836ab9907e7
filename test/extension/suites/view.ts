import * as assert from "node:assert/strict";
import * as vscode from "vscode";
import type { TreeNode } from "../../../src/durableObjectsTree";
import { api, exampleReady, fileUri, waitFor } from "../helpers";

function worker(nodes: TreeNode[], configFile: string): TreeNode | undefined {
  return nodes.find((n) => n.kind === "worker" && vscode.Uri.parse(n.location.uri).fsPath === configFile);
}

describe("the Durable Objects view (snapshot through the API)", () => {
  before(() => exampleReady("coder-agent"));

  it("shows the example as worker -> environments -> bindings, with health", async () => {
    const doctor = await api();
    const config = fileUri("coder-agent", "wrangler.jsonc").fsPath;
    const node = await waitFor("the example in the view", () => worker(doctor.viewSnapshot(), config));
    assert.equal(node.label, "coder-agent");
    assert.equal(node.health, "error");
    assert.deepEqual(node.children.map((e) => [e.label, e.description, e.health]), [
      ["top level", "1 binding", "error"],
      ["env.staging", "no Durable Object bindings", "error"],
    ]);
    const binding = node.children[0].children[0];
    assert.equal(binding.kind, "binding");
    assert.equal(binding.label, "CoderAgent");
    assert.equal(binding.description, "CoderAgent");
    assert.match(binding.tooltip, /Agents route: \/agents\/coder-agent\/:name/);
    assert.match(binding.tooltip, /class-not-exported/);
    assert.deepEqual(binding.probe, { configFile: config, binding: "CoderAgent", environment: "" });
    assert.match(node.children[1].tooltip, /env-missing-bindings/);
  });

  it("lists every worker of the workspace, and a healthy one as ok", async () => {
    const doctor = await api();
    const healthy = fileUri("healthy-basic-agent", "wrangler.jsonc").fsPath;
    const node = await waitFor("the healthy fixture in the view", () => worker(doctor.viewSnapshot(), healthy));
    assert.equal(node.health, "ok");
    assert.ok(node.children[0].children.every((b) => b.health === "ok"));
    assert.ok(doctor.viewSnapshot().length >= 40, `workers in the view: ${doctor.viewSnapshot().length}`);
  });
});
