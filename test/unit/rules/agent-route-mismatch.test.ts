import { testRule } from "../../support/ruleTester";

const config = (bindings: string, classes = `"CoderAgent"`) => `{
  // the agent worker
  "name": "coder",
  "main": "src/server.ts",
  "compatibility_date": "2025-04-01",
  "compatibility_flags": ["nodejs_compat"],
  "assets": { "directory": "public" },
  "durable_objects": {
    "bindings": [
${bindings}
    ],
  },
  "migrations": [{ "tag": "v1", "new_sqlite_classes": [${classes}] }],
}
`;
const coder = `      { "name": "CoderAgent", "class_name": "CoderAgent" },`;
const server = (classes: string[], options = "") => `import { Agent, routeAgentRequest } from "agents";
${classes.map((c) => `export class ${c} extends Agent<Env> {}`).join("\n")}
export default {
  async fetch(request: Request, env: Env) {
    return (await routeAgentRequest(request, env${options})) ?? new Response("Not found", { status: 404 });
  },
};
`;
const reactClient = (options: string) => `import { useAgent } from "agents/react";

export function Chat() {
  const agent = useAgent({ ${options} });
  return <button onClick={() => agent.send("hi")}>Send</button>;
}
`;
const invalidRequest = ['400 "Invalid request"', "does not match any Durable Object binding", "does not match any server namespace"];

const selfRouted = (route: string) => `import { Agent, getAgentByName, routeAgentRequest } from "agents";
export class CoderAgent extends Agent<Env> {}
export default {
  async fetch(request: Request, env: Env) {
    const url = new URL(request.url);
${route}
    return (await routeAgentRequest(request, env)) ?? new Response("Not found", { status: 404 });
  },
};
`;
const myAgentClients = {
  "src/client.tsx": reactClient(`agent: "my-agent", name: session`),
  "src/socket.ts": "export const open = (id: string) => new WebSocket(`wss://${location.host}/agents/my-agent/${id}`);\n",
};

