import { testRule } from "../../support/ruleTester";
import { AGENT_WORKER as handler } from "../../support/workerSources";


testRule("config-parse-error", {
  valid: [
    {
      name: "JSONC with line and block comments and trailing commas",
      files: {
        "wrangler.jsonc": `{
  "$schema": "node_modules/wrangler/config-schema.json",
  // the worker
  "name": "coder",
  "main": "src/index.ts", /* entry */
  "compatibility_flags": ["nodejs_compat",],
  "durable_objects": { "bindings": [{ "name": "CoderAgent", "class_name": "CoderAgent", },], },
  "migrations": [{ "tag": "v1", "new_sqlite_classes": ["CoderAgent"], },],
}
`,
        "src/index.ts": handler,
      },
    },
    {
      name: "wrangler.json is read as JSONC too (comments allowed)",
      files: {
        "wrangler.json": `{
  // wrangler parses .json like .jsonc
  "name": "coder",
  "main": "src/index.ts",
  "compatibility_flags": ["nodejs_compat"],
  "durable_objects": { "bindings": [{ "name": "CoderAgent", "class_name": "CoderAgent" }] },
  "migrations": [{ "tag": "v1", "new_sqlite_classes": ["CoderAgent"] }],
}
`,
        "src/index.ts": handler,
      },
    },
    {
      name: "TOML with environments and arrays of tables",
      files: {
        "wrangler.toml": `#:schema node_modules/wrangler/config-schema.json
name = "coder"
main = "src/index.ts"
compatibility_flags = ["nodejs_compat"]

[[durable_objects.bindings]]
name = "CoderAgent"
class_name = "CoderAgent"

[[migrations]]
tag = "v1"
new_sqlite_classes = ["CoderAgent"]

[env.staging]
name = "coder-staging"

[[env.staging.durable_objects.bindings]]
name = "CoderAgent"
class_name = "CoderAgent"
`,
        "src/index.ts": handler,
      },
    },
    {
      name: "a broken wrangler.toml next to wrangler.jsonc is not the config wrangler reads",
      files: {
        "wrangler.jsonc": `{
  "name": "coder",
  "main": "src/index.ts",
  "compatibility_flags": ["nodejs_compat"],
}
`,
        "wrangler.toml": `name = "coder
`,
        "src/index.ts": `export default { fetch() { return new Response("ok"); } };
`,
      },
    },
    {
      name: "TOML inline tables and multi-line arrays",
      files: {
        "wrangler.toml": `name = "coder"
main = "src/index.ts"
compatibility_flags = [
  "nodejs_compat", # needed by agents
]
durable_objects = { bindings = [{ name = "CoderAgent", class_name = "CoderAgent" }] }
migrations = [
  { tag = "v1", new_sqlite_classes = ["CoderAgent"] },
]
`,
        "src/index.ts": handler,
      },
    },
  ],
  invalid: [
    {
      name: "JSONC: a missing comma between properties",
      files: {
        "wrangler.jsonc": `{
  // the worker
  "name": "coder"
  "main": "src/index.ts",
  "compatibility_flags": ["nodejs_compat"],
}
`,
        "src/index.ts": handler,
      },
      findings: [{ file: "wrangler.jsonc", line: 4, messageId: "syntaxError", data: { problem: "JSON syntax error: comma expected." } }],
      output: null,
    },
    {
      name: "JSONC: the closing brace is missing",
      files: {
        "wrangler.jsonc": `{
  "name": "coder",
  "main": "src/index.ts",
  "durable_objects": { "bindings": [{ "name": "CoderAgent", "class_name": "CoderAgent" }] },
`,
        "src/index.ts": handler,
      },
      // One mistake, three parser errors at the same spot: one finding naming them all.
      findings: [{ file: "wrangler.jsonc", line: 5, messageId: "syntaxError", data: { problem: "JSON syntax error: property name expected; value expected; close brace expected." } }],
      output: null,
    },
    {
      name: "JSONC: the root is an array",
      files: {
        "wrangler.jsonc": `[
  { "name": "coder", "main": "src/index.ts" }
]
`,
        "src/index.ts": handler,
      },
      findings: [{ file: "wrangler.jsonc", line: 1, messageId: "syntaxError", data: { problem: "The configuration must be an object ({ ... })." } }],
      output: null,
    },
    {
      name: "JSONC: two separate syntax errors, each reported",
      files: {
        "wrangler.jsonc": `{
  "name": "coder",
  "main": "src/index.ts"
  "compatibility_flags": ["nodejs_compat"],
  "durable_objects": { "bindings": [{ "name": "CoderAgent" "class_name": "CoderAgent" }] },
}
`,
        "src/index.ts": handler,
      },
      findings: [
        { file: "wrangler.jsonc", line: 4, messageId: "syntaxError", message: "comma expected" },
        { file: "wrangler.jsonc", line: 5, messageId: "syntaxError", message: "comma expected" },
      ],
      output: null,
    },
    {
      name: "JSONC: an unterminated string stops at the end of its line",
      files: {
        "wrangler.jsonc": `{
  "name": "coder",
  "main": "src/index.ts,
}
`,
        "src/index.ts": handler,
      },
      findings: [
        { file: "wrangler.jsonc", line: 3, messageId: "syntaxError", data: { problem: "JSON syntax error: unexpected end of string." } },
      ],
      output: null,
    },
    {
      name: "TOML: an unterminated string",
      files: {
        "wrangler.toml": `name = "coder"
main = "src/index.ts
compatibility_flags = ["nodejs_compat"]
`,
        "src/index.ts": handler,
      },
      findings: [{ file: "wrangler.toml", line: 2, messageId: "syntaxError", message: "TOML syntax error:" }],
      output: null,
    },
    {
      name: "TOML: a broken line inside an environment table, reported once",
      files: {
        "wrangler.toml": `name = "coder"
main = "src/index.ts"
compatibility_flags = ["nodejs_compat"]

[env.staging]
name = coder-staging

[[env.staging.durable_objects.bindings]]
name = "CoderAgent"
class_name = "CoderAgent"
`,
        "src/index.ts": handler,
      },
      findings: [{ file: "wrangler.toml", line: 6, messageId: "syntaxError", message: "TOML syntax error:" }],
      output: null,
    },
    {
      name: "TOML: the same table defined twice",
      files: {
        "wrangler.toml": `name = "coder"
main = "src/index.ts"

[env.staging]
name = "coder-staging"

[env.staging]
name = "coder-staging-2"
`,
        "src/index.ts": handler,
      },
      findings: [{ file: "wrangler.toml", line: 7, messageId: "syntaxError", message: "TOML syntax error:" }],
      output: null,
    },
    {
      name: "in a nested worker folder",
      files: {
        "workers/coder/wrangler.jsonc": `{
  "name": "coder",
  "main": "src/index.ts",,
}
`,
        "workers/coder/src/index.ts": handler,
      },
      findings: [{ file: "workers/coder/wrangler.jsonc", line: 3, messageId: "syntaxError", data: { problem: "JSON syntax error: property name expected; value expected." } }],
      output: null,
    },
  ],
});
