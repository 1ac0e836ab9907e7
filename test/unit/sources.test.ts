import * as assert from "node:assert/strict";
import * as path from "node:path";
import { classifyClass } from "../../server/src/source/classKinds";
import { resolveExport } from "../../server/src/source/exportGraph";
import { ModuleStore } from "../../server/src/source/moduleStore";
import { parseModule } from "../../server/src/source/parseModule";
import { readWorkerSources } from "../../server/src/source/workerSources";
import { createMemoryHost } from "../support/memoryHost";

const ROOT = path.resolve("/virtual/src-tests");
const at = (name: string) => path.join(ROOT, name);

function storeOf(files: Record<string, string>) {
  return new ModuleStore(createMemoryHost(ROOT, files));
}

function exportedClass(files: Record<string, string>, entry: string, name: string) {
  const store = storeOf(files);
  const target = resolveExport(store, store.get(at(entry))!, name);
  return target?.kind === "class" ? `${path.relative(ROOT, target.module.file)}#${target.declaration.name}` : target?.kind;
}

describe("export graph", () => {
  it("follows named, aliased, star and chained re-exports to the class", () => {
    const files = {
      "index.ts": `export * from "./a";\nexport { Impl as Aliased } from "./impl.js";\nimport { Local } from "./local";\nexport { Local };\n`,
      "a/index.ts": `export * from "./b";\n`,
      "a/b.ts": `export class Deep {}\n`,
      "impl.ts": `export class Impl {}\n`,
      "local.ts": `class Local {}\nexport { Local };\n`,
    };
    assert.equal(exportedClass(files, "index.ts", "Deep"), "a/b.ts#Deep");
    assert.equal(exportedClass(files, "index.ts", "Aliased"), "impl.ts#Impl");
    assert.equal(exportedClass(files, "index.ts", "Local"), "local.ts#Local");
    assert.equal(exportedClass(files, "index.ts", "Impl"), undefined);
  });

  it("ends cycles as not found, and export * never carries default", () => {
    const files = { "index.ts": `export * from "./a";\n`, "a.ts": `export * from "./index";\nexport default class D {}\n` };
    assert.equal(exportedClass(files, "index.ts", "Missing"), undefined);
    assert.equal(exportedClass(files, "index.ts", "default"), undefined);
  });

  it("resolves tsconfig paths (with extends) and reports packages as external", () => {
    const files = {
      "tsconfig.base.json": `{ "compilerOptions": { "paths": { "@/*": ["./src/*"] } } }`,
      "tsconfig.json": `{ "extends": "./tsconfig.base.json", /* comment */ }`,
      "src/index.ts": `export { Coder } from "@/agents/coder";\nexport { Agent } from "agents";\n`,
      "src/agents/coder.ts": `export class Coder {}\n`,
    };
    assert.equal(exportedClass(files, "src/index.ts", "Coder"), "src/agents/coder.ts#Coder");
    assert.equal(exportedClass(files, "src/index.ts", "Agent"), "external");
  });
});

