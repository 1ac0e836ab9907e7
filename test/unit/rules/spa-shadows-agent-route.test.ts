import { testRule } from "../../support/ruleTester";

const server = (options = "") => `import { Agent, routeAgentRequest } from "agents";
export class CoderAgent extends Agent<Env> {}
export default {
  async fetch(request: Request, env: Env) {
    return (await routeAgentRequest(request, env${options})) ?? new Response("Not found", { status: 404 });
  },
};
`;
const jsonc = (assets: string, extra = "", date = "", flags = "") => `{
  // the agent worker with its React client
  "name": "coder",
  "main": "src/server.ts",${date ? `\n  "compatibility_date": "${date}",` : ""}
  "compatibility_flags": ["nodejs_compat"${flags}],
  "assets": {
${assets}
  },
  "durable_objects": { "bindings": [{ "name": "CoderAgent", "class_name": "CoderAgent" }] },
  "migrations": [{ "tag": "v1", "new_sqlite_classes": ["CoderAgent"] }],${extra}
}
`;
const spa = `    "directory": "dist/client",
    "not_found_handling": "single-page-application",`;
const indexHtml = "a browser navigating directly to an agent URL (/agents/some-agent/default) gets index.html";
const stillReached = "Fetches, WebSocket upgrades and the agents clients still reach the worker.";

