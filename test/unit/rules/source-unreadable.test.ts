import { testRule } from "../../support/ruleTester";

const config = `{
  "name": "w",
  "main": "src/index.ts",
  "durable_objects": { "bindings": [{ "name": "COUNTER", "class_name": "Counter" }] },
  "migrations": [{ "tag": "v1", "new_sqlite_classes": ["Counter"] }],
}
`;
const counter = `import { DurableObject } from "cloudflare:workers";\nexport class Counter extends DurableObject {}\n`;
const entry = (imports: string) => `${imports}export { Counter } from "./counter";\nexport default { fetch() { return new Response("ok"); } };\n`;
/** Generated code nested past what a recursive parser's stack holds. */
const deepTemplate = (levels: number) => `export const deep = ${"`${".repeat(levels)}"x"${"}`".repeat(levels)};\n`;
const deepJsx = (levels: number) => `export const Deep = () => ${"<div>{".repeat(levels)}1${"}</div>".repeat(levels)};\n`;

testRule("source-unreadable", {
  valid: [
    { name: "ordinary sources", files: { "wrangler.jsonc": config, "src/index.ts": entry(""), "src/counter.ts": counter } },
    {
      name: "nesting a parser's stack holds (200 levels)",
      files: { "wrangler.jsonc": config, "src/index.ts": entry(`import { deep } from "./deep";\n`), "src/counter.ts": counter, "src/deep.ts": deepTemplate(200) },
    },
    {
      name: "a deep file no entry imports is no part of the worker",
      files: { "wrangler.jsonc": config, "src/index.ts": entry(""), "src/counter.ts": counter, "src/deep.ts": deepTemplate(5_000) },
    },
  ],
  invalid: [
    {
      name: "a template nested 5,000 levels, imported by the entry",
      files: { "wrangler.jsonc": config, "src/index.ts": entry(`import { deep } from "./deep";\n`), "src/counter.ts": counter, "src/deep.ts": deepTemplate(5_000) },
      findings: [{ file: "src/deep.ts", line: 1, messageId: "unreadable", message: "nested too deeply" }],
      output: null,
    },
    {
      name: "JSX nested 5,000 levels, two steps from the entry, reported once for two environments",
      files: {
        "wrangler.jsonc": config.replace(`"migrations"`, `"env": { "staging": {} },\n  "migrations"`),
        "src/index.ts": entry(`import "./ui";\n`),
        "src/ui.ts": `export * from "./deep";\n`,
        "src/counter.ts": counter,
        "src/deep.tsx": deepJsx(5_000),
      },
      findings: [{ file: "src/deep.tsx", line: 1, messageId: "unreadable" }],
    },
    {
      name: "the entry itself: the class it exports is then unseen (class-not-exported may follow), the file is named",
      files: { "wrangler.jsonc": config, "src/index.ts": `${deepTemplate(5_000)}${entry("")}`, "src/counter.ts": counter },
      findings: [{ file: "src/index.ts", line: 1, messageId: "unreadable" }],
    },
  ],
});
