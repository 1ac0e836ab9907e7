import { testRule } from "../../support/ruleTester";
import { AGENT_MODULE as agent } from "../../support/workerSources";

const config = `{
  // the worker
  "name": "coder",
  "main": "src/index.ts",
  "compatibility_flags": ["nodejs_compat"],
  "durable_objects": {
    "bindings": [
      { "name": "CoderAgent", "class_name": "CoderAgent" },
    ],
  },
  "migrations": [{ "tag": "v1", "new_sqlite_classes": ["CoderAgent"] }],
  "kv_namespaces": [{ "binding": "CACHE", "id": "0f2ac74b498b48028cb68387c421e279" }],
}
`;
const handler = (body: string) => `import { Agent, getAgentByName } from "agents";
export class CoderAgent extends Agent<Env> {}
export default {
  async fetch(request: Request, env: Env) {
${body}
  },
};
`;
const tomlConfig = `name = "store"
main = "src/index.ts"

[[durable_objects.bindings]]
name = "COUNTER"
class_name = "Counter"

[[migrations]]
tag = "v1"
new_sqlite_classes = ["Counter"]

[[kv_namespaces]]
binding = "SESSIONS"
id = "0f2ac74b498b48028cb68387c421e279"
`;
const undefinedRead = (method: string) => `TypeError: Cannot read properties of undefined (reading '${method}')`;

const envOnlyConfig = `{
  "name": "gateway",
  "main": "src/index.ts",
  "env": {
    // the Durable Objects are bound in the named environments only
    "development": {
      "durable_objects": { "bindings": [{ "name": "DO_RATE_LIMITER", "class_name": "RateLimiter" }] },
    },
    "production": {
      "durable_objects": { "bindings": [{ "name": "DO_RATE_LIMITER", "class_name": "RateLimiter" }] },
    },
  },
  "migrations": [{ "tag": "v1", "new_sqlite_classes": ["RateLimiter"] }],
}
`;
const rateLimited = `import { DurableObject } from "cloudflare:workers";
export class RateLimiter extends DurableObject {}
export default {
  async fetch(request: Request, env: Env) {
    return env.DO_RATE_LIMITER.get(env.DO_RATE_LIMITER.idFromName("ip")).fetch(request);
  },
};
`;
const scripts = (s: Record<string, string>) => JSON.stringify({ name: "gateway", private: true, scripts: s }, null, 2) + "\n";

