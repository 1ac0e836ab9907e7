import { testRule } from "../../support/ruleTester";
import { AGENT_MODULE as agent } from "../../support/workerSources";
import { WORKFLOW_CLASS as wfClass, WORKFLOW_CONFIG as wfConfig, WORKFLOW_TOML as wfToml } from "../../support/workerSources";

const config = `{
  // the worker
  "name": "coder",
  "main": "src/index.ts",
  "compatibility_flags": ["nodejs_compat"],
  "durable_objects": { "bindings": [{ "name": "CoderAgent", "class_name": "CoderAgent" }] },
  "migrations": [{ "tag": "v1", "new_sqlite_classes": ["CoderAgent"] }]
}
`;
const handler = `export default { fetch() { return new Response("ok"); } };
`;


testRule("class-not-exported", {
  valid: [
    { name: "a Workflow class exported from the entry", files: { "wrangler.jsonc": wfConfig, "src/index.ts": `${wfClass}${handler}` } },
    { name: "a Workflow class re-exported (TOML)", files: { "wrangler.toml": wfToml, "src/index.ts": `export { MyWorkflow } from "./flow";\n${handler}`, "src/flow.ts": wfClass } },
    {
      name: "a Workflow of another worker (script_name) is not this worker's to export",
      files: {
        "wrangler.jsonc": `{ "name": "api", "main": "src/index.ts", "workflows": [{ "binding": "FLOW", "name": "my-workflow", "class_name": "MyWorkflow", "script_name": "jobs" }] }\n`,
        "src/index.ts": handler,
        "src/flow.ts": wfClass,
      },
    },
    { name: "declared and exported in the entry", files: { "wrangler.jsonc": config, "src/index.ts": `import { Agent } from "agents";\nexport class CoderAgent extends Agent<Env> {}\n${handler}` } },
    { name: "re-exported by name", files: { "wrangler.jsonc": config, "src/index.ts": `export { CoderAgent } from "./agent";\n${handler}`, "src/agent.ts": agent } },
    { name: "re-exported with a .js specifier", files: { "wrangler.jsonc": config, "src/index.ts": `export { CoderAgent } from "./agent.js";\n${handler}`, "src/agent.ts": agent } },
    { name: "export * chain through an index file", files: { "wrangler.jsonc": config, "src/index.ts": `export * from "./agents";\n${handler}`, "src/agents/index.ts": `export * from "./coder";\n`, "src/agents/coder.ts": agent } },
    { name: "aliased export", files: { "wrangler.jsonc": config, "src/index.ts": `export { Impl as CoderAgent } from "./impl";\n${handler}`, "src/impl.ts": `import { Agent } from "agents";\nexport class Impl extends Agent<Env> {}\n` } },
    { name: "imported then exported in a list", files: { "wrangler.jsonc": config, "src/index.ts": `import { CoderAgent } from "./agent";\nexport { CoderAgent };\n${handler}`, "src/agent.ts": agent } },
    { name: "export * cycle still finds the class", files: { "wrangler.jsonc": config, "src/index.ts": `export * from "./a";\n${handler}`, "src/a.ts": `export * from "./b";\nexport * from "./index";\n`, "src/b.ts": agent } },
  ],
  invalid: [
    {
      name: "a Workflow class not exported: wrangler's Workflows message",
      files: { "wrangler.jsonc": wfConfig, "src/index.ts": handler, "src/flow.ts": wfClass },
      findings: [
        { file: "wrangler.jsonc", line: 4, messageId: "workflowNotExported", data: { className: "MyWorkflow" } },
        { file: "src/flow.ts", line: 2, messageId: "workflowDeclaredHere", data: { binding: "MY_WORKFLOW" } },
      ],
      output: { "src/index.ts": `${handler}export { MyWorkflow } from "./flow";\n` },
    },
    {
      name: "a Workflow class declared in the entry without export (TOML)",
      files: { "wrangler.toml": wfToml, "src/index.ts": `import { WorkflowEntrypoint } from "cloudflare:workers";\nclass MyWorkflow extends WorkflowEntrypoint<Env> { async run() {} }\n${handler}` },
      findings: [
        { file: "wrangler.toml", line: 7, messageId: "workflowNotExported" },
        { file: "src/index.ts", line: 2, messageId: "workflowDeclaredHere" },
      ],
      output: { "src/index.ts": `import { WorkflowEntrypoint } from "cloudflare:workers";\nexport class MyWorkflow extends WorkflowEntrypoint<Env> { async run() {} }\n${handler}` },
    },
    {
      name: "workflows are not inherited: an environment's own Workflow, checked with --env",
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
        "src/index.ts": handler,
        "src/flow.ts": wfClass,
      },
      findings: [
        { file: "wrangler.jsonc", line: 5, messageId: "workflowNotExported" },
        { file: "src/flow.ts", line: 2, messageId: "workflowDeclaredHere", data: { env: "env.staging" } },
      ],
    },
    {
      name: "re-exported as a type only: esbuild erases it",
      files: { "wrangler.jsonc": config, "src/index.ts": `export type { CoderAgent } from "./agent";\n${handler}`, "src/agent.ts": agent },
      findings: [{ file: "wrangler.jsonc", line: 6, messageId: "durableObjectNotExported", data: { className: "CoderAgent" } }, { file: "src/agent.ts", line: 2, messageId: "durableObjectDeclaredHere" }],
    },
    {
      name: "an inline type modifier on the re-export",
      files: { "wrangler.jsonc": config, "src/index.ts": `export { type CoderAgent } from "./agent";\n${handler}`, "src/agent.ts": agent },
      findings: [{ file: "wrangler.jsonc", line: 6, messageId: "durableObjectNotExported", data: { className: "CoderAgent" } }, { file: "src/agent.ts", line: 2, messageId: "durableObjectDeclaredHere" }],
    },
    {
      name: "imported as a type, then exported",
      files: { "wrangler.jsonc": config, "src/index.ts": `import type { CoderAgent } from "./agent";\nexport { CoderAgent };\n${handler}`, "src/agent.ts": agent },
      findings: [{ file: "wrangler.jsonc", line: 6, messageId: "durableObjectNotExported", data: { className: "CoderAgent" } }, { file: "src/agent.ts", line: 2, messageId: "durableObjectDeclaredHere" }],
    },
    {
      name: "an ambient class (declare): no class exists at run time",
      files: { "wrangler.jsonc": config, "src/index.ts": `import { Agent } from "agents";\nexport declare class CoderAgent extends Agent<Env> {}\n${handler}` },
      findings: [{ file: "wrangler.jsonc", line: 6, messageId: "durableObjectNotExported", data: { className: "CoderAgent" } }, { file: "src/index.ts", line: 2, messageId: "durableObjectDeclaredHere" }],
    },
    {
      name: "declared in another file, never re-exported",
      files: { "wrangler.jsonc": config, "src/index.ts": handler, "src/agent.ts": agent },
      findings: [
        { file: "wrangler.jsonc", line: 6, messageId: "durableObjectNotExported", data: { className: "CoderAgent" } },
        { file: "src/agent.ts", line: 2, messageId: "durableObjectDeclaredHere" },
      ],
      output: { "src/index.ts": `${handler}export { CoderAgent } from "./agent";\n` },
    },
    {
      name: "declared in the entry without export",
      files: { "wrangler.jsonc": config, "src/index.ts": `import { Agent } from "agents";\nclass CoderAgent extends Agent<Env> {}\n${handler}` },
      findings: [
        { file: "wrangler.jsonc", line: 6, messageId: "durableObjectNotExported" },
        { file: "src/index.ts", line: 2, messageId: "durableObjectDeclaredHere" },
      ],
      output: { "src/index.ts": `import { Agent } from "agents";\nexport class CoderAgent extends Agent<Env> {}\n${handler}` },
    },
    {
      name: "only a default export",
      files: { "wrangler.jsonc": config, "src/index.ts": `export * from "./agent";\n${handler}`, "src/agent.ts": `import { Agent } from "agents";\nexport default class CoderAgent extends Agent<Env> {}\n` },
      findings: [
        { file: "wrangler.jsonc", line: 6, messageId: "durableObjectNotExported", message: "export default" },
        { file: "src/agent.ts", line: 2, messageId: "durableObjectDeclaredHere" },
      ],
      // `export *` already reaches the file: the named export there is enough.
      output: { "src/agent.ts": `import { Agent } from "agents";\nexport default class CoderAgent extends Agent<Env> {}\nexport { CoderAgent };\n` },
    },
    {
      name: "re-exported from a module that does not export it: fixed in that module, not the entry",
      files: { "wrangler.jsonc": config, "src/index.ts": `export { CoderAgent } from "./mid";\n${handler}`, "src/mid.ts": `export const version = 1;\n`, "src/agent.ts": agent },
      findings: [
        { file: "wrangler.jsonc", line: 6, messageId: "durableObjectNotExported" },
        { file: "src/agent.ts", line: 2, messageId: "durableObjectDeclaredHere" },
      ],
      output: { "src/mid.ts": `export const version = 1;\nexport { CoderAgent } from "./agent";\n` },
    },
    {
      name: "re-exported from a module that only imports it: that module exports its import",
      files: {
        "wrangler.jsonc": config,
        "src/index.ts": `export { CoderAgent } from "./mid";\n${handler}`,
        "src/mid.ts": `import { CoderAgent } from "./agent";\nexport const kind = CoderAgent.name;\n`,
        "src/agent.ts": agent,
      },
      findings: [
        { file: "wrangler.jsonc", line: 6, messageId: "durableObjectNotExported" },
        { file: "src/agent.ts", line: 2, messageId: "durableObjectDeclaredHere" },
      ],
      output: { "src/mid.ts": `import { CoderAgent } from "./agent";\nexport const kind = CoderAgent.name;\nexport { CoderAgent };\n` },
    },
    {
      name: "a chain broken two levels deep is fixed at the break",
      files: {
        "wrangler.jsonc": config,
        "src/index.ts": `export { CoderAgent } from "./agents";\n${handler}`,
        "src/agents/index.ts": `export { CoderAgent } from "./registry";\n`,
        "src/agents/registry.ts": `export const names = ["coder"];\n`,
        "src/agents/coder.ts": agent,
      },
      findings: [
        { file: "wrangler.jsonc", line: 6, messageId: "durableObjectNotExported" },
        { file: "src/agents/coder.ts", line: 2, messageId: "durableObjectDeclaredHere" },
      ],
      output: { "src/agents/registry.ts": `export const names = ["coder"];\nexport { CoderAgent } from "./coder";\n` },
    },
    {
      name: "a chain two levels deep ending at the declaring file, where the class lacks `export`",
      files: {
        "wrangler.jsonc": config,
        "src/index.ts": `export { CoderAgent } from "./agents";\n${handler}`,
        "src/agents/index.ts": `export { CoderAgent } from "./coder";\n`,
        "src/agents/coder.ts": `import { Agent } from "agents";\nclass CoderAgent extends Agent<Env> {}\n`,
      },
      findings: [
        { file: "wrangler.jsonc", line: 6 },
        { file: "src/agents/coder.ts", line: 2 },
      ],
      output: { "src/agents/coder.ts": `import { Agent } from "agents";\nexport class CoderAgent extends Agent<Env> {}\n` },
    },
    {
      name: "an `export *` chain reaching the declaring file: `export` added there",
      files: {
        "wrangler.jsonc": config,
        "src/index.ts": `export * from "./agents";\n${handler}`,
        "src/agents/index.ts": `export * from "./coder";\n`,
        "src/agents/coder.ts": `import { Agent } from "agents";\nclass CoderAgent extends Agent<Env> {}\n`,
      },
      findings: [
        { file: "wrangler.jsonc", line: 6 },
        { file: "src/agents/coder.ts", line: 2 },
      ],
      output: { "src/agents/coder.ts": `import { Agent } from "agents";\nexport class CoderAgent extends Agent<Env> {}\n` },
    },
    {
      name: "an `export *` chain that misses the declaring file: a named re-export in the entry",
      files: {
        "wrangler.jsonc": config,
        "src/index.ts": `export * from "./agents";\n${handler}`,
        "src/agents/index.ts": `export * from "./chat";\n`,
        "src/agents/chat.ts": `export class ChatAgent {}\n`,
        "src/agents/coder.ts": agent,
      },
      findings: [
        { file: "wrangler.jsonc", line: 6 },
        { file: "src/agents/coder.ts", line: 2 },
      ],
      output: { "src/index.ts": `export * from "./agents";\n${handler}export { CoderAgent } from "./agents/coder";\n` },
    },
    {
      name: "an alias whose source module lacks the inner name: that module exports its aliased import",
      files: {
        "wrangler.jsonc": config,
        "src/index.ts": `export { Coder as CoderAgent } from "./mid";\n${handler}`,
        "src/mid.ts": `import { CoderAgent as Coder } from "./agent";\nexport const kind = Coder.name;\n`,
        "src/agent.ts": agent,
      },
      findings: [
        { file: "wrangler.jsonc", line: 6, messageId: "durableObjectNotExported" },
        { file: "src/agent.ts", line: 2, messageId: "durableObjectDeclaredHere" },
      ],
      output: { "src/mid.ts": `import { CoderAgent as Coder } from "./agent";\nexport const kind = Coder.name;\nexport { Coder };\n` },
    },
    {
      name: "an alias re-exported from a missing file: the broken statement is pointed at the class",
      files: { "wrangler.jsonc": config, "src/index.ts": `export { Coder as CoderAgent } from './old-agent';\n${handler}`, "src/agent.ts": agent },
      findings: [
        { file: "wrangler.jsonc", line: 6, messageId: "durableObjectNotExported" },
        { file: "src/agent.ts", line: 2, messageId: "durableObjectDeclaredHere" },
      ],
      output: { "src/index.ts": `export { CoderAgent } from './agent';\n${handler}` },
    },
    {
      name: "a missing file re-exporting several names: no fix (a second CoderAgent export would not build)",
      files: { "wrangler.jsonc": config, "src/index.ts": `export { CoderAgent, helper } from "./old-agent";\n${handler}`, "src/agent.ts": agent },
      findings: [
        { file: "wrangler.jsonc", line: 6, messageId: "durableObjectNotExported" },
        { file: "src/agent.ts", line: 2, messageId: "durableObjectDeclaredHere" },
      ],
      output: null,
    },
    {
      name: "a re-export cycle: the broken re-export is pointed at the declaring file",
      files: {
        "wrangler.jsonc": config,
        "src/index.ts": `export { CoderAgent } from "./mid";\n${handler}`,
        "src/mid.ts": `export { CoderAgent } from "./index";\n`,
        "src/agent.ts": agent,
      },
      findings: [
        { file: "wrangler.jsonc", line: 6, messageId: "durableObjectNotExported" },
        { file: "src/agent.ts", line: 2, messageId: "durableObjectDeclaredHere" },
      ],
      output: { "src/mid.ts": `export { CoderAgent } from "./agent";\n` },
    },
    {
      name: "the entry has only a type import of the class: a value re-export, not `export { A }` of the erased import",
      files: { "wrangler.jsonc": config, "src/index.ts": `import type { CoderAgent } from "./agent";\n${handler}`, "src/agent.ts": agent },
      findings: [
        { file: "wrangler.jsonc", line: 6 },
        { file: "src/agent.ts", line: 2 },
      ],
      output: { "src/index.ts": `import type { CoderAgent } from "./agent";\n${handler}export { CoderAgent } from "./agent";\n` },
    },
    {
      name: "a module on the chain imports it with an inline `type`: re-exported from the declaring file there",
      files: {
        "wrangler.jsonc": config,
        "src/index.ts": `export { CoderAgent } from "./mid";\n${handler}`,
        "src/mid.ts": `import { type CoderAgent, helper } from "./agent";\nexport const run = (a: CoderAgent) => helper(a);\n`,
        "src/agent.ts": `${agent}export function helper(_: unknown) {}\n`,
      },
      findings: [
        { file: "wrangler.jsonc", line: 6 },
        { file: "src/agent.ts", line: 2 },
      ],
      output: { "src/mid.ts": `import { type CoderAgent, helper } from "./agent";\nexport const run = (a: CoderAgent) => helper(a);\nexport { CoderAgent } from "./agent";\n` },
    },
    {
      name: "not exported from its own file either",
      files: { "wrangler.jsonc": config, "src/index.ts": `import "./agent.js";\n${handler}`, "src/agent.ts": `import { Agent } from "agents";\nclass CoderAgent extends Agent<Env> {}\n` },
      findings: [
        { file: "wrangler.jsonc", line: 6, messageId: "durableObjectNotExported" },
        { file: "src/agent.ts", line: 2, messageId: "durableObjectDeclaredHere" },
      ],
      output: {
        "src/agent.ts": `import { Agent } from "agents";\nexport class CoderAgent extends Agent<Env> {}\n`,
        "src/index.ts": `import "./agent.js";\n${handler}export { CoderAgent } from "./agent.js";\n`,
      },
    },
  ],
});
