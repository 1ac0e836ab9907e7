import * as fc from "fast-check";

/**
 * Generators for the property-based suites: wrangler configs as plain values (valid in shape, with
 * wrong types sprinkled in), rendered to JSONC or TOML with comments, plus random damage to any text.
 * Names come from small pools so bindings, classes, migrations and sources meet each other.
 */

export type Value = string | number | boolean | null | Value[] | { [key: string]: Value };

/** Fixed seeds by default (CI is repeatable); `DO_DOCTOR_FUZZ_RUNS=N` runs longer with a fresh seed. */
export function fuzzParameters(defaultRuns: number, seed: number): fc.Parameters<unknown> {
  const long = Number(process.env.DO_DOCTOR_FUZZ_RUNS);
  const fixedSeed = process.env.DO_DOCTOR_FUZZ_SEED !== undefined ? Number(process.env.DO_DOCTOR_FUZZ_SEED) : undefined;
  if (long > 0) return { numRuns: long, seed: fixedSeed ?? Date.now() ^ seed };
  return { numRuns: defaultRuns, seed: fixedSeed ?? seed };
}

export const CLASS_NAMES = ["Counter", "ChatAgent", "CoderAgent", "Room", "Ünïcødé", "MyDO", "Missing"];
const classNameArb = fc.constantFrom(...CLASS_NAMES, "counter", "");
const bindingNameArb = fc.constantFrom("COUNTER", "CHAT", "CoderAgent", "ROOM", "MY_DO", "Ünï", "KV", "");
const tagArb = fc.constantFrom("v1", "v2", "v3", "v1", "ünï-tag");
/** What belongs nowhere: the wrong types a half-edited or hand-written config holds. */
const wrongArb: fc.Arbitrary<Value> = fc.constantFrom<Value>(null, 42, -1.5, "Counter", [], true, {}, [null], [[]], { bindings: null });

/** Mostly the right shape, sometimes a wrong type. */
function usually<T extends Value>(arb: fc.Arbitrary<T>): fc.Arbitrary<Value> {
  return fc.oneof({ weight: 9, arbitrary: arb }, { weight: 1, arbitrary: wrongArb });
}

const optional = { requiredKeys: [] as never[] };

const bindingArb = usually(
  fc.record(
    {
      name: usually(bindingNameArb),
      class_name: usually(classNameArb),
      script_name: fc.constantFrom("other-worker", "./src/index.ts", "fuzz", "fuzz-staging"),
      environment: fc.constantFrom("staging", "production"),
    },
    { requiredKeys: ["name", "class_name"] },
  ),
);
const durableObjectsArb = usually(fc.record({ bindings: usually(fc.array(bindingArb, { maxLength: 4 })) }));

const classListArb = usually(fc.array(classNameArb, { maxLength: 3 }));
const migrationArb = usually(
  fc.record(
    {
      tag: usually(tagArb),
      new_classes: classListArb,
      new_sqlite_classes: classListArb,
      deleted_classes: classListArb,
      renamed_classes: usually(fc.array(usually(fc.record({ from: classNameArb, to: classNameArb }, optional)), { maxLength: 2 })),
      transferred_classes: usually(
        fc.array(usually(fc.record({ from: classNameArb, from_script: fc.constantFrom("old-worker", "fuzz"), to: classNameArb }, optional)), { maxLength: 2 }),
      ),
    },
    optional,
  ),
);
const migrationsArb = usually(fc.array(migrationArb, { maxLength: 4 }));
const flagsArb = usually(fc.subarray(["nodejs_compat", "nodejs_compat_v2", "nodejs_als", "nodejs_compat"]));
const mainArb = usually(fc.constantFrom("src/index.ts", "src/index", "src/index.js", "src/missing.ts", "src", "../outside.ts", "./src/ünï.ts", ""));
const varsArb = usually(fc.dictionary(fc.constantFrom("API_URL", "COUNTER", "ROOM", "ünï"), fc.constantFrom("x", "", "https://a.b"), { maxKeys: 2 }));
const kvArb = usually(fc.array(usually(fc.record({ binding: bindingNameArb, id: fc.constant("abc123") }, optional)), { maxLength: 2 }));
const assetsArb = usually(
  fc.record(
    {
      directory: fc.constantFrom("dist/client", "./public"),
      not_found_handling: usually(fc.constantFrom("single-page-application", "404-page", "none")),
      run_worker_first: usually(fc.oneof(fc.boolean(), fc.subarray(["/agents/*", "/api/*", "!/assets/*"]))),
      binding: fc.constantFrom("ASSETS", "COUNTER"),
    },
    optional,
  ),
);
const exportsArb = usually(
  fc.dictionary(
    classNameArb.filter((n) => n !== ""),
    usually(fc.record({ type: fc.constantFrom("durable-object", "worker"), storage: fc.constantFrom("sqlite", "kv") }, optional)),
    { maxKeys: 2 },
  ),
);

