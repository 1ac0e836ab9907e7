import { testRule } from "../../support/ruleTester";

const config = (exports: string, extra = "") => `{
  "name": "app",
  "main": "src/index.ts",
  "exports": ${exports},${extra}
}
`;
const counter = `import { DurableObject, WorkerEntrypoint } from "cloudflare:workers";
export class Counter extends DurableObject {}
export class Api extends WorkerEntrypoint {}
export default { fetch() { return new Response("ok"); } };
`;

testRule("exports-entry-invalid", {
  valid: [
    {
      name: "a Durable Object and an entrypoint, both exported; tombstones not checked",
      files: {
        "wrangler.jsonc": config(`{
    "Counter": { "type": "durable-object", "storage": "sqlite" },
    "Api": { "type": "worker" },
    "OldCounter": { "type": "durable-object", "state": "deleted" },
  }`),
        "src/index.ts": counter,
      },
    },
    {
      name: "a bound class not exported is class-not-exported's finding",
      files: {
        "wrangler.jsonc": config(`{ "Room": { "type": "durable-object", "storage": "sqlite" } }`, `\n  "durable_objects": { "bindings": [{ "name": "ROOM", "class_name": "Room" }] },`),
        "src/index.ts": counter,
        "src/room.ts": `import { DurableObject } from "cloudflare:workers";\nexport class Room extends DurableObject {}\n`,
      },
    },
    {
      name: "a container linked by name (TOML)",
      files: {
        "wrangler.toml": `name = "app"\nmain = "src/index.ts"\n\n[[containers]]\nname = "box"\nimage = "./Dockerfile"\n\n[exports.Counter]\ntype = "durable-object"\nstorage = "sqlite"\ncontainer = "box"\n`,
        "src/index.ts": counter,
      },
    },
  ],
  invalid: [
    {
      name: "a Durable Object entry the entry does not export",
      files: { "wrangler.jsonc": config(`{ "Room": { "type": "durable-object", "storage": "sqlite" } }`), "src/index.ts": counter },
      findings: [{ file: "wrangler.jsonc", line: 4, message: ['declares the Durable Object class "Room"', "not exported by script"] }],
      output: null,
    },
    {
      name: "an entrypoint entry the entry does not export (warning)",
      files: { "wrangler.jsonc": config(`{ "Admin": { "type": "worker" } }`), "src/index.ts": counter },
      findings: [{ file: "wrangler.jsonc", line: 4, severity: "warning", message: 'declares the entrypoint "Admin"' }],
    },
    {
      name: "kinds swapped: a WorkerEntrypoint as a Durable Object, a Durable Object as an entrypoint",
      files: {
        "wrangler.jsonc": config(`{
    "Api": { "type": "durable-object", "storage": "sqlite" },
    "Counter": { "type": "worker" },
  }`),
        "src/index.ts": counter,
      },
      findings: [
        { file: "wrangler.jsonc", line: 5, message: "extends WorkerEntrypoint" },
        { file: "wrangler.jsonc", line: 6, severity: "warning", message: "extends DurableObject" },
      ],
    },
    {
      name: "a container reference no containers entry has (TOML, inherited by an environment)",
      files: {
        "wrangler.toml": `name = "app"\nmain = "src/index.ts"\n\n[[containers]]\nclass_name = "Counter"\nimage = "./Dockerfile"\n\n[exports.Counter]\ntype = "durable-object"\nstorage = "sqlite"\ncontainer = "box-app"\n\n[env.staging]\n`,
        "src/index.ts": counter,
      },
      findings: [{ file: "wrangler.toml", line: 11, message: ['references a container named \\"box-app\\"'] }],
    },
  ],
});
