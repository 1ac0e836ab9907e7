import { testRule } from "../../support/ruleTester";
import { STORE_WORKER as storeSource } from "../../support/workerSources";

const webSource = `import { DurableObject } from "cloudflare:workers";
export class Counter extends DurableObject {}
export default {
  async fetch(request: Request, env: Env) {
    return env.STORE.getByName("main").fetch(request);
  },
};
`;
const storeConfig = `{
  // the worker that owns the class
  "name": "store",
  "main": "src/index.ts",
  "durable_objects": { "bindings": [{ "name": "STORE", "class_name": "Store" }] },
  "migrations": [{ "tag": "v1", "new_sqlite_classes": ["Store"] }],
}
`;
const webConfig = (binding: string, extra = "") => `{
  // the front worker
  "name": "web",
  "main": "src/index.ts",
  "durable_objects": {
    "bindings": [
${binding}
    ],
  },${extra}
}
`;
const notExist = (script: string) => `Deploy fails with "Cannot create binding for class in script '${script}' that does not exist."`;

const flowWorker = `import { WorkflowEntrypoint } from "cloudflare:workers";
export class Transcribe extends WorkflowEntrypoint {
  async run() {}
}
export default { fetch() { return new Response("ok"); } };
`;
const flowConfig = `{
  "name": "transcriber",
  "main": "src/index.ts",
  "workflows": [{ "binding": "TRANSCRIBE", "name": "transcribe", "class_name": "Transcribe" }],
}
`;
/** A worker starting a Workflow that another worker runs (real: rawkode-academy's transcriptions). */
const callerToml = (scriptName: string, className = "Transcribe") => `name = "api"
main = "src/index.ts"

[[workflows]]
binding = "TRANSCRIBE"
name = "transcribe"
class_name = "${className}"
script_name = "${scriptName}"
`;
const callerSource = `export default { fetch() { return new Response("ok"); } };\n`;

