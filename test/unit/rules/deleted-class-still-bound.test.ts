import { testRule } from "../../support/ruleTester";
import { ROUTING_AGENT_WORKER as index, STORE_WORKER as storeWorker } from "../../support/workerSources";

const withOld = `import { Agent, routeAgentRequest } from "agents";
export class CoderAgent extends Agent<Env> {}
export class OldAgent extends Agent<Env> {}
export default {
  async fetch(request: Request, env: Env) {
    return (await routeAgentRequest(request, env)) ?? new Response("Not found", { status: 404 });
  },
};
`;

/** OldAgent created in v1 and deleted in v2; CoderAgent stays. */
const deletedConfig = (bindings: string, extra = "") => `{
  // the worker
  "name": "coder",
  "main": "src/index.ts",
  "compatibility_date": "2025-04-01",
  "compatibility_flags": ["nodejs_compat"],
  "durable_objects": {
    "bindings": [
${bindings}
    ],
  },
  "migrations": [
    { "tag": "v1", "new_sqlite_classes": ["CoderAgent", "OldAgent"] },
    { "tag": "v2", "deleted_classes": ["OldAgent"] }, // retired
  ],${extra}
}
`;
const coderBinding = `      { "name": "CoderAgent", "class_name": "CoderAgent" },`;
const oldBinding = `      { "name": "OldAgent", "class_name": "OldAgent" },`;
const deleteMessage = "Cannot apply --delete-class migration to class 'OldAgent' without also removing the binding that references it.";

const tomlConfig = (bindings: string) => `#:schema node_modules/wrangler/config-schema.json
name = "coder"
main = "src/index.ts"
compatibility_date = "2025-04-01"
compatibility_flags = ["nodejs_compat"]

${bindings}
[[migrations]]
tag = "v1"
new_sqlite_classes = ["CoderAgent", "OldAgent"]

[[migrations]]
tag = "v2"
deleted_classes = ["OldAgent"] # retired
`;

