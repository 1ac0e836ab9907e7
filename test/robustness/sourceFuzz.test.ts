import * as assert from "node:assert/strict";
import * as path from "node:path";
import * as fc from "fast-check";
import { parseModule } from "../../server/src/source/parseModule";
import { ModuleStore } from "../../server/src/source/moduleStore";
import { readWorkerSources } from "../../server/src/source/workerSources";
import { createMemoryHost } from "../support/memoryHost";
import { PROJECT_ROOT, runProject } from "../support/ruleTester";
import { applyDamage, damageArb, fuzzParameters } from "./generators";
import { assertSaneFindings } from "./invariants";

/**
 * Property-based: random worker sources, valid and broken, through the syntactic reader and the
 * export graph: no throw, bounded time, and the facts point inside the text.
 */
const ident = fc.constantFrom("Counter", "ChatAgent", "Room", "Ünï", "$x", "_a", "default", "env", "Agent", "DurableObject");
const spec = fc.constantFrom("./a", "./b", "./c.js", "./c", "../x", "agents", "cloudflare:workers", "./a/index", "@/lib", "./ünï");
const fragment = fc.oneof(
  fc.tuple(ident, ident).map(([a, b]) => `export class ${a} extends ${b}<Env> {}\n`),
  fc.tuple(ident, ident).map(([a, b]) => `class ${a} extends ${b} { fetch() { return this.env.${a}.idFromName("x"); } }\n`),
  fc.tuple(ident, spec).map(([a, s]) => `export { ${a} } from "${s}";\n`),
  fc.tuple(ident, ident, spec).map(([a, b, s]) => `export { ${a} as ${b} } from "${s}";\n`),
  spec.map((s) => `export * from "${s}";\n`),
  spec.map((s) => `export * as ns from "${s}";\n`),
  fc.tuple(ident, spec).map(([a, s]) => `import { ${a} } from "${s}";\n`),
  fc.tuple(ident, spec).map(([a, s]) => `import ${a}, * as all from "${s}";\n`),
  spec.map((s) => `const m = await import("${s}"); require("${s}");\n`),
  ident.map((a) => `export default { fetch(r, env) { return env.${a}.get(env.${a}.idFromName("n")); } };\n`),
  ident.map((a) => `export { ${a} as default };\n`),
  ident.map((a) => `const agent = useAgent({ agent: "${a}" }); new AgentClient({ agent: \`${a}\` });\n`),
  fc.constant(`export default { async fetch(req, env) { return (await routeAgentRequest(req, env, { prefix: "api/agents" })) ?? new Response(null); } };\n`),
  fc.constant(`fetch("/agents/chat-agent/default");\n`),
  fc.constant(`declare module "x" { export class Y {} }\nnamespace N { export class Z extends DurableObject {} }\n`),
  fc.constant(`export const { a, b: [c] } = obj; export enum E { A } export type T = 1; export interface I {}\n`),
  fc.constant(`@decorator() export abstract class D extends (Base as any)<T>() {}\n`),
  fc.constant(`const Tsx = () => <div>{env.X.idFromName("a")}</div>;\n`),
  fc.string({ maxLength: 40 }),
);
const sourceArb = fc.array(fragment, { maxLength: 12 }).map((parts) => parts.join(""));
const files = ["src/index.ts", "src/a.ts", "src/b.tsx", "src/c.ts", "src/a/index.js", "src/ünï.mjs", "x.ts"];

describe("robustness: fuzzed TypeScript sources through the module reader and export graph", function () {
  this.timeout(120_000);
  let cases = 0;
  after(() => console.log(`      ${cases} generated sources and projects`));

  it("parseModule: any text, no throw, every span inside the text, under a second", () => {
    fc.assert(
      fc.property(sourceArb, damageArb, fc.constantFrom(...files), (source, damage, name) => {
        const text = applyDamage(source, damage);
        const started = performance.now();
        const info = parseModule(path.join(PROJECT_ROOT, name), text);
        assert.ok(performance.now() - started < 1000, "parsing took over a second");
        cases++;
        const spans = [...info.classes.map((c) => c.nameSpan), ...info.envUses.map((u) => u.span), ...info.exports.map((e) => e.span)];
        for (const span of spans) assert.ok(span.start >= 0 && span.start <= span.end && span.end <= text.length, `span ${JSON.stringify(span)} outside ${text.length}`);
      }),
      fuzzParameters(200, 7010),
    );
  });

  it("export graph over random multi-file projects (cycles, `export *`, missing files): no throw, bounded", () => {
    fc.assert(
      fc.property(fc.array(sourceArb, { minLength: files.length, maxLength: files.length }), (sources) => {
        const project: Record<string, string> = { "tsconfig.json": `{ "compilerOptions": { "paths": { "@/*": ["./src/*"] } } }` };
        files.forEach((file, i) => (project[file] = sources[i]));
        const host = createMemoryHost(PROJECT_ROOT, project);
        const started = performance.now();
        const store = new ModuleStore(host);
        const worker = readWorkerSources(store, path.join(PROJECT_ROOT, "src/index.ts"));
        assert.ok(worker.modules.length <= files.length);
        project["wrangler.jsonc"] = `{ "name": "fuzz", "main": "src/index.ts", "durable_objects": { "bindings": [{ "name": "Counter", "class_name": "Counter" }, { "name": "Room", "class_name": "Ünï" }] }, "migrations": [{ "tag": "v1", "new_sqlite_classes": ["Counter", "Room"] }] }`;
        const { result } = runProject(project);
        assert.ok(performance.now() - started < 3000, "the project took over 3 s");
        cases++;
        assertSaneFindings(project, result);
      }),
      fuzzParameters(120, 7011),
    );
  });
});
