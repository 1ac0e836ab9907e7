// Generates a synthetic but realistic Workers monorepo for the benchmark (Node builtins only).
//
//   node bench/generate.mjs <outDir> [--workers N]
//
// Layout (deterministic for a given worker count):
//   package.json, tsconfig.base.json (paths: @mono/shared/*)
//   packages/shared/src/...            shared library (a base Agent class, utilities)
//   workers/svc-NNN/
//     wrangler.jsonc | wrangler.toml   (alternating), staging + production environments, migrations
//                                      with a rename, KV/vars/assets, a cross-worker script_name binding
//     src/index.ts                     entry: `export * from "./objects"`, routeAgentRequest
//     src/objects/{index,agents,stateful}.ts   re-export chains (`export *`, `export { X } from`, `.js`)
//     src/objects/impl/*.ts            3 Durable Object classes: an Agent (some through the shared
//                                      BaseAgent), a DurableObject through a local base class, another one
//     src/routes/*.ts, src/lib/*.ts    handlers using env.X.idFromName / getAgentByName, utilities
//     src/client/**.tsx                useAgent / AgentClient / agentFetch clients
//     test/*.test.ts
//
// Planted misconfigurations (by worker index i) and the findings do-doctor must report for them:
//   i % 7 == 0  the Counter class is not re-exported by the chain: class-not-exported, once per
//               environment that binds it, in the config and at the class (2 x 3 findings)
//   i % 5 == 0  env.preview without durable_objects: env-missing-bindings (1)
//   i % 6 == 0  a client asks for agent "<ns>s" (a plural no binding routes): agent-route-mismatch (1)
//   i % 9 == 0  a route uses env.<Agent>s.idFromName: unknown-binding-in-code (1)
// Nothing else may be reported: `expected` lists every rule with its exact count.
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import * as path from "node:path";
import { fileURLToPath } from "node:url";

export const FILES_PER_WORKER = 49;
const ROUTES = 10;
const LIBS = 16;
const COMPONENTS = 6;
const TESTS = 4;
const ENVS = ["staging", "production"];

const DOMAINS = ["Chat", "Room", "Counter", "Session", "Game", "Document", "Cart", "Presence", "Inbox", "Scheduler", "Notebook", "Ticket", "Auction", "Workflow", "Sandbox", "Board", "Stream", "Billing", "Search", "Support"];

/** The Agents SDK's kebab-case: one dash per capital letter. */
export function kebab(name) {
  return name.replace(/[A-Z]/g, (c, i) => (i === 0 ? "" : "-") + c.toLowerCase()).replace(/_/g, "-");
}

function pad(i) {
  return String(i).padStart(3, "0");
}

/** A small deterministic PRNG, so every run generates the same bytes. */
function rng(seed) {
  let s = seed >>> 0 || 1;
  return () => {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    return (s >>> 0) / 4294967296;
  };
}

export function plantsFor(i) {
  return {
    classNotExported: i % 7 === 0,
    envMissing: i % 5 === 0,
    routeMismatch: i % 6 === 0,
    unknownBinding: i % 9 === 0,
  };
}

/** The facts of worker i: names of its classes, bindings, deployed name, config format. */
export function workerSpec(i) {
  const pick = (k) => DOMAINS[k % DOMAINS.length];
  const d1 = pick(i);
  let d2 = pick(i * 7 + 3);
  if (d2 === d1) d2 = pick(i * 7 + 4);
  let d3 = pick(i * 3 + 11);
  while (d3 === d1 || d3 === d2) d3 = pick(DOMAINS.indexOf(d3) + 1);
  const agent = `${d1}Agent`;
  const room = `${d2}Room`;
  const counter = `${d3}Counter`;
  const name = `svc-${pad(i)}`;
  return {
    i,
    name,
    dir: `workers/${name}`,
    format: i % 2 === 0 ? "jsonc" : "toml",
    agent,
    room,
    counter,
    // Agents are bound under their class name (the usual Agents SDK setup); plain DOs in UPPER_SNAKE.
    bindings: [
      { name: agent, className: agent },
      { name: `${d2.toUpperCase()}_ROOMS`, className: room },
      { name: `${d3.toUpperCase()}_COUNTER`, className: counter },
    ],
    // Every fourth worker talks to the previous worker's agent through script_name.
    remote: i > 0 && i % 4 === 0 ? { name: `REMOTE_${d1.toUpperCase()}`, className: null, prevIndex: i - 1 } : undefined,
    usesSharedBase: i % 3 === 0,
    plants: plantsFor(i),
  };
}

