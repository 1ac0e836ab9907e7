import * as assert from "node:assert/strict";
import { fixLeavesNothingNew } from "../../support/fixRecheck";
import { testRule, type InvalidCase } from "../../support/ruleTester";

const server = (serve: string) => `import { McpAgent } from "agents/mcp";
export class MyMCP extends McpAgent<Env> {
  server = {} as never;
  async init() {}
}
export default ${serve};
`;

const config = (bindings: string, extra = "") => `{
  "name": "mcp",
  "main": "src/index.ts",
  "compatibility_flags": ["nodejs_compat"],
  "durable_objects": { "bindings": [${bindings}] },
  "migrations": [{ "tag": "v1", "new_sqlite_classes": ["MyMCP"] }]${extra}
}
`;

const mcpObject = `{ "name": "MCP_OBJECT", "class_name": "MyMCP" }`;

testRule("mcp-agent-binding", {
  valid: [
    { name: "MyMCP.serve with MCP_OBJECT bound to MyMCP", files: { "wrangler.jsonc": config(mcpObject), "src/index.ts": server(`MyMCP.serve("/mcp")`) } },
    {
      name: "serveSSE and serve with the binding option, bound (TOML)",
      files: {
        "wrangler.toml": `name = "mcp"\nmain = "src/index.ts"\n\n[[durable_objects.bindings]]\nname = "MY_MCP"\nclass_name = "MyMCP"\n\n[[migrations]]\ntag = "v1"\nnew_sqlite_classes = ["MyMCP"]\n`,
        "src/index.ts": server(`{ fetch(r: Request, env: Env, ctx: ExecutionContext) { return new URL(r.url).pathname === "/sse" ? MyMCP.serveSSE("/sse", { binding: "MY_MCP" }).fetch(r, env, ctx) : MyMCP.serve("/mcp", { binding: "MY_MCP" }).fetch(r, env, ctx); } }`),
      },
    },
    { name: "options not written as a literal: not judged", files: { "wrangler.jsonc": config(""), "src/index.ts": server(`MyMCP.serve("/mcp", options)`).replace("export default", "const options = { binding: \"X\" };\nexport default") } },
    {
      name: "X is no McpAgent (a Hono app's mount, a plain class)",
      files: {
        "wrangler.jsonc": config(""),
        "src/index.ts": `import { Hono } from "hono";\nclass Files { static serve(p: string) { return p; } }\nconst app = new Hono();\napp.mount("/files", Files.serve("/x") as never);\nexport default app;\n`,
      },
    },
    {
      name: "X is the bound class under an import alias (agents' playground)",
      files: {
        "wrangler.jsonc": config(`{ "name": "PlaygroundMcpServer", "class_name": "PlaygroundMcpServer" }`),
        "src/index.ts": `import { PlaygroundMcpServer as McpServerClass } from "./mcp";\nconst mcpHandler = McpServerClass.serve("/mcp-server", { binding: "PlaygroundMcpServer" });\nexport { PlaygroundMcpServer } from "./mcp";\nexport default { fetch: mcpHandler.fetch };\n`,
        "src/mcp.ts": `import { McpAgent } from "agents/mcp";\nexport class PlaygroundMcpServer extends McpAgent<Env> {}\n`,
      },
    },
    {
      name: "the binding runs a subclass of X",
      files: { "wrangler.jsonc": config(`{ "name": "MCP_OBJECT", "class_name": "ProMCP" }`), "src/index.ts": server(`MyMCP.serve("/mcp")`) + `export class ProMCP extends MyMCP {}\n` },
    },
    {
      name: "an environment without the top level's MCP_OBJECT: env-missing-bindings's finding",
      env: "staging",
      files: { "wrangler.jsonc": config(mcpObject, `,\n  "env": { "staging": { "durable_objects": { "bindings": [] } } }`), "src/index.ts": server(`MyMCP.serve("/mcp")`) },
    },
    {
      name: "a binding to another worker's class (script_name)",
      files: { "wrangler.jsonc": config(`{ "name": "MCP_OBJECT", "class_name": "Other", "script_name": "other" }`), "src/index.ts": server(`MyMCP.serve("/mcp")`) },
    },
  ],
  invalid: [
    {
      name: "no Durable Object binding at all",
      files: { "wrangler.jsonc": `{ "name": "mcp", "main": "src/index.ts" }\n`, "src/index.ts": server(`MyMCP.serve("/mcp")`) },
      findings: [{ file: "src/index.ts", line: 6, message: ['MyMCP.serve() looks up the Durable Object binding "MCP_OBJECT"', '"Could not find McpAgent binding for MCP_OBJECT. Did you update your wrangler configuration?"'] }],
      output: {
        "wrangler.jsonc": `{ "name": "mcp", "main": "src/index.ts", "durable_objects": { "bindings": [{ "name": "MCP_OBJECT", "class_name": "MyMCP" }] }, "migrations": [{ "tag": "v1", "new_sqlite_classes": ["MyMCP"] }] }\n`,
      },
    },
    {
      name: "the binding option names a binding that does not exist (TOML)",
      files: {
        "wrangler.toml": `name = "mcp"\nmain = "src/index.ts"\n\n[[durable_objects.bindings]]\nname = "MCP_OBJECT"\nclass_name = "MyMCP"\n`,
        "src/index.ts": server(`MyMCP.mount("/sse", { binding: "MY_MCP" })`),
      },
      findings: [{ file: "src/index.ts", line: 6, message: 'MyMCP.mount() looks up the Durable Object binding "MY_MCP"' }],
    },
    {
      name: "MCP_OBJECT is a KV namespace",
      files: { "wrangler.jsonc": `{ "name": "mcp", "main": "src/index.ts", "kv_namespaces": [{ "binding": "MCP_OBJECT", "id": "abc" }] }\n`, "src/index.ts": server(`MyMCP.serve("/mcp")`) },
      findings: [{ file: "src/index.ts", line: 6, message: "Invalid McpAgent binding for MCP_OBJECT. Make sure it's a Durable Object binding." }],
    },
    {
      name: "two servers share MCP_OBJECT: the second one's requests run the first class",
      files: {
        "wrangler.jsonc": config(mcpObject),
        "src/index.ts": server(`{ fetch(r: Request, env: Env, ctx: ExecutionContext) { return new URL(r.url).pathname === "/a" ? MyMCP.serve("/a").fetch(r, env, ctx) : OtherMCP.serve("/b").fetch(r, env, ctx); } }`) + `export class OtherMCP extends McpAgent<Env> {}\n`,
      },
      findings: [{ file: "src/index.ts", line: 6, severity: "warning", message: 'OtherMCP.serve() serves through the Durable Object binding "MCP_OBJECT", which binds class "MyMCP", not OtherMCP' }],
    },
    {
      name: "an environment's own binding under that name runs another class",
      env: "staging",
      files: {
        "wrangler.jsonc": config(mcpObject, `,\n  "env": { "staging": { "durable_objects": { "bindings": [{ "name": "MCP_OBJECT", "class_name": "Legacy" }] } } }`),
        "src/index.ts": server(`MyMCP.serve("/mcp")`) + `import { DurableObject } from "cloudflare:workers";\nexport class Legacy extends DurableObject {}\n`,
      },
      findings: [{ file: "src/index.ts", line: 6, severity: "warning", message: ["env.staging", 'binds class "Legacy", not MyMCP'] }],
    },
  ],
});