testRule("script-name-invalid", {
  valid: [
    {
      name: "TOML: a Workflow whose script_name is the worker that exports its class",
      files: { "api/wrangler.toml": callerToml("transcriber"), "api/src/index.ts": callerSource, "flow/wrangler.jsonc": flowConfig, "flow/src/index.ts": flowWorker },
    },
    {
      name: "a Workflow of a worker outside the workspace is not judged",
      files: { "api/wrangler.toml": callerToml("elsewhere"), "api/src/index.ts": callerSource },
    },
    {
      name: "script_name names the workspace worker that exports the class",
      files: {
        "web/wrangler.jsonc": webConfig(`      { "name": "STORE", "class_name": "Store", "script_name": "store" },`),
        "web/src/index.ts": webSource,
        "store/wrangler.jsonc": storeConfig,
        "store/src/index.ts": storeSource,
      },
    },
    {
      name: "several workers of a monorepo share the name: one of them exports the class",
      files: {
        "fixtures/a/web/wrangler.jsonc": webConfig(`      { "name": "STORE", "class_name": "Store", "script_name": "store" },`),
        "fixtures/a/web/src/index.ts": webSource,
        "fixtures/a/store/wrangler.jsonc": storeConfig,
        "fixtures/a/store/src/index.ts": storeSource,
        "fixtures/b/store/wrangler.jsonc": storeConfig.replace(/Store/g, "Other"),
        "fixtures/b/store/src/index.ts": storeSource.replace(/Store/g, "Other"),
        "fixtures/c/store/wrangler.jsonc": storeConfig.replace(/Store/g, "Third"),
        "fixtures/c/store/src/index.ts": storeSource.replace(/Store/g, "Third"),
      },
    },
    {
      name: "script_name of a worker outside the workspace is not judged",
      files: {
        "wrangler.toml": `name = "web"
main = "src/index.ts"

[[durable_objects.bindings]]
name = "STORE"
class_name = "Store"
script_name = "store-service" # deployed from another repository
`,
        "src/index.ts": webSource,
      },
    },
    {
      name: "no script_name at all",
      files: { "store/wrangler.jsonc": storeConfig, "store/src/index.ts": storeSource },
    },
    {
      name: "env.staging binds the class of the other worker's staging deployment",
      files: {
        "web/wrangler.toml": `name = "web"
main = "src/index.ts"

[[env.staging.durable_objects.bindings]]
name = "STORE"
class_name = "Store"
script_name = "store-staging"
`,
        "web/src/index.ts": webSource,
        "store/wrangler.jsonc": storeConfig.replace(`  "migrations"`, `  "env": { "staging": { "durable_objects": { "bindings": [{ "name": "STORE", "class_name": "Store" }] } } },\n  "migrations"`),
        "store/src/index.ts": storeSource,
      },
    },
    {
      name: "the other worker re-exports the class from another file",
      files: {
        "web/wrangler.jsonc": webConfig(`      { "name": "STORE", "class_name": "Store", "script_name": "store" },`),
        "web/src/index.ts": webSource,
        "store/wrangler.jsonc": storeConfig,
        "store/src/index.ts": `export { Store } from "./store";\nexport default { fetch() { return new Response("store"); } };\n`,
        "store/src/store.ts": `import { DurableObject } from "cloudflare:workers";\nexport class Store extends DurableObject {}\n`,
      },
    },
    {
      name: "--env production skips a file path in env.staging",
      env: "production",
      files: {
        "wrangler.jsonc": webConfig(
          `      { "name": "STORE", "class_name": "Store", "script_name": "store" },`,
          `
  "env": {
    "staging": { "durable_objects": { "bindings": [{ "name": "STORE", "class_name": "Store", "script_name": "dist/store.js" }] } },
    "production": { "durable_objects": { "bindings": [{ "name": "STORE", "class_name": "Store", "script_name": "store" }] } },
  },`,
        ),
        "src/index.ts": webSource,
      },
    },
  ],
  invalid: [
    {
      name: "TOML: a Workflow script_name written as a file path (real: rawkode-academy, fixed by 17aeda4d9)",
      files: { "wrangler.toml": callerToml("src/workflow.ts"), "src/index.ts": callerSource },
      findings: [{ file: "wrangler.toml", line: 8, messageId: "workflowFilePath", data: { scriptName: "src/workflow.ts" } }],
      output: null,
    },
    {
      name: "a Workflow whose script_name names a workspace worker that does not export the class",
      files: { "api/wrangler.toml": callerToml("transcriber", "Transcriber"), "api/src/index.ts": callerSource, "flow/wrangler.jsonc": flowConfig, "flow/src/index.ts": flowWorker },
      findings: [{ file: "api/wrangler.toml", line: 8, messageId: "workflowNotExportedThere", data: { scriptName: "transcriber", className: "Transcriber", otherConfig: "../flow/wrangler.jsonc" } }],
      output: null,
    },
    {
      name: "several workers named like the Workflow's script_name, none exporting the class",
      files: {
        "api/wrangler.toml": callerToml("transcriber", "Transcriber"),
        "api/src/index.ts": callerSource,
        "flow/wrangler.jsonc": flowConfig,
        "flow/src/index.ts": flowWorker,
        "flow-copy/wrangler.jsonc": flowConfig,
        "flow-copy/src/index.ts": flowWorker,
      },
      findings: [{ file: "api/wrangler.toml", line: 8, messageId: "workflowNotExportedByAny", data: { others: 1 } }],
      output: null,
    },
    {
      name: "a build output path instead of a worker name",
      files: {
        "wrangler.jsonc": webConfig(`      { "name": "STORE", "class_name": "Store", "script_name": ".open-next/worker.js" },`),
        "src/index.ts": webSource,
      },
      findings: [{ file: "wrangler.jsonc", line: 7, messageId: "filePath", message: ['`script_name` ".open-next/worker.js" looks like a file path', notExist(".open-next/worker.js")] }],
      output: null,
    },
    {
      name: "the worker's own name, inline binding (JSONC): script_name removed, the rest kept",
      files: {
        "wrangler.jsonc": webConfig(`      { "name": "COUNTER", "class_name": "Counter", "script_name": "web" }, // ours`, `\n  "migrations": [{ "tag": "v1", "new_sqlite_classes": ["Counter"] }],`),
        "src/index.ts": webSource,
      },
      findings: [{ file: "wrangler.jsonc", line: 7, messageId: "ownName", message: ["is this worker's own name", notExist("web"), "Remove `script_name`."] }],
      output: {
        "wrangler.jsonc": webConfig(`      { "name": "COUNTER", "class_name": "Counter" }, // ours`, `\n  "migrations": [{ "tag": "v1", "new_sqlite_classes": ["Counter"] }],`),
      },
    },
    {
      name: "the worker's own name in the middle of a multi-line binding",
      files: {
        "wrangler.jsonc": webConfig(`      {
        "name": "COUNTER",
        "script_name": "web",
        "class_name": "Counter",
      },`),
        "src/index.ts": webSource,
      },
      findings: [{ file: "wrangler.jsonc", line: 9, messageId: "ownName" }],
      output: {
        "wrangler.jsonc": webConfig(`      {
        "name": "COUNTER",
        "class_name": "Counter",
      },`),
      },
    },
    {
      name: "the worker's own name (TOML): the line is removed, comments elsewhere kept",
      files: {
        "wrangler.toml": `name = "web"
main = "src/index.ts"

# the counter lives here
[[durable_objects.bindings]]
name = "COUNTER"
class_name = "Counter"
script_name = "web" # same worker

[[migrations]]
tag = "v1"
new_sqlite_classes = ["Counter"]
`,
        "src/index.ts": webSource,
      },
      findings: [{ file: "wrangler.toml", line: 8, messageId: "ownName", message: notExist("web") }],
      output: {
        "wrangler.toml": `name = "web"
main = "src/index.ts"

# the counter lives here
[[durable_objects.bindings]]
name = "COUNTER"
class_name = "Counter"

[[migrations]]
tag = "v1"
new_sqlite_classes = ["Counter"]
`,
      },
    },
    {
      name: "the worker's own name in a TOML inline table",
      files: {
        "wrangler.toml": `name = "web"
main = "src/index.ts"
durable_objects.bindings = [
  { name = "COUNTER", class_name = "Counter", script_name = "web" },
  { name = "STORE", class_name = "Store", script_name = "store" },
]
`,
        "src/index.ts": webSource,
      },
      findings: [{ file: "wrangler.toml", line: 4, messageId: "ownName" }],
      output: {
        "wrangler.toml": `name = "web"
main = "src/index.ts"
durable_objects.bindings = [
  { name = "COUNTER", class_name = "Counter" },
  { name = "STORE", class_name = "Store", script_name = "store" },
]
`,
      },
    },
    {
      name: "env.staging names its own deployment (web-staging)",
      files: {
        "wrangler.toml": `name = "web"
main = "src/index.ts"

[env.staging]
durable_objects.bindings = [
  { script_name = "web-staging", name = "COUNTER", class_name = "Counter" },
]
`,
        "src/index.ts": webSource,
      },
      findings: [{ file: "wrangler.toml", line: 6, messageId: "ownName", message: ['"web-staging" is this worker\'s own name', notExist("web-staging")] }],
      output: {
        "wrangler.toml": `name = "web"
main = "src/index.ts"

[env.staging]
durable_objects.bindings = [
  { name = "COUNTER", class_name = "Counter" },
]
`,
      },
    },
    {
      name: "an environment with its own name, checked with --env",
      env: "production",
      files: {
        "wrangler.jsonc": webConfig(
          `      { "name": "STORE", "class_name": "Store", "script_name": "store" },`,
          `
  "env": {
    "production": {
      "name": "web-prod",
      "durable_objects": { "bindings": [{ "name": "COUNTER", "class_name": "Counter", "script_name": "web-prod" }] },
    },
  },`,
        ),
        "src/index.ts": webSource,
      },
      findings: [{ file: "wrangler.jsonc", line: 13, messageId: "ownName", data: { scriptName: "web-prod" } }],
      output: {
        "wrangler.jsonc": webConfig(
          `      { "name": "STORE", "class_name": "Store", "script_name": "store" },`,
          `
  "env": {
    "production": {
      "name": "web-prod",
      "durable_objects": { "bindings": [{ "name": "COUNTER", "class_name": "Counter" }] },
    },
  },`,
        ),
      },
    },
    {
      name: "the named workspace worker does not export the class",
      files: {
        "web/wrangler.jsonc": webConfig(`      { "name": "STORE", "class_name": "Storage", "script_name": "store" },`),
        "web/src/index.ts": webSource,
        "store/wrangler.jsonc": storeConfig,
        "store/src/index.ts": storeSource,
      },
      findings: [{ file: "web/wrangler.jsonc", line: 7, messageId: "notExportedThere", data: { scriptName: "store", className: "Storage" } }],
      output: null,
    },
    {
      name: "none of the workers sharing the name exports the class: one finding, naming the nearest",
      files: {
        "a/web/wrangler.jsonc": webConfig(`      { "name": "STORE", "class_name": "Storage", "script_name": "store" },`),
        "a/web/src/index.ts": webSource,
        "a/store/wrangler.jsonc": storeConfig,
        "a/store/src/index.ts": storeSource,
        "b/store/wrangler.jsonc": storeConfig,
        "b/store/src/index.ts": storeSource,
      },
      findings: [{ file: "a/web/wrangler.jsonc", line: 7, messageId: "notExportedByAny", data: { otherConfig: "../store/wrangler.jsonc" }, message: 'nor do the 1 other workers of the workspace named "store"' }],
      output: null,
    },
  ],
});
