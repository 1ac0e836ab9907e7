import * as assert from "node:assert/strict";
import { isDeepStrictEqual } from "node:util";
import * as fc from "fast-check";
import { scanModule } from "../../server/src/source/fastScan";
import type { ModuleInfo } from "../../server/src/source/model";
import { parseWithTypeScript } from "../../server/src/source/parseModule";
import { applyDamage, fuzzParameters, type Damage } from "./generators";

/**
 * Property-based differential test of the hand-written scanner: for random sources assembled from
 * the shapes that are hard to scan (regex vs division, templates, JSX, comments, strings with
 * escapes, every export and client form), damaged at random, scanModule(file, text) is undefined
 * or deep-equal to parseWithTypeScript(file, text). fast-check prints the shrunk counterexample.
 */

const BT = "`";
const ident = fc.constantFrom("Agent", "ChatAgent", "Counter", "env", "X", "default", "Ünï", "$a", "_b", "async", "type", "as", "from", "of", "\\u0041gent");
const binding = fc.constantFrom("COUNTER", "X", "Chat_Agent", "Ünï", "\\u0058");
const spec = fc.constantFrom("./a", "agents", "/agents/x", "cloudflare:workers", "./ü.js", "m\\u0031", "");
const str = fc.constantFrom(
  `"/agents/chat-agent/default"`,
  `'/agents/x'`,
  `"it's"`,
  `'say "hi"'`,
  `"a\\"b"`,
  `'/agents/\\u0061b'`,
  `"\\x2fagents/y"`,
  `"//"`,
  `"/*"`,
  `"*/"`,
  `"\${x}"`,
  `"${BT}"`,
  `"\\\\"`,
  `"api/agents"`,
  `${BT}/agents/q${BT}`,
  `${BT}x\${y}/agents/z\${w}/agents/v${BT}`,
  `${BT}\${ {a: ${BT}x\${y}${BT}} }/agents/n${BT}`,
  `${BT}/agents/crlf\r\n\${a}${BT}`,
  `"unterminated\n`,
);
const value = fc.oneof(str, ident, fc.constantFrom("1", "1_000", "0x1F", ".5", "a / b / c", "/re\"/g", "/[/'\\]]/", "(a) / 2", "x! / 2", "{}", "[]", "null", "this"));