const envArb = usually(
  fc.record(
    {
      name: fc.constantFrom("fuzz-staging", "fuzz"),
      main: mainArb,
      durable_objects: durableObjectsArb,
      migrations: migrationsArb,
      compatibility_flags: flagsArb,
      vars: varsArb,
      assets: assetsArb,
    },
    optional,
  ),
);

export const configArb: fc.Arbitrary<{ [key: string]: Value }> = fc.record(
  {
    name: usually(fc.constantFrom("fuzz", "other-worker", "ünï-worker")),
    main: mainArb,
    compatibility_date: fc.constant("2025-04-01"),
    compatibility_flags: flagsArb,
    durable_objects: durableObjectsArb,
    migrations: migrationsArb,
    assets: assetsArb,
    vars: varsArb,
    kv_namespaces: kvArb,
    exports: exportsArb,
    env: usually(fc.dictionary(fc.constantFrom("staging", "production", "dev", "ünï"), envArb, { maxKeys: 3 })),
  },
  { requiredKeys: ["name", "main"] },
);

/** How a config is written: the same value in many textual shapes. */
export interface Style {
  indent: string;
  newline: "\n" | "\r\n";
  trailingCommas: boolean;
  /** Per slot: 0 no comment, 1 a line comment before, 2 a comment after, 3 a block comment. */
  comments: number[];
}

export const styleArb: fc.Arbitrary<Style> = fc.record({
  indent: fc.constantFrom("  ", "    ", "\t"),
  newline: fc.constantFrom<"\n" | "\r\n">("\n", "\n", "\r\n"),
  trailingCommas: fc.boolean(),
  comments: fc.array(fc.nat({ max: 3 }), { minLength: 1, maxLength: 12 }),
});

/** Every comment a renderer writes carries a unique marker, so a fix that drops one is caught. */
export const COMMENT_MARKER = /cmt-\d+ note/g;

class CommentSlots {
  private slot = 0;
  private next = 0;
  constructor(private readonly style: Style) {}
  take(): number {
    return this.style.comments[this.slot++ % this.style.comments.length];
  }
  text(): string {
    return `cmt-${this.next++} note`;
  }
}

export function renderJsonc(config: Value, style: Style): string {
  const slots = new CommentSlots(style);
  const nl = style.newline;
  const write = (value: Value, depth: number): string => {
    const pad = style.indent.repeat(depth + 1);
    const closePad = style.indent.repeat(depth);
    if (value === null || typeof value !== "object") return JSON.stringify(value);
    const entries: [string | undefined, Value][] = Array.isArray(value) ? value.map((v) => [undefined, v]) : Object.entries(value);
    const [open, close] = Array.isArray(value) ? ["[", "]"] : ["{", "}"];
    if (entries.length === 0) return open + close;
    const lines: string[] = [];
    entries.forEach(([key, item], i) => {
      const kind = slots.take();
      const last = i === entries.length - 1;
      const comma = !last || style.trailingCommas ? "," : "";
      if (kind === 1) lines.push(`${pad}// ${slots.text()}`);
      const block = kind === 3 ? `/* ${slots.text()} */ ` : "";
      const after = kind === 2 ? ` // ${slots.text()}` : "";
      lines.push(`${pad}${block}${key === undefined ? "" : `${JSON.stringify(key)}: `}${write(item, depth + 1)}${comma}${after}`);
    });
    return `${open}${nl}${lines.join(nl)}${nl}${closePad}${close}`;
  };
  const head = slots.take() > 0 ? `// ${slots.text()}${nl}` : "";
  return `${head}${write(config, 0)}${nl}`;
}