testRule("unknown-binding-in-code", {
  valid: [
    {
      name: "a use after the code tests the binding for presence (`if (!env.X) return`): meant for when it is there",
      files: {
        "wrangler.jsonc": config,
        "src/index.ts": handler(`    if (!env.PREVIEW) return new Response("no previews here", { status: 404 });
    return env.PREVIEW.get(env.PREVIEW.idFromName("main")).fetch(request);`),
      },
    },
    {
      name: "a binding only the environments have, used behind a test, while dev runs the top level",
      files: {
        "wrangler.jsonc": envOnlyConfig,
        "src/index.ts": rateLimited.replace("    return env.DO_RATE_LIMITER", '    if (env.DO_RATE_LIMITER === undefined) return new Response("no limits in dev");\n    return env.DO_RATE_LIMITER'),
        "package.json": scripts({ dev: "wrangler dev", deploy: "wrangler deploy --env production" }),
      },
    },
    {
      name: "a binding only the environments have, and dev runs an environment (--env, -e, CLOUDFLARE_ENV)",
      files: { "wrangler.jsonc": envOnlyConfig, "src/index.ts": rateLimited, "package.json": scripts({ dev: "wrangler dev --env development", "dev:e": "wrangler dev -e production", "dev:cf": "CLOUDFLARE_ENV=development wrangler dev" }) },
    },
    {
      name: "a binding only the environments have, and no script says who runs the top level",
      files: { "wrangler.jsonc": envOnlyConfig, "src/index.ts": rateLimited, "package.json": scripts({ deploy: "wrangler deploy --env production", build: "tsc" }) },
    },
    {
      name: "a binding only the environments have, and dev runs another config (-c)",
      files: { "wrangler.jsonc": envOnlyConfig, "src/index.ts": rateLimited, "wrangler.dev.jsonc": "{}\n", "package.json": scripts({ dev: "wrangler dev -c wrangler.dev.jsonc" }) },
    },
    {
      name: "idFromName and getAgentByName on the bound namespace",
      files: {
        "wrangler.jsonc": config,
        "src/index.ts": handler(`    const stub = env.CoderAgent.get(env.CoderAgent.idFromName("main"));
    const agent = await getAgentByName(env.CoderAgent, "main");
    return agent.fetch(request) ?? stub.fetch(request);`),
      },
    },
    {
      name: "a KV binding read with get is not a namespace use",
      files: {
        "wrangler.jsonc": config,
        "src/index.ts": handler(`    const cached = await env.CACHE.get("key");
    if (cached) return new Response(cached);
    return env.CoderAgent.get(env.CoderAgent.newUniqueId()).fetch(request);`),
      },
    },
    {
      name: "this.env inside a Durable Object (TOML)",
      files: {
        "wrangler.toml": tomlConfig,
        "src/index.ts": `import { DurableObject } from "cloudflare:workers";
export class Counter extends DurableObject<Env> {
  async fetch(request: Request) {
    const session = await this.env.SESSIONS.get("id");
    const other = this.env.COUNTER.get(this.env.COUNTER.idFromName(session ?? "x"));
    return other.fetch(request);
  }
}
export default { fetch(request: Request, env: Env) { return env.COUNTER.getByName("main").fetch(request); } };
`,
      },
    },
    {
      name: "a binding declared only in env.staging still exists",
      files: {
        "wrangler.jsonc": `{
  "name": "coder",
  "main": "src/index.ts",
  "compatibility_flags": ["nodejs_compat"],
  "env": {
    "staging": {
      "durable_objects": { "bindings": [{ "name": "CoderAgent", "class_name": "CoderAgent" }] },
    },
  },
}
`,
        "src/index.ts": handler(`    return (await getAgentByName(env.CoderAgent, "main")).fetch(request);`),
      },
    },
    {
      name: "Hono's c.env and a method that is not a namespace method",
      files: {
        "wrangler.jsonc": config,
        "src/index.ts": `import { Hono } from "hono";
export { CoderAgent } from "./agent";
const app = new Hono<{ Bindings: Env }>();
app.get("/new", (c) => c.env.CoderAgent.get(c.env.CoderAgent.newUniqueId()).fetch(c.req.raw));
app.get("/s", (c) => c.env.SESSIONS.list());
export default app;
`,
        "src/agent.ts": agent,
      },
    },
    {
      name: "a script outside the worker's entry graph is not checked",
      files: {
        "wrangler.jsonc": config,
        "src/index.ts": handler(`    return env.CoderAgent.get(env.CoderAgent.idFromName("main")).fetch(request);`),
        "scripts/seed.ts": `export async function seed(env: { LEGACY: DurableObjectNamespace }) {\n  return env.LEGACY.idFromName("seed");\n}\n`,
      },
    },
  ],
  invalid: [
    {
      name: "a binding only the environments have, while the package's dev script runs the top level (plain wrangler dev)",
      files: { "wrangler.jsonc": envOnlyConfig, "src/index.ts": rateLimited, "package.json": scripts({ dev: "wrangler dev", deploy: "wrangler deploy --env production" }) },
      findings: [
        {
          file: "src/index.ts",
          line: 5,
          messageId: "topLevelLacks",
          data: { binding: "DO_RATE_LIMITER", script: "dev", command: "wrangler dev", environments: "env.development, env.production", method: "idFromName" },
          message: ["environments pass nothing to the top level", "TypeError: Cannot read properties of undefined (reading 'idFromName')"],
        },
      ],
    },
    {
      name: "the same with `--env=\"\"` (the top level, written out) after a build step",
      files: { "wrangler.jsonc": envOnlyConfig, "src/index.ts": rateLimited, "package.json": scripts({ start: "npm run build && npx wrangler dev --env=\"\" --port 8787" }) },
      findings: [
        { file: "src/index.ts", line: 5, messageId: "topLevelLacks", data: { script: "start", command: "wrangler dev --env=\"\" --port 8787" } },
      ],
    },
    {
      name: "a typo in env.X.idFromName",
      files: {
        "wrangler.jsonc": config,
        "src/index.ts": handler(`    const id = env.CoderAgnet.idFromName("main");
    return env.CoderAgent.get(id).fetch(request);`),
      },
      findings: [{ file: "src/index.ts", line: 5, messageId: "unknownSuggestion", message: ['No Durable Object binding is named "CoderAgnet" in wrangler.jsonc', undefinedRead("idFromName"), "Did you mean env.CoderAgent?"] }],
      output: {
        "src/index.ts": handler(`    const id = env.CoderAgent.idFromName("main");
    return env.CoderAgent.get(id).fetch(request);`),
      },
    },
    {
      name: "the class name used where the binding is named otherwise",
      files: {
        "wrangler.jsonc": `{
  "name": "coder",
  "main": "src/index.ts",
  "compatibility_flags": ["nodejs_compat"],
  "durable_objects": { "bindings": [{ "name": "CODER", "class_name": "CoderAgent" }] },
  "migrations": [{ "tag": "v1", "new_sqlite_classes": ["CoderAgent"] }],
}
`,
        "src/index.ts": handler(`    const agent = await getAgentByName(env.CoderAgent, "main");
    return agent.fetch(request);`),
      },
      findings: [{ file: "src/index.ts", line: 5, messageId: "unknownSuggestion", message: [undefinedRead("idFromName"), "`getAgentByName`", "Did you mean env.CODER?"] }],
      output: {
        "src/index.ts": handler(`    const agent = await getAgentByName(env.CODER, "main");
    return agent.fetch(request);`),
      },
    },
    {
      name: "the only binding is not an identifier (\"my-do\"): named, but no edit that writes env.my-do",
      files: {
        "wrangler.jsonc": `{
  "name": "coder",
  "main": "src/index.ts",
  "compatibility_flags": ["nodejs_compat"],
  "durable_objects": { "bindings": [{ "name": "my-do", "class_name": "CoderAgent" }] },
  "migrations": [{ "tag": "v1", "new_sqlite_classes": ["CoderAgent"] }],
}
`,
        "src/index.ts": handler(`    const id = env.MY_DO.idFromName("main");
    return new Response(String(id));`),
      },
      findings: [{ file: "src/index.ts", line: 5, messageId: "unknownSuggestion", data: { binding: "MY_DO" } }],
      output: null,
    },
    {
      name: "a KV binding named like the Durable Object binding: its kind said, and the nearest namespace suggested",
      files: {
        "wrangler.jsonc": `{
  "main": "src/index.ts",
  "durable_objects": { "bindings": [{ "name": "ROOMS", "class_name": "Room" }] },
  "kv_namespaces": [{ "binding": "ROOM", "id": "abc" }],
  "migrations": [{ "tag": "v1", "new_sqlite_classes": ["Room"] }],
}
`,
        "src/index.ts": `import { DurableObject } from "cloudflare:workers";\nexport class Room extends DurableObject {}\nexport default {\n  async fetch(request: Request, env: any) {\n    return env.ROOM.get(env.ROOM.idFromName("main")).fetch(request);\n  },\n};\n`,
      },
      findings: [{ file: "src/index.ts", line: 5, messageId: "otherKindSuggestion", data: { binding: "ROOM", kind: "kv_namespaces", suggestion: "ROOMS" } }],
      output: { "src/index.ts": `import { DurableObject } from "cloudflare:workers";\nexport class Room extends DurableObject {}\nexport default {\n  async fetch(request: Request, env: any) {\n    return env.ROOM.get(env.ROOMS.idFromName("main")).fetch(request);\n  },\n};\n` },
    },
    {
      name: "a KV binding used as a namespace",
      files: {
        "wrangler.jsonc": config,
        "src/index.ts": handler(`    const stub = env.CACHE.get(env.CACHE.idFromName("main"));
    return stub.fetch(request);`),
      },
      findings: [{ file: "src/index.ts", line: 5, messageId: "otherKind", message: ['"CACHE" is a kv_namespaces binding, not a Durable Object namespace', undefinedRead("idFromName")] }],
      output: null,
    },
    {
      name: "this.env.X.getByName in a Durable Object, binding declared in TOML",
      files: {
        "wrangler.toml": tomlConfig,
        "src/index.ts": `import { DurableObject } from "cloudflare:workers";
export class Counter extends DurableObject<Env> {
  async fetch(request: Request) {
    return this.env.COUNTERS.getByName("peer").fetch(request);
  }
}
export default { fetch(request: Request, env: Env) { return env.COUNTER.getByName("main").fetch(request); } };
`,
      },
      findings: [{ file: "src/index.ts", line: 4, messageId: "unknownSuggestion", message: ['"COUNTERS" in wrangler.toml', undefinedRead("getByName"), "Did you mean env.COUNTER?"] }],
      output: {
        "src/index.ts": `import { DurableObject } from "cloudflare:workers";
export class Counter extends DurableObject<Env> {
  async fetch(request: Request) {
    return this.env.COUNTER.getByName("peer").fetch(request);
  }
}
export default { fetch(request: Request, env: Env) { return env.COUNTER.getByName("main").fetch(request); } };
`,
      },
    },
    {
      name: "no close name among several bindings: the list, no fix",
      files: {
        "wrangler.jsonc": `{
  "name": "coder",
  "main": "src/index.ts",
  "compatibility_flags": ["nodejs_compat"],
  "durable_objects": {
    "bindings": [
      { "name": "CoderAgent", "class_name": "CoderAgent" },
      { "name": "REVIEWER", "class_name": "Reviewer" },
    ],
  },
  "migrations": [{ "tag": "v1", "new_sqlite_classes": ["CoderAgent", "Reviewer"] }],
}
`,
        "src/index.ts": `import { Agent, getAgentByName } from "agents";
export class CoderAgent extends Agent<Env> {}
export class Reviewer extends Agent<Env> {}
export default {
  async fetch(request: Request, env: Env) {
    return (await getAgentByName(env.PLANNER, "main")).fetch(request);
  },
};
`,
      },
      findings: [{ file: "src/index.ts", line: 6, messageId: "unknown", data: { bindings: "CoderAgent, REVIEWER" } }],
      output: null,
    },
    {
      name: "uses in an imported module, in every method form",
      files: {
        "wrangler.jsonc": config,
        "src/index.ts": `export { CoderAgent } from "./agent";
import { route } from "./routes";
export default { fetch: route };
`,
        "src/agent.ts": agent,
        "src/routes.ts": `export async function route(request: Request, env: Env) {
  const eu = env.Coder_Agent.jurisdiction("eu");
  const fresh = env.CoderAgent.newUniqueId();
  const named = env.coderAgent.idFromString(fresh.toString());
  return eu.get(named).fetch(request);
}
`,
      },
      findings: [
        { file: "src/routes.ts", line: 2, messageId: "unknownSuggestion", message: [undefinedRead("jurisdiction"), "Did you mean env.CoderAgent?"] },
        { file: "src/routes.ts", line: 4, messageId: "unknownSuggestion", message: [undefinedRead("idFromString"), "Did you mean env.CoderAgent?"] },
      ],
      output: {
        "src/routes.ts": `export async function route(request: Request, env: Env) {
  const eu = env.CoderAgent.jurisdiction("eu");
  const fresh = env.CoderAgent.newUniqueId();
  const named = env.coderAgent.idFromString(fresh.toString());
  return eu.get(named).fetch(request);
}
`,
      },
    },
    {
      name: "checked with --env staging, which has its own entry",
      env: "staging",
      files: {
        "wrangler.jsonc": `{
  "name": "coder",
  "main": "src/index.ts",
  "compatibility_flags": ["nodejs_compat"],
  "durable_objects": { "bindings": [{ "name": "CoderAgent", "class_name": "CoderAgent" }] },
  "migrations": [{ "tag": "v1", "new_sqlite_classes": ["CoderAgent"] }],
  "env": {
    "staging": {
      "main": "src/staging.ts",
      "durable_objects": { "bindings": [{ "name": "CoderAgent", "class_name": "CoderAgent" }] },
    },
  },
}
`,
        "src/index.ts": handler(`    return env.CoderAgent.getByName("main").fetch(request);`),
        "src/staging.ts": handler(`    return env.AGENT.getByName("main").fetch(request);`),
      },
      findings: [{ file: "src/staging.ts", line: 5, messageId: "unknownSuggestion", data: { binding: "AGENT", suggestion: "CoderAgent" } }],
      output: { "src/staging.ts": handler(`    return env.CoderAgent.getByName("main").fetch(request);`) },
    },
  ],
});

