import { testRule } from "../../support/ruleTester";
import { WORKFLOW_CLASS as wfClass, WORKFLOW_CONFIG as wfConfig, WORKFLOW_TOML as wfToml } from "../../support/workerSources";

const handler = `export default { fetch() { return new Response("ok"); } };
`;

testRule("workflow-class-wrong-base", {
  valid: [
    { name: "extends WorkflowEntrypoint", files: { "wrangler.jsonc": wfConfig, "src/index.ts": `${wfClass}${handler}` } },
    {
      name: "extends a local subclass of WorkflowEntrypoint (TOML)",
      files: {
        "wrangler.toml": wfToml,
        "src/index.ts": `export { MyWorkflow } from "./flow";\n${handler}`,
        "src/base.ts": `import { WorkflowEntrypoint } from "cloudflare:workers";\nexport abstract class Base extends WorkflowEntrypoint<Env> {}\n`,
        "src/flow.ts": `import { Base } from "./base";\nexport class MyWorkflow extends Base { async run() {} }\n`,
      },
    },
    {
      name: "a base from another package (it may wrap WorkflowEntrypoint): not judged",
      files: { "wrangler.jsonc": wfConfig, "src/index.ts": `import { AgentWorkflow } from "agents/workflows";\nexport class MyWorkflow extends AgentWorkflow {}\n${handler}` },
    },
    { name: "no base class at all: not judged", files: { "wrangler.jsonc": wfConfig, "src/index.ts": `export class MyWorkflow { async run() {} }\n${handler}` } },
    {
      name: "a Workflow of another worker (script_name)",
      files: {
        "wrangler.jsonc": `{ "name": "api", "main": "src/index.ts", "workflows": [{ "binding": "FLOW", "name": "my-workflow", "class_name": "MyWorkflow", "script_name": "jobs" }] }\n`,
        "src/index.ts": `import { DurableObject } from "cloudflare:workers";\nexport class MyWorkflow extends DurableObject {}\n${handler}`,
      },
    },
    { name: "not exported: class-not-exported's finding, not this rule's", files: { "wrangler.jsonc": wfConfig, "src/index.ts": handler, "src/flow.ts": `import { DurableObject } from "cloudflare:workers";\nexport class MyWorkflow extends DurableObject {}\n` } },
  ],
  invalid: [
    {
      name: "a Durable Object class as a Workflow",
      files: { "wrangler.jsonc": wfConfig, "src/index.ts": `import { DurableObject } from "cloudflare:workers";\nexport class MyWorkflow extends DurableObject {}\n${handler}` },
      findings: [{ file: "wrangler.jsonc", line: 4, messageId: "wrongBase", data: { baseModule: "cloudflare:workers", base: "DurableObject", className: "MyWorkflow" } }],
      output: null,
    },
    {
      name: "an Agent through a local base, re-exported (TOML)",
      files: {
        "wrangler.toml": wfToml,
        "src/index.ts": `export { MyWorkflow } from "./flow";\n${handler}`,
        "src/flow.ts": `import { Agent } from "agents";\nclass Base extends Agent<Env> {}\nexport class MyWorkflow extends Base {}\n`,
      },
      findings: [{ file: "wrangler.toml", line: 7, messageId: "wrongBase", data: { base: "Agent" } }],
    },
    {
      name: "a WorkerEntrypoint in an environment's own workflows",
      env: "staging",
      files: {
        "wrangler.jsonc": `{
  "name": "jobs",
  "main": "src/index.ts",
  "env": {
    "staging": { "workflows": [{ "binding": "MY_WORKFLOW", "name": "my-workflow-staging", "class_name": "MyWorkflow" }] },
  },
}
`,
        "src/index.ts": `import { WorkerEntrypoint } from "cloudflare:workers";\nexport class MyWorkflow extends WorkerEntrypoint {}\n${handler}`,
      },
      findings: [{ file: "wrangler.jsonc", line: 5, messageId: "wrongBase", data: { base: "WorkerEntrypoint" } }],
    },
  ],
});
