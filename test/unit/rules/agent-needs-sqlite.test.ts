import { testRule } from "../../support/ruleTester";
import { AGENT_WORKER as entry } from "../../support/workerSources";

const counter = `import { DurableObject } from "cloudflare:workers";
export class Counter extends DurableObject<Env> {
  async increment() {
    const value = ((await this.ctx.storage.get<number>("n")) ?? 0) + 1;
    await this.ctx.storage.put("n", value);
    return value;
  }
}
export default { fetch() { return new Response("ok"); } };
`;

const jsonc = (migration: string) => `{
  // the worker
  "name": "coder",
  "main": "src/index.ts",
  "compatibility_flags": ["nodejs_compat"],
  "durable_objects": { "bindings": [{ "name": "CoderAgent", "class_name": "CoderAgent" }] },
  "migrations": [
    ${migration}
  ],
}
`;

const containerEntry = `import { Container } from "@cloudflare/containers";
export class MyContainer extends Container {
  defaultPort = 8080;
}
export default { fetch() { return new Response("ok"); } };
`;
const containerConfig = (migration: string, containers = `
  "containers": [{ "class_name": "MyContainer", "image": "./Dockerfile" }],`) => `{
  "name": "app",
  "main": "src/index.ts",${containers}
  "durable_objects": { "bindings": [{ "name": "MY_CONTAINER", "class_name": "MyContainer" }] },
  "migrations": [${migration}],
}
`;

