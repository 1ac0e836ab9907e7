import * as assert from "node:assert/strict";
import * as path from "node:path";
import { hoverAt } from "../../server/src/lsp/hover";
import { completionsAt, definitionAt } from "../../server/src/lsp/navigation";
import { PROJECT_ROOT, runProject } from "../support/ruleTester";

const config = `{
  "name": "jobs",
  "main": "src/index.ts",
  "workflows": [{ "binding": "MY_WORKFLOW", "name": "my-workflow", "class_name": "MyWorkflow" }],
  "env": { "staging": { "workflows": [{ "binding": "MY_WORKFLOW", "name": "my-workflow-staging", "class_name": "Counter" }] } }
}
`;
const entry = `import { DurableObject, WorkflowEntrypoint } from "cloudflare:workers";
export { MyWorkflow } from "./flow";
export class Counter extends DurableObject {}
export default { fetch() { return new Response("ok"); } };
`;
const flow = `import { WorkflowEntrypoint } from "cloudflare:workers";
export class MyWorkflow extends WorkflowEntrypoint<Env> { async run() {} }
class OtherFlow extends WorkflowEntrypoint<Env> { async run() {} }
`;

describe("Workflow class_name in the editor", () => {
  const { result } = runProject({ "wrangler.jsonc": config, "src/index.ts": entry, "src/flow.ts": flow });
  const file = path.join(PROJECT_ROOT, "wrangler.jsonc");
  const at = (needle: string, nth = 0) => {
    let index = -1;
    for (let i = 0; i <= nth; i++) index = config.indexOf(needle, index + 1);
    return index + 2;
  };

  it("hover names the base, the declaration, the export and every Workflow that runs the class", () => {
    const hover = hoverAt(result.project, file, at(`"MyWorkflow"`));
    assert.ok(hover);
    assert.match(hover.contents.value, /\*\*MyWorkflow\*\* · Workflow \(extends WorkflowEntrypoint\)/);
    assert.match(hover.contents.value, /src\/flow\.ts:2`, exported from the entry/);
    assert.match(hover.contents.value, /`my-workflow` \(binding `MY_WORKFLOW`\) in the top level/);
  });

  it("hover says a Durable Object class is not a Workflow", () => {
    const hover = hoverAt(result.project, file, at(`"Counter"`));
    assert.ok(hover);
    assert.match(hover.contents.value, /extends DurableObject: \*\*not a Workflow\*\*/);
    assert.match(hover.contents.value, /in env\.staging/);
  });

  it("definition goes to the class", () => {
    const location = definitionAt(result.project, file, at(`"MyWorkflow"`));
    assert.ok(location);
    assert.ok(location.uri.endsWith("/src/flow.ts"));
    assert.equal(location.range.start.line, 1);
  });

  it("completion offers Workflow classes only", () => {
    const labels = completionsAt(result.project, file, at(`"MyWorkflow"`)).map((c) => c.label);
    assert.ok(labels.includes("MyWorkflow"));
    assert.ok(labels.includes("OtherFlow"));
    assert.ok(!labels.includes("Counter"), labels.join(", "));
  });
});