function remoteBinding(spec) {
  if (!spec.remote) return undefined;
  const prev = workerSpec(spec.remote.prevIndex);
  return { name: `REMOTE_${prev.agent.replace(/Agent$/, "").toUpperCase()}_AGENT`, className: prev.agent, scriptName: prev.name };
}

// ---------------------------------------------------------------- configs

/**
 * The worker's config. `extraEnv` adds an environment without durable_objects (the language-server
 * bench toggles it: one env-missing-bindings finding more or less).
 */
export function renderConfig(spec, { extraEnv = false } = {}) {
  return spec.format === "jsonc" ? renderJsonc(spec, extraEnv) : renderToml(spec, extraEnv);
}

function envNames(spec, extraEnv) {
  return { full: ENVS, bare: [...(spec.plants.envMissing ? ["preview"] : []), ...(extraEnv ? ["qa"] : [])] };
}

function renderJsonc(spec, extraEnv) {
  const remote = remoteBinding(spec);
  const bindingsJson = (indent) => {
    const pad = " ".repeat(indent);
    const list = spec.bindings.map((b) => `${pad}  { "name": "${b.name}", "class_name": "${b.className}" }`);
    if (remote) list.push(`${pad}  { "name": "${remote.name}", "class_name": "${remote.className}", "script_name": "${remote.scriptName}" }`);
    return `${pad}"durable_objects": {\n${pad}  "bindings": [\n${list.map((l) => "  " + l).join(",\n")}\n${pad}  ]\n${pad}}`;
  };
  const { full, bare } = envNames(spec, extraEnv);
  const envBlocks = [
    ...full.map(
      (env) => `    // deployed with \`wrangler deploy --env ${env}\`
    "${env}": {
      "name": "${spec.name}-${env}",
      "vars": { "ENVIRONMENT": "${env}", "LOG_LEVEL": "${env === "production" ? "warn" : "debug"}" },
      "kv_namespaces": [{ "binding": "CACHE", "id": "${env}-${spec.name}-cache" }],
${bindingsJson(6)}
    }`,
    ),
    ...bare.map(
      (env) => `    "${env}": {
      "name": "${spec.name}-${env}",
      "vars": { "ENVIRONMENT": "${env}" }
    }`,
    ),
  ];
  return `/**
 * ${spec.name}: generated by bench/generate.mjs.
 */
{
  "$schema": "../../node_modules/wrangler/config-schema.json",
  "name": "${spec.name}",
  "main": "src/index.ts",
  "compatibility_date": "2025-04-01",
  // the agents package needs Node built-ins
  "compatibility_flags": ["nodejs_compat"],
  "observability": { "enabled": true },
  "vars": { "ENVIRONMENT": "development", "LOG_LEVEL": "debug" },
  "kv_namespaces": [{ "binding": "CACHE", "id": "dev-${spec.name}-cache" }],
  "assets": {
    "directory": "./public",
    "not_found_handling": "single-page-application",
    "run_worker_first": ["/agents/*", "/api/*"]
  },
${bindingsJson(2)},
  "migrations": [
    { "tag": "v1", "new_sqlite_classes": ["${spec.agent}", "Legacy${spec.room}"] },
    { "tag": "v2", "renamed_classes": [{ "from": "Legacy${spec.room}", "to": "${spec.room}" }] },
    { "tag": "v3", "new_sqlite_classes": ["${spec.counter}"] }
  ],
  "env": {
${envBlocks.join(",\n")}
  }
}
`;
}