testRule("agent-route-mismatch", {
  valid: [
    {
      name: "agent-like strings that are not requests: an error text, a file path, a docs link, a test title, an expected value",
      files: {
        "wrangler.jsonc": config(coder),
        "src/server.ts": server(["CoderAgent"]),
        "src/messages.ts": `export const help = "Open /agents/coder/default to chat, see https://github.com/cloudflare/agents/blob/main/docs/agents/nope.md";
export const manifest = "./packages/agents/package.json";
export function fail() { throw new Error("no agent at /agents/nope/default"); }
export const card = { docs: "/agents/nope/api" };
`,
      },
    },
    {
      name: "the worker routes /agents/my-agent/<id> itself with a regular expression before routeAgentRequest (real: an app serving a facet there)",
      files: {
        "wrangler.jsonc": config(coder),
        "src/server.ts": selfRouted(`    const match = /^\\/agents\\/my-agent\\/([^/]+)$/.exec(url.pathname);
    if (match) return (await getAgentByName(env.CoderAgent, "root")).fetch(request);`),
        ...myAgentClients,
      },
    },
    {
      name: "the worker routes the path itself with a router pattern, a startsWith test or a comparison",
      files: {
        "wrangler.jsonc": config(coder),
        "src/server.ts": 'import "./routes";\n' + selfRouted(`    if (url.pathname.startsWith("/agents/my-agent/")) return (await getAgentByName(env.CoderAgent, "root")).fetch(request);
    if (url.pathname === "/agents/other-agent") return new Response("gone", { status: 410 });`),
        "src/routes.ts": `import { Hono } from "hono";\nexport const app = new Hono();\napp.get("/agents/third-agent/:id", (c) => c.text("x"));\n`,
        ...myAgentClients,
        "src/more.ts": "export const a = () => fetch(`/agents/other-agent`);\nexport const b = (id: string) => fetch(`/agents/third-agent/${id}`);\n",
      },
    },
    {
      name: "a stub's own fetch goes straight to the object, past routeAgentRequest",
      files: {
        "wrangler.jsonc": config(coder),
        "src/server.ts": server(["CoderAgent"]).replace("export default", `export async function callback(env: Env) {
  const stub = env.CoderAgent.get(env.CoderAgent.idFromName("a"));
  await stub.fetch("http://internal/agents/oauth/callback");
  return env.CoderAgent.get(env.CoderAgent.idFromName("b")).fetch(new Request("http://x/agents/mcp/default"));
}
export default`),
      },
    },
    {
      name: "a worker routing by hand (getAgentByName behind its own paths) has no /agents/<namespace> contract",
      files: {
        "wrangler.jsonc": config(coder),
        "src/server.ts": `import { Agent, getAgentByName } from "agents";\nexport class CoderAgent extends Agent<Env> {}\nexport default { fetch: async (r: Request, env: Env) => (await getAgentByName(env.CoderAgent, "a")).fetch(r) };\n`,
        "src/client.tsx": `import { useAgent } from "agents/react";\nexport const a = () => useAgent({ agent: "chat" });\nexport const b = () => fetch("/agents/chat/default");\n`,
      },
    },
    {
      name: "test code is not client code: a negative test expecting the 400, and a type test",
      files: {
        "wrangler.jsonc": config(coder),
        "src/server.ts": server(["CoderAgent"]),
        "test/routing.test.ts": `import { useAgent } from "agents/react";\nit("rejects an unknown agent", async () => {\n  const res = await fetch("http://localhost/agents/nope/default");\n  expect(res.status).toBe(400);\n  useAgent({ agent: "nope" });\n});\n`,
        "src/client.test-d.ts": `import { SELF } from "cloudflare:test";\nawait SELF.fetch("http://x/agents/nope/default");\n`,
      },
    },
    {
      name: "a local function named useAgent is not the SDK's",
      files: {
        "wrangler.jsonc": config(coder),
        "src/server.ts": server(["CoderAgent"]),
        "src/client.ts": `function useAgent(options: { agent: string }) { return options; }\nexport const a = useAgent({ agent: "nope" });\nimport type { AgentClient } from "agents/client";\nexport const b = new AgentClient({ agent: "nope" });\n`,
      },
    },
    {
      name: "a front end outside every worker folder while two workers route agents: which one it talks to is unknown",
      files: {
        "a/wrangler.jsonc": config(coder),
        "a/src/server.ts": server(["CoderAgent"]),
        "b/wrangler.jsonc": config(`      { "name": "Reviewer", "class_name": "Reviewer" },`, `"Reviewer"`),
        "b/src/server.ts": server(["Reviewer"]),
        "web/src/App.tsx": reactClient(`agent: "planner"`),
      },
    },
    {
      name: "a path that only contains /agents/ deeper down is not under the router's prefix",
      files: { "wrangler.jsonc": config(coder), "src/server.ts": server(["CoderAgent"]), "src/client.ts": `export const ping = () => fetch("/api/agents/nope/default");\n` },
    },
    {
      name: "a namespace segment without an instance name after it: the router returns null, the worker's fallback answers",
      files: { "wrangler.jsonc": config(coder), "src/server.ts": server(["CoderAgent"]), "src/client.ts": `export const ping = () => fetch("/agents/nope");\n` },
    },
    {
      name: "useAgent with the worker's own prefix",
      files: { "wrangler.jsonc": config(coder), "src/server.ts": server(["CoderAgent"], `, { prefix: "api/agents" }`), "src/client.tsx": reactClient(`agent: "coder-agent", prefix: "/api/agents/"`) },
    },
    {
      name: "useAgent with basePath: the app's own route picks the agent, the name is not in the URL",
      files: { "wrangler.jsonc": config(coder), "src/server.ts": server(["CoderAgent"], `, { prefix: "api/agents" }`), "src/client.tsx": reactClient(`agent: "whatever", basePath: "/me/agent"`) },
    },
    {
      name: "a client prefix where the worker does not use routeAgentRequest at all",
      files: {
        "wrangler.jsonc": config(coder),
        "src/server.ts": `import { Agent, getAgentByName } from "agents";\nexport class CoderAgent extends Agent<Env> {}\nexport default { fetch: async (r: Request, env: Env) => (await getAgentByName(env.CoderAgent, "a")).fetch(r) };\n`,
        "src/client.tsx": reactClient(`agent: "coder-agent", prefix: "rpc"`),
      },
    },
    {
      name: "a client prefix while the worker's prefix comes from a variable: unknown, not judged",
      files: {
        "wrangler.jsonc": config(coder),
        "src/server.ts": server(["CoderAgent"], `, routing`).replace("export default", `const routing = { prefix: process.env.PREFIX ?? "api/agents" };\nexport default`),
        "src/client.tsx": reactClient(`agent: "coder-agent", prefix: "api/agents"`),
        "src/links.ts": `export const ping = () => fetch("/agents/coder-agent/default");\n`,
      },
    },
    {
      name: "useAgent with the kebab-case of the binding",
      files: { "wrangler.jsonc": config(coder), "src/server.ts": server(["CoderAgent"]), "src/client.tsx": reactClient(`agent: "coder-agent"`) },
    },
    {
      name: "the binding name itself, kebab-cased by the client",
      files: { "wrangler.jsonc": config(coder), "src/server.ts": server(["CoderAgent"]), "src/client.tsx": reactClient(`agent: "CoderAgent", name: "room-1"`) },
    },
    {
      name: "acronym and SCREAMING_CASE bindings (TOML)",
      files: {
        "wrangler.toml": `name = "coder"
main = "src/server.ts"
compatibility_flags = ["nodejs_compat"]

[[durable_objects.bindings]]
name = "AIAssistant"
class_name = "AIAssistant"

[[durable_objects.bindings]]
name = "CODER_AGENT"
class_name = "CoderAgent"

[[migrations]]
tag = "v1"
new_sqlite_classes = ["AIAssistant", "CoderAgent"]
`,
        "src/server.ts": server(["AIAssistant", "CoderAgent"]),
        "src/client.ts": `import { AgentClient, agentFetch } from "agents/client";
export const assistant = new AgentClient({ agent: "a-i-assistant", host: location.host });
export const coder = new AgentClient({ agent: "coder_agent", host: location.host });
export const again = agentFetch({ agent: "CODER_AGENT", host: location.host });
`,
      },
    },
    {
      name: "literal and template URLs under the default prefix",
      files: {
        "wrangler.jsonc": config(coder),
        "src/server.ts": server(["CoderAgent"]),
        "src/client.ts": `export async function ask(name: string, ns: string) {
  await fetch("/agents/coder-agent/default");
  await fetch(\`https://example.com/agents/coder-agent/\${name}\`);
  await fetch(\`/agents/\${ns}/\${name}\`);
  return fetch(\`/agents/coder\${ns}/x\`);
}
`,
      },
    },
    {
      name: "URLs are not judged when no routeAgentRequest is in sight",
      files: {
        "wrangler.jsonc": config(coder),
        "src/server.ts": `import { Agent, getAgentByName } from "agents";
export class CoderAgent extends Agent<Env> {}
export default {
  async fetch(request: Request, env: Env) {
    return (await getAgentByName(env.CoderAgent, "main")).fetch(request);
  },
};
`,
        "src/client.ts": `export const ping = () => fetch("/agents/whatever/default");\n`,
      },
    },
    {
      name: "links to the Agents documentation are pages, not agent routes",
      files: {
        "wrangler.jsonc": config(coder),
        "src/server.ts": server(["CoderAgent"]),
        "src/Help.tsx": `export const Help = () => (
  <p>
    See <a href="https://developers.cloudflare.com/agents/getting-started/">the guide</a> and
    <a href="https://github.com/cloudflare/agents/tree/main/examples">the examples</a>.
  </p>
);
`,
      },
    },
    {
      name: "a custom routeAgentRequest prefix with matching URLs",
      files: {
        "wrangler.jsonc": config(coder),
        "src/server.ts": server(["CoderAgent"], `, { prefix: "api/agents" }`),
        "src/client.ts": `export const ping = () => fetch("/api/agents/coder-agent/default");\n`,
      },
    },
    {
      name: "a client in a separate frontend folder, the binding in the worker",
      files: {
        "worker/wrangler.jsonc": config(coder),
        "worker/src/server.ts": server(["CoderAgent"]),
        "web/src/App.tsx": reactClient(`agent: "coder-agent"`),
      },
    },
  ],
  invalid: [
    {
      name: "a path the worker routes itself that only begins like the client's (/agents/my-agent-2/): the client's is not routed",
      files: {
        "wrangler.jsonc": config(coder),
        "src/server.ts": selfRouted(`    if (url.pathname.startsWith("/agents/my-agent-2/")) return new Response("two");`),
        "src/socket.ts": myAgentClients["src/socket.ts"],
      },
      findings: [{ file: "src/socket.ts", line: 1, messageId: "unknownNamespaceUrl", data: { namespace: "my-agent" } }],
    },
    {
      name: "a client in worker A's folder naming an agent only worker B binds",
      files: {
        "a/wrangler.jsonc": config(coder),
        "a/src/server.ts": server(["CoderAgent"]),
        "a/src/client.tsx": reactClient(`agent: "reviewer"`),
        "b/wrangler.jsonc": config(`      { "name": "Reviewer", "class_name": "Reviewer" },`, `"Reviewer"`),
        "b/src/server.ts": server(["Reviewer"]),
      },
      findings: [{ file: "a/src/client.tsx", line: 4, messageId: "unknownNamespaceClient", data: { routed: "\"coder-agent\"" }, message: 'connects to namespace "reviewer"' }],
      output: { "a/src/client.tsx": reactClient(`agent: "coder-agent"`) },
    },
    {
      name: "a test asking the worker under test (SELF.fetch) for an unknown agent: a warning",
      files: {
        "wrangler.jsonc": config(coder),
        "src/server.ts": server(["CoderAgent"]),
        "test/agent.spec.ts": `import { SELF } from "cloudflare:test";\nit("chats", async () => {\n  const res = await SELF.fetch("http://example.com/agents/coder/default");\n});\n`,
      },
      findings: [{ file: "test/agent.spec.ts", line: 3, messageId: "unknownNamespaceUrl", severity: "warning", message: ['names namespace "coder"', "In test code"] }],
      output: { "test/agent.spec.ts": `import { SELF } from "cloudflare:test";\nit("chats", async () => {\n  const res = await SELF.fetch("http://example.com/agents/coder-agent/default");\n});\n` },
    },
    {
      name: "useAgent imported under another name, and through the project's own re-export",
      files: {
        "wrangler.jsonc": config(coder),
        "src/server.ts": server(["CoderAgent"]),
        "src/hooks.ts": `export { useAgent } from "agents/react";\n`,
        "src/a.tsx": `import { useAgent as useCoder } from "agents/react";\nexport const a = () => useCoder({ agent: "coder" });\n`,
        "src/b.tsx": `import { useAgent } from "./hooks";\nexport const b = () => useAgent({ agent: "coder" });\n`,
      },
      findings: [
        { file: "src/a.tsx", line: 2, messageId: "unknownNamespaceClient", message: 'useAgent({ agent: "coder" }) connects to namespace "coder"' },
        { file: "src/b.tsx", line: 2, messageId: "unknownNamespaceClient", message: 'useAgent({ agent: "coder" }) connects to namespace "coder"' },
      ],
      output: { "src/a.tsx": `import { useAgent as useCoder } from "agents/react";\nexport const a = () => useCoder({ agent: "coder-agent" });\n` },
    },
    {
      name: "routeAgentRequest with a leading slash in its prefix routes nothing (the SDK compares parts exactly)",
      files: {
        "wrangler.jsonc": config(coder),
        "src/server.ts": server(["CoderAgent"], `, { prefix: "/api/agents" }`),
        "src/client.tsx": reactClient(`agent: "coder-agent", prefix: "api/agents"`),
      },
      findings: [{ file: "src/server.ts", line: 5, messageId: "brokenRouterPrefix", data: { prefix: "/api/agents", fixed: "api/agents" } }],
      output: { "src/server.ts": server(["CoderAgent"], `, { prefix: "api/agents" }`) },
    },
    {
      name: "a URL naming the binding itself: the router wants its kebab-case (no contradiction in the message)",
      files: { "wrangler.jsonc": config(coder), "src/server.ts": server(["CoderAgent"]), "src/client.ts": `export const ws = () => new WebSocket("wss://h.example/agents/CoderAgent/default");\n` },
      findings: [{ file: "src/client.ts", line: 1, messageId: "unknownNamespaceUrl", data: { namespace: "CoderAgent", routed: "\"coder-agent\"" }, message: 'binding CoderAgent is routed as "coder-agent"' }],
      output: { "src/client.ts": `export const ws = () => new WebSocket("wss://h.example/agents/coder-agent/default");\n` },
    },
    {
      name: "the namespace in the middle part of a template URL",
      files: {
        "wrangler.jsonc": config(coder),
        "src/server.ts": server(["CoderAgent"]),
        "src/client.ts": "export const socket = (room: string) => new WebSocket(`wss://${location.host}/agents/coderagent/${room}`);\n",
      },
      findings: [{ file: "src/client.ts", line: 1, messageId: "unknownNamespaceUrl", message: [...invalidRequest, 'Did you mean "coder-agent"'] }],
      output: { "src/client.ts": "export const socket = (room: string) => new WebSocket(`wss://${location.host}/agents/coder-agent/${room}`);\n" },
    },
    {
      name: "useAgent with an agent name that matches nothing: the only binding is suggested",
      files: { "wrangler.jsonc": config(coder), "src/server.ts": server(["CoderAgent"]), "src/client.tsx": reactClient(`agent: "coder"`) },
      findings: [{ file: "src/client.tsx", line: 4, messageId: "unknownNamespaceClient", message: [`useAgent({ agent: "coder" }) connects to namespace "coder"`, `(routed: "coder-agent")`, ...invalidRequest, `Did you mean "coder-agent" (binding CoderAgent)?`] }],
      output: { "src/client.tsx": reactClient(`agent: "coder-agent"`) },
    },
    {
      name: "acronyms are split per capital letter: AIAssistant is a-i-assistant",
      files: {
        "wrangler.jsonc": config(`      { "name": "AIAssistant", "class_name": "AIAssistant" },\n${coder}`, `"AIAssistant", "CoderAgent"`),
        "src/server.ts": server(["AIAssistant", "CoderAgent"]),
        "src/client.tsx": reactClient(`agent: "ai-assistant", name: user.id`),
      },
      findings: [{ file: "src/client.tsx", line: 4, messageId: "unknownNamespaceClient", message: [`connects to namespace "ai-assistant"`, `binding AIAssistant is routed as "a-i-assistant", not "ai-assistant"`] }],
      output: { "src/client.tsx": reactClient(`agent: "a-i-assistant", name: user.id`) },
    },
    {
      name: "AgentClient and agentFetch with near-miss names (TOML)",
      files: {
        "wrangler.toml": `name = "coder"
main = "src/server.ts"
compatibility_flags = ["nodejs_compat"]

durable_objects.bindings = [
  { name = "CODER_AGENT", class_name = "CoderAgent" },
  { name = "MyMCP", class_name = "MyMCP" },
]

[[migrations]]
tag = "v1"
new_sqlite_classes = ["CoderAgent", "MyMCP"]
`,
        "src/server.ts": server(["CoderAgent", "MyMCP"]),
        "src/client.ts": `import { AgentClient, agentFetch } from "agents/client";
// connect to the coder
export const coder = new AgentClient({ agent: "CoderAgnet", host: location.host });
export const mcp = agentFetch({ agent: "my-mcp", host: location.host });
`,
      },
      findings: [
        { file: "src/client.ts", line: 3, messageId: "unknownNamespaceClient", data: { call: "AgentClient", namespace: "coder-agnet", agent: "CoderAgnet" }, message: `Did you mean "coder-agent" (binding CODER_AGENT)?` },
        { file: "src/client.ts", line: 4, messageId: "unknownNamespaceClient", data: { call: "agentFetch", agent: "my-mcp" }, message: `binding MyMCP is routed as "my-m-c-p"` },
      ],
      output: {
        "src/client.ts": `import { AgentClient, agentFetch } from "agents/client";
// connect to the coder
export const coder = new AgentClient({ agent: "coder-agent", host: location.host });
export const mcp = agentFetch({ agent: "my-mcp", host: location.host });
`,
      },
    },
    {
      name: "a literal URL with the class-style namespace",
      files: {
        "wrangler.jsonc": config(`      { "name": "CODER", "class_name": "CoderAgent" },`),
        "src/server.ts": server(["CoderAgent"]),
        "src/client.ts": `export async function ask() {
  const res = await fetch("https://coder.example.workers.dev/agents/coder-agent/default?x=1");
  return res.json();
}
`,
      },
      findings: [{ file: "src/client.ts", line: 2, messageId: "unknownNamespaceUrl", data: { url: "https://coder.example.workers.dev/agents/coder-agent/default?x=1", namespace: "coder-agent" }, message: `Did you mean "coder" (binding CODER)?` }],
      output: {
        "src/client.ts": `export async function ask() {
  const res = await fetch("https://coder.example.workers.dev/agents/coder/default?x=1");
  return res.json();
}
`,
      },
    },
    {
      name: "a template literal whose literal head names a wrong namespace",
      files: {
        "wrangler.jsonc": config(coder),
        "src/server.ts": server(["CoderAgent"]),
        "src/client.ts": "export const open = (room: string) => fetch(`/agents/coderagent/${room}`, { method: \"POST\" });\n",
      },
      findings: [{ file: "src/client.ts", line: 1, messageId: "unknownNamespaceUrl", data: { namespace: "coderagent" } }],
      output: { "src/client.ts": "export const open = (room: string) => fetch(`/agents/coder-agent/${room}`, { method: \"POST\" });\n" },
    },
    {
      name: "a URL under a custom prefix with a wrong namespace",
      files: {
        "wrangler.jsonc": config(coder),
        "src/server.ts": server(["CoderAgent"], `, { prefix: "api/agents" }`),
        "src/client.ts": `export const ping = () => fetch("/api/agents/coder/default");\n`,
      },
      findings: [{ file: "src/client.ts", line: 1, messageId: "unknownNamespaceUrl", data: { url: "/api/agents/coder/default", namespace: "coder" } }],
      output: { "src/client.ts": `export const ping = () => fetch("/api/agents/coder-agent/default");\n` },
    },
    {
      name: "the default /agents/ prefix while the worker routes under another one",
      files: {
        "wrangler.jsonc": config(coder),
        "src/server.ts": server(["CoderAgent"], `, { prefix: "ai" }`),
        "src/client.ts": `export const ping = () => fetch("/agents/coder-agent/default");\n`,
      },
      findings: [{ file: "src/client.ts", line: 1, messageId: "urlDefaultPrefix", data: { routed: "/ai/" } }],
      output: null,
    },
    {
      name: "useAgent with the default prefix while the worker routes under another one: add the prefix",
      files: {
        "wrangler.jsonc": config(coder),
        "src/server.ts": server(["CoderAgent"], `, { prefix: "api/agents" }`),
        "src/client.tsx": reactClient(`agent: "coder-agent", name: "room" `),
      },
      findings: [{ file: "src/client.tsx", line: 4, messageId: "clientPrefixOne", message: ["connects under /agents/ (the default prefix", "routes agents under /api/agents/", 'prefix: "api/agents"'] }],
      output: { "src/client.tsx": reactClient(`agent: "coder-agent", prefix: "api/agents", name: "room" `) },
    },
    {
      name: "AgentClient with a prefix the worker does not route: change it",
      files: {
        "wrangler.jsonc": config(coder),
        "src/server.ts": server(["CoderAgent"], `, { prefix: "ai" }`),
        "src/client.ts": `import { AgentClient } from "agents/client";\nexport const client = new AgentClient({ agent: "CoderAgent", prefix: "agents", host: location.host });\n`,
      },
      findings: [{ file: "src/client.ts", line: 2, messageId: "clientPrefixOne", data: { how: "its prefix \"agents\"" }, message: "routes agents under /ai/" }],
      output: { "src/client.ts": `import { AgentClient } from "agents/client";\nexport const client = new AgentClient({ agent: "CoderAgent", prefix: "ai", host: location.host });\n` },
    },
    {
      name: "a client prefix that two workers' routes do not include: reported, no single fix",
      files: {
        "wrangler.jsonc": config(coder),
        "src/server.ts": server(["CoderAgent"], `, { prefix: "v1/agents" }`) + `export const other = (request: Request, env: Env) => routeAgentRequest(request, env, { prefix: "v2/agents" });\n`,
        "src/client.tsx": reactClient(`agent: "coder-agent"`),
      },
      findings: [{ file: "src/client.tsx", line: 4, messageId: "clientPrefixMany", data: { routed: "/v1/agents/, /v2/agents/" } }],
      output: null,
    },
    {
      name: "a front end folder without a config talks to the only worker that routes agents; no close name, no fix",
      files: {
        "worker/wrangler.jsonc": config(`${coder}\n      { "name": "REVIEWER", "class_name": "Reviewer" },`, `"CoderAgent", "Reviewer"`),
        "worker/src/server.ts": server(["CoderAgent", "Reviewer"]),
        "web/src/App.tsx": reactClient(`agent: "planner"`),
      },
      findings: [{ file: "web/src/App.tsx", line: 4, messageId: "unknownNamespaceClient", data: { routed: "\"coder-agent\", \"reviewer\"" } }],
      output: null,
    },
  ],
});