testRule("agent-needs-sqlite", {
  valid: [
    {
      name: "an Agent created KV-backed, then deleted by a later entry, with no binding: it can run no code",
      files: {
        "wrangler.jsonc": `{
  "name": "coder",
  "main": "src/index.ts",
  "compatibility_flags": ["nodejs_compat"],
  "migrations": [
    { "tag": "v1", "new_classes": ["CoderAgent"] },
    { "tag": "v2", "deleted_classes": ["CoderAgent"] },
  ],
}
`,
        "src/index.ts": entry,
      },
    },
    { name: "JSONC: an Agent created with new_sqlite_classes", files: { "wrangler.jsonc": jsonc(`{ "tag": "v1", "new_sqlite_classes": ["CoderAgent"], },`), "src/index.ts": entry } },
    {
      name: "TOML: a plain KV-backed DurableObject may use new_classes",
      files: {
        "wrangler.toml": `name = "counter"
main = "src/index.ts"

[[durable_objects.bindings]]
name = "COUNTER"
class_name = "Counter"

[[migrations]]
tag = "v1"
new_classes = ["Counter"]
`,
        "src/index.ts": counter,
      },
    },
    {
      name: "new_classes naming a class that cannot be found is left to other rules",
      files: { "wrangler.jsonc": jsonc(`{ "tag": "v1", "new_classes": ["Missing"] },`), "src/index.ts": entry },
    },
    {
      name: "a WorkerEntrypoint in new_classes is not an Agent",
      files: {
        "wrangler.jsonc": jsonc(`{ "tag": "v1", "new_classes": ["Api"] },`),
        "src/index.ts": `import { WorkerEntrypoint } from "cloudflare:workers";\nexport class Api extends WorkerEntrypoint<Env> {}\nexport default { fetch() { return new Response("ok"); } };\n`,
      },
    },
    {
      name: "an Agent created with new_sqlite_classes, inherited by environments",
      files: {
        "wrangler.jsonc": `{
  "name": "coder",
  "main": "src/index.ts",
  "compatibility_flags": ["nodejs_compat"],
  "migrations": [{ "tag": "v1", "new_sqlite_classes": ["CoderAgent"] }],
  "env": { "staging": {}, "production": { "migrations": [{ "tag": "v1", "new_sqlite_classes": ["CoderAgent"] }] } },
}
`,
        "src/index.ts": entry,
      },
    },
    {
      name: "a container class created with new_sqlite_classes",
      files: { "wrangler.jsonc": containerConfig(`{ "tag": "v1", "new_sqlite_classes": ["MyContainer"] }`), "src/index.ts": containerEntry },
    },
    {
      name: "a plain Durable Object in new_classes next to a container class in new_sqlite_classes",
      files: {
        "wrangler.jsonc": containerConfig(`{ "tag": "v1", "new_sqlite_classes": ["MyContainer"] }, { "tag": "v2", "new_classes": ["Counter"] }`),
        "src/index.ts": containerEntry + counter.replace('export default { fetch() { return new Response("ok"); } };\n', ""),
      },
    },
    {
      name: "exports: a legacy-kv tombstone (renamed, transferred) or a worker entry is no class",
      files: {
        "wrangler.jsonc": `{
  "main": "src/index.ts",
  "compatibility_flags": ["nodejs_compat"],
  "durable_objects": { "bindings": [{ "name": "CoderAgent", "class_name": "NewAgent" }] },
  "exports": {
    "CoderAgent": { "type": "durable-object", "state": "renamed", "renamed_to": "NewAgent", "storage": "legacy-kv" },
    "Old": { "type": "durable-object", "state": "transferred", "transferred_to": "x", "storage": "legacy-kv" },
    "NewAgent": { "type": "durable-object", "storage": "sqlite" },
  },
}
`,
        "src/index.ts": entry.replace("CoderAgent", "NewAgent") + `export class Old extends Agent<Env> {}\n`,
      },
    },
  ],
  invalid: [
    {
      name: "a class named by containers[] created with new_classes (the class itself comes from a package)",
      files: {
        "wrangler.jsonc": containerConfig(`{ "tag": "v1", "new_classes": ["MyContainer"] }`),
        "src/index.ts": `export { Sandbox as MyContainer } from "@cloudflare/sandbox";\nexport default { fetch() { return new Response("ok"); } };\n`,
      },
      findings: [{ file: "wrangler.jsonc", line: 6, messageId: "kvMigration", data: { what: "\"MyContainer\" runs a container (`containers` names it)" }, message: "Containers run only on SQLite-backed Durable Objects" }],
      output: { "wrangler.jsonc": containerConfig(`{ "tag": "v1", "new_sqlite_classes": ["MyContainer"] }`) },
    },
    {
      name: "TOML: a class extending Container from @cloudflare/containers, without a containers table",
      files: {
        "wrangler.toml": `name = "app"
main = "src/index.ts"

[[durable_objects.bindings]]
name = "MY_CONTAINER"
class_name = "MyContainer"

[[migrations]]
tag = "v1"
new_classes = ["MyContainer"]
`,
        "src/index.ts": containerEntry,
      },
      findings: [{ file: "wrangler.toml", line: 10, messageId: "kvMigration", data: { what: "\"MyContainer\" is a container class (it extends Container from @cloudflare/containers)" } }],
      output: {
        "wrangler.toml": `name = "app"
main = "src/index.ts"

[[durable_objects.bindings]]
name = "MY_CONTAINER"
class_name = "MyContainer"

[[migrations]]
tag = "v1"
new_sqlite_classes = ["MyContainer"]
`,
      },
    },
    {
      name: "a Sandbox subclass in an environment's own migrations",
      files: {
        "wrangler.jsonc": `{
  "name": "app",
  "main": "src/index.ts",
  "env": {
    "staging": {
      "durable_objects": { "bindings": [{ "name": "Sandbox", "class_name": "MySandbox" }] },
      "migrations": [{ "tag": "v1", "new_classes": ["MySandbox"] }],
    },
  },
}
`,
        "src/index.ts": `import { Sandbox } from "@cloudflare/sandbox";\nexport class MySandbox extends Sandbox {}\nexport default { fetch() { return new Response("ok"); } };\n`,
      },
      findings: [{ file: "wrangler.jsonc", line: 7, messageId: "kvMigration", message: "extends Sandbox from @cloudflare/sandbox" }],
    },
    {
      name: "a config only tests use: still an error (the pool runs it KV-backed too), and the key fix is safe there",
      files: {
        "test/wrangler.jsonc": jsonc(`{ "tag": "v1", "new_classes": ["CoderAgent"] },`),
        "test/src/index.ts": entry,
        "src/index.ts": entry,
      },
      findings: [{ file: "test/wrangler.jsonc", line: 8, messageId: "kvMigrationNeverDeployed", severity: "error", message: "this config is used only by tests and never deployed" }],
      output: { "test/wrangler.jsonc": jsonc(`{ "tag": "v1", "new_sqlite_classes": ["CoderAgent"] },`) },
    },
    {
      name: "a config only tests use, containers naming a plain DurableObject created KV-backed: only a deploy fails (wrangler dev runs it), info",
      files: {
        "test/wrangler.jsonc": containerConfig(`{ "tag": "v1", "new_classes": ["MyContainer"] }`),
        "test/src/index.ts": `import { DurableObject } from "cloudflare:workers";\nexport class MyContainer extends DurableObject {\n  fetch() { return new Response("ok"); }\n}\nexport default { fetch() { return new Response("ok"); } };\n`,
        "src/index.ts": entry,
      },
      findings: [
        {
          file: "test/wrangler.jsonc",
          line: 6,
          severity: "info",
          messageId: "onlyDeployFails",
          data: { findingId: "kvMigrationNeverDeployed", className: "MyContainer" },
          message: ["wrangler dev runs a container on a KV-backed Durable Object", "Only a deploy would fail", "Containers run only on SQLite-backed Durable Objects"],
        },
      ],
      output: { "test/wrangler.jsonc": containerConfig(`{ "tag": "v1", "new_sqlite_classes": ["MyContainer"] }`) },
    },
    {
      name: "a config only tests use with a class extending Container: still an error (the class itself uses SQLite storage in dev)",
      files: {
        "test/wrangler.jsonc": containerConfig(`{ "tag": "v1", "new_classes": ["MyContainer"] }`),
        "test/src/index.ts": containerEntry,
        "src/index.ts": entry,
      },
      findings: [{ file: "test/wrangler.jsonc", line: 6, severity: "error", messageId: "kvMigrationNeverDeployed", data: { what: "\"MyContainer\" is a container class (it extends Container from @cloudflare/containers)" } }],
      output: { "test/wrangler.jsonc": containerConfig(`{ "tag": "v1", "new_sqlite_classes": ["MyContainer"] }`) },
    },
    {
      name: "exports with legacy-kv in a config only tests use: the advice says nothing was created KV-backed",
      files: {
        "test/wrangler.jsonc": `{
  "main": "src/index.ts",
  "compatibility_flags": ["nodejs_compat"],
  "durable_objects": { "bindings": [{ "name": "CoderAgent", "class_name": "CoderAgent" }] },
  "exports": { "CoderAgent": { "type": "durable-object", "storage": "legacy-kv" } },
}
`,
        "test/src/index.ts": entry,
        "src/index.ts": entry,
      },
      findings: [{ file: "test/wrangler.jsonc", line: 5, messageId: "kvExportsNeverDeployed", data: { className: "CoderAgent" } }],
    },
    {
      name: "exports declares an Agent with legacy-kv storage",
      files: {
        "wrangler.jsonc": `{
  "main": "src/index.ts",
  "compatibility_flags": ["nodejs_compat"],
  "durable_objects": { "bindings": [{ "name": "CoderAgent", "class_name": "CoderAgent" }] },
  "exports": {
    "CoderAgent": { "type": "durable-object", "storage": "legacy-kv" }, // first try
  },
}
`,
        "src/index.ts": entry,
      },
      findings: [{ file: "wrangler.jsonc", line: 6, messageId: "kvExports", message: "The storage.kv (synchronous KV) API is only available for SQLite-backed Durable Objects" }],
      output: {
        "wrangler.jsonc": `{
  "main": "src/index.ts",
  "compatibility_flags": ["nodejs_compat"],
  "durable_objects": { "bindings": [{ "name": "CoderAgent", "class_name": "CoderAgent" }] },
  "exports": {
    "CoderAgent": { "type": "durable-object", "storage": "sqlite" }, // first try
  },
}
`,
      },
    },
    {
      name: "JSONC: an Agent created with new_classes, key renamed keeping comments and commas",
      files: { "wrangler.jsonc": jsonc(`{ "tag": "v1", "new_classes": ["CoderAgent"], }, // first deploy`), "src/index.ts": entry },
      findings: [
        {
          file: "wrangler.jsonc",
          line: 8, messageId: "kvMigration",
          message: [
            '"CoderAgent" is an Agents SDK class but migration "v1" creates it with `new_classes`',
            '"The storage.kv (synchronous KV) API is only available for SQLite-backed Durable Objects..."',
          ],
        },
      ],
      output: { "wrangler.jsonc": jsonc(`{ "tag": "v1", "new_sqlite_classes": ["CoderAgent"], }, // first deploy`) },
    },
    {
      name: "TOML: an Agent in [[migrations]] new_classes",
      files: {
        "wrangler.toml": `name = "coder"
main = "src/index.ts"
compatibility_flags = ["nodejs_compat"]

[[durable_objects.bindings]]
name = "CoderAgent"
class_name = "CoderAgent"

[[migrations]]
tag = "v1"
new_classes = ["CoderAgent"] # oops
`,
        "src/index.ts": entry,
      },
      findings: [{ file: "wrangler.toml", line: 11, messageId: "kvMigration", message: "is an Agents SDK class" }],
      output: {
        "wrangler.toml": `name = "coder"
main = "src/index.ts"
compatibility_flags = ["nodejs_compat"]

[[durable_objects.bindings]]
name = "CoderAgent"
class_name = "CoderAgent"

[[migrations]]
tag = "v1"
new_sqlite_classes = ["CoderAgent"] # oops
`,
      },
    },
    {
      name: "a DurableObject that uses SQL storage",
      files: {
        "wrangler.toml": `name = "notes"
main = "src/index.ts"
migrations = [ { tag = "v1", new_classes = ["Notes"] } ]

[[durable_objects.bindings]]
name = "NOTES"
class_name = "Notes"
`,
        "src/index.ts": `import { DurableObject } from "cloudflare:workers";
export class Notes extends DurableObject<Env> {
  list() {
    return this.ctx.storage.sql.exec("SELECT * FROM notes").toArray();
  }
}
export default { fetch() { return new Response("ok"); } };
`,
      },
      findings: [{ file: "wrangler.toml", line: 3, messageId: "kvMigration", data: { what: "\"Notes\" uses SQL storage", tag: "v1" } }],
      output: {
        "wrangler.toml": `name = "notes"
main = "src/index.ts"
migrations = [ { tag = "v1", new_sqlite_classes = ["Notes"] } ]

[[durable_objects.bindings]]
name = "NOTES"
class_name = "Notes"
`,
      },
    },
    {
      name: "an Agent through a local base class, declared in another file",
      files: {
        "wrangler.jsonc": jsonc(`{ "tag": "v1", "new_classes": ["CoderAgent"] }`),
        "src/index.ts": `export { CoderAgent } from "./coder";\nexport default { fetch() { return new Response("ok"); } };\n`,
        "src/base.ts": `import { AIChatAgent } from "agents/ai-chat-agent";\nexport abstract class BaseAgent extends AIChatAgent<Env> {}\n`,
        "src/coder.ts": `import { BaseAgent } from "./base";\nexport class CoderAgent extends BaseAgent {}\n`,
      },
      findings: [{ file: "wrangler.jsonc", line: 8, messageId: "kvMigration", message: "is an Agents SDK class" }],
      output: { "wrangler.jsonc": jsonc(`{ "tag": "v1", "new_sqlite_classes": ["CoderAgent"] }`) },
    },
    {
      name: "two Agents in one new_classes entry: both reported, one key rename fixes both",
      files: {
        "wrangler.jsonc": jsonc(`{
      "tag": "v1",
      "new_classes": [
        "CoderAgent",
        "ReviewAgent",
      ],
    },`),
        "src/index.ts": `import { Agent } from "agents";
export class CoderAgent extends Agent<Env> {}
export class ReviewAgent extends Agent<Env> {}
export default { fetch() { return new Response("ok"); } };
`,
      },
      findings: [
        { file: "wrangler.jsonc", line: 11, messageId: "kvMigration", data: { what: "\"CoderAgent\" is an Agents SDK class" } },
        { file: "wrangler.jsonc", line: 12, messageId: "kvMigration", data: { what: "\"ReviewAgent\" is an Agents SDK class" } },
      ],
      output: {
        "wrangler.jsonc": jsonc(`{
      "tag": "v1",
      "new_sqlite_classes": [
        "CoderAgent",
        "ReviewAgent",
      ],
    },`),
      },
    },
    {
      name: "an entry without a tag is named by its position",
      files: { "wrangler.jsonc": jsonc(`{ "new_classes": ["CoderAgent"] },`), "src/index.ts": entry },
      findings: [{ file: "wrangler.jsonc", line: 8, messageId: "kvMigration", data: { tag: "#1" } }],
      output: { "wrangler.jsonc": jsonc(`{ "new_sqlite_classes": ["CoderAgent"] },`) },
    },
    {
      name: "an entry with both keys: no automatic fix (it would duplicate the key)",
      files: {
        "wrangler.jsonc": jsonc(`{ "tag": "v1", "new_sqlite_classes": ["ReviewAgent"], "new_classes": ["CoderAgent"] },`),
        "src/index.ts": `import { Agent } from "agents";
export class CoderAgent extends Agent<Env> {}
export class ReviewAgent extends Agent<Env> {}
export default { fetch() { return new Response("ok"); } };
`,
      },
      findings: [{ file: "wrangler.jsonc", line: 8, messageId: "kvMigration" }],
      output: null,
    },
    {
      name: "a plain KV class next to the Agent: only the Agent is reported, no automatic fix",
      files: {
        "wrangler.jsonc": jsonc(`{ "tag": "v1", "new_classes": ["Counter", "CoderAgent"] },`),
        "src/index.ts": `import { Agent } from "agents";
import { DurableObject } from "cloudflare:workers";
export class CoderAgent extends Agent<Env> {}
export class Counter extends DurableObject<Env> {}
export default { fetch() { return new Response("ok"); } };
`,
      },
      findings: [{ file: "wrangler.jsonc", line: 8, messageId: "kvMigration", data: { what: "\"CoderAgent\" is an Agents SDK class" } }],
      output: null,
    },
    {
      name: "inherited migrations are reported once, where written",
      files: {
        "wrangler.jsonc": `{
  "name": "coder",
  "main": "src/index.ts",
  "compatibility_flags": ["nodejs_compat"],
  "migrations": [
    { "tag": "v1", "new_classes": ["CoderAgent"] },
  ],
  "env": {
    "staging": { "durable_objects": { "bindings": [{ "name": "CoderAgent", "class_name": "CoderAgent" }] } },
    "production": { "durable_objects": { "bindings": [{ "name": "CoderAgent", "class_name": "CoderAgent" }] } },
  },
}
`,
        "src/index.ts": entry,
      },
      findings: [{ file: "wrangler.jsonc", line: 6, messageId: "kvMigration", data: { tag: "v1" } }],
      output: {
        "wrangler.jsonc": `{
  "name": "coder",
  "main": "src/index.ts",
  "compatibility_flags": ["nodejs_compat"],
  "migrations": [
    { "tag": "v1", "new_sqlite_classes": ["CoderAgent"] },
  ],
  "env": {
    "staging": { "durable_objects": { "bindings": [{ "name": "CoderAgent", "class_name": "CoderAgent" }] } },
    "production": { "durable_objects": { "bindings": [{ "name": "CoderAgent", "class_name": "CoderAgent" }] } },
  },
}
`,
      },
    },
    {
      name: "TOML: an environment's own migrations, with --env",
      env: "staging",
      files: {
        "wrangler.toml": `name = "coder"
main = "src/index.ts"
compatibility_flags = ["nodejs_compat"]

[[migrations]]
tag = "v1"
new_sqlite_classes = ["CoderAgent"]

[env.staging]
name = "coder-staging"

[[env.staging.durable_objects.bindings]]
name = "CoderAgent"
class_name = "CoderAgent"

[[env.staging.migrations]]
tag = "staging-1"
new_classes = ["CoderAgent"]
`,
        "src/index.ts": entry,
      },
      findings: [{ file: "wrangler.toml", line: 18, messageId: "kvMigration", data: { tag: "staging-1" } }],
      output: {
        "wrangler.toml": `name = "coder"
main = "src/index.ts"
compatibility_flags = ["nodejs_compat"]

[[migrations]]
tag = "v1"
new_sqlite_classes = ["CoderAgent"]

[env.staging]
name = "coder-staging"

[[env.staging.durable_objects.bindings]]
name = "CoderAgent"
class_name = "CoderAgent"

[[env.staging.migrations]]
tag = "staging-1"
new_sqlite_classes = ["CoderAgent"]
`,
      },
    },
  ],
});

