import { testRule } from "../../support/ruleTester";
import { ROUTING_AGENT_WORKER as server } from "../../support/workerSources";

const plainObject = `import { DurableObject } from "cloudflare:workers";
export class Counter extends DurableObject {}
export default { fetch() { return new Response("ok"); } };
`;
const buildFailure = `'Build failed ... Could not resolve "path"'`;

testRule("nodejs-compat-missing", {
  valid: [
    {
      name: "nodejs_compat set (JSONC)",
      files: {
        "wrangler.jsonc": `{
  // the agent worker
  "name": "coder",
  "main": "src/server.ts",
  "compatibility_date": "2025-04-01",
  "compatibility_flags": ["nodejs_compat"],
}
`,
        "src/server.ts": server,
      },
    },
    {
      name: "nodejs_compat_v2 counts too (TOML)",
      files: {
        "wrangler.toml": `name = "coder"
main = "src/server.ts"
compatibility_date = "2025-04-01"
compatibility_flags = ["nodejs_compat_v2"] # node built-ins
`,
        "src/server.ts": server,
      },
    },
    {
      name: "a plain Durable Object worker does not need it",
      files: { "wrangler.toml": `name = "counter"\nmain = "src/index.ts"\ncompatibility_date = "2025-04-01"\n`, "src/index.ts": plainObject },
    },
    {
      name: "environments inherit the top-level flags",
      files: {
        "wrangler.jsonc": `{
  "name": "coder",
  "main": "src/server.ts",
  "compatibility_flags": ["nodejs_compat"],
  "env": {
    "staging": { "name": "coder-staging" },
  },
}
`,
        "src/server.ts": server,
      },
    },
    {
      name: "--env production, which sets the flag itself",
      env: "production",
      files: {
        "wrangler.jsonc": `{
  "name": "coder",
  "main": "src/server.ts",
  "env": {
    "production": { "compatibility_flags": ["nodejs_compat"] },
  },
}
`,
        "src/server.ts": server,
      },
    },
    {
      name: "only the frontend, bundled elsewhere, imports agents/react",
      files: {
        "wrangler.jsonc": `{\n  "name": "counter",\n  "main": "src/index.ts",\n  "assets": { "directory": "dist/client" },\n}\n`,
        "src/index.ts": plainObject,
        "src/client/App.tsx": `import { useAgent } from "agents/react";\nexport const App = () => { useAgent({ agent: "counter" }); return null; };\n`,
      },
    },
  ],
  invalid: [
    {
      name: "TOML without flags: the key goes after the last root key, before the blank line",
      files: {
        "wrangler.toml": `name = "coder"
main = "src/server.ts"
compatibility_date = "2025-04-01"

[[durable_objects.bindings]]
name = "CoderAgent"
class_name = "CoderAgent"
`,
        "src/server.ts": server,
      },
      findings: [{ file: "wrangler.toml", line: 3, messageId: "missing" }],
      output: {
        "wrangler.toml": `name = "coder"
main = "src/server.ts"
compatibility_date = "2025-04-01"
compatibility_flags = ["nodejs_compat"]

[[durable_objects.bindings]]
name = "CoderAgent"
class_name = "CoderAgent"
`,
      },
    },
    {
      name: "a multi-line flags array with a comment and a trailing comma",
      files: {
        "wrangler.jsonc": `{
  "name": "coder",
  "main": "src/server.ts",
  "compatibility_date": "2025-04-01",
  "compatibility_flags": [
    // keep fetch public-only
    "global_fetch_strictly_public",
  ],
}
`,
        "src/server.ts": server,
      },
      findings: [{ file: "wrangler.jsonc", line: 5, messageId: "missing", message: ['lacks "nodejs_compat".', buildFailure] }],
      output: {
        "wrangler.jsonc": `{
  "name": "coder",
  "main": "src/server.ts",
  "compatibility_date": "2025-04-01",
  "compatibility_flags": [
    // keep fetch public-only
    "global_fetch_strictly_public",
    "nodejs_compat",
  ],
}
`,
      },
    },
    {
      name: "no flags at all: one finding for the top level and the environments that inherit it",
      files: {
        "wrangler.jsonc": `{
  "name": "coder",
  "main": "src/server.ts",
  "compatibility_date": "2025-04-01",
  "env": {
    "staging": { "name": "coder-staging" },
    "production": {
      "compatibility_flags": ["nodejs_compat"],
    },
  },
}
`,
        "src/server.ts": server,
      },
      findings: [{ file: "wrangler.jsonc", line: 4, messageId: "missingInEnvironments", message: ['lacks "nodejs_compat" (the top level, env.staging)', buildFailure] }],
      output: {
        "wrangler.jsonc": `{
  "name": "coder",
  "main": "src/server.ts",
  "compatibility_date": "2025-04-01",
  "env": {
    "staging": { "name": "coder-staging" },
    "production": {
      "compatibility_flags": ["nodejs_compat"],
    },
  },
  "compatibility_flags": ["nodejs_compat"],
}
`,
      },
    },
    {
      name: "an environment overrides the flags without nodejs_compat",
      files: {
        "wrangler.jsonc": `{
  "name": "coder",
  "main": "src/server.ts",
  "compatibility_flags": ["nodejs_compat"],
  "env": {
    "staging": {
      "compatibility_flags": [],
    },
  },
}
`,
        "src/server.ts": server,
      },
      findings: [{ file: "wrangler.jsonc", line: 7, messageId: "missingInEnvironments", data: { environments: "env.staging" } }],
      output: {
        "wrangler.jsonc": `{
  "name": "coder",
  "main": "src/server.ts",
  "compatibility_flags": ["nodejs_compat"],
  "env": {
    "staging": {
      "compatibility_flags": [
        "nodejs_compat"
      ],
    },
  },
}
`,
      },
    },
    {
      name: "TOML: the top-level array and an environment override, each reported where written",
      files: {
        "wrangler.toml": `name = "coder"
main = "src/server.ts"
compatibility_date = "2025-04-01"
compatibility_flags = [
  "global_fetch_strictly_public", # hardening
]

[env.staging]
compatibility_flags = []
`,
        "src/server.ts": server,
      },
      findings: [
        { file: "wrangler.toml", line: 4, messageId: "missing", message: buildFailure },
        { file: "wrangler.toml", line: 9, messageId: "missingInEnvironments", data: { environments: "env.staging" } },
      ],
      output: {
        "wrangler.toml": `name = "coder"
main = "src/server.ts"
compatibility_date = "2025-04-01"
compatibility_flags = [
  "global_fetch_strictly_public", "nodejs_compat", # hardening
]

[env.staging]
compatibility_flags = []
`,
      },
    },
    {
      name: "TOML environment override fixed in place",
      env: "staging",
      files: {
        "wrangler.toml": `name = "coder"
main = "src/server.ts"
compatibility_flags = ["nodejs_compat"]

[env.staging]
compatibility_flags = ["nodejs_als"] # staging only
`,
        "src/server.ts": server,
      },
      findings: [{ file: "wrangler.toml", line: 6, messageId: "missingInEnvironments", data: { environments: "env.staging" } }],
      output: {
        "wrangler.toml": `name = "coder"
main = "src/server.ts"
compatibility_flags = ["nodejs_compat"]

[env.staging]
compatibility_flags = ["nodejs_als", "nodejs_compat"] # staging only
`,
      },
    },
    {
      name: "the SDK reached through a re-export, tab-indented config",
      files: {
        "wrangler.jsonc": `{
\t"name": "coder",
\t"main": "src/index.ts",
\t"compatibility_flags": [
\t\t"global_fetch_strictly_public"
\t]
}
`,
        "src/index.ts": `export { CoderAgent } from "./agents/coder";\nexport default { fetch() { return new Response("ok"); } };\n`,
        "src/agents/coder.ts": `import { Agent } from "agents";\nexport class CoderAgent extends Agent<Env> {}\n`,
      },
      findings: [{ file: "wrangler.jsonc", line: 4, messageId: "missing" }],
      output: {
        "wrangler.jsonc": `{
\t"name": "coder",
\t"main": "src/index.ts",
\t"compatibility_flags": [
\t\t"global_fetch_strictly_public",
\t\t"nodejs_compat"
\t]
}
`,
      },
    },
  ],
});