function renderToml(spec, extraEnv) {
  const remote = remoteBinding(spec);
  const bindings = (prefix) =>
    [
      ...spec.bindings.map((b) => `[[${prefix}durable_objects.bindings]]\nname = "${b.name}"\nclass_name = "${b.className}"\n`),
      ...(remote ? [`[[${prefix}durable_objects.bindings]]\nname = "${remote.name}"\nclass_name = "${remote.className}"\nscript_name = "${remote.scriptName}"\n`] : []),
    ].join("\n");
  const { full, bare } = envNames(spec, extraEnv);
  const envBlocks = [
    ...full.map(
      (env) => `# deployed with \`wrangler deploy --env ${env}\`
[env.${env}]
name = "${spec.name}-${env}"
vars = { ENVIRONMENT = "${env}", LOG_LEVEL = "${env === "production" ? "warn" : "debug"}" }
kv_namespaces = [{ binding = "CACHE", id = "${env}-${spec.name}-cache" }]

${bindings(`env.${env}.`)}`,
    ),
    ...bare.map((env) => `[env.${env}]\nname = "${spec.name}-${env}"\nvars = { ENVIRONMENT = "${env}" }\n`),
  ];
  return `#:schema ../../node_modules/wrangler/config-schema.json
# ${spec.name}: generated by bench/generate.mjs.
name = "${spec.name}"
main = "src/index.ts"
compatibility_date = "2025-04-01"
# the agents package needs Node built-ins
compatibility_flags = ["nodejs_compat"]

[observability]
enabled = true

[vars]
ENVIRONMENT = "development"
LOG_LEVEL = "debug"

[[kv_namespaces]]
binding = "CACHE"
id = "dev-${spec.name}-cache"

${bindings("")}
[[migrations]]
tag = "v1"
new_sqlite_classes = ["${spec.agent}", "Legacy${spec.room}"]

[[migrations]]
tag = "v2"
renamed_classes = [{ from = "Legacy${spec.room}", to = "${spec.room}" }]

[[migrations]]
tag = "v3"
new_sqlite_classes = ["${spec.counter}"]

${envBlocks.join("\n")}`;
}

// ---------------------------------------------------------------- sources

function libFile(spec, k, random, sharedCount) {
  const fn = `step${k}`;
  const shared = Math.floor(random() * sharedCount);
  const importShared = k % 2 === 0 ? `import { clamp${shared} } from "@mono/shared/util/u${pad(shared)}";` : `import { clamp${shared} } from "../../../../packages/shared/src/util/u${pad(shared)}";`;
  const next = k + 1 < LIBS ? `import { step${k + 1} } from "./lib${pad(k + 1)}";` : "";
  const fields = Array.from({ length: 4 + Math.floor(random() * 6) }, (_, f) => `  field${f}: ${["string", "number", "boolean", "string[]"][f % 4]};`).join("\n");
  return `${importShared}
${next}

/** Records handled by ${spec.name} (part ${k}). */
export interface Record${k} {
  id: string;
${fields}
}

export const LIMIT_${k} = ${Math.floor(random() * 1000)};

export function parse${k}(input: unknown): Record${k} | undefined {
  if (!input || typeof input !== "object") return undefined;
  const value = input as Partial<Record${k}>;
  if (typeof value.id !== "string" || value.id.length === 0) return undefined;
  return value as Record${k};
}

export function ${fn}(items: Record${k}[], query: string): Record${k}[] {
  const needle = query.trim().toLowerCase();
  const out: Record${k}[] = [];
  for (const item of items) {
    if (out.length >= clamp${shared}(LIMIT_${k}, 1, 500)) break;
    if (!needle || item.id.toLowerCase().includes(needle)) out.push(item);
  }
  ${next ? `return step${k + 1}(out as never[], query) as Record${k}[];` : "return out;"}
}

export class Paginator${k}<T> {
  private cursor = 0;
  constructor(private readonly items: readonly T[], private readonly size = ${10 + k}) {}
  next(): T[] {
    const page = this.items.slice(this.cursor, this.cursor + this.size);
    this.cursor += page.length;
    return page;
  }
  get done(): boolean {
    return this.cursor >= this.items.length;
  }
}

export const format${k} = (record: Record${k}): string => \`\${record.id} (\${Object.keys(record).length} fields)\`;
`;
}