// A namespace the generated types declare but no binding has, handed on rather than called (a library takes it).
const sessionTypes = (members: string) =>
  `/* eslint-disable */\n// Generated by Wrangler by running \`wrangler types\` (hash: 0f1e)\ndeclare namespace Cloudflare {\n\tinterface Env {\n${members}\t}\n}\ninterface Env extends Cloudflare.Env {}\n`;
const SESSION_MEMBER = `\t\tSESSION_DURABLE_OBJECT: DurableObjectNamespace<import("./src/session").SessionDurableObject>;\n`;
const sessionConfig = `{
  "name": "pets",
  "main": "src/index.ts",
  "d1_databases": [{ "binding": "DB", "database_name": "pets", "database_id": "0000" }],
}
`;
const sessionStore = `import { defineDurableSession } from "rwsdk/auth";
export const setupSessionStore = (env: Env) =>
  defineDurableSession({ sessionDurableObject: env.SESSION_DURABLE_OBJECT });
export default { fetch(request: Request, env: Env) { return setupSessionStore(env).load(request); } };
`;

testRule("unknown-binding-in-code", {
  valid: [
    {
      name: "a namespace the stale types declare, bound in the config: handed to a library is fine",
      files: {
        "wrangler.jsonc": sessionConfig.replace('"d1_databases"', '"durable_objects": { "bindings": [{ "name": "SESSION_DURABLE_OBJECT", "class_name": "SessionDurableObject" }] },\n  "d1_databases"'),
        "worker-configuration.d.ts": sessionTypes(SESSION_MEMBER),
        "src/index.ts": sessionStore,
      },
    },
    {
      name: "declared in the stale types, bound nowhere, but nothing in the code refers to it (env-types-stale's business)",
      files: { "wrangler.jsonc": sessionConfig, "worker-configuration.d.ts": sessionTypes(SESSION_MEMBER), "src/index.ts": `export default { fetch(request: Request, env: Env) { return env.DB.prepare("select 1").run(); } };\n` },
    },
    {
      name: "declared in the stale types, bound nowhere, referenced only behind a test",
      files: {
        "wrangler.jsonc": sessionConfig,
        "worker-configuration.d.ts": sessionTypes(SESSION_MEMBER),
        "src/index.ts": sessionStore.replace("defineDurableSession({", "env.SESSION_DURABLE_OBJECT && defineDurableSession({"),
      },
    },
    {
      name: "a name the types declare as something else (a var) is not a namespace",
      files: { "wrangler.jsonc": sessionConfig, "worker-configuration.d.ts": sessionTypes(`\t\tSESSION_DURABLE_OBJECT: string;\n`), "src/index.ts": sessionStore },
    },
  ],
  invalid: [
    {
      name: "a namespace the generated types declare, bound nowhere, handed to a library (real: RedwoodSDK's defineDurableSession in lost.pet)",
      files: { "wrangler.jsonc": sessionConfig, "worker-configuration.d.ts": sessionTypes(SESSION_MEMBER), "src/index.ts": sessionStore },
      findings: [
        {
          file: "src/index.ts",
          line: 3,
          messageId: "typedNotBound",
          data: { binding: "SESSION_DURABLE_OBJECT", typesFile: "worker-configuration.d.ts", config: "wrangler.jsonc" },
          message: "TypeError: Cannot read properties of undefined (reading 'idFromName')",
        },
      ],
      output: null,
    },
  ],
});