// A base class from the monorepo's own workspace package, read through its package.json `exports`.
const workspaceFiles = (migration: string) => ({
  "package.json": JSON.stringify({ name: "root", private: true, workspaces: ["apps/*", "packages/*/*"] }) + "\n",
  "packages/hosts/cloudflare/package.json": JSON.stringify({ name: "@acme/cloudflare", exports: { "./mcp/session": { types: "./src/mcp/session.ts", default: "./src/mcp/session.ts" } } }) + "\n",
  "packages/hosts/cloudflare/src/mcp/session.ts": `import { McpAgent } from "agents/mcp";\nexport abstract class McpSessionBase<E> extends McpAgent<E> {}\n`,
  "apps/cloud/package.json": JSON.stringify({ name: "cloud", private: true }) + "\n",
  "apps/cloud/wrangler.jsonc": `{
  "name": "cloud",
  "main": "src/server.ts",
  "durable_objects": { "bindings": [{ "name": "MCP_SESSION", "class_name": "McpSessionDO" }] },
  "migrations": [{ "tag": "v1", ${migration}: ["McpSessionDO"] }],
}
`,
  "apps/cloud/src/server.ts": `import { McpSessionBase } from "@acme/cloudflare/mcp/session";\nexport class McpSessionDO extends McpSessionBase<Env> {}\nexport default { fetch() { return new Response("ok"); } };\n`,
});

