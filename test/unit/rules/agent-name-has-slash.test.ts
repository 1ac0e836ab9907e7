import { testRule } from "../../support/ruleTester";
import { ROUTING_AGENT_WORKER } from "../../support/workerSources";

const config = `{
  "name": "coder",
  "main": "src/server.ts",
  "compatibility_flags": ["nodejs_compat"],
  "durable_objects": { "bindings": [{ "name": "CoderAgent", "class_name": "CoderAgent" }] },
  "migrations": [{ "tag": "v1", "new_sqlite_classes": ["CoderAgent"] }]
}
`;
const toml = `name = "coder"
main = "src/server.ts"
compatibility_flags = ["nodejs_compat"]

[[durable_objects.bindings]]
name = "CoderAgent"
class_name = "CoderAgent"

[[migrations]]
tag = "v1"
new_sqlite_classes = ["CoderAgent"]
`;
const react = (options: string) => `import { useAgent } from "agents/react";
export function Chat() {
  const agent = useAgent({ ${options} });
  return <button onClick={() => agent.send("hi")}>Send</button>;
}
`;

testRule("agent-name-has-slash", {
  valid: [
    { name: "a name without a slash", files: { "wrangler.jsonc": config, "src/server.ts": ROUTING_AGENT_WORKER, "src/client.tsx": react(`agent: "coder-agent", name: "team-alpha"`) } },
    { name: "a name that is not a literal", files: { "wrangler.jsonc": config, "src/server.ts": ROUTING_AGENT_WORKER, "src/client.tsx": react(`agent: "coder-agent", name: \`\${team}/\${id}\``).replace("export function Chat() {", "export function Chat({ team, id }: { team: string; id: string }) {") } },
    { name: "basePath: the app's own route carries the name", files: { "wrangler.jsonc": config, "src/server.ts": ROUTING_AGENT_WORKER, "src/client.tsx": react(`agent: "coder-agent", name: "a/b", basePath: "/chat/a/b"`) } },
    {
      name: "the server side: getAgentByName(env.X, \"a/b\") sends no URL",
      files: { "wrangler.jsonc": config, "src/server.ts": ROUTING_AGENT_WORKER.replace("export default", `import { getAgentByName } from "agents";\nexport const get = (env: Env) => getAgentByName(env.CoderAgent, "team/alpha");\nexport default`) },
    },
    {
      name: "a worker that routes by hand (no routeAgentRequest)",
      files: {
        "wrangler.jsonc": config,
        "src/server.ts": `import { Agent } from "agents";\nexport class CoderAgent extends Agent<Env> {}\nexport default { fetch() { return new Response("x"); } };\n`,
        "src/client.tsx": react(`agent: "coder-agent", name: "a/b"`),
      },
    },
    { name: "a local useAgent, not the SDK's", files: { "wrangler.jsonc": config, "src/server.ts": ROUTING_AGENT_WORKER, "src/client.tsx": `function useAgent(o: object) { return o; }\nexport const a = useAgent({ agent: "coder-agent", name: "a/b" });\n` } },
    { name: "test code", files: { "wrangler.jsonc": config, "src/server.ts": ROUTING_AGENT_WORKER, "test/client.test.tsx": react(`agent: "coder-agent", name: "a/b"`) } },
  ],
  invalid: [
    {
      name: "useAgent with name \"team/alpha\"",
      files: { "wrangler.jsonc": config, "src/server.ts": ROUTING_AGENT_WORKER, "src/client.tsx": react(`agent: "coder-agent", name: "team/alpha"`) },
      findings: [{ file: "src/client.tsx", line: 3, message: ['useAgent({ agent: "coder-agent", name: "team/alpha" })', "/agents/coder-agent/team/alpha", 'reaches instance "team", not "team/alpha"'] }],
      output: null,
    },
    {
      name: "AgentClient with a leading slash and a prefix (TOML)",
      files: {
        "wrangler.toml": toml,
        "src/server.ts": ROUTING_AGENT_WORKER.replace("routeAgentRequest(request, env)", `routeAgentRequest(request, env, { prefix: "api" })`),
        "src/client.ts": `import { AgentClient } from "agents/client";\nexport const c = new AgentClient({ agent: "CoderAgent", prefix: "api", name: "/rooms/1", host: "localhost:8787" });\n`,
      },
      findings: [{ file: "src/client.ts", line: 2, message: ["/api/coder-agent//rooms/1", 'reaches instance "rooms"'] }],
    },
    {
      name: "agentFetch with only slashes",
      files: { "wrangler.jsonc": config, "src/server.ts": ROUTING_AGENT_WORKER, "src/client.ts": `import { agentFetch } from "agents/client";\nexport const r = agentFetch({ agent: "coder-agent", name: "/" });\n` },
      findings: [{ file: "src/client.ts", line: 2, message: "there is no instance name" }],
    },
  ],
});