function routeFile(spec, k, { unknownBinding } = {}) {
  const [agentB, roomB, counterB] = spec.bindings;
  const lib = `../lib/lib${pad(k % LIBS)}`;
  const variant = k % 3;
  const use =
    variant === 0
      ? `  const agent = await getAgentByName(env.${agentB.name}, name);\n  return agent.fetch(request);`
      : variant === 1
        ? `  const id = env.${roomB.name}.idFromName(name);\n  return env.${roomB.name}.get(id).fetch(request);`
        : `  const stub = env.${counterB.name}.get(env.${counterB.name}.idFromName(name));\n  return stub.fetch(request);`;
  return `import { getAgentByName } from "agents";
import type { Env } from "../env";
import { parse${k % LIBS}, step${k % LIBS} } from "${lib}";
import { json, notFound } from "./respond";

/** GET/POST /api/r${k}/:name */
export async function handle${k}(request: Request, env: Env, name: string): Promise<Response> {
  if (request.method === "GET" && name === "list") {
    const items = step${k % LIBS}([], new URL(request.url).searchParams.get("q") ?? "");
    return json({ items });
  }
  if (request.method === "POST") {
    const body = parse${k % LIBS}(await request.json().catch(() => null));
    if (!body) return notFound();
  }
${unknownBinding ? `  const audit = env.${spec.agent}s.idFromName(\`audit-\${name}\`);\n  console.log("audit", audit.toString());\n` : ""}${use}
}
`;
}

function clientApp(spec, { routeMismatch }) {
  const [agentB, roomB] = spec.bindings;
  const agentName = routeMismatch ? `${kebab(agentB.name)}s` : kebab(agentB.name);
  return `import { useState } from "react";
import { useAgent } from "agents/react";
import { Sidebar } from "./components/Sidebar";
import { useRoomState } from "./hooks/useRoomState";

export function App({ user }: { user: string }) {
  const [log, setLog] = useState<string[]>([]);
  const agent = useAgent({
    agent: "${agentName}",
    name: user,
    onMessage: (event) => setLog((lines) => [...lines, String(event.data)]),
  });
  const room = useRoomState(user);
  return (
    <main>
      <Sidebar user={user} room={room} />
      <button onClick={() => agent.send(JSON.stringify({ prompt: "hello from ${spec.name}" }))}>Send</button>
      <pre>{log.join("\\n")}</pre>
      <small>${roomB.name}</small>
    </main>
  );
}
`;
}

function clientHook(spec) {
  return `import { AgentClient, agentFetch } from "agents/client";

export function useRoomState(user: string) {
  const client = new AgentClient({ agent: "${spec.agent}", name: user, host: location.host });
  void agentFetch({ agent: "${kebab(spec.agent)}", name: user, host: location.host });
  return { client, user };
}
`;
}

function component(spec, k) {
  return `import { useMemo } from "react";

export interface Props${k} {
  user: string;
  room?: unknown;
  items?: string[];
}

export function ${k === 0 ? "Sidebar" : `Panel${k}`}({ user, items = [] }: Props${k}) {
  const sorted = useMemo(() => [...items].sort(), [items]);
  return (
    <aside className="panel-${k}">
      <h2>{user}</h2>
      <ul>
        {sorted.map((item) => (
          <li key={item}>{item}</li>
        ))}
      </ul>
      <a href="/agents/${kebab(spec.agent)}/{user}">open</a>
    </aside>
  );
}
`;
}

/** Every file of worker i: relative path -> text. */
export function workerFiles(spec, { sharedCount }) {
  const files = new Map();
  const random = rng(spec.i * 7919 + 17);
  const src = `${spec.dir}/src`;
  const [agentB, roomB, counterB] = spec.bindings;
  const remote = remoteBinding(spec);
  const agentFile = `${kebab(spec.agent)}`;
  const roomFile = `${kebab(spec.room)}`;
  const counterFile = `${kebab(spec.counter)}`;

  files.set(`${spec.dir}/wrangler.${spec.format}`, renderConfig(spec));
  files.set(`${spec.dir}/package.json`, JSON.stringify({ name: `@mono/${spec.name}`, private: true, type: "module", scripts: { dev: "wrangler dev", deploy: "wrangler deploy" } }, null, 2) + "\n");
  files.set(`${spec.dir}/tsconfig.json`, JSON.stringify({ extends: "../../tsconfig.base.json", compilerOptions: { jsx: "react-jsx" }, include: ["src", "test"] }, null, 2) + "\n");
  files.set(`${spec.dir}/public/index.html`, `<!doctype html><title>${spec.name}</title><div id="root"></div>\n`);

  files.set(
    `${src}/env.ts`,
    `import type { ${spec.agent}, ${spec.room}, ${spec.counter} } from "./objects";

