import { testRule } from "../../support/ruleTester";

const handler = `export default { fetch() { return new Response("ok"); } };
`;
const counter = `import { DurableObject } from "cloudflare:workers";
export class Counter extends DurableObject {}
`;
const legacy = `import { DurableObject } from "cloudflare:workers";
export class Legacy extends DurableObject {}
`;
const config = (migrations: string, bindings = `[{ "name": "COUNTER", "class_name": "Counter" }]`) => `{
  "name": "app",
  "main": "src/index.ts",
  "durable_objects": { "bindings": ${bindings} },
  "migrations": ${migrations}
}
`;
const exportsCounter = `export { Counter } from "./counter";\n${handler}`;

testRule("migration-class-not-exported", {
  valid: [
    { name: "every created class is exported", files: { "wrangler.jsonc": config(`[{ "tag": "v1", "new_sqlite_classes": ["Counter", "Legacy"] }]`), "src/index.ts": `${exportsCounter}export { Legacy } from "./legacy";\n`, "src/counter.ts": counter, "src/legacy.ts": legacy } },
    {
      name: "a class created then deleted need not be exported",
      files: {
        "wrangler.jsonc": config(`[{ "tag": "v1", "new_sqlite_classes": ["Counter", "Legacy"] }, { "tag": "v2", "deleted_classes": ["Legacy"] }]`),
        "src/index.ts": exportsCounter,
        "src/counter.ts": counter,
        "src/legacy.ts": legacy,
      },
    },
    {
      name: "a class renamed away need not be exported under its old name",
      files: {
        "wrangler.jsonc": config(`[{ "tag": "v1", "new_sqlite_classes": ["Legacy"] }, { "tag": "v2", "renamed_classes": [{ "from": "Legacy", "to": "Counter" }] }]`),
        "src/index.ts": exportsCounter,
        "src/counter.ts": counter,
        "src/legacy.ts": legacy,
      },
    },
    { name: "a bound class is class-not-exported's finding, not this rule's", files: { "wrangler.jsonc": config(`[{ "tag": "v1", "new_sqlite_classes": ["Counter"] }]`), "src/index.ts": handler, "src/counter.ts": counter } },
    {
      name: "bound only in an environment: still class-not-exported's",
      files: {
        "wrangler.jsonc": `{
  "name": "app",
  "main": "src/index.ts",
  "migrations": [{ "tag": "v1", "new_sqlite_classes": ["Counter"] }],
  "env": { "production": { "durable_objects": { "bindings": [{ "name": "COUNTER", "class_name": "Counter" }] } } }
}
`,
        "src/index.ts": handler,
        "src/counter.ts": counter,
      },
    },
    { name: "a class defined nowhere is migration-class-unknown's finding", files: { "wrangler.jsonc": config(`[{ "tag": "v1", "new_sqlite_classes": ["Counter", "Ghost"] }]`), "src/index.ts": exportsCounter, "src/counter.ts": counter } },
    { name: "re-exported through export *", files: { "wrangler.jsonc": config(`[{ "tag": "v1", "new_sqlite_classes": ["Counter", "Legacy"] }]`), "src/index.ts": `${exportsCounter}export * from "./legacy";\n`, "src/counter.ts": counter, "src/legacy.ts": legacy } },
  ],
  invalid: [
    {
      name: "created, unbound, not exported: 10070",
      files: { "wrangler.jsonc": config(`[{ "tag": "v1", "new_sqlite_classes": ["Counter", "Legacy"] }]`), "src/index.ts": exportsCounter, "src/counter.ts": counter, "src/legacy.ts": legacy },
      findings: [{ file: "wrangler.jsonc", line: 5, messageId: "notExported", data: { verb: "creates", className: "Legacy", tag: "v1" } }],
      output: { "src/index.ts": `${exportsCounter}export { Legacy } from "./legacy";\n` },
    },
    {
      name: "the target of a rename (new_classes, TOML)",
      files: {
        "wrangler.toml": `name = "app"
main = "src/index.ts"

[[migrations]]
tag = "v1"
new_classes = ["Old"]

[[migrations]]
tag = "v2"
renamed_classes = [{ from = "Old", to = "Legacy" }]
`,
        "src/index.ts": handler,
        "src/legacy.ts": legacy,
      },
      findings: [{ file: "wrangler.toml", line: 10, messageId: "notExported", data: { verb: "renames a class to", className: "Legacy", tag: "v2" } }],
    },
    {
      name: "the target of a transfer",
      files: {
        "wrangler.jsonc": config(`[{ "tag": "v1", "new_sqlite_classes": ["Counter"] }, { "tag": "v2", "transferred_classes": [{ "from": "Old", "from_script": "old-app", "to": "Legacy" }] }]`),
        "src/index.ts": exportsCounter,
        "src/counter.ts": counter,
        "src/legacy.ts": legacy,
      },
      findings: [{ file: "wrangler.jsonc", line: 5, messageId: "notExported", data: { verb: "transfers in", className: "Legacy" } }],
    },
    {
      name: "migrations inherited by environments: one finding where they are written",
      files: {
        "wrangler.jsonc": `{
  "name": "app",
  "main": "src/index.ts",
  "migrations": [{ "tag": "v1", "new_sqlite_classes": ["Legacy"] }],
  "env": { "staging": {}, "production": {} }
}
`,
        "src/index.ts": handler,
        "src/legacy.ts": legacy,
      },
      findings: [{ file: "wrangler.jsonc", line: 4, messageId: "notExported" }],
    },
    {
      name: "a config only the vitest pool uses: information",
      files: {
        "package.json": `{ "name": "app" }\n`,
        "vitest.config.ts": `import { defineWorkersConfig } from "@cloudflare/vitest-pool-workers/config";\nexport default defineWorkersConfig({ test: { poolOptions: { workers: { wrangler: { configPath: "./test/wrangler.jsonc" } } } } });\n`,
        "test/wrangler.jsonc": config(`[{ "tag": "v1", "new_sqlite_classes": ["Counter", "Legacy"] }]`),
        "test/src/index.ts": exportsCounter,
        "test/src/counter.ts": counter,
        "test/src/legacy.ts": legacy,
      },
      findings: [{ file: "test/wrangler.jsonc", line: 5, messageId: "onlyDeployFails", severity: "info", message: ["never deployed", "Only a deploy would fail", "10070"] }],
    },
  ],
});