describe("class kinds", () => {
  const kindOf = (files: Record<string, string>, file: string, name: string) => {
    const store = storeOf(files);
    const module = store.get(at(file))!;
    return classifyClass(store, module, module.classes.find((c) => c.name === name)!).kind;
  };
  it("recognises Durable Objects, Agents SDK classes and partyserver servers through local bases", () => {
    const files = {
      "do.ts": `import { DurableObject } from "cloudflare:workers";\nexport class Counter extends DurableObject {}\n`,
      "base.ts": `import { Agent } from "agents";\nexport abstract class Base<E> extends Agent<E> {}\n`,
      "coder.ts": `import { Base } from "./base";\nexport class Coder extends Base<Env> {}\n`,
      "chat.ts": `import { AIChatAgent } from "agents/ai-chat-agent";\nexport class Chat extends AIChatAgent<Env> {}\n`,
      "mcp.ts": `import * as mcp from "agents/mcp";\nexport class Tools extends mcp.McpAgent {}\n`,
      "party.ts": `import { Server } from "partyserver";\nexport class Room extends Server {}\n`,
      "entry.ts": `import { WorkerEntrypoint } from "cloudflare:workers";\nexport class Api extends WorkerEntrypoint {}\nexport class Plain {}\n`,
    };
    assert.equal(kindOf(files, "do.ts", "Counter"), "durable-object");
    assert.equal(kindOf(files, "coder.ts", "Coder"), "agent");
    assert.equal(kindOf(files, "chat.ts", "Chat"), "agent");
    assert.equal(kindOf(files, "mcp.ts", "Tools"), "agent");
    assert.equal(kindOf(files, "party.ts", "Room"), "partyserver");
    assert.equal(kindOf(files, "entry.ts", "Api"), "not-durable-object");
    assert.equal(kindOf(files, "entry.ts", "Plain"), "unknown");
  });

  it("stops on a class that extends itself through a cycle", () => {
    const files = { "a.ts": `import { B } from "./b";\nexport class A extends B {}\n`, "b.ts": `import { A } from "./a";\nexport class B extends A {}\n` };
    assert.equal(kindOf(files, "a.ts", "A"), "unknown");
  });
});

describe("module facts", () => {
  it("finds env namespace uses but not KV reads", () => {
    const info = parseModule(
      "/x.ts",
      `const a = env.CoderAgent.idFromName("a");\nconst b = this.env.OTHER.newUniqueId();\nconst c = await getAgentByName(c.env.Third, "x");\nconst d = await env.KV.get("key");\nconst e = env.CoderAgent;\n`,
    );
    assert.deepEqual(info.envUses.map((u) => `${u.binding}.${u.method}`), ["CoderAgent.idFromName", "OTHER.newUniqueId", "Third.getAgentByName"]);
  });

  it("finds client agent names, literal routes and routeAgentRequest prefixes", () => {
    const text = [
      `import { useAgent } from "agents/react";`,
      `const a = useAgent({ agent: "coder-agent", name: "x" });`,
      `const b = new AgentClient({ agent: "Reviewer", prefix: "api" });`,
      "const c = fetch(`/agents/coder-agent/${id}`);",
      `const d = "/agents/writer/default";`,
      `const e = new WebSocket("wss://h.example/agents/writer/default");`,
      `routeAgentRequest(request, env, { prefix: "api/agents" });`,
    ].join("\n");
    const info = parseModule("/x.tsx", text);
    assert.deepEqual(
      info.agentRefs.map((r) => [r.via, r.text, r.prefix ?? null, r.partial ?? false, r.callee ?? r.request]),
      [
        ["useAgent", "coder-agent", null, false, "useAgent"],
        ["AgentClient", "Reviewer", "api", false, "AgentClient"],
        ["url", "/agents/coder-agent/", null, true, "fetch"],
        // The plain string "/agents/writer/default" is requested by nothing: not a reference.
        ["url", "wss://h.example/agents/writer/default", null, false, "new WebSocket"],
      ],
    );
    assert.equal(text.slice(info.agentRefs[0].span.start, info.agentRefs[0].span.end), "coder-agent");
    assert.deepEqual(info.routePrefixes.map((r) => r.prefix), ["api/agents"]);
  });

  it("reads half-typed code without throwing", () => {
    for (const text of ["export class {", "export { A as } from", "class X extends", "env.", "useAgent({ agent: ", "\u0000\u0000"]) {
      assert.doesNotThrow(() => parseModule("/x.ts", text));
    }
  });

  it("walks every module the entry reaches, once, through cycles", () => {
    const store = storeOf({ "index.ts": `import "./a";\nexport * from "./b.js";\n`, "a.ts": `import "./index";\n`, "b.ts": `import "agents";\nimport "./missing";\n` });
    const sources = readWorkerSources(store, at("index.ts"));
    assert.deepEqual(sources.modules.map((m) => path.relative(ROOT, m.file)), ["index.ts", "a.ts", "b.ts"]);
  });
});