export interface Env {
  ${agentB.name}: DurableObjectNamespace<${spec.agent}>;
  ${roomB.name}: DurableObjectNamespace<${spec.room}>;
  ${counterB.name}: DurableObjectNamespace<${spec.counter}>;
${remote ? `  ${remote.name}: DurableObjectNamespace;\n` : ""}  CACHE: KVNamespace;
  ENVIRONMENT: string;
  LOG_LEVEL: string;
}
`,
  );
  files.set(
    `${src}/index.ts`,
    `import { routeAgentRequest } from "agents";
import type { Env } from "./env";
import { route } from "./routes/router";

// Durable Object classes must be named exports of the entry.
export * from "./objects";

export default {
  async fetch(request, env, ctx) {
    const routed = await routeAgentRequest(request, env, { cors: true });
    if (routed) return routed;
    ctx.waitUntil(Promise.resolve());
    return route(request, env);
  },
} satisfies ExportedHandler<Env>;
`,
  );
  files.set(`${src}/objects/index.ts`, `export * from "./agents";\nexport * from "./stateful";\n`);
  files.set(`${src}/objects/agents.ts`, `export { ${spec.agent} } from "./impl/${agentFile}.js";\nexport type { ${spec.agent}State } from "./impl/${agentFile}.js";\n`);
  files.set(
    `${src}/objects/stateful.ts`,
    `export { ${spec.room} } from "./impl/${roomFile}";\n` + (spec.plants.classNotExported ? `// TODO: export the counter once it is ready\n` : `export * from "./impl/${counterFile}";\n`),
  );
  files.set(
    `${src}/objects/impl/base.ts`,
    `import { DurableObject } from "cloudflare:workers";
import type { Env } from "../../env";

/** Shared plumbing of this worker's Durable Objects. */
export abstract class StoredObject extends DurableObject<Env> {
  protected async load<T>(key: string, fallback: T): Promise<T> {
    return (await this.ctx.storage.get<T>(key)) ?? fallback;
  }
  protected async save<T>(key: string, value: T): Promise<void> {
    await this.ctx.storage.put(key, value);
  }
}
`,
  );
  const agentBase = spec.usesSharedBase ? { import: `import { BaseAgent } from "@mono/shared/agents/base-agent";`, base: "BaseAgent" } : { import: `import { Agent } from "agents";`, base: "Agent" };
  files.set(
    `${src}/objects/impl/${agentFile}.ts`,
    `${agentBase.import}
import type { Connection } from "agents";
import type { Env } from "../../env";

export interface ${spec.agent}State {
  messages: { from: string; text: string; at: number }[];
  topic: string | null;
}

export class ${spec.agent} extends ${agentBase.base}<Env, ${spec.agent}State> {
  initialState: ${spec.agent}State = { messages: [], topic: null };

  async onConnect(connection: Connection) {
    connection.send(JSON.stringify({ type: "hello", count: this.state.messages.length }));
  }

  async onMessage(connection: Connection, message: string | ArrayBuffer | ArrayBufferView) {
    if (typeof message !== "string") return;
    const { text } = JSON.parse(message) as { text: string };
    this.setState({ ...this.state, messages: [...this.state.messages, { from: connection.id, text, at: Date.now() }] });
  }

  async onRequest(_request: Request): Promise<Response> {
    return Response.json(this.state);
  }
}
`,
  );
  files.set(
    `${src}/objects/impl/${roomFile}.ts`,
    `import { StoredObject } from "./base";

export class ${spec.room} extends StoredObject {
  async fetch(request: Request): Promise<Response> {
    const members = await this.load<string[]>("members", []);
    if (request.method === "POST") {
      const { user } = (await request.json()) as { user: string };
      if (!members.includes(user)) members.push(user);
      await this.save("members", members);
    }
    return Response.json({ members });
  }
}
`,
  );
  files.set(
    `${src}/objects/impl/${counterFile}.ts`,
    `import { DurableObject } from "cloudflare:workers";
import type { Env } from "../../env";

export class ${spec.counter} extends DurableObject<Env> {
  async increment(by = 1): Promise<number> {
    const value = ((await this.ctx.storage.get<number>("value")) ?? 0) + by;
    await this.ctx.storage.put("value", value);
    return value;
  }

  async fetch(_request: Request): Promise<Response> {
    return new Response(String(await this.increment()));
  }
}
`,
  );
  files.set(
    `${src}/routes/respond.ts`,
    `export const json = (body: unknown, status = 200) => Response.json(body, { status });
export const notFound = () => new Response("Not found", { status: 404 });
`,
  );
  const routeImports = Array.from({ length: ROUTES - 1 }, (_, k) => `import { handle${k} } from "./r${pad(k)}";`).join("\n");
  const cases = Array.from({ length: ROUTES - 1 }, (_, k) => `    case "r${k}":\n      return handle${k}(request, env, name);`).join("\n");
  files.set(
    `${src}/routes/router.ts`,
    `import type { Env } from "../env";
${routeImports}
import { notFound } from "./respond";

export async function route(request: Request, env: Env): Promise<Response> {
  const [, api, section, name = "default"] = new URL(request.url).pathname.split("/");
  if (api !== "api") return notFound();
  switch (section) {
${cases}
    default:
      return notFound();
  }
}
`,
  );
  for (let k = 0; k < ROUTES - 1; k++) files.set(`${src}/routes/r${pad(k)}.ts`, routeFile(spec, k, { unknownBinding: spec.plants.unknownBinding && k === 1 }));
  for (let k = 0; k < LIBS; k++) files.set(`${src}/lib/lib${pad(k)}.ts`, libFile(spec, k, random, sharedCount));
  files.set(`${src}/client/main.tsx`, `import { createRoot } from "react-dom/client";\nimport { App } from "./App";\n\ncreateRoot(document.getElementById("root")!).render(<App user="guest" />);\n`);
  files.set(`${src}/client/App.tsx`, clientApp(spec, spec.plants));
  files.set(`${src}/client/hooks/useRoomState.ts`, clientHook(spec));
  for (let k = 0; k < COMPONENTS; k++) files.set(`${src}/client/components/${k === 0 ? "Sidebar" : `Panel${k}`}.tsx`, component(spec, k));
  for (let k = 0; k < TESTS; k++) {
    files.set(
      `${spec.dir}/test/t${pad(k)}.test.ts`,
      `import { describe, expect, it } from "vitest";
import { parse${k}, step${k} } from "../src/lib/lib${pad(k)}";

describe("lib${pad(k)}", () => {
  it("rejects what is not a record", () => {
    expect(parse${k}(null)).toBeUndefined();
    expect(parse${k}({ id: "" })).toBeUndefined();
  });
  it("filters by id", () => {
    expect(step${k}([], "x")).toEqual([]);
  });
});
`,
    );
  }
  return files;
}