// Code reached through the workspace's packages: a shared helper, and another worker's own module.
const monorepo = (extra: Record<string, string>) => ({
  "pnpm-workspace.yaml": "packages:\n  - 'apps/*'\n  - 'packages/*'\n",
  "packages/common/package.json": JSON.stringify({ name: "@repo/common", main: "./src/index.ts" }) + "\n",
  "packages/common/src/user.ts": `export function getUserDetails(env: { USER_DETAILS: DurableObjectNamespace }, id: string) {\n  return env.USER_DETAILS.get(env.USER_DETAILS.idFromName(id));\n}\n`,
  "apps/logs/package.json": JSON.stringify({ name: "@repo/logs", exports: { ".": "./src/index.ts" } }) + "\n",
  "apps/logs/wrangler.jsonc": `{ "name": "logs", "main": "src/index.ts", "durable_objects": { "bindings": [{ "name": "STREAMER", "class_name": "Streamer" }] }, "migrations": [{ "tag": "v1", "new_sqlite_classes": ["Streamer"] }] }\n`,
  "apps/logs/src/index.ts": `import { DurableObject } from "cloudflare:workers";\nexport class Streamer extends DurableObject {}\nexport const createLogger = () => console;\nexport default { fetch(r: Request, env: Env) { return env.STREAMER.get(env.STREAMER.idFromName("x")).fetch(r); } };\n`,
  "apps/casb/wrangler.jsonc": `{ "name": "casb", "main": "src/index.ts", "durable_objects": { "bindings": [{ "name": "MCP_OBJECT", "class_name": "CasbMcp" }] }, "migrations": [{ "tag": "v1", "new_sqlite_classes": ["CasbMcp"] }] }\n`,
  ...extra,
});