// The fix: add the binding the handler looks up (and a migration creating the class when none does).
const counterSource = `import { DurableObject } from "cloudflare:workers";\nexport class Counter extends DurableObject {}\n`;
const withCounter = (extra: string) => `{
  "name": "mcp",
  "main": "src/index.ts",
  "compatibility_flags": ["nodejs_compat"],
  // the counter
  "durable_objects": { "bindings": [{ "name": "COUNTER", "class_name": "Counter" }${extra ? `, ${extra}` : ""}] },
  "migrations": [{ "tag": "v1", "new_sqlite_classes": ["Counter"] }${extra ? `, { "tag": "v2", "new_sqlite_classes": ["MyMCP"] }` : ""}],
}
`;
const fixCases: InvalidCase[] = [
  {
    name: "fix: append MCP_OBJECT and migration v2 to the lists the config has (JSONC, comments kept)",
    files: { "wrangler.jsonc": withCounter(""), "src/index.ts": server(`MyMCP.serve("/mcp")`) + `export { Counter } from "./counter";\n`, "src/counter.ts": counterSource },
    findings: [{ file: "src/index.ts", line: 6, messageId: "missing" }],
    output: { "wrangler.jsonc": withCounter(mcpObject) },
  },
  {
    name: "fix: the binding option's name, binding and migration as new tables (TOML)",
    files: { "wrangler.toml": `name = "mcp"\nmain = "src/index.ts" # entry\ncompatibility_flags = ["nodejs_compat"]\n`, "src/index.ts": server(`MyMCP.serveSSE("/sse", { binding: "MY_MCP" })`) },
    findings: [{ file: "src/index.ts", line: 6, messageId: "missing" }],
    output: {
      "wrangler.toml": `name = "mcp"\nmain = "src/index.ts" # entry\ncompatibility_flags = ["nodejs_compat"]\n\n[[durable_objects.bindings]]\nname = "MY_MCP"\nclass_name = "MyMCP"\n\n[[migrations]]\ntag = "v1"\nnew_sqlite_classes = ["MyMCP"]\n`,
    },
  },
  {
    name: "fix: a migration creates the class already, only the binding is added (TOML)",
    files: {
      "wrangler.toml": `name = "mcp"\nmain = "src/index.ts"\ncompatibility_flags = ["nodejs_compat"]\n\n[[migrations]]\ntag = "v1"\nnew_sqlite_classes = ["MyMCP"]\n`,
      "src/index.ts": server(`MyMCP.serve("/mcp")`),
    },
    findings: [{ file: "src/index.ts", line: 6, messageId: "missing" }],
    output: {
      "wrangler.toml": `name = "mcp"\nmain = "src/index.ts"\ncompatibility_flags = ["nodejs_compat"]\n\n[[migrations]]\ntag = "v1"\nnew_sqlite_classes = ["MyMCP"]\n\n[[durable_objects.bindings]]\nname = "MCP_OBJECT"\nclass_name = "MyMCP"\n`,
    },
  },
];