const bareKey = (key: string) => (/^[A-Za-z0-9_-]+$/.test(key) ? key : JSON.stringify(key));
const isTable = (value: Value): value is { [key: string]: Value } => value !== null && typeof value === "object" && !Array.isArray(value);
const isTableArray = (value: Value): value is { [key: string]: Value }[] => Array.isArray(value) && value.length > 0 && value.every(isTable);

function inlineToml(value: Value): string {
  if (value === null) return '""';
  if (Array.isArray(value)) return `[${value.map(inlineToml).join(", ")}]`;
  if (isTable(value)) {
    const parts = Object.entries(value).filter(([, v]) => v !== null).map(([k, v]) => `${bareKey(k)} = ${inlineToml(v)}`);
    return parts.length ? `{ ${parts.join(", ")} }` : "{}";
  }
  return JSON.stringify(value);
}

/**
 * TOML the way people write it: scalars first, then `[table]` and `[[array.of.tables]]` sections.
 * TOML has no null: such keys are left out.
 */
export function renderToml(config: { [key: string]: Value }, style: Style): string {
  const slots = new CommentSlots(style);
  const out: string[] = [];
  const emit = (pathParts: string[], table: { [key: string]: Value }, header: "root" | "table" | "array") => {
    if (header !== "root") {
      const kind = slots.take();
      if (kind === 1) out.push(`# ${slots.text()}`);
      const name = pathParts.map(bareKey).join(".");
      out.push((header === "array" ? `[[${name}]]` : `[${name}]`) + (kind === 2 ? ` # ${slots.text()}` : ""));
    }
    const nested: [string, Value][] = [];
    for (const [key, value] of Object.entries(table)) {
      if (value === null) continue;
      if (isTable(value) || isTableArray(value)) {
        nested.push([key, value]);
        continue;
      }
      const kind = slots.take();
      if (kind === 1) out.push(`# ${slots.text()}`);
      out.push(`${bareKey(key)} = ${inlineToml(value)}${kind >= 2 ? ` # ${slots.text()}` : ""}`);
    }
    for (const [key, value] of nested) {
      out.push("");
      if (isTable(value)) emit([...pathParts, key], value, "table");
      else for (const item of value as { [key: string]: Value }[]) emit([...pathParts, key], item, "array");
    }
  };
  emit([], config, "root");
  return out.join(style.newline) + style.newline;
}

/** A source for the entry: some of the pool's classes, exported or not, and some `env.X` uses. */
export interface SourceModel {
  classes: { name: string; base: "DurableObject" | "Agent" | "AIChatAgent"; exported: boolean }[];
  envUses: string[];
  routes: boolean;
  clientAgent: string | undefined;
  agentsDependency: boolean;
}

export const sourceArb: fc.Arbitrary<SourceModel> = fc.record({
  classes: fc.uniqueArray(
    fc.record({ name: fc.constantFrom(...CLASS_NAMES.filter((n) => n !== "Missing")), base: fc.constantFrom("DurableObject" as const, "Agent" as const, "AIChatAgent" as const), exported: fc.boolean() }),
    { maxLength: 4, selector: (c) => c.name },
  ),
  envUses: fc.subarray(["COUNTER", "CHAT", "ROOM", "MY_DO", "NOPE"]),
  routes: fc.boolean(),
  clientAgent: fc.option(fc.constantFrom("counter", "chat-agent", "coder-agent", "nope"), { nil: undefined }),
  agentsDependency: fc.boolean(),
});

export function renderSources(model: SourceModel): Record<string, string> {
  const lines = [
    `import { DurableObject } from "cloudflare:workers";`,
    `import { Agent, routeAgentRequest } from "agents";`,
    `import { AIChatAgent } from "agents/ai-chat-agent";`,
  ];
  for (const c of model.classes) lines.push(`${c.exported ? "export " : ""}class ${c.name} extends ${c.base}${c.base === "DurableObject" ? "" : "<Env>"} {}`);
  const uses = model.envUses.map((name) => `    env.${name}.idFromName("a");`).join("\n");
  const answer = model.routes ? `(await routeAgentRequest(request, env)) ?? new Response("no", { status: 404 })` : `new Response("ok")`;
  lines.push(`export default {\n  async fetch(request: Request, env: Env) {\n${uses}\n    return ${answer};\n  },\n};\n`);
  const files: Record<string, string> = { "src/index.ts": lines.join("\n") };
  if (model.clientAgent) files["src/client/app.tsx"] = `import { useAgent } from "agents/react";\nexport function App() {\n  const agent = useAgent({ agent: "${model.clientAgent}" });\n  return null;\n}\n`;
  if (model.agentsDependency) files["package.json"] = `{ "name": "fuzz", "dependencies": { "agents": "0.32.0" } }\n`;
  return files;
}

/** Damage done to a text: what typing, a bad merge or a crash mid-save leaves. */
export type Damage = { kind: "delete"; at: number; length: number } | { kind: "insert"; at: number; text: string } | { kind: "truncate"; at: number };

const garbageArb = fc.string({
  unit: fc.constantFrom("{", "}", "[", "]", '"', ",", ":", "=", "#", "/", "*", "\n", "\r\n", " ", "a", "é", "😀", "\u2028", "\\", "\t", "[[", "]]", "null", "0x", "\ud800", "\0", "\ufeff"),
  maxLength: 8,
});

export const damageArb: fc.Arbitrary<Damage[]> = fc.array(
  fc.oneof(
    fc.record({ kind: fc.constant("delete" as const), at: fc.nat(), length: fc.integer({ min: 1, max: 40 }) }),
    fc.record({ kind: fc.constant("insert" as const), at: fc.nat(), text: garbageArb }),
    fc.record({ kind: fc.constant("truncate" as const), at: fc.nat() }),
  ),
  { minLength: 1, maxLength: 3 },
);

export function applyDamage(text: string, damage: Damage[]): string {
  let result = text;
  for (const d of damage) {
    const at = result.length === 0 ? 0 : d.at % (result.length + 1);
    if (d.kind === "delete") result = result.slice(0, at) + result.slice(at + d.length);
    else if (d.kind === "insert") result = result.slice(0, at) + d.text + result.slice(at);
    else result = result.slice(0, at);
  }
  return result;
}

/**
 * Worker sources spread over a few files and joined by export chains, right and broken: named and
 * aliased re-exports, imports exported again, `export *`, re-exports of missing files and cycles, classes
 * exported, default-exported or not. This is where `class-not-exported` has to repair a chain.
 */
export const CHAIN_FILES = ["src/index.ts", "src/mid.ts", "src/agents/index.ts", "src/agents/coder.ts", "src/lib.ts"] as const;
const CHAIN_TARGETS = ["src/index.ts", "src/mid.ts", "src/agents/index.ts", "src/agents/coder.ts", "src/lib.ts", "src/gone.ts"];
export const CHAIN_CLASSES = ["CoderAgent", "Counter", "Room"];

function specifier(from: string, to: string): string {
  const fromParts = from.split("/").slice(0, -1);
  const toParts = to.replace(/\.ts$/, "").split("/");
  let common = 0;
  while (common < fromParts.length && fromParts[common] === toParts[common]) common++;
  const up = fromParts.length - common;
  const rest = toParts.slice(common).join("/");
  return (up === 0 ? "./" : "../".repeat(up)) + rest;
}

type ChainStatement =
  | { kind: "class"; name: string; modifier: "" | "export " | "export default " }
  | { kind: "reexport"; name: string; alias?: string; to: number }
  | { kind: "star"; to: number }
  | { kind: "import"; name: string; alias?: string; to: number; reexport: boolean; typeOnly: boolean };

const chainName = fc.constantFrom(...CHAIN_CLASSES);
const chainTarget = fc.nat({ max: CHAIN_TARGETS.length - 1 });
const chainStatement: fc.Arbitrary<ChainStatement> = fc.oneof(
  fc.record({ kind: fc.constant("class" as const), name: chainName, modifier: fc.constantFrom("" as const, "export " as const, "export default " as const) }),
  fc.record({ kind: fc.constant("reexport" as const), name: chainName, alias: fc.option(fc.constantFrom("Impl", "Other"), { nil: undefined }), to: chainTarget }),
  fc.record({ kind: fc.constant("star" as const), to: chainTarget }),
  fc.record({ kind: fc.constant("import" as const), name: chainName, alias: fc.option(fc.constantFrom("Impl", "Other"), { nil: undefined }), to: chainTarget, reexport: fc.boolean(), typeOnly: fc.boolean() }),
);

export const chainProjectArb: fc.Arbitrary<ChainStatement[][]> = fc.array(fc.array(chainStatement, { maxLength: 4 }), { minLength: CHAIN_FILES.length, maxLength: CHAIN_FILES.length });

export function renderChainProject(modules: ChainStatement[][]): Record<string, string> {
  const files: Record<string, string> = {
    "wrangler.jsonc": `{
  "name": "chains",
  "main": "src/index.ts",
  "compatibility_date": "2025-04-01",
  "durable_objects": { "bindings": [${CHAIN_CLASSES.map((c) => `{ "name": "${c.toUpperCase()}", "class_name": "${c}" }`).join(", ")}] },
  "migrations": [{ "tag": "v1", "new_sqlite_classes": [${CHAIN_CLASSES.map((c) => `"${c}"`).join(", ")}] }]
}
`,
  };
  CHAIN_FILES.forEach((file, index) => {
    const lines: string[] = [`import { DurableObject } from "cloudflare:workers";`];
    const declared = new Set<string>();
    const imported = new Set<string>(["DurableObject"]);
    for (const statement of modules[index]) {
      const to = specifier(file, CHAIN_TARGETS[statement.kind === "class" ? 0 : statement.to]);
      switch (statement.kind) {
        case "class":
          // One declaration of a name per file, and no default twice: the generator writes code that parses.
          if (declared.has(statement.name) || imported.has(statement.name) || (statement.modifier === "export default " && declared.has("default"))) break;
          declared.add(statement.name);
          if (statement.modifier === "export default ") declared.add("default");
          lines.push(`${statement.modifier}class ${statement.name} extends DurableObject {}`);
          break;
        case "reexport":
          lines.push(`export { ${statement.alias ? `${statement.alias} as ` : ""}${statement.name} } from "${to}";`);
          break;
        case "star":
          lines.push(`export * from "${to}";`);
          break;
        case "import": {
          const local = statement.name;
          if (declared.has(local) || imported.has(local)) break;
          imported.add(local);
          lines.push(`import ${statement.typeOnly ? "type " : ""}{ ${statement.alias ? `${statement.alias} as ` : ""}${local} } from "${to}";`);
          if (statement.reexport) lines.push(`export { ${local} };`);
          break;
        }
      }
    }
    if (index === 0 && !declared.has("default")) lines.push(`export default { fetch() { return new Response("ok"); } };`);
    files[file] = lines.join("\n") + "\n";
  });
  return files;
}
