import { testRule } from "../../support/ruleTester";

const box = `import { Container } from "@cloudflare/containers";
export class Box extends Container<Env> {}
export default { fetch() { return new Response("ok"); } };
`;
const jsonc = (containers: string, bindings: string, migrations = `[{ "tag": "v1", "new_sqlite_classes": ["Box"] }]`, env = "") => `{
  "name": "app",
  "main": "src/index.ts",
  "containers": ${containers},
  "durable_objects": { "bindings": ${bindings} },
  "migrations": ${migrations},${env}
}
`;

testRule("container-class-invalid", {
  valid: [
    { name: "a bound, SQLite-created Container class", files: { "wrangler.jsonc": jsonc(`[{ "class_name": "Box", "image": "./Dockerfile" }]`, `[{ "name": "BOX", "class_name": "Box" }]`), "src/index.ts": box } },
    {
      name: "created by a migration but not bound: wrangler accepts it",
      files: { "wrangler.jsonc": jsonc(`[{ "class_name": "Box", "image": "./Dockerfile" }]`, `[]`), "src/index.ts": box },
    },
    {
      name: "a Sandbox subclass, and a class extending DurableObject (ctx.container) (TOML)",
      files: {
        "wrangler.toml": `name = "app"
main = "src/index.ts"

[[containers]]
class_name = "MySandbox"
image = "./Dockerfile"

[[containers]]
class_name = "Raw"
image = "docker.io/library/nginx:1.27"

[[durable_objects.bindings]]
name = "SANDBOX"
class_name = "MySandbox"

[[durable_objects.bindings]]
name = "RAW"
class_name = "Raw"

[[migrations]]
tag = "v1"
new_sqlite_classes = ["MySandbox", "Raw"]
`,
        "src/index.ts": `import { Sandbox } from "@cloudflare/sandbox";
import { DurableObject } from "cloudflare:workers";
export class MySandbox extends Sandbox {}
export class Raw extends DurableObject { start() { this.ctx.container?.start(); } }
export default { fetch() { return new Response("ok"); } };
`,
      },
    },
    {
      name: "a container linked from `exports` (no class_name) is not this rule's",
      files: {
        "wrangler.jsonc": `{ "name": "app", "main": "src/index.ts", "containers": [{ "name": "box", "image": "./Dockerfile" }], "exports": { "Box": { "type": "durable-object", "storage": "sqlite", "container": "box" } } }\n`,
        "src/index.ts": box,
      },
    },
  ],
  invalid: [
    {
      name: "class_name matches no Durable Object of the worker",
      files: { "wrangler.jsonc": jsonc(`[{ "class_name": "Sandbox", "image": "./Dockerfile" }]`, `[{ "name": "BOX", "class_name": "Box" }]`), "src/index.ts": box },
      findings: [{ file: "wrangler.jsonc", line: 4, message: ["The container class_name Sandbox does not match any durable object class_name defined in your Wrangler config file"] }],
      output: null,
    },
    {
      name: "the class is bound from another worker (script_name)",
      files: {
        "wrangler.jsonc": jsonc(`[{ "class_name": "Box", "image": "./Dockerfile" }]`, `[{ "name": "BOX", "class_name": "Box", "script_name": "boxes" }]`, `[]`),
        "src/index.ts": `export default { fetch() { return new Response("ok"); } };\n`,
      },
      findings: [{ file: "wrangler.jsonc", line: 4, message: ['from the worker "boxes"', "defined in another Worker"] }],
    },
    {
      name: "an environment's own containers name a class its bindings lack",
      env: "staging",
      files: {
        "wrangler.jsonc": jsonc(
          `[{ "class_name": "Box", "image": "./Dockerfile" }]`,
          `[{ "name": "BOX", "class_name": "Box" }]`,
          `[{ "tag": "v1", "new_sqlite_classes": ["Box"] }]`,
          `
  "env": {
    "staging": {
      "durable_objects": { "bindings": [{ "name": "BOX", "class_name": "Box" }] },
      "containers": [{ "class_name": "BoxV2", "image": "./Dockerfile" }],
    },
  },`,
        ),
        "src/index.ts": box,
      },
      findings: [{ file: "wrangler.jsonc", line: 10, message: "class_name BoxV2 does not match" }],
    },
    {
      name: "the class is a WorkerEntrypoint (TOML)",
      files: {
        "wrangler.toml": `name = "app"
main = "src/index.ts"

[[containers]]
class_name = "Box"
image = "./Dockerfile"

[[durable_objects.bindings]]
name = "BOX"
class_name = "Box"

[[migrations]]
tag = "v1"
new_sqlite_classes = ["Box"]
`,
        "src/index.ts": `import { WorkerEntrypoint } from "cloudflare:workers";\nexport class Box extends WorkerEntrypoint {}\nexport default { fetch() { return new Response("ok"); } };\n`,
      },
      findings: [{ file: "wrangler.toml", line: 5, message: ['extends WorkerEntrypoint (from "cloudflare:workers")'] }],
    },
  ],
});