const fragment: fc.Arbitrary<string> = fc.oneof(
  // imports and exports
  fc.tuple(ident, spec).map(([a, s]) => `import ${a} from "${s}";`),
  fc.tuple(ident, ident, spec).map(([a, b, s]) => `import { type ${a}, ${b} as c } from "${s}";`),
  fc.tuple(ident, spec).map(([a, s]) => `import ${a}, * as ns from '${s}' with { type: "json" };`),
  fc.tuple(ident, spec).map(([a, s]) => `import type { ${a} } from "${s}"`),
  fc.tuple(ident, spec).map(([a, s]) => `import ${a} = require("${s}");`),
  fc.tuple(ident, ident).map(([a, b]) => `export import ${a} = ${b}.C;`),
  fc.tuple(ident, ident, spec).map(([a, b, s]) => `export { ${a} as ${b} } from "${s}";`),
  fc.tuple(ident, spec).map(([a, s]) => `export { ${a} as "b c", "d e" as f } from "${s}";`),
  spec.map((s) => `export * from "${s}";`),
  spec.map((s) => `export * as "x y" from "${s}";`),
  spec.map((s) => `export type * as T from "${s}";`),
  ident.map((a) => `export { ${a} as default };`),
  ident.map((a) => `export default ${a}`),
  ident.map((a) => `export default ${a};`),
  ident.map((a) => `export default ${a}\n(foo)`),
  ident.map((a) => `export = ${a};`),
  fc.constantFrom(
    "export default class extends Agent {}",
    "export default async function () {}",
    "export default async\nfunction f() {}",
    "export default abstract class D extends Agent {}",
    "export default interface I {}",
    "export default { fetch } satisfies ExportedHandler<Env>;",
    "export default const z = 1",
    "export * as ns;",
  ),
  fc.tuple(ident, value).map(([a, v]) => `export const ${a} = ${v}, b = class extends Agent {};`),
  fc.tuple(ident, value).map(([a, v]) => `export let { ${a} } = o, [q] = ${v};`),
  fc.tuple(ident).map(([a]) => `export const m: Map<string, number> = new Map(), ${a} = 2;`),
  fc.tuple(ident).map(([a]) => `export declare namespace ${a} { export class Y {} }`),
  fc.tuple(spec).map(([s]) => `declare module "${s}" { export default class Z extends Agent {} }`),
  fc.tuple(ident).map(([a]) => `export enum ${a} { A = "/agents/e" } export type T<A, B> = [A, B]; export interface I {}`),
  fc.tuple(ident).map(([a]) => `export function ${a}(): void; export function ${a}() {}`),
  // classes
  fc.tuple(ident, ident).map(([a, b]) => `export class ${a} extends ${b}<Env, { s: string }> implements I {}`),
  fc.tuple(ident, ident).map(([a, b]) => `@dec() export abstract class ${a} extends ${b} {}`),
  fc.tuple(ident, ident).map(([a, b]) => `export @dec class ${a} extends withVoice(${b}) {}`),
  fc.tuple(ident, ident).map(([a, b]) => `@dec\nclass ${a} extends party.${b} {}`),
  fc.tuple(ident, ident).map(([a, b]) => `declare class ${a} extends a.b.${b} {}`),
  fc.tuple(ident, ident).map(([a, b]) => `class ${a}<T extends ${b} = ${b}> extends (${b}) {}`),
  fc.tuple(ident, ident).map(([a, b]) => `const ${a} = class extends ${b} { m() { this.sql${BT}SELECT 1${BT}; } };`),
  fc.tuple(ident, ident).map(([a, b]) => `class ${a} extends ${b} { #env = 1; get env() { return this.#env; } m() { return this.ctx.storage.sql.exec("x"); } }`),
  fc.tuple(ident, binding).map(([a, x]) => `class ${a} { private env!: Env; m() { return this.env.${x}.idFromName("n"); } }`),
  // env uses
  binding.map((x) => `env.${x}.idFromName("a");`),
  binding.map((x) => `c.env?.${x}.idFromString(s);`),
  binding.map((x) => `env.${x}?.newUniqueId?.();`),
  binding.map((x) => `env!.${x}.idFromName("a"); new env.${x}.getByName("b");`),
  binding.map((x) => `env["${x}"].jurisdiction("eu");`),
  binding.map((x) => `getAgentByName<Env>(env.${x}, "a");`),
  binding.map((x) => `x.getServerByName(this.env.${x}, "s");`),
  // clients and routes
  fc.tuple(str, str).map(([a, p]) => `useAgent({ agent: ${a}, prefix: ${p} });`),
  fc.tuple(str).map(([a]) => `useAgent<State>({ ...o, "agent": ${a} });`),
  fc.tuple(str).map(([a]) => `new AgentClient({ agent: ${a}, agent: "second" });`),
  fc.tuple(value).map(([v]) => `agentFetch({ agent: ${v} });`),
  fc.constantFrom(
    "useAgent({ agent });",
    "useAgent({ [agent]: 'x' });",
    "useAgent({ agent() {} });",
    "function useAgent(o: { agent: 'x' }) {}",
    "interface C { useAgent(o: { agent: 'a' }): void }",
    "function routeAgentRequest(r, e, o = { prefix: 'p' }) {}",
  ),
  fc.tuple(str).map(([p]) => `await routeAgentRequest(req, env, { prefix: ${p} });`),
  fc.constantFrom("routeAgentRequest(req, env);", "x.routeAgentRequest(req, env);", "x\n.routeAgentRequest(req, env, opts);", "new routeAgentRequest;"),
  // strings, templates, regexes, comments
  str.map((s) => `fetch(${s});`),
  str.map((s) => `new WebSocket(${s}); new URL(${s}, base);`),
  str.map((s) => `await SELF.fetch(${s}, { method: "POST" }); stub.fetch(${s});`),
  str.map((s) => `globalThis.fetch?.(${s}); fetch<T>(${s}); x: fetch(${s});`),
  fc.tuple(ident, str).map(([a, s]) => `import { useAgent as ${a} } from "agents/react";\n${a}({ agent: ${s}, host: "h" });`),
  fc.tuple(ident, spec).map(([a, s]) => `export type { ${a} } from "${s}"; export { type ${a} as b };`),
  fc.tuple(ident, ident).map(([a, b]) => `export declare class ${a} extends ${b} {}`),
  str.map((s) => `const t = tag${BT}\${${s}}/agents/t${BT};`),
  str.map((s) => `type U = ${s};`),
  value.map((v) => `x = ${v} / 2 /"/ 3;`),
  value.map((v) => `if (${v}) /"/.test(a);`),
  fc.constantFrom(
    "return /'/;",
    "typeof /'/;",
    "a.return /'/ 1;",
    "x /= 2;",
    "/=/.test(y);",
    "x++ /'/ 1;",
    "const r = /[/\"]/g;",
    "{ } /'/g;",
    "case /'/:",
    "await /'/g;",
    "yield /'/;",
    "x = a?.5:.6;",
    "const n = 1_000 / 2;",
  ),
  fc.constantFrom(
    "// it's a \"comment\" with a ` backtick\n",
    "/* \"/agents/c\" */",
    "/*/ tricky */",
    "/** @example useAgent({ agent: \"x\" }) */",
    "// */\n",
    "/* ` */",
  ),
  // JSX and angle brackets (meaning depends on the file name)
  fc.constantFrom(
    `const a = <div title="/agents/j">don't</div>;`,
    `const a = <a href='/agents/k' {...p}>{"/agents/l"}</a>;`,
    `const a = <><b>{${BT}/agents/\${x}${BT}}</b></>;`,
    `const a = <A render={<B title="a\\" c="/agents/m" />} />;`,
    `const f = <T,>(x: T) => x;`,
    `const g = <T>(x: T) => x;`,
    `const h = <any>"/agents/n";`,
    `const i = a < b > c;`,
    `const j = f < T > (x);`,
    `const k = <div>// no comment ' " ${BT}</div>;`,
  ),
  // misc
  fc.constantFrom(
    "using r = res(); await using s = t;",
    "export const o = { a: 1 } as const satisfies R;",
    "label: for (;;) break label;",
    "x = a?.b?.(c)?.[d];",
    "enum E { A, B = 'b' }",
    "namespace N { export const a = 1; }",
    "declare global { interface W {} }",
    "export {};",
  ),
  fc.string({ maxLength: 12 }),
);

