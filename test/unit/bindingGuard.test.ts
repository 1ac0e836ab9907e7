import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import * as ts from "typescript";
import { bindingGuardAt, type GuardWorker } from "../../server/src/edits/bindingGuard";
import { REPO_ROOT } from "../support/fixtures";

const WORKER: GuardWorker = { configName: "agents/wrangler.jsonc", namespaces: ["CoderAgent"] };

/** The text with the guard for the use at the first `|` (removed) applied, or undefined when none is offered. */
function guarded(marked: string, worker: GuardWorker = WORKER, file = "src/server.ts"): string | undefined {
  const offset = marked.indexOf("|");
  assert.ok(offset >= 0, "the case marks the cursor with |");
  const text = marked.slice(0, offset) + marked.slice(offset + 1);
  const guard = bindingGuardAt(file, text, offset, worker);
  if (!guard) return undefined;
  assert.equal(guard.span.start, guard.span.end, "an insertion");
  return text.slice(0, guard.span.start) + guard.newText + text.slice(guard.span.end);
}

const MESSAGE = 'Durable Object binding "CoderAgent" is missing: add it to durable_objects.bindings in agents/wrangler.jsonc for this environment, then deploy again.';

describe("binding guard (refactoring)", () => {
  it("inserts the guard before the statement using env.X.idFromName, in the file's style (double quotes, semicolons, 4 spaces)", () => {
    const out = guarded(`export default {
    async fetch(request: Request, env: Env): Promise<Response> {
        const url = new URL(request.url);
        const id = env.CoderAgent.idFrom|Name(url.pathname);
        return env.CoderAgent.get(id).fetch(request);
    },
};
`);
    assert.equal(
      out,
      `export default {
    async fetch(request: Request, env: Env): Promise<Response> {
        const url = new URL(request.url);
        if (!env.CoderAgent) return new Response(${JSON.stringify(MESSAGE)}, { status: 500 });
        const id = env.CoderAgent.idFromName(url.pathname);
        return env.CoderAgent.get(id).fetch(request);
    },
};
`,
    );
  });

  it("follows single quotes, no semicolons and tabs; `fetch:` as an arrow, `satisfies ExportedHandler`", () => {
    const out = guarded(`import { getAgentByName } from 'agents'

export default {
\tfetch: async (req, env, ctx) => {
\t\tconst agent = await getAgentBy|Name(env.CoderAgent, 'main')
\t\treturn agent.fetch(req)
\t},
} satisfies ExportedHandler<Env>
`);
    assert.ok(out?.includes(`\t\tif (!env.CoderAgent) return new Response('Durable Object binding "CoderAgent" is missing: `), out);
    assert.ok(out?.includes(`{ status: 500 })\n\t\tconst agent`), out);
  });

  it("routeAgentRequest(request, env): guards every namespace the config binds", () => {
    const out = guarded(
      `export default {\n  async fetch(request, env) {\n    return (await routeAgent|Request(request, env)) ?? new Response("Not found", { status: 404 });\n  },\n};\n`,
      { configName: "wrangler.jsonc", namespaces: ["CoderAgent", "Chat"] },
    );
    assert.ok(out?.includes(`    if (!env.CoderAgent || !env.Chat) return new Response("Durable Object bindings \\"CoderAgent\\", \\"Chat\\" are missing: add them`), out);
  });

  it("goes inside the block holding the use (an if), with that block's indentation; the env parameter's own name", () => {
    const out = guarded(`export default {\n  async fetch(request: Request, bindings: Env) {\n    if (request.url.endsWith("/ws")) {\n      return bindings.CoderAgent.get(bindings.CoderAgent.idFromName("a")).fe|tch(request);\n    }\n    return new Response("ok");\n  },\n};\n`);
    assert.ok(out?.includes(`    if (request.url.endsWith("/ws")) {\n      if (!bindings.CoderAgent) return new Response(`), out);
  });

  it("is not offered where a return would not answer the request, or where there is nothing to guard", () => {
    const cases: Record<string, string> = {
      "inside a callback": `export default {\n  async fetch(request: Request, env: Env) {\n    return Promise.resolve().then(() => env.CoderAgent.idFrom|Name("a")).then(() => new Response("ok"));\n  },\n};\n`,
      "a function that is not the default export's fetch": `export async function handle(request: Request, env: Env) {\n  const id = env.CoderAgent.idFrom|Name("a");\n  return new Response(String(id));\n}\n`,
      "a Durable Object's own fetch (a class)": `export default class extends Object {\n  async fetch(request: Request, env: Env) {\n    const id = env.CoderAgent.idFrom|Name("a");\n    return new Response(String(id));\n  }\n}\n`,
      "already guarded": `export default {\n  async fetch(request: Request, env: Env) {\n    if (!env.CoderAgent) return new Response("missing", { status: 500 });\n    const id = env.CoderAgent.idFrom|Name("a");\n    return new Response(String(id));\n  },\n};\n`,
      "KV's get(): not a namespace the config binds": `export default {\n  async fetch(request: Request, env: Env) {\n    const value = await env.CACHE.g|et("a");\n    return new Response(value);\n  },\n};\n`,
      "the cursor on no use": `export default {\n  async fetch(request: Request, env: Env) {\n    const id = env.CoderAgent.idFromName("a");\n    return new Resp|onse(String(id));\n  },\n};\n`,
      "a destructured env": `export default {\n  async fetch(request: Request, { CoderAgent }: Env) {\n    const id = CoderAgent.idFrom|Name("a");\n    return new Response(String(id));\n  },\n};\n`,
    };
    for (const [name, text] of Object.entries(cases)) assert.equal(guarded(text), undefined, name);
  });

  it("offers .get() on a namespace the config binds", () => {
    const out = guarded(`export default {\n  async fetch(request: Request, env: Env) {\n    const stub = env.CoderAgent.g|et(env.CoderAgent.newUniqueId());\n    return stub.fetch(request);\n  },\n};\n`);
    assert.ok(out?.includes(`    if (!env.CoderAgent) return new Response(`), out);
  });

  it("the guarded worker type-checks against the real @cloudflare/workers-types", function () {
    this.timeout(60_000);
    const types = path.join(REPO_ROOT, "test", "probe-projects", "node_modules", "@cloudflare", "workers-types", "index.d.ts");
    // Installed with wrangler in test/probe-projects (scripts/test.mjs): missing means a broken install, not a reason to skip.
    assert.ok(fs.existsSync(types), "test/probe-projects has no @cloudflare/workers-types: run npm ci there (scripts/test.mjs does it)");
    const out = guarded(`interface Env {\n  CoderAgent: DurableObjectNamespace;\n}\n\nexport default {\n  async fetch(request: Request, env: Env): Promise<Response> {\n    const id = env.CoderAgent.idFrom|Name("main");\n    return env.CoderAgent.get(id).fetch(request);\n  },\n} satisfies ExportedHandler<Env>;\n`);
    assert.ok(out);
    const file = path.join(REPO_ROOT, "out", "guarded-worker.ts");
    const options: ts.CompilerOptions = { strict: true, noEmit: true, target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.ES2022, lib: ["lib.es2022.d.ts"], types: [], skipLibCheck: true };
    const host = ts.createCompilerHost(options);
    const read = host.readFile.bind(host);
    host.readFile = (name) => (name === file ? out : read(name));
    host.fileExists = ((exists) => (name: string) => name === file || exists(name))(host.fileExists.bind(host));
    const program = ts.createProgram([types, file], options, host);
    const diagnostics = ts.getPreEmitDiagnostics(program).filter((d) => d.file?.fileName === file);
    assert.deepEqual(diagnostics.map((d) => ts.flattenDiagnosticMessageText(d.messageText, "\n")), []);
  });
});
