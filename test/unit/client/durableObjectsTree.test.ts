import * as assert from "node:assert/strict";
import * as path from "node:path";
import { summarizeWorkers } from "../../../server/src/inspect/workersSummary";
import { pathToUri } from "../../../server/src/lsp/uris";
import { buildTree, statusText, type TreeNode, type WorkerData } from "../../../src/durableObjectsTree";
import { runProject, PROJECT_ROOT } from "../../support/ruleTester";

function workersOf(files: Record<string, string>): WorkerData[] {
  const { result } = runProject(files);
  return summarizeWorkers(result.project, result.findings).map((w) => ({ ...w, configUri: pathToUri(w.configFile) }));
}

const relative = (file: string) => path.relative(PROJECT_ROOT, file).split(path.sep).join("/");
const shape = (nodes: TreeNode[]): unknown => nodes.map((n) => [n.kind, n.label, n.health, ...(n.children.length ? [shape(n.children)] : [])]);

describe("Durable Objects view content", () => {
  const agent = `import { Agent } from "agents";\nexport class CoderAgent extends Agent<Env> {}\nexport class Reviewer extends Agent<Env> {}\nexport default { fetch() { return new Response(); } };\n`;

  it("shows worker -> environment -> binding with health from the findings", () => {
    const config = `{
  "name": "coder",
  "main": "src/index.ts",
  "compatibility_flags": ["nodejs_compat"],
  "durable_objects": { "bindings": [
    { "name": "CoderAgent", "class_name": "CoderAgent" },
    { "name": "REVIEWER", "class_name": "Reviewer" }
  ] },
  "migrations": [{ "tag": "v1", "new_sqlite_classes": ["CoderAgent"] }],
  // staging is deployed with wrangler deploy --env staging
  "env": { "staging": { "vars": { "A": "1" } }, "docs": {} }
}`;
    const tree = buildTree(workersOf({ "wrangler.jsonc": config, "src/index.ts": agent }), relative);
    assert.deepEqual(shape(tree), [
      [
        "worker",
        "coder",
        "error",
        [
          ["environment", "top level", "error", [["binding", "CoderAgent", "ok"], ["binding", "REVIEWER", "error"]]],
          ["environment", "env.staging", "error"],
          ["environment", "env.docs", "warning"],
        ],
      ],
    ]);
    const reviewer = tree[0].children[0].children[1];
    assert.match(reviewer.tooltip, /binding-missing-migration/);
    assert.match(tree[0].children[0].children[0].tooltip, /Agents route: \/agents\/coder-agent\/:name/);
    assert.deepEqual(reviewer.probe, { configFile: path.join(PROJECT_ROOT, "wrangler.jsonc"), binding: "REVIEWER", environment: "" });
    assert.equal(reviewer.location.range.start.line, 6);
  });

  it("names a worker by its config path when it has no name, and binds no probe to script_name bindings", () => {
    const config = `{ "main": "src/index.ts", "durable_objects": { "bindings": [{ "name": "X", "class_name": "Remote", "script_name": "other" }] } }`;
    const tree = buildTree(workersOf({ "api/wrangler.jsonc": config, "api/src/index.ts": `export default {};\n` }), relative);
    assert.equal(tree[0].label, "api/wrangler.jsonc");
    const binding = tree[0].children[0].children[0];
    assert.equal(binding.description, "Remote in other");
    assert.equal(binding.probe, undefined);
  });

  it("says how many problems in the status bar", () => {
    assert.deepEqual(statusText(0, 0).text, "$(check) DO");
    assert.deepEqual(statusText(2, 1), { text: "$(error) DO 3", tooltip: "Durable Object Doctor: 2 errors, 1 warning (click to show the Durable Objects view)" });
    assert.equal(statusText(0, 1).text, "$(warning) DO 1");
  });
});