function sharedFiles(count) {
  const files = new Map();
  files.set(
    "packages/shared/src/agents/base-agent.ts",
    `import { Agent } from "agents";

/** The monorepo's Agent base: logging and a health check for every agent. */
export class BaseAgent<Env = unknown, State = unknown> extends Agent<Env, State> {
  protected log(...parts: unknown[]) {
    console.log(\`[\${this.constructor.name}]\`, ...parts);
  }
  async health(): Promise<{ ok: true; name: string }> {
    return { ok: true, name: this.name };
  }
}
`,
  );
  for (let k = 0; k < count; k++) {
    files.set(
      `packages/shared/src/util/u${pad(k)}.ts`,
      `/** Shared helper ${k}. */
export function clamp${k}(value: number, min: number, max: number): number {
  return Math.min(max, Math.max(min, value));
}

export function chunk${k}<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

export const retry${k} = async <T>(attempt: () => Promise<T>, times = 3): Promise<T> => {
  let last: unknown;
  for (let i = 0; i < times; i++) {
    try {
      return await attempt();
    } catch (error) {
      last = error;
    }
  }
  throw last;
};
`,
    );
  }
  return files;
}

/** Expected findings of the whole monorepo, by rule (exact counts; no other rule may fire). */
export function expectedFindings(workers) {
  const expected = { "class-not-exported": 0, "env-missing-bindings": 0, "agent-route-mismatch": 0, "unknown-binding-in-code": 0 };
  for (let i = 0; i < workers; i++) {
    const p = plantsFor(i);
    // One finding in the config per environment binding the class (top level + staging + production),
    // and one at the class for each of them (the messages name the environment).
    if (p.classNotExported) expected["class-not-exported"] += 2 * (1 + ENVS.length);
    if (p.envMissing) expected["env-missing-bindings"] += 1;
    if (p.routeMismatch) expected["agent-route-mismatch"] += 1;
    if (p.unknownBinding) expected["unknown-binding-in-code"] += 1;
  }
  return expected;
}