testRule("mcp-agent-binding", {
  valid: [],
  invalid: [
    ...fixCases,
    {
      name: "no fix when an environment lacks the binding too (which environment gets it is a choice)",
      files: {
        "wrangler.jsonc": `{ "name": "mcp", "main": "src/index.ts", "compatibility_flags": ["nodejs_compat"], "env": { "staging": {} } }\n`,
        "src/index.ts": server(`MyMCP.serve("/mcp")`),
      },
      findings: [{ file: "src/index.ts", line: 6, messageId: "missing", data: { envs: "the top level, env.staging" } }],
      output: null,
    },
    {
      name: "no fix when main does not export the class (the binding would name no export)",
      files: {
        "wrangler.jsonc": `{ "name": "mcp", "main": "src/index.ts", "compatibility_flags": ["nodejs_compat"] }\n`,
        "src/index.ts": `import { MyMCP } from "./mcp";\nexport default MyMCP.serve("/mcp");\n`,
        "src/mcp.ts": `import { McpAgent } from "agents/mcp";\nexport class MyMCP extends McpAgent<Env> {}\n`,
      },
      findings: [{ file: "src/index.ts", line: 2, messageId: "missing" }],
      output: null,
    },
  ],
});

describe("mcp-agent-binding's fix, applied and checked again", () => {
  for (const testCase of fixCases) {
    it(testCase.name, () => {
      const fix = fixLeavesNothingNew("mcp-agent-binding", testCase);
      assert.equal(fix.safe, true, "applied by --fix and fix-all");
    });
  }
  it("the class bound already under another name: offered, not applied unattended (passing that name in code may be meant)", () => {
    const fix = fixLeavesNothingNew("mcp-agent-binding", {
      files: {
        "wrangler.toml": `name = "mcp"\nmain = "src/index.ts"\ncompatibility_flags = ["nodejs_compat"]\n\n[[durable_objects.bindings]]\nname = "MCP_OBJECT"\nclass_name = "MyMCP"\n\n[[migrations]]\ntag = "v1"\nnew_sqlite_classes = ["MyMCP"]\n`,
        "src/index.ts": server(`MyMCP.mount("/sse", { binding: "MY_MCP" })`),
      },
    });
    assert.equal(fix.safe, false);
    assert.match(fix.title, /Add the Durable Object binding MY_MCP \(class MyMCP\)$/);
  });
});

