import * as assert from "node:assert/strict";
import { fixLeavesNothingNew } from "../../support/fixRecheck";
import { testRule, type InvalidCase } from "../../support/ruleTester";

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
      name: "the default entrypoint's settings: `export default { fetch }` is that entrypoint (an object, not a class)",
      files: {
        "wrangler.jsonc": config(`{ "default": { "type": "worker", "cache": { "enabled": true } } }`),
        "src/index.ts": counter,
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
      name: "the default entrypoint's settings, but the entry has no default export (warning)",
      files: {
        "wrangler.jsonc": config(`{ "default": { "type": "worker" } }`),
        "src/index.ts": `import { WorkerEntrypoint } from "cloudflare:workers";\nexport class Api extends WorkerEntrypoint {}\n`,
      },
      findings: [{ file: "wrangler.jsonc", line: 4, severity: "warning", message: 'declares the entrypoint "default"' }],
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

// Did you mean: the one class of the entry's kind, exported by main and declared by no other entry, near the entry's name.
const toml = (key: string) => `name = "app"
main = "src/index.ts"

# the counter
[exports.${key}]
type = "durable-object"
storage = "sqlite"

[env.staging]
`;
const fixCases: InvalidCase[] = [
  {
    name: "did you mean: a Durable Object entry one letter off the exported class (JSONC)",
    files: { "wrangler.jsonc": config(`{ "Countr": { "type": "durable-object", "storage": "sqlite" } /* v2 */ }`), "src/index.ts": counter },
    findings: [{ file: "wrangler.jsonc", line: 4, messageId: "durableObjectMissing" }],
    output: { "wrangler.jsonc": config(`{ "Counter": { "type": "durable-object", "storage": "sqlite" } /* v2 */ }`) },
  },
  {
    name: "did you mean: an entrypoint entry (the Durable Object class of a near name is not offered)",
    files: { "wrangler.jsonc": config(`{ "Ap": { "type": "worker" } }`), "src/index.ts": counter },
    findings: [{ file: "wrangler.jsonc", line: 4, messageId: "workerMissing", severity: "warning" }],
    output: { "wrangler.jsonc": config(`{ "Api": { "type": "worker" } }`) },
  },
  {
    name: "did you mean: a bare TOML key, inherited by an environment",
    env: "staging",
    files: { "wrangler.toml": toml("Countr"), "src/index.ts": counter },
    findings: [{ file: "wrangler.toml", line: 5, messageId: "durableObjectMissing" }],
    output: { "wrangler.toml": toml("Counter") },
  },
  {
    name: "did you mean: a quoted TOML key stays quoted",
    files: { "wrangler.toml": toml(`"Countr"`), "src/index.ts": counter },
    findings: [{ file: "wrangler.toml", line: 5, messageId: "durableObjectMissing" }],
    output: { "wrangler.toml": toml(`"Counter"`) },
  },
];

testRule("exports-entry-invalid", {
  valid: [],
  invalid: [
    ...fixCases,
    {
      name: "no fix toward a class another entry declares already",
      files: { "wrangler.jsonc": config(`{ "Counter": { "type": "durable-object", "storage": "sqlite" }, "Countr": { "type": "durable-object", "storage": "sqlite" } }`), "src/index.ts": counter },
      findings: [{ file: "wrangler.jsonc", line: 4, messageId: "durableObjectMissing" }],
      output: null,
    },
  ],
});

describe("exports-entry-invalid's fix, applied and checked again", () => {
  for (const testCase of fixCases) {
    it(testCase.name, () => {
      const fix = fixLeavesNothingNew("exports-entry-invalid", testCase);
      assert.equal(fix.safe, false, "a guess about intent is never applied by --fix");
    });
  }
});