const separator = fc.constantFrom("\n", "\n", " ", ";", "\r\n", "", "\u2028", "\n\n");
const prelude = fc.constantFrom("", "", "", "\ufeff", "#!/usr/bin/env node\n", "\ufeff#!/x\n", "/* head */ ");

export const scanSourceArb = fc
  .tuple(prelude, fc.array(fc.tuple(fragment, separator), { maxLength: 10 }))
  .map(([head, parts]) => head + parts.map(([f, s]) => f + s).join(""));

/** Damage aimed at the scanner: quotes, backticks, slashes, braces, comment and template openers. */
const garbageArb = fc.string({
  unit: fc.constantFrom('"', "'", "`", "/", "//", "/*", "*/", "{", "}", "(", ")", "${", "<", ">", "\\", "\n", "\r\n", " ", "a", "é", "\u2028", "#", "@", "=", ";", ",", "export ", "class "),
  maxLength: 6,
});
export const scanDamageArb: fc.Arbitrary<Damage[]> = fc.array(
  fc.oneof(
    fc.record({ kind: fc.constant("delete" as const), at: fc.nat(), length: fc.integer({ min: 1, max: 20 }) }),
    { weight: 3, arbitrary: fc.record({ kind: fc.constant("insert" as const), at: fc.nat(), text: garbageArb }) },
    fc.record({ kind: fc.constant("truncate" as const), at: fc.nat() }),
  ),
  { minLength: 0, maxLength: 3 },
);
export const scanFileArb = fc.constantFrom("src/index.ts", "src/a.ts", "src/b.tsx", "src/c.js", "src/d.mjs", "src/e.jsx", "src/f.d.ts", "src/g.mts", "src/H.TSX");

export function scanDisagreement(file: string, text: string): string | undefined {
  let scanned: ModuleInfo | undefined;
  try {
    scanned = scanModule(file, text);
  } catch (error) {
    return `scanModule threw: ${(error as Error).stack ?? String(error)}`;
  }
  if (scanned === undefined) return undefined;
  const reference = parseWithTypeScript(file, text);
  if (isDeepStrictEqual(scanned, reference)) return undefined;
  const show = (v: unknown) => (v === undefined ? "<absent/undefined>" : JSON.stringify(v, (_k, x: unknown) => (x === undefined ? "<undefined>" : x)));
  const lines = [`scanModule disagrees with TypeScript on ${file} ${JSON.stringify(text)}`];
  for (const key of new Set([...Object.keys(reference), ...Object.keys(scanned)])) {
    const a = (scanned as unknown as Record<string, unknown>)[key];
    const b = (reference as unknown as Record<string, unknown>)[key];
    if (!isDeepStrictEqual(a, b)) lines.push(`  ${key}:\n    scan: ${show(a)}\n    ts:   ${show(b)}`);
  }
  return lines.join("\n");
}

describe("robustness: the fast scanner against the TypeScript reader on generated sources", function () {
  this.timeout(300_000);
  let cases = 0;
  let fast = 0;
  after(() => console.log(`      ${cases} generated sources, ${fast} read by the fast path`));

  it("scanModule(file, text) is undefined or deep-equal to parseWithTypeScript(file, text)", () => {
    fc.assert(
      fc.property(scanSourceArb, scanDamageArb, scanFileArb, (source, damage, file) => {
        const text = applyDamage(source, damage);
        cases++;
        const problem = scanDisagreement(file, text);
        if (problem) assert.fail(problem);
        if (scanModule(file, text) !== undefined) fast++;
      }),
      fuzzParameters(300, 7020),
    );
  });

  it("the undamaged sources too (the fast path should be taken on more of them)", () => {
    fc.assert(
      fc.property(scanSourceArb, scanFileArb, (text, file) => {
        cases++;
        const problem = scanDisagreement(file, text);
        if (problem) assert.fail(problem);
        if (scanModule(file, text) !== undefined) fast++;
      }),
      fuzzParameters(300, 7021),
    );
  });
});
