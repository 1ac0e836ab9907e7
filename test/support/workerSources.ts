/**
 * Worker sources that many rule tables use unchanged, as each table had its own copy. Findings may point
 * into them (line numbers), so each is written out here as it is; change one and the tables that use it
 * see the change.
 */

/** An Agents SDK worker entry: the CoderAgent class and a handler that answers "ok". */
export const AGENT_WORKER = `import { Agent } from "agents";
export class CoderAgent extends Agent<Env> {}
export default { fetch() { return new Response("ok"); } };
`;

/** The same with two Agent classes, CoderAgent and ReviewAgent. */
export const TWO_AGENT_WORKER = `import { Agent } from "agents";
export class CoderAgent extends Agent<Env> {}
export class ReviewAgent extends Agent<Env> {}
export default { fetch() { return new Response("ok"); } };
`;

/** An Agents SDK worker entry that routes /agents/... with routeAgentRequest to its CoderAgent class. */
export const ROUTING_AGENT_WORKER = `import { Agent, routeAgentRequest } from "agents";
export class CoderAgent extends Agent<Env> {}
export default {
  async fetch(request: Request, env: Env) {
    return (await routeAgentRequest(request, env)) ?? new Response("Not found", { status: 404 });
  },
};
`;

/** A module with the CoderAgent class and no handler (the class's own file). */
export const AGENT_MODULE = `import { Agent } from "agents";
export class CoderAgent extends Agent<Env> {}
`;

/** A plain Durable Object worker: the Store class and a handler that answers "store". */
export const STORE_WORKER = `import { DurableObject } from "cloudflare:workers";
export class Store extends DurableObject {}
export default { fetch() { return new Response("store"); } };
`;

/** A worker binding one Workflow, MyWorkflow (JSONC), its class, and the same config in TOML. */
export const WORKFLOW_CONFIG = `{
  "name": "jobs",
  "main": "src/index.ts",
  "workflows": [{ "binding": "MY_WORKFLOW", "name": "my-workflow", "class_name": "MyWorkflow" }]
}
`;
export const WORKFLOW_CLASS = `import { WorkflowEntrypoint } from "cloudflare:workers";
export class MyWorkflow extends WorkflowEntrypoint<Env> { async run() {} }
`;
export const WORKFLOW_TOML = `name = "jobs"
main = "src/index.ts"

[[workflows]]
binding = "MY_WORKFLOW"
name = "my-workflow"
class_name = "MyWorkflow"
`;