/** Writes the monorepo into `outDir` (emptied first). Returns what the bench needs to know. */
export function generateMonorepo(outDir, { workers }) {
  rmSync(outDir, { recursive: true, force: true });
  mkdirSync(outDir, { recursive: true });
  const sharedCount = workers + 4;
  const all = new Map();
  all.set("package.json", JSON.stringify({ name: "mono", private: true, workspaces: ["packages/*", "workers/*"] }, null, 2) + "\n");
  all.set(
    "tsconfig.base.json",
    JSON.stringify({ compilerOptions: { target: "ES2022", module: "ES2022", moduleResolution: "bundler", strict: true, types: ["@cloudflare/workers-types"], baseUrl: ".", paths: { "@mono/shared/*": ["packages/shared/src/*"] } } }, null, 2) + "\n",
  );
  for (const [file, text] of sharedFiles(sharedCount)) all.set(file, text);
  const specs = [];
  for (let i = 0; i < workers; i++) {
    const spec = workerSpec(i);
    specs.push(spec);
    for (const [file, text] of workerFiles(spec, { sharedCount })) all.set(file, text);
  }
  const dirs = new Set();
  let sourceFiles = 0;
  let bytes = 0;
  for (const [file, text] of all) {
    const full = path.join(outDir, file);
    const dir = path.dirname(full);
    if (!dirs.has(dir)) {
      mkdirSync(dir, { recursive: true });
      dirs.add(dir);
    }
    writeFileSync(full, text);
    bytes += Buffer.byteLength(text);
    if (/\.(ts|tsx|js|mjs)$/.test(file)) sourceFiles++;
  }
  return {
    root: outDir,
    workers,
    files: sourceFiles,
    totalFiles: all.size,
    bytes,
    doClasses: workers * 3,
    specs,
    expected: expectedFindings(workers),
  };
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2);
  const out = args.find((a) => !a.startsWith("--"));
  const workersAt = args.indexOf("--workers");
  if (!out) {
    console.error("usage: node bench/generate.mjs <outDir> [--workers N]");
    process.exit(2);
  }
  const result = generateMonorepo(path.resolve(out), { workers: workersAt >= 0 ? Number(args[workersAt + 1]) : 10 });
  console.log(JSON.stringify({ root: result.root, workers: result.workers, files: result.files, doClasses: result.doClasses, expected: result.expected }, null, 2));
}
