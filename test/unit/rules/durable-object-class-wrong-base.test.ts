import { testRule } from "../../support/ruleTester";

const handler = `export default { fetch() { return new Response("ok"); } };
`;

const config = `{
  "name": "app",
  "main": "src/index.ts",
  "durable_objects": { "bindings": [{ "name": "THING", "class_name": "Thing" }] },
  "migrations": [{ "tag": "v1", "new_sqlite_classes": ["Thing"] }]
}
`;

const toml = `name = "app"
main = "src/index.ts"

[[durable_objects.bindings]]
name = "THING"
class_name = "Thing"

[[migrations]]
tag = "v1"
new_sqlite_classes = ["Thing"]
`;

testRule("durable-object-class-wrong-base", {
  valid: [
    { name: "extends DurableObject", files: { "wrangler.jsonc": config, "src/index.ts": `import { DurableObject } from "cloudflare:workers";\nexport class Thing extends DurableObject {}\n${handler}` } },
    { name: "an Agent", files: { "wrangler.jsonc": config, "src/index.ts": `import { Agent } from "agents";\nexport class Thing extends Agent<Env> {}\n${handler}` } },
    { name: "no base class at all (an old-style Durable Object: fetch works)", files: { "wrangler.toml": toml, "src/index.ts": `export class Thing { fetch() { return new Response("t"); } }\n${handler}` } },
    { name: "a base from another package: not judged", files: { "wrangler.jsonc": config, "src/index.ts": `import { Base } from "some-lib";\nexport class Thing extends Base {}\n${handler}` } },
    {
      name: "a class of another worker (script_name)",
      files: {
        "wrangler.jsonc": `{ "name": "app", "main": "src/index.ts", "durable_objects": { "bindings": [{ "name": "THING", "class_name": "Thing", "script_name": "other" }] } }\n`,
        "src/index.ts": `import { WorkerEntrypoint } from "cloudflare:workers";\nexport class Thing extends WorkerEntrypoint {}\n${handler}`,
      },
    },
    { name: "not exported: class-not-exported's finding, not this rule's", files: { "wrangler.jsonc": config, "src/index.ts": handler, "src/thing.ts": `import { WorkerEntrypoint } from "cloudflare:workers";\nexport class Thing extends WorkerEntrypoint {}\n` } },
  ],
  invalid: [
    {
      name: "a WorkerEntrypoint bound as a Durable Object",
      files: { "wrangler.jsonc": config, "src/index.ts": `import { WorkerEntrypoint } from "cloudflare:workers";\nexport class Thing extends WorkerEntrypoint {}\n${handler}` },
      findings: [{ file: "wrangler.jsonc", line: 4, message: ['binds class "Thing", which extends WorkerEntrypoint (from "cloudflare:workers"), not DurableObject', "no such Durable Object class is exported"] }],
      output: null,
    },
    {
      name: "a Workflow through a local base, re-exported (TOML)",
      files: {
        "wrangler.toml": toml,
        "src/index.ts": `export { Thing } from "./thing";\n${handler}`,
        "src/thing.ts": `import { WorkflowEntrypoint } from "cloudflare:workers";\nabstract class Base extends WorkflowEntrypoint<Env> {}\nexport class Thing extends Base { async run() {} }\n`,
      },
      findings: [{ file: "wrangler.toml", line: 6, message: "extends WorkflowEntrypoint" }],
    },
    {
      name: "an RpcTarget in an environment's own bindings",
      env: "staging",
      files: {
        "wrangler.jsonc": `{
  "name": "app",
  "main": "src/index.ts",
  "env": {
    "staging": { "durable_objects": { "bindings": [{ "name": "THING", "class_name": "Thing" }] } },
  },
}
`,
        "src/index.ts": `import * as workers from "cloudflare:workers";\nexport class Thing extends workers.RpcTarget {}\n${handler}`,
      },
      findings: [{ file: "wrangler.jsonc", line: 5, message: "RpcTarget" }],
    },
  ],
});
