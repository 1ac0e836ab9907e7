import { testRule } from "../../support/ruleTester";
import { AGENT_WORKER as entry } from "../../support/workerSources";
import { WORKFLOW_CLASS as wfClass, WORKFLOW_CONFIG as wfConfig, WORKFLOW_TOML as wfToml } from "../../support/workerSources";


const jsonc = (className: string) => `{
  // the worker
  "name": "coder",
  "main": "src/index.ts",
  "compatibility_flags": ["nodejs_compat"],
  "durable_objects": {
    "bindings": [
      { "name": "CoderAgent", "class_name": ${JSON.stringify(className)} }, // the agent
    ],
  },
  "migrations": [{ "tag": "v1", "new_sqlite_classes": ["CoderAgent"] }],
}
`;


testRule("class-not-found", {
  valid: [
    {
      name: "classes a factory makes, exported by a destructuring declaration (real: backpine/durable-effect)",
      files: {
        "wrangler.jsonc": jsonc("CoderAgent"),
        "src/index.ts": `import { makeAgents } from "./factory";\nexport const { CoderAgent, Client: AgentClient } = makeAgents();\nexport default { fetch() { return new Response("ok"); } };\n`,
        "src/factory.ts": `export function makeAgents() { return { CoderAgent: class {}, Client: {} }; }\n`,
      },
    },
    { name: "a Workflow class that exists", files: { "wrangler.jsonc": wfConfig, "src/index.ts": `${wfClass}export default { fetch() { return new Response("ok"); } };\n` } },
    {
      name: "a Workflow of another worker (script_name)",
      files: {
        "wrangler.toml": `name = "api"\nmain = "src/index.ts"\n\n[[workflows]]\nbinding = "FLOW"\nname = "my-workflow"\nclass_name = "Nowhere"\nscript_name = "jobs"\n`,
        "src/index.ts": `export default { fetch() { return new Response("ok"); } };\n`,
      },
    },
    {
      name: "a Python Worker: its classes cannot be read, nothing is said about them",
      files: {
        "wrangler.jsonc": `{\n  "name": "py",\n  "main": "src/entry.py",\n  "durable_objects": { "bindings": [{ "name": "COUNTER", "class_name": "Counter" }] },\n}\n`,
        "src/entry.py": "from workers import DurableObject\nclass Counter(DurableObject):\n    pass\n",
      },
    },
    {
      name: "main is a build output not built yet, with no source entry known: class rules wait",
      files: {
        "wrangler.jsonc": `{\n  "name": "next",\n  "main": ".open-next/worker.js",\n  "durable_objects": { "bindings": [{ "name": "NEXT_CACHE_DO_QUEUE", "class_name": "DOQueueHandler" }] },\n}\n`,
        "app/page.tsx": "export default function Page() { return null; }\n",
      },
    },
    { name: "the class is declared and exported in the entry", files: { "wrangler.jsonc": jsonc("CoderAgent"), "src/index.ts": entry } },
    {
      name: "the class exists but is not exported (class-not-exported's finding)",
      files: { "wrangler.jsonc": jsonc("CoderAgent"), "src/index.ts": `export default { fetch() { return new Response("ok"); } };\n`, "src/agent.ts": entry },
    },
    {
      name: "the entry re-exports the class from a package",
      files: { "wrangler.jsonc": jsonc("CoderAgent"), "src/index.ts": `export { CoderAgent } from "@acme/agents";\nexport default { fetch() { return new Response("ok"); } };\n` },
    },
    {
      name: "a binding to another worker's class (script_name) is not looked up here",
      files: {
        "wrangler.jsonc": `{
  "name": "web",
  "main": "src/index.ts",
  "durable_objects": { "bindings": [{ "name": "CODER", "class_name": "CoderAgent", "script_name": "coder" }] },
}
`,
        "src/index.ts": `export default { fetch() { return new Response("ok"); } };\n`,
      },
    },
    {
      name: "main is missing: main-not-found's finding, not this one",
      files: { "wrangler.jsonc": jsonc("Nope"), "src/worker.ts": entry },
    },
    {
      name: "TOML: each environment binds an existing class",
      files: {
        "wrangler.toml": `name = "coder"
main = "src/index.ts"
compatibility_flags = ["nodejs_compat"]

[[durable_objects.bindings]]
name = "CoderAgent"
class_name = "CoderAgent"

[[migrations]]
tag = "v1"
new_sqlite_classes = ["CoderAgent", "ReviewAgent"]

[env.staging]
[[env.staging.durable_objects.bindings]]
name = "REVIEW"
class_name = "ReviewAgent"
`,
        "src/index.ts": `export { CoderAgent } from "./coder";\nexport * from "./review";\nexport default { fetch() { return new Response("ok"); } };\n`,
        "src/coder.ts": entry,
        "src/review.ts": `import { Agent } from "agents";\nexport class ReviewAgent extends Agent<Env> {}\n`,
      },
    },
  ],
  invalid: [
    {
      name: "a Workflow class_name with a typo: the nearest Workflow class",
      files: { "wrangler.jsonc": wfConfig.replace('"class_name": "MyWorkflow"', '"class_name": "MyWorkflw"'), "src/index.ts": `${wfClass}export default { fetch() { return new Response("ok"); } };\n` },
      findings: [{ file: "wrangler.jsonc", line: 4, messageId: "workflowClassSuggestion", data: { suggestion: "MyWorkflow" } }],
      output: { "wrangler.jsonc": wfConfig },
    },
    {
      name: "a Workflow class defined nowhere (TOML)",
      files: { "wrangler.toml": wfToml, "src/index.ts": `export default { fetch() { return new Response("ok"); } };\n` },
      findings: [{ file: "wrangler.toml", line: 7, messageId: "workflowClass", data: { className: "MyWorkflow" } }],
      output: null,
    },
    {
      name: "main is a build output: class_name is checked against the source entry the build script bundles",
      files: {
        "package.json": `{ "scripts": { "build": "esbuild src/worker.ts --bundle --outfile=dist/worker.js" } }\n`,
        "wrangler.jsonc": `{\n  "name": "app",\n  "main": "dist/worker.js",\n  "durable_objects": { "bindings": [{ "name": "COUNTER", "class_name": "Countr" }] },\n}\n`,
        "src/worker.ts": `import { DurableObject } from "cloudflare:workers";\nexport class Counter extends DurableObject {}\nexport default {};\n`,
      },
      findings: [{ file: "wrangler.jsonc", line: 4, messageId: "durableObjectClassSuggestion", data: { suggestion: "Counter" } }],
    },
    {
      name: "JSONC: a typo in class_name, fixed to the nearest Durable Object class",
      files: { "wrangler.jsonc": jsonc("CoderAgnet"), "src/index.ts": entry },
      findings: [
        {
          file: "wrangler.jsonc",
          line: 8, messageId: "durableObjectClassSuggestion",
          message: [
            'No class named "CoderAgnet" exists',
            '"Your Worker depends on the following Durable Objects, which are not exported in your entrypoint file: CoderAgnet."',
            'Did you mean "CoderAgent"?',
          ],
        },
      ],
      output: { "wrangler.jsonc": jsonc("CoderAgent") },
    },
    {
      name: "JSONC: the binding name written as class_name",
      files: { "wrangler.jsonc": jsonc("CODER_AGENT"), "src/index.ts": entry },
      findings: [{ file: "wrangler.jsonc", line: 8, messageId: "durableObjectClassSuggestion", data: { suggestion: "CoderAgent" } }],
      output: { "wrangler.jsonc": jsonc("CoderAgent") },
    },
    {
      name: "no class is close enough: no fix offered",
      files: { "wrangler.jsonc": jsonc("ChatRoom"), "src/index.ts": entry },
      findings: [{ file: "wrangler.jsonc", line: 8, messageId: "durableObjectClass", data: { className: "ChatRoom" } }],
      output: null,
    },
    {
      name: "TOML: a literal string is replaced by a basic string, comment kept",
      files: {
        "wrangler.toml": `name = "coder"
main = "src/index.ts"
compatibility_flags = ["nodejs_compat"]

[[durable_objects.bindings]]
name = "CoderAgent"
class_name = 'CoderAgents' # the agent
`,
        "src/index.ts": entry,
      },
      findings: [{ file: "wrangler.toml", line: 7, messageId: "durableObjectClassSuggestion", data: { suggestion: "CoderAgent" } }],
      output: {
        "wrangler.toml": `name = "coder"
main = "src/index.ts"
compatibility_flags = ["nodejs_compat"]

[[durable_objects.bindings]]
name = "CoderAgent"
class_name = "CoderAgent" # the agent
`,
      },
    },
    {
      name: "TOML: a typo only in env.staging (durable_objects is not inherited)",
      files: {
        "wrangler.toml": `name = "coder"
main = "src/index.ts"
compatibility_flags = ["nodejs_compat"]

[[durable_objects.bindings]]
name = "CoderAgent"
class_name = "CoderAgent"

[env.staging]
name = "coder-staging"

[[env.staging.durable_objects.bindings]]
name = "CoderAgent"
class_name = "CoderAgen"
`,
        "src/index.ts": entry,
      },
      findings: [{ file: "wrangler.toml", line: 14, messageId: "durableObjectClassSuggestion", data: { className: "CoderAgen" } }],
      output: {
        "wrangler.toml": `name = "coder"
main = "src/index.ts"
compatibility_flags = ["nodejs_compat"]

[[durable_objects.bindings]]
name = "CoderAgent"
class_name = "CoderAgent"

[env.staging]
name = "coder-staging"

[[env.staging.durable_objects.bindings]]
name = "CoderAgent"
class_name = "CoderAgent"
`,
      },
    },
    {
      name: "a plain DurableObject in another file is suggested",
      files: {
        "wrangler.jsonc": `{
  "name": "chat",
  "main": "src/index.ts",
  "durable_objects": { "bindings": [{ "name": "ROOMS", "class_name": "Chatroom" }] },
  "migrations": [{ "tag": "v1", "new_sqlite_classes": ["ChatRoom"] }],
}
`,
        "src/index.ts": `export { ChatRoom } from "./room";\nexport default { fetch() { return new Response("ok"); } };\n`,
        "src/room.ts": `import { DurableObject } from "cloudflare:workers";\nexport class ChatRoom extends DurableObject<Env> {}\n`,
      },
      findings: [{ file: "wrangler.jsonc", line: 4, messageId: "durableObjectClassSuggestion", data: { suggestion: "ChatRoom" } }],
      output: {
        "wrangler.jsonc": `{
  "name": "chat",
  "main": "src/index.ts",
  "durable_objects": { "bindings": [{ "name": "ROOMS", "class_name": "ChatRoom" }] },
  "migrations": [{ "tag": "v1", "new_sqlite_classes": ["ChatRoom"] }],
}
`,
      },
    },
    {
      name: "typos in two environments: one finding each",
      files: {
        "wrangler.jsonc": `{
  "name": "coder",
  "main": "src/index.ts",
  "compatibility_flags": ["nodejs_compat"],
  "durable_objects": { "bindings": [{ "name": "CoderAgent", "class_name": "CoderAgnet" }] },
  "env": {
    "staging": {
      "durable_objects": { "bindings": [{ "name": "CoderAgent", "class_name": "CoderAgen" }] },
    },
  },
}
`,
        "src/index.ts": entry,
      },
      findings: [
        { file: "wrangler.jsonc", line: 5, messageId: "durableObjectClassSuggestion", data: { className: "CoderAgnet" } },
        { file: "wrangler.jsonc", line: 8, messageId: "durableObjectClassSuggestion", data: { className: "CoderAgen" } },
      ],
      output: {
        "wrangler.jsonc": `{
  "name": "coder",
  "main": "src/index.ts",
  "compatibility_flags": ["nodejs_compat"],
  "durable_objects": { "bindings": [{ "name": "CoderAgent", "class_name": "CoderAgent" }] },
  "env": {
    "staging": {
      "durable_objects": { "bindings": [{ "name": "CoderAgent", "class_name": "CoderAgen" }] },
    },
  },
}
`,
      },
    },
    {
      name: "--env staging: the environment's own main and binding",
      env: "staging",
      files: {
        "wrangler.jsonc": `{
  "name": "coder",
  "main": "src/index.ts",
  "compatibility_flags": ["nodejs_compat"],
  "env": {
    "staging": {
      "main": "src/staging.ts",
      "durable_objects": { "bindings": [{ "name": "CoderAgent", "class_name": "StagingCoder" }] },
    },
  },
}
`,
        "src/index.ts": `export default { fetch() { return new Response("ok"); } };\n`,
        "src/staging.ts": entry,
      },
      findings: [{ file: "wrangler.jsonc", line: 8, messageId: "durableObjectClass", data: { className: "StagingCoder" } }],
      output: null,
    },
  ],
});