testRule("unknown-binding-in-code", {
  valid: [
    {
      name: "another worker's module reached through a workspace import: its env.X belongs to that worker (real: wonder's services import the logs worker's helpers)",
      files: monorepo({
        "apps/casb/src/index.ts": `import { DurableObject } from "cloudflare:workers";\nimport { createLogger } from "@repo/logs";\nexport class CasbMcp extends DurableObject {}\nexport default { fetch() { createLogger(); return new Response("ok"); } };\n`,
      }),
    },
  ],
  invalid: [
    {
      name: "a shared package's helper reached through a workspace import uses a binding this worker lacks: reported there, naming the worker's config, no guess (real: mcp-server-cloudflare's getUserDetails)",
      files: monorepo({
        "apps/casb/src/index.ts": `import { DurableObject } from "cloudflare:workers";\nimport { getUserDetails } from "@repo/common/src/user";\nexport class CasbMcp extends DurableObject {}\nexport default { fetch(r: Request, env: Env) { return getUserDetails(env, "u").fetch(r); } };\n`,
      }),
      findings: [
        { file: "packages/common/src/user.ts", line: 2, messageId: "unknown", data: { binding: "USER_DETAILS", config: "apps/casb/wrangler.jsonc", bindings: "MCP_OBJECT" } },
      ],
      output: null,
    },
  ],
});