testRule("deleted-class-still-bound", {
  valid: [
    { name: "deleted class no longer bound (JSONC)", files: { "wrangler.jsonc": deletedConfig(coderBinding), "src/index.ts": index } },
    {
      name: "deleted class no longer bound (TOML)",
      files: { "wrangler.toml": tomlConfig(`[[durable_objects.bindings]]\nname = "CoderAgent"\nclass_name = "CoderAgent"\n`), "src/index.ts": index },
    },
    {
      name: "class deleted then created again",
      files: {
        "wrangler.jsonc": `{
  "name": "coder",
  "main": "src/index.ts",
  "compatibility_flags": ["nodejs_compat"],
  "durable_objects": { "bindings": [{ "name": "OldAgent", "class_name": "OldAgent" }] },
  "migrations": [
    { "tag": "v1", "new_sqlite_classes": ["OldAgent"] },
    { "tag": "v2", "deleted_classes": ["OldAgent"] },
    { "tag": "v3", "new_sqlite_classes": ["OldAgent"] },
  ],
}
`,
        "src/index.ts": withOld,
      },
    },
    {
      name: "renamed away, the binding follows the new name",
      files: {
        "wrangler.jsonc": `{
  "name": "coder",
  "main": "src/index.ts",
  "compatibility_flags": ["nodejs_compat"],
  "durable_objects": { "bindings": [{ "name": "CoderAgent", "class_name": "CoderAgent" }] },
  "migrations": [
    { "tag": "v1", "new_sqlite_classes": ["OldAgent"] },
    { "tag": "v2", "renamed_classes": [{ "from": "OldAgent", "to": "CoderAgent" }] },
  ],
}
`,
        "src/index.ts": index,
      },
    },
    {
      name: "another worker binds a class of the same name in a third worker",
      files: {
        "wrangler.jsonc": deletedConfig(coderBinding),
        "src/index.ts": index,
        "web/wrangler.jsonc": `{
  "name": "web",
  "main": "src/index.ts",
  "durable_objects": { "bindings": [{ "name": "OLD", "class_name": "OldAgent", "script_name": "legacy" }] },
}
`,
        "web/src/index.ts": `export default { fetch() { return new Response("web"); } };\n`,
      },
    },
    {
      name: "with --env staging, whose own migrations delete nothing",
      env: "staging",
      files: {
        "wrangler.jsonc": deletedConfig(
          `${coderBinding}\n${oldBinding}`,
          `
  "env": {
    "staging": {
      "durable_objects": { "bindings": [{ "name": "CoderAgent", "class_name": "CoderAgent" }] },
      "migrations": [{ "tag": "v1", "new_sqlite_classes": ["CoderAgent"] }],
    },
  },`,
        ),
        "src/index.ts": withOld,
      },
    },
    {
      name: "only env.staging's own migrations delete it; the top level still has the class",
      files: {
        "wrangler.jsonc": `{
  "name": "coder",
  "main": "src/index.ts",
  "compatibility_flags": ["nodejs_compat"],
  "durable_objects": { "bindings": [{ "name": "OldAgent", "class_name": "OldAgent" }] },
  "migrations": [{ "tag": "v1", "new_sqlite_classes": ["OldAgent"] }],
  "env": {
    "staging": {
      "durable_objects": { "bindings": [{ "name": "CoderAgent", "class_name": "CoderAgent" }] },
      "migrations": [
        { "tag": "v1", "new_sqlite_classes": ["OldAgent", "CoderAgent"] },
        { "tag": "v2", "deleted_classes": ["OldAgent"] },
      ],
    },
  },
}
`,
        "src/index.ts": withOld,
      },
    },
    {
      name: "a deletion of a class never bound anywhere",
      files: {
        "wrangler.toml": `name = "coder"
main = "src/index.ts"
compatibility_flags = ["nodejs_compat"]

[[durable_objects.bindings]]
name = "STORE"
class_name = "Store"

[[migrations]]
tag = "v1"
new_sqlite_classes = ["Store", "Scratch"]

[[migrations]]
tag = "v2"
deleted_classes = ["Scratch"]
`,
        "src/index.ts": storeWorker,
      },
    },
  ],
  invalid: [
    {
      name: "a config under __tests__: info, saying why",
      files: { "src/__tests__/wrangler.jsonc": deletedConfig(coderBinding + "\n" + oldBinding), "src/__tests__/src/index.ts": withOld, "src/index.ts": withOld },
      findings: [{ file: "src/__tests__/wrangler.jsonc", line: 10, messageId: "onlyDeployFails", severity: "info", message: ["test folder (__tests__/)", deleteMessage] }],
    },
    {
      name: "still bound at the top level (JSONC with comments and trailing commas)",
      files: { "wrangler.jsonc": deletedConfig(`${coderBinding}\n${oldBinding}`), "src/index.ts": withOld },
      findings: [{ file: "wrangler.jsonc", line: 10, messageId: "stillBound", message: [deleteMessage, `still bound as "OldAgent" in the top level`] }],
      output: null,
    },
    {
      name: "still bound at the top level (TOML)",
      files: {
        "wrangler.toml": tomlConfig(`[[durable_objects.bindings]]
name = "CoderAgent"
class_name = "CoderAgent"

[[durable_objects.bindings]]
name = "OLD_AGENT"
class_name = "OldAgent"
`),
        "src/index.ts": withOld,
      },
      findings: [{ file: "wrangler.toml", line: 13, messageId: "stillBound", message: [deleteMessage, `"OLD_AGENT"`] }],
      output: null,
    },
    {
      name: "bound only in env.staging, which inherits the top-level migrations",
      files: {
        "wrangler.jsonc": deletedConfig(
          coderBinding,
          `
  "env": {
    "staging": {
      "durable_objects": {
        "bindings": [
          { "name": "CoderAgent", "class_name": "CoderAgent" },
          { "name": "OldAgent", "class_name": "OldAgent" },
        ],
      },
    },
  },`,
        ),
        "src/index.ts": withOld,
      },
      findings: [{ file: "wrangler.jsonc", line: 21, messageId: "stillBound", message: [deleteMessage, "in env.staging"] }],
      output: null,
    },
    {
      name: "bound in every environment, checked with --env staging: only that deployment",
      env: "staging",
      files: {
        "wrangler.jsonc": deletedConfig(
          `${coderBinding}\n${oldBinding}`,
          `
  "env": {
    "staging": {
      "durable_objects": { "bindings": [{ "name": "OldAgent", "class_name": "OldAgent" }] },
    },
  },`,
        ),
        "src/index.ts": withOld,
      },
      findings: [{ file: "wrangler.jsonc", line: 19, messageId: "stillBound", data: { env: "env.staging" } }],
      output: null,
    },
    {
      name: "another worker binds the deleted class through script_name",
      files: {
        "wrangler.jsonc": deletedConfig(coderBinding),
        "src/index.ts": index,
        "web/wrangler.jsonc": `{
  "name": "web",
  "main": "src/index.ts",
  "durable_objects": {
    "bindings": [
      // served by the coder worker
      { "name": "OLD", "class_name": "OldAgent", "script_name": "coder" },
    ],
  },
}
`,
        "web/src/index.ts": `export default { fetch() { return new Response("web"); } };\n`,
      },
      findings: [{ file: "web/wrangler.jsonc", line: 7, messageId: "stillBoundByOtherWorker", message: [deleteMessage, "of /"] }],
      output: null,
    },
    {
      name: "another worker binds it in the deleting worker's staging deployment (TOML)",
      files: {
        "wrangler.jsonc": deletedConfig(coderBinding, `\n  "env": { "staging": { "durable_objects": { "bindings": [{ "name": "CoderAgent", "class_name": "CoderAgent" }] } } },`),
        "src/index.ts": index,
        "web/wrangler.toml": `name = "web"
main = "src/index.ts"

[[env.staging.durable_objects.bindings]]
name = "OLD"
class_name = "OldAgent"
script_name = "coder-staging"
`,
        "web/src/index.ts": `export default { fetch() { return new Response("web"); } };\n`,
      },
      findings: [{ file: "web/wrangler.toml", line: 6, messageId: "stillBoundByOtherWorker", message: [deleteMessage, "in env.staging of"] }],
      output: null,
    },
    {
      name: "env.staging's own migrations delete a class env.staging still binds",
      files: {
        "wrangler.jsonc": `{
  "name": "coder",
  "main": "src/index.ts",
  "compatibility_flags": ["nodejs_compat"],
  "durable_objects": { "bindings": [{ "name": "OldAgent", "class_name": "OldAgent" }] },
  "migrations": [{ "tag": "v1", "new_sqlite_classes": ["OldAgent"] }],
  "env": {
    "staging": {
      "durable_objects": { "bindings": [{ "name": "OldAgent", "class_name": "OldAgent" }] },
      "migrations": [
        { "tag": "v1", "new_sqlite_classes": ["OldAgent"] },
        { "tag": "v2", "deleted_classes": ["OldAgent"] },
      ],
    },
  },
}
`,
        "src/index.ts": withOld,
      },
      findings: [{ file: "wrangler.jsonc", line: 9, messageId: "stillBound", message: [deleteMessage, "in env.staging"] }],
      output: null,
    },
    {
      name: "renamed, then the new name deleted while bound",
      files: {
        "wrangler.toml": `name = "coder"
main = "src/index.ts"
compatibility_flags = ["nodejs_compat"]

durable_objects.bindings = [
  { name = "CoderAgent", class_name = "CoderAgent" },
  { name = "OldAgent", class_name = "OldAgent" }, # left over
]

migrations = [
  { tag = "v1", new_sqlite_classes = ["CoderAgent", "LegacyAgent"] },
  { tag = "v2", renamed_classes = [{ from = "LegacyAgent", to = "OldAgent" }] },
  { tag = "v3", deleted_classes = ["OldAgent"] },
]
`,
        "src/index.ts": withOld,
      },
      findings: [{ file: "wrangler.toml", line: 7, messageId: "stillBound", message: deleteMessage }],
      output: null,
    },
  ],
});
