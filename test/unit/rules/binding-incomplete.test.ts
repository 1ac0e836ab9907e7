import { testRule } from "../../support/ruleTester";
import { AGENT_WORKER as entry } from "../../support/workerSources";


testRule("binding-incomplete", {
  valid: [
    {
      name: "JSONC: complete bindings, comments and trailing commas",
      files: {
        "wrangler.jsonc": `{
  "name": "coder",
  "main": "src/index.ts",
  "compatibility_flags": ["nodejs_compat"],
  "durable_objects": {
    "bindings": [
      // the agent
      { "name": "CoderAgent", "class_name": "CoderAgent", },
    ],
  },
  "migrations": [{ "tag": "v1", "new_sqlite_classes": ["CoderAgent"] }],
}
`,
        "src/index.ts": entry,
      },
    },
    {
      name: "TOML: array of tables, top level and env",
      files: {
        "wrangler.toml": `name = "coder"
main = "src/index.ts"
compatibility_flags = ["nodejs_compat"]

[[durable_objects.bindings]]
name = "CoderAgent"
class_name = "CoderAgent"

[[migrations]]
tag = "v1"
new_sqlite_classes = ["CoderAgent"]

[env.staging]
[[env.staging.durable_objects.bindings]]
name = "CoderAgent"
class_name = "CoderAgent"
`,
        "src/index.ts": entry,
      },
    },
    {
      name: "a binding to another worker's class, with script_name",
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
      name: "no durable_objects at all, and an empty bindings list",
      files: {
        "wrangler.jsonc": `{
  "name": "coder",
  "main": "src/index.ts",
  "env": { "staging": { "durable_objects": { "bindings": [] } } },
}
`,
        "src/index.ts": `export default { fetch() { return new Response("ok"); } };\n`,
      },
    },
    {
      name: "--env staging: an incomplete binding of another environment is not checked",
      env: "staging",
      files: {
        "wrangler.jsonc": `{
  "name": "coder",
  "main": "src/index.ts",
  "compatibility_flags": ["nodejs_compat"],
  "durable_objects": { "bindings": [{ "name": "CoderAgent" }] },
  "migrations": [{ "tag": "v1", "new_sqlite_classes": ["CoderAgent"] }],
  "env": { "staging": { "durable_objects": { "bindings": [{ "name": "CoderAgent", "class_name": "CoderAgent" }] } } },
}
`,
        "src/index.ts": entry,
      },
    },
  ],
  invalid: [
    {
      name: "a bare string instead of a binding object",
      files: {
        "wrangler.jsonc": `{
  "main": "src/index.ts",
  "durable_objects": { "bindings": [
    "CoderAgent",
  ] },
}
`,
        "src/index.ts": entry,
      },
      findings: [{ file: "wrangler.jsonc", line: 4, messageId: "notAnObject", data: { written: "\"CoderAgent\"" }, message: 'Expected "durable_objects.bindings[0]" to be an object' }],
      output: null,
    },
    {
      name: "JSONC: class_name missing",
      files: {
        "wrangler.jsonc": `{
  "name": "coder",
  "main": "src/index.ts",
  "compatibility_flags": ["nodejs_compat"],
  "durable_objects": {
    "bindings": [
      // forgot the class
      { "name": "CoderAgent", },
    ],
  },
  "migrations": [{ "tag": "v1", "new_sqlite_classes": ["CoderAgent"] }],
}
`,
        "src/index.ts": entry,
      },
      findings: [{ file: "wrangler.jsonc", line: 8, messageId: "missingClassName", data: { env: "the top level" } }],
      output: null,
    },
    {
      name: "JSONC: name missing, binding written over several lines",
      files: {
        "wrangler.jsonc": `{
  "name": "coder",
  "main": "src/index.ts",
  "compatibility_flags": ["nodejs_compat"],
  "durable_objects": {
    "bindings": [
      {
        "class_name": "CoderAgent",
      },
    ],
  },
}
`,
        "src/index.ts": entry,
      },
      findings: [{ file: "wrangler.jsonc", line: 7, messageId: "missingName" }],
      output: null,
    },
    {
      name: "an empty binding lacks both",
      files: {
        "wrangler.jsonc": `{
  "name": "coder",
  "main": "src/index.ts",
  "durable_objects": { "bindings": [{ "name": "CoderAgent", "class_name": "CoderAgent" }, {}] },
}
`,
        "src/index.ts": entry,
      },
      findings: [{ file: "wrangler.jsonc", line: 4, messageId: "missingBoth" }],
      output: null,
    },
    {
      name: "a class_name that is not a string counts as missing",
      files: {
        "wrangler.jsonc": `{
  "name": "coder",
  "main": "src/index.ts",
  "durable_objects": { "bindings": [
    { "name": "CoderAgent", "class_name": null },
  ] },
}
`,
        "src/index.ts": entry,
      },
      findings: [{ file: "wrangler.jsonc", line: 5, messageId: "missingClassName" }],
      output: null,
    },
    {
      name: "TOML: class_name missing in env.staging, reported at its table header",
      files: {
        "wrangler.toml": `name = "coder"
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
# class_name = "CoderAgent"
`,
        "src/index.ts": entry,
      },
      findings: [{ file: "wrangler.toml", line: 16, messageId: "missingClassName", data: { env: "env.staging" } }],
      output: null,
    },
    {
      name: "TOML: inline binding without a name",
      files: {
        "wrangler.toml": `name = "coder"
main = "src/index.ts"
durable_objects = { bindings = [
  { class_name = "CoderAgent" },
] }
`,
        "src/index.ts": entry,
      },
      findings: [{ file: "wrangler.toml", line: 4, messageId: "missingName", data: { env: "the top level" } }],
      output: null,
    },
    {
      name: "every environment's bindings are checked (not inherited: each is its own)",
      files: {
        "wrangler.jsonc": `{
  "name": "coder",
  "main": "src/index.ts",
  "durable_objects": { "bindings": [{ "class_name": "CoderAgent" }] },
  "env": {
    "staging": { "durable_objects": { "bindings": [{ "name": "CoderAgent" }] } },
    "production": { "durable_objects": { "bindings": [{ "name": "CoderAgent", "class_name": "CoderAgent" }] } },
  },
}
`,
        "src/index.ts": entry,
      },
      findings: [
        { file: "wrangler.jsonc", line: 4, messageId: "missingName", data: { env: "the top level" } },
        { file: "wrangler.jsonc", line: 6, messageId: "missingClassName", data: { env: "env.staging" } },
      ],
      output: null,
    },
    {
      name: "--env staging: only that environment",
      env: "staging",
      files: {
        "wrangler.jsonc": `{
  "name": "coder",
  "main": "src/index.ts",
  "durable_objects": { "bindings": [{ "class_name": "CoderAgent" }] },
  "env": {
    "staging": { "durable_objects": { "bindings": [{ "name": "CoderAgent" }] } },
  },
}
`,
        "src/index.ts": entry,
      },
      findings: [{ file: "wrangler.jsonc", line: 6, messageId: "missingClassName", data: { env: "env.staging" } }],
      output: null,
    },
  ],
});
