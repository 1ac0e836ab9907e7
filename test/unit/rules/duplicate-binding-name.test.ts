import { testRule } from "../../support/ruleTester";
import { ROUTING_AGENT_WORKER as server } from "../../support/workerSources";

const hides = "one hides the other, and wrangler rejects duplicate binding names";

testRule("duplicate-binding-name", {
  valid: [
    {
      name: "distinct names across kinds (JSONC)",
      files: {
        "wrangler.jsonc": `{
  // the agent worker
  "name": "coder",
  "main": "src/server.ts",
  "compatibility_flags": ["nodejs_compat"],
  "durable_objects": { "bindings": [{ "name": "CoderAgent", "class_name": "CoderAgent" }] },
  "migrations": [{ "tag": "v1", "new_sqlite_classes": ["CoderAgent"] }],
  "kv_namespaces": [{ "binding": "CACHE", "id": "0f2ac74b498b48028cb68387c421e279" }],
  "r2_buckets": [{ "binding": "FILES", "bucket_name": "files" }],
  "ai": { "binding": "AI" },
  "vars": { "MODEL": "@cf/meta/llama-3.1-8b-instruct" },
}
`,
        "src/server.ts": server,
      },
    },
    {
      name: "the same binding repeated in each environment",
      files: {
        "wrangler.jsonc": `{
  "name": "coder",
  "main": "src/server.ts",
  "compatibility_flags": ["nodejs_compat"],
  "durable_objects": { "bindings": [{ "name": "CoderAgent", "class_name": "CoderAgent" }] },
  "migrations": [{ "tag": "v1", "new_sqlite_classes": ["CoderAgent"] }],
  "env": {
    "staging": {
      "durable_objects": { "bindings": [{ "name": "CoderAgent", "class_name": "CoderAgent" }] },
    },
  },
}
`,
        "src/server.ts": server,
      },
    },
    {
      name: "a top-level name reused by another kind in an environment (not inherited)",
      files: {
        "wrangler.toml": `name = "coder"
main = "src/server.ts"
compatibility_flags = ["nodejs_compat"]

[[durable_objects.bindings]]
name = "STORE"
class_name = "CoderAgent"

[[migrations]]
tag = "v1"
new_sqlite_classes = ["CoderAgent"]

[[env.legacy.kv_namespaces]]
binding = "STORE"
id = "0f2ac74b498b48028cb68387c421e279"
`,
        "src/server.ts": server,
      },
    },
    {
      name: "distinct names (TOML)",
      files: {
        "wrangler.toml": `name = "coder"
main = "src/server.ts"
compatibility_flags = ["nodejs_compat"]

[vars]
ENVIRONMENT = "dev" # shown in logs

[[durable_objects.bindings]]
name = "CoderAgent"
class_name = "CoderAgent"

[[queues.producers]]
binding = "JOBS"
queue = "jobs"

[[d1_databases]]
binding = "DB"
database_name = "coder"
database_id = "7e0e0f43-7a5b-4b0e-a0c1-0e5a1f4d9c31"
`,
        "src/server.ts": server,
      },
    },
    {
      name: "--env production skips a clash in env.staging",
      env: "production",
      files: {
        "wrangler.jsonc": `{
  "name": "coder",
  "main": "src/server.ts",
  "compatibility_flags": ["nodejs_compat"],
  "env": {
    "staging": {
      "durable_objects": { "bindings": [{ "name": "CoderAgent", "class_name": "CoderAgent" }] },
      "vars": { "CoderAgent": "x" },
    },
    "production": {
      "durable_objects": { "bindings": [{ "name": "CoderAgent", "class_name": "CoderAgent" }] },
    },
  },
}
`,
        "src/server.ts": server,
      },
    },
  ],
  invalid: [
    {
      name: "a Durable Object and a KV namespace share a name (JSONC)",
      files: {
        "wrangler.jsonc": `{
  // the agent worker
  "name": "coder",
  "main": "src/server.ts",
  "compatibility_flags": ["nodejs_compat"],
  "durable_objects": {
    "bindings": [
      { "name": "CoderAgent", "class_name": "CoderAgent" },
    ],
  },
  "migrations": [{ "tag": "v1", "new_sqlite_classes": ["CoderAgent"] }],
  "kv_namespaces": [
    { "binding": "CoderAgent", "id": "0f2ac74b498b48028cb68387c421e279" }, // cache
  ],
}
`,
        "src/server.ts": server,
      },
      findings: [{ file: "wrangler.jsonc", line: 13, messageId: "duplicate", message: ['Binding name "CoderAgent" is used twice in the top level (durable_objects and kv_namespaces)', hides] }],
      output: null,
    },
    {
      name: "two Durable Object bindings with one name",
      files: {
        "wrangler.jsonc": `{
  "name": "coder",
  "main": "src/server.ts",
  "compatibility_flags": ["nodejs_compat"],
  "durable_objects": {
    "bindings": [
      { "name": "AGENT", "class_name": "CoderAgent" },
      { "name": "AGENT", "class_name": "Reviewer" },
    ],
  },
  "migrations": [{ "tag": "v1", "new_sqlite_classes": ["CoderAgent", "Reviewer"] }],
}
`,
        "src/server.ts": server,
      },
      findings: [{ file: "wrangler.jsonc", line: 8, messageId: "duplicate", message: "(durable_objects and durable_objects)" }],
      output: null,
    },
    {
      name: "a var written before the binding it clashes with (TOML)",
      files: {
        "wrangler.toml": `name = "coder"
main = "src/server.ts"
compatibility_flags = ["nodejs_compat"]

[vars]
CoderAgent = "coder-agent" # namespace name for the client

[[durable_objects.bindings]]
name = "CoderAgent"
class_name = "CoderAgent"

[[migrations]]
tag = "v1"
new_sqlite_classes = ["CoderAgent"]
`,
        "src/server.ts": server,
      },
      findings: [{ file: "wrangler.toml", line: 9, messageId: "duplicate", data: { kind: "durable_objects", firstKind: "vars" } }],
      output: null,
    },
    {
      name: "a clash inside env.staging only",
      files: {
        "wrangler.jsonc": `{
  "name": "coder",
  "main": "src/server.ts",
  "compatibility_flags": ["nodejs_compat"],
  "durable_objects": { "bindings": [{ "name": "CoderAgent", "class_name": "CoderAgent" }] },
  "migrations": [{ "tag": "v1", "new_sqlite_classes": ["CoderAgent"] }],
  "env": {
    "staging": {
      "durable_objects": { "bindings": [{ "name": "CoderAgent", "class_name": "CoderAgent" }] },
      "r2_buckets": [{ "binding": "CoderAgent", "bucket_name": "coder-staging" }],
    },
  },
}
`,
        "src/server.ts": server,
      },
      findings: [{ file: "wrangler.jsonc", line: 10, messageId: "duplicate", data: { firstKind: "durable_objects", env: "env.staging", kind: "r2_buckets" } }],
      output: null,
    },
    {
      name: "three of a kind: every repeat is reported against the first",
      files: {
        "wrangler.toml": `name = "coder"
main = "src/server.ts"
compatibility_flags = ["nodejs_compat"]
services = [{ binding = "AI", service = "ai-gateway" }]

[ai]
binding = "AI"

[[durable_objects.bindings]]
name = "AI"
class_name = "CoderAgent"
`,
        "src/server.ts": server,
      },
      findings: [
        { file: "wrangler.toml", line: 7, messageId: "duplicate", data: { firstKind: "services", kind: "ai" } },
        { file: "wrangler.toml", line: 10, messageId: "duplicate", data: { kind: "durable_objects", firstKind: "services" } },
      ],
      output: null,
    },
    {
      name: "--env staging reports only that environment",
      env: "staging",
      files: {
        "wrangler.jsonc": `{
  "name": "coder",
  "main": "src/server.ts",
  "compatibility_flags": ["nodejs_compat"],
  "vars": { "CoderAgent": "top" },
  "durable_objects": { "bindings": [{ "name": "CoderAgent", "class_name": "CoderAgent" }] },
  "env": {
    "staging": {
      "vars": { "CoderAgent": "staging" },
      "durable_objects": { "bindings": [{ "name": "CoderAgent", "class_name": "CoderAgent" }] },
    },
  },
}
`,
        "src/server.ts": server,
      },
      findings: [{ file: "wrangler.jsonc", line: 10, messageId: "duplicate", data: { kind: "durable_objects", env: "env.staging", firstKind: "vars" } }],
      output: null,
    },
  ],
});
