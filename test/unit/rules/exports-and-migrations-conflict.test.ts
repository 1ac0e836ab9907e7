import { testRule } from "../../support/ruleTester";
import { ROUTING_AGENT_WORKER as server } from "../../support/workerSources";

const wranglerText = "`migrations` and `exports` are mutually exclusive. Choose one or the other to declare your Durable Object lifecycle, but not both.";
const head = `{
  // the agent worker
  "name": "coder",
  "main": "src/server.ts",
  "compatibility_flags": ["nodejs_compat"],
  "durable_objects": { "bindings": [{ "name": "CoderAgent", "class_name": "CoderAgent" }] },`;
const exportsKey = `  "exports": {
    "CoderAgent": { "type": "durable-object", "storage": "sqlite" },
  },`;
const migrationsKey = `  "migrations": [
    { "tag": "v1", "new_sqlite_classes": ["CoderAgent"] }, // first deploy
  ],`;

testRule("exports-and-migrations-conflict", {
  valid: [
    { name: "only migrations (JSONC)", files: { "wrangler.jsonc": `${head}\n${migrationsKey}\n}\n`, "src/server.ts": server } },
    { name: "only exports (JSONC)", files: { "wrangler.jsonc": `${head}\n${exportsKey}\n}\n`, "src/server.ts": server } },
    {
      name: "only exports (TOML)",
      files: {
        "wrangler.toml": `name = "coder"
main = "src/server.ts"
compatibility_flags = ["nodejs_compat"]

[[durable_objects.bindings]]
name = "CoderAgent"
class_name = "CoderAgent"

[exports.CoderAgent]
type = "durable-object"
storage = "sqlite" # new SQLite-backed class
`,
        "src/server.ts": server,
      },
    },
    {
      name: "neither key: a worker without Durable Objects",
      files: { "wrangler.toml": `name = "site"\nmain = "src/index.ts"\n`, "src/index.ts": `export default { fetch() { return new Response("ok"); } };\n` },
    },
    {
      name: "exports declaring only a workflow next to migrations (no Durable Object in exports)",
      files: {
        "wrangler.jsonc": `${head}\n${migrationsKey}\n  "exports": { "Pipeline": { "type": "workflow" } },\n}\n`,
        "src/server.ts": server,
      },
    },
    {
      name: "an empty migrations list next to exports",
      files: { "wrangler.jsonc": `${head}\n  "migrations": [],\n${exportsKey}\n}\n`, "src/server.ts": server },
    },
    {
      name: "--env production skips a conflict written in env.staging",
      env: "production",
      files: {
        "wrangler.jsonc": `${head}
${migrationsKey}
  "env": {
    "staging": {
      "exports": { "CoderAgent": { "type": "durable-object", "storage": "sqlite" } },
      "migrations": [{ "tag": "v1", "new_sqlite_classes": ["CoderAgent"] }],
    },
    "production": {},
  },
}
`,
        "src/server.ts": server,
      },
    },
  ],
  invalid: [
    {
      name: "a config only a vitest config names: info, saying why",
      files: {
        "vitest.config.ts": `import { defineWorkersProject } from "@cloudflare/vitest-pool-workers/config";
export default defineWorkersProject({ test: { poolOptions: { workers: { wrangler: { configPath: "./harness/wrangler.jsonc" } } } } });
`,
        "harness/wrangler.jsonc": `${head}\n${exportsKey}\n${migrationsKey}\n}\n`,
        "harness/src/server.ts": server,
      },
      findings: [{ file: "harness/wrangler.jsonc", line: 7, messageId: "onlyDeployFails", severity: "info", message: ["used only by the vitest pool (../vitest.config.ts names it)", wranglerText] }],
    },
    {
      name: "both at the top level (JSONC with comments and trailing commas)",
      files: { "wrangler.jsonc": `${head}\n${migrationsKey}\n${exportsKey}\n}\n`, "src/server.ts": server },
      findings: [{ file: "wrangler.jsonc", line: 10, messageId: "bothKeys", message: ["both `exports` and `migrations`", wranglerText] }],
      output: null,
    },
    {
      name: "both at the top level (TOML)",
      files: {
        "wrangler.toml": `name = "coder"
main = "src/server.ts"
compatibility_flags = ["nodejs_compat"]

[[durable_objects.bindings]]
name = "CoderAgent"
class_name = "CoderAgent"

[[migrations]]
tag = "v1"
new_sqlite_classes = ["CoderAgent"]

[exports.CoderAgent]
type = "durable-object"
storage = "sqlite"
`,
        "src/server.ts": server,
      },
      findings: [{ file: "wrangler.toml", line: 13, messageId: "bothKeys", message: wranglerText }],
      output: null,
    },
    {
      name: "both written in env.staging",
      files: {
        "wrangler.jsonc": `${head}
${migrationsKey}
  "env": {
    "staging": {
      "durable_objects": { "bindings": [{ "name": "CoderAgent", "class_name": "CoderAgent" }] },
      "migrations": [{ "tag": "v1", "new_sqlite_classes": ["CoderAgent"] }],
      "exports": { "CoderAgent": { "type": "durable-object", "storage": "sqlite" } },
    },
  },
}
`,
        "src/server.ts": server,
      },
      findings: [{ file: "wrangler.jsonc", line: 14, messageId: "bothKeysInEnv", message: wranglerText }],
      output: null,
    },
    {
      name: "a top-level conflict is reported once, not again for inheriting environments",
      files: {
        "wrangler.jsonc": `${head}
${exportsKey}
${migrationsKey}
  "env": {
    "staging": { "durable_objects": { "bindings": [{ "name": "CoderAgent", "class_name": "CoderAgent" }] } },
    "production": { "durable_objects": { "bindings": [{ "name": "CoderAgent", "class_name": "CoderAgent" }] } },
  },
}
`,
        "src/server.ts": server,
      },
      findings: [{ file: "wrangler.jsonc", line: 7, messageId: "bothKeys" }],
      output: null,
    },
    {
      name: "top-level migrations inherited by an environment that writes exports",
      files: {
        "wrangler.jsonc": `${head}
${migrationsKey}
  "env": {
    "staging": {
      "durable_objects": { "bindings": [{ "name": "CoderAgent", "class_name": "CoderAgent" }] },
      "exports": { "CoderAgent": { "type": "durable-object", "storage": "sqlite" } },
    },
  },
}
`,
        "src/server.ts": server,
      },
      findings: [{ file: "wrangler.jsonc", line: 13, messageId: "inherited", message: ['Environment "staging" has `exports` from env.staging and `migrations` from the top level', wranglerText] }],
      output: null,
    },
    {
      name: "top-level exports inherited by an environment that writes migrations (TOML)",
      files: {
        "wrangler.toml": `name = "coder"
main = "src/server.ts"
compatibility_flags = ["nodejs_compat"]

[[durable_objects.bindings]]
name = "CoderAgent"
class_name = "CoderAgent"

[exports.CoderAgent]
type = "durable-object"
storage = "sqlite"

[[env.staging.durable_objects.bindings]]
name = "CoderAgent"
class_name = "CoderAgent"

[[env.staging.migrations]]
tag = "v1"
new_sqlite_classes = ["CoderAgent"]
`,
        "src/server.ts": server,
      },
      findings: [{ file: "wrangler.toml", line: 17, messageId: "inherited", data: { exportsFrom: "the top level", migrationsFrom: "env.staging" } }],
      output: null,
    },
    {
      name: "TOML environment tables with both keys, checked with --env",
      env: "staging",
      files: {
        "wrangler.toml": `name = "coder"
main = "src/server.ts"
compatibility_flags = ["nodejs_compat"]

[env.staging]
name = "coder-staging"

[[env.staging.durable_objects.bindings]]
name = "CoderAgent"
class_name = "CoderAgent"

[[env.staging.migrations]]
tag = "v1"
new_sqlite_classes = ["CoderAgent"]

[env.staging.exports.CoderAgent]
type = "durable-object"
storage = "sqlite"
`,
        "src/server.ts": server,
      },
      findings: [{ file: "wrangler.toml", line: 16, messageId: "bothKeysInEnv", message: wranglerText }],
      output: null,
    },
  ],
});