testRule("agent-needs-sqlite", {
  valid: [{ name: "an McpAgent from a workspace package, created with new_sqlite_classes", files: workspaceFiles(`"new_sqlite_classes"`) }],
  invalid: [
    {
      name: "an McpAgent whose base comes from a workspace package's exports, created with new_classes (real: executor's session class, 500 on every session)",
      files: workspaceFiles(`"new_classes"`),
      findings: [{ file: "apps/cloud/wrangler.jsonc", line: 5, messageId: "kvMigration" }],
    },
  ],
});

// A class exported instrumented: `export const X = Sentry.instrumentDurableObjectWithSentry(options, XBase)`.
const instrumented = (migration: string) => ({
  "wrangler.jsonc": `{
  "name": "mcp",
  "main": "src/index.ts",
  "compatibility_flags": ["nodejs_compat"],
  "durable_objects": { "bindings": [{ "name": "MCP_OBJECT", "class_name": "MyMcp" }] },
  "migrations": [{ "tag": "v1", ${migration}: ["MyMcp"] }],
}
`,
  "src/index.ts": `import * as Sentry from "@sentry/cloudflare";
import { MyMcpBase } from "./mcp";
export const MyMcp = Sentry.instrumentDurableObjectWithSentry((env: Env) => ({ dsn: env.SENTRY_DSN }), MyMcpBase);
export default Sentry.withSentry((env: Env) => ({ dsn: env.SENTRY_DSN }), { fetch: (r: Request, env: Env, ctx: ExecutionContext) => MyMcp.serve("/mcp").fetch(r, env, ctx) });
`,
  "src/mcp.ts": `import { McpAgent } from "agents/mcp";\nexport class MyMcpBase extends McpAgent<Env> { async init() {} }\n`,
});

testRule("agent-needs-sqlite", {
  valid: [{ name: "an McpAgent exported instrumented by Sentry, created with new_sqlite_classes", files: instrumented(`"new_sqlite_classes"`) }],
  invalid: [
    {
      name: "an McpAgent exported instrumented by Sentry (instrumentDurableObjectWithSentry), created with new_classes",
      files: instrumented(`"new_classes"`),
      findings: [{ file: "wrangler.jsonc", line: 6, messageId: "kvMigration" }],
    },
  ],
});