// The McpAgent served is a const instrumented by Sentry, through a re-export (real: agentic's gateway).
const sentryServer = `import * as Sentry from "@sentry/cloudflare";
import { McpAgent } from "agents/mcp";
export class DurableMcpServerBase extends McpAgent<Env> { server = {} as never; async init() {} }
export const DurableMcpServer = Sentry.instrumentDurableObjectWithSentry((env: Env) => ({ dsn: env.SENTRY_DSN }), DurableMcpServerBase);
`;
const sentryApp = `import { DurableMcpServer } from "./worker";
export default { fetch(r: Request, env: Env, ctx: ExecutionContext) { return DurableMcpServer.serve("/*", { binding: "DO_MCP_SERVER" }).fetch(r, env, ctx); } };
export { DurableMcpServer } from "./worker";
`;
const sentryConfig = (bindings: string) => `{
  "name": "gateway",
  "main": "src/index.ts",
  "compatibility_flags": ["nodejs_compat"],
  "durable_objects": { "bindings": [${bindings}] },
  "migrations": [{ "tag": "v1", "new_sqlite_classes": ["DurableMcpServer"] }]
}
`;

testRule("mcp-agent-binding", {
  valid: [
    {
      name: "an McpAgent instrumented by Sentry, served with a binding that exists",
      files: { "wrangler.jsonc": sentryConfig(`{ "name": "DO_MCP_SERVER", "class_name": "DurableMcpServer" }`), "src/index.ts": sentryApp, "src/worker.ts": sentryServer },
    },
  ],
  invalid: [
    {
      name: "an McpAgent instrumented by Sentry (instrumentDurableObjectWithSentry), served with a binding the config lacks",
      files: { "wrangler.jsonc": sentryConfig(`{ "name": "DO_RATE_LIMITER", "class_name": "DurableMcpServer" }`), "src/index.ts": sentryApp, "src/worker.ts": sentryServer },
      findings: [{ file: "src/index.ts", line: 2, messageId: "missing", data: { binding: "DO_MCP_SERVER", className: "DurableMcpServer" } }],
    },
  ],
});

// A top level that only named environments complete: judged when the package runs it.
const envOnly = `{
  "name": "gateway",
  "main": "src/index.ts",
  "compatibility_flags": ["nodejs_compat"],
  "env": {
    "production": {
      "durable_objects": { "bindings": [{ "name": "DO_MCP_SERVER", "class_name": "DurableMcpServer" }] },
      "migrations": [{ "tag": "v1", "new_sqlite_classes": ["DurableMcpServer"] }],
    },
  },
}
`;
const gatewayPackage = (dev: string) => JSON.stringify({ name: "gateway", private: true, scripts: { dev, deploy: "wrangler deploy --env production" } }, null, 2) + "\n";

testRule("mcp-agent-binding", {
  valid: [
    {
      name: "only an environment binds it, and nothing says the top level runs (real: kody runs wrangler through a wrapper choosing the environment)",
      files: { "wrangler.jsonc": envOnly, "package.json": gatewayPackage("node ./wrangler-env.ts dev --local"), "src/index.ts": sentryApp, "src/worker.ts": sentryServer },
    },
  ],
  invalid: [
    {
      name: "only an environment binds it, while the package's dev script runs the top level with plain wrangler dev (real: agentic's gateway)",
      files: { "wrangler.jsonc": envOnly, "package.json": gatewayPackage("wrangler dev"), "src/index.ts": sentryApp, "src/worker.ts": sentryServer },
      findings: [{ file: "src/index.ts", line: 2, messageId: "missing", data: { envs: "the top level" } }],
    },
  ],
});