testRule("spa-shadows-agent-route", {
  valid: [
    {
      name: "run_worker_first covers /agents/*",
      files: { "wrangler.jsonc": jsonc(`${spa}\n    "run_worker_first": ["/agents/*", "/api/*"], // worker routes`), "src/server.ts": server() },
    },
    {
      name: "run_worker_first: true (TOML)",
      files: {
        "wrangler.toml": `name = "coder"
main = "src/server.ts"
compatibility_flags = ["nodejs_compat"]

[assets]
directory = "dist/client"
not_found_handling = "single-page-application"
run_worker_first = true
`,
        "src/server.ts": server(),
      },
    },
    {
      name: "a 404 page instead of SPA handling",
      files: { "wrangler.jsonc": jsonc(`    "directory": "dist/client",\n    "not_found_handling": "404-page",`), "src/server.ts": server() },
    },
    {
      name: "a SPA without agents",
      files: {
        "wrangler.jsonc": `{\n  "name": "site",\n  "main": "src/index.ts",\n  "assets": { "directory": "dist", "not_found_handling": "single-page-application" },\n}\n`,
        "src/index.ts": `export default { fetch() { return new Response("api"); } };\n`,
      },
    },
    {
      name: "a custom prefix covered by a broader pattern",
      files: { "wrangler.jsonc": jsonc(`${spa}\n    "run_worker_first": ["/api/*", "!/api/docs/*"],`), "src/server.ts": server(`, { prefix: "api/agents" }`) },
    },
    {
      name: "a worker that imports agents but routes by hand (no routeAgentRequest): no agent URLs",
      files: {
        "wrangler.jsonc": jsonc(spa),
        "src/server.ts": `import { Agent, getAgentByName } from "agents";
export class CoderAgent extends Agent<Env> {}
export default {
  async fetch(request: Request, env: Env) {
    const agent = await getAgentByName(env.CoderAgent, "default");
    return agent.fetch(request);
  },
};
`,
      },
    },
    {
      name: "an McpAgent served on its own path",
      files: {
        "wrangler.jsonc": jsonc(spa),
        "src/server.ts": `import { McpAgent } from "agents/mcp";
export class MyMCP extends McpAgent {}
export default MyMCP.serve("/mcp");
`,
      },
    },
    {
      name: "a compatibility date before 2025-04-01: every request that matches no file reaches the worker (measured)",
      files: { "wrangler.jsonc": jsonc(spa, "", "2025-03-31"), "src/server.ts": server() },
    },
    {
      name: "an old date in TOML (2024-09-23)",
      files: {
        "wrangler.toml": `name = "coder"
main = "src/server.ts"
compatibility_date = "2024-09-23"
compatibility_flags = ["nodejs_compat"]
assets = { directory = "dist/client", not_found_handling = "single-page-application" }
`,
        "src/server.ts": server(),
      },
    },
    {
      name: "a new date with assets_navigation_has_no_effect",
      files: { "wrangler.jsonc": jsonc(spa, "", "2025-09-01", `, "assets_navigation_has_no_effect"`), "src/server.ts": server() },
    },
    {
      name: "a prefix not written as a literal: unknown, nothing said",
      files: { "wrangler.jsonc": jsonc(spa, "", "2025-09-01"), "src/server.ts": server(`, options`) },
    },
    {
      name: "an environment with its own covered assets, checked with --env",
      env: "staging",
      files: {
        "wrangler.jsonc": jsonc(
          spa,
          `
  "env": {
    "staging": {
      "assets": { "directory": "dist/client", "not_found_handling": "single-page-application", "run_worker_first": ["/agents/*"] },
    },
  },`,
        ),
        "src/server.ts": server(),
      },
    },
  ],
  invalid: [
    {
      name: "compatibility date 2025-04-01, the first with navigations answered by assets (measured)",
      files: { "wrangler.jsonc": jsonc(spa, "", "2025-04-01"), "src/server.ts": server() },
      findings: [{ file: "wrangler.jsonc", line: 9, messageId: "notCovered", message: [indexHtml, stillReached] }],
      output: { "wrangler.jsonc": jsonc(`${spa}\n    "run_worker_first": ["/agents/*"],`, "", "2025-04-01") },
    },
    {
      name: "an old date with the assets_navigation_prefers_asset_serving flag",
      files: { "wrangler.jsonc": jsonc(spa, "", "2024-09-23", `, "assets_navigation_prefers_asset_serving"`), "src/server.ts": server() },
      findings: [{ file: "wrangler.jsonc", line: 9, messageId: "notCovered", message: indexHtml }],
    },
    {
      name: "SPA handling without run_worker_first (JSONC)",
      files: { "wrangler.jsonc": jsonc(`    "not_found_handling": "single-page-application",\n    // built by vite\n    "directory": "dist/client",`), "src/server.ts": server() },
      findings: [{ file: "wrangler.jsonc", line: 7, messageId: "notCovered", message: ["does not cover /agents/*", indexHtml, stillReached, 'add "/agents/*" to `assets.run_worker_first`'] }],
      output: {
        "wrangler.jsonc": jsonc(`    "not_found_handling": "single-page-application",
    // built by vite
    "directory": "dist/client",
    "run_worker_first": ["/agents/*"],`),
      },
    },
    {
      name: "run_worker_first lists other routes",
      files: { "wrangler.jsonc": jsonc(`${spa}\n    "run_worker_first": [\n      // REST\n      "/api/*",\n    ],`), "src/server.ts": server() },
      findings: [{ file: "wrangler.jsonc", line: 8, messageId: "notCovered" }],
      output: { "wrangler.jsonc": jsonc(`${spa}\n    "run_worker_first": [\n      // REST\n      "/api/*",\n      "/agents/*",\n    ],`) },
    },
    {
      name: "run_worker_first: false is replaced",
      files: { "wrangler.jsonc": jsonc(`${spa}\n    "run_worker_first": false,`), "src/server.ts": server() },
      findings: [{ file: "wrangler.jsonc", line: 8, messageId: "notCovered" }],
      output: { "wrangler.jsonc": jsonc(`${spa}\n    "run_worker_first": ["/agents/*"],`) },
    },
    {
      name: "a negative pattern excludes the agents",
      files: { "wrangler.jsonc": jsonc(`${spa}\n    "run_worker_first": ["/*", "!/agents/*", "!/assets/*"],`), "src/server.ts": server() },
      findings: [{ file: "wrangler.jsonc", line: 8, messageId: "excluded", data: { excludedBy: "!/agents/*", pattern: "/agents/*" } }],
      output: { "wrangler.jsonc": jsonc(`${spa}\n    "run_worker_first": ["/*", "!/assets/*"],`) },
    },
    {
      name: "a [assets] table in TOML gets the key under its header",
      files: {
        "wrangler.toml": `name = "coder"
main = "src/server.ts"
compatibility_flags = ["nodejs_compat"]

[assets]
directory = "dist/client"
not_found_handling = "single-page-application" # client-side routing

[[durable_objects.bindings]]
name = "CoderAgent"
class_name = "CoderAgent"
`,
        "src/server.ts": server(),
      },
      findings: [{ file: "wrangler.toml", line: 7, messageId: "notCovered", message: indexHtml }],
      output: {
        "wrangler.toml": `name = "coder"
main = "src/server.ts"
compatibility_flags = ["nodejs_compat"]

[assets]
run_worker_first = ["/agents/*"]
directory = "dist/client"
not_found_handling = "single-page-application" # client-side routing

[[durable_objects.bindings]]
name = "CoderAgent"
class_name = "CoderAgent"
`,
      },
    },
    {
      name: "an inline TOML assets table gets the key inside it",
      files: {
        "wrangler.toml": `name = "coder"
main = "src/server.ts"
compatibility_flags = ["nodejs_compat"]
assets = { directory = "dist/client", not_found_handling = "single-page-application" }
`,
        "src/server.ts": server(),
      },
      findings: [{ file: "wrangler.toml", line: 4, messageId: "notCovered" }],
      output: {
        "wrangler.toml": `name = "coder"
main = "src/server.ts"
compatibility_flags = ["nodejs_compat"]
assets = { directory = "dist/client", not_found_handling = "single-page-application", run_worker_first = ["/agents/*"] }
`,
      },
    },
    {
      name: "a custom routeAgentRequest prefix (inline TOML array)",
      files: {
        "wrangler.toml": `name = "coder"
main = "src/server.ts"
compatibility_flags = ["nodejs_compat"]
assets = { directory = "dist/client", not_found_handling = "single-page-application", run_worker_first = ["/agents/*"] }
`,
        "src/server.ts": server(`, { prefix: "/ai/" }`),
      },
      findings: [{ file: "wrangler.toml", line: 4, messageId: "notCovered", data: { pattern: "/ai/*" } }],
      output: {
        "wrangler.toml": `name = "coder"
main = "src/server.ts"
compatibility_flags = ["nodejs_compat"]
assets = { directory = "dist/client", not_found_handling = "single-page-application", run_worker_first = ["/agents/*", "/ai/*"] }
`,
      },
    },
    {
      name: "top-level and env.staging assets, each fixed where written",
      files: {
        "wrangler.toml": `name = "coder"
main = "src/server.ts"
compatibility_flags = ["nodejs_compat"]

[assets]
directory = "dist/client"
not_found_handling = "single-page-application"
run_worker_first = ["/agents/*"]

[env.staging.assets]
directory = "dist/staging"
not_found_handling = "single-page-application"
`,
        "src/server.ts": server(),
      },
      findings: [{ file: "wrangler.toml", line: 12, messageId: "notCovered" }],
      output: {
        "wrangler.toml": `name = "coder"
main = "src/server.ts"
compatibility_flags = ["nodejs_compat"]

[assets]
directory = "dist/client"
not_found_handling = "single-page-application"
run_worker_first = ["/agents/*"]

[env.staging.assets]
run_worker_first = ["/agents/*"]
directory = "dist/staging"
not_found_handling = "single-page-application"
`,
      },
    },
    {
      name: "an environment inheriting the top-level assets is reported once, at the top level",
      env: "staging",
      files: { "wrangler.jsonc": jsonc(spa, `\n  "env": { "staging": { "name": "coder-staging" } },`), "src/server.ts": server() },
      findings: [{ file: "wrangler.jsonc", line: 8, messageId: "notCovered" }],
    },
  ],
});
