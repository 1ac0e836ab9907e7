import { testRule } from "../../support/ruleTester";
import { AGENT_WORKER, STORE_WORKER as entry } from "../../support/workerSources";

const jsonc = (migrations: string, env = "") => `{
  "name": "store",
  "main": "src/index.ts",
  "durable_objects": { "bindings": [{ "name": "STORE", "class_name": "Store" }] },
  "migrations": [
${migrations}
  ],${env}
}
`;

const toml = (key: string) => `name = "store"
main = "src/index.ts"

[[durable_objects.bindings]]
name = "STORE"
class_name = "Store"

[[migrations]]
tag = "v1"
${key} = ["Store"] # the store
`;

testRule("new-classes-kv-backed", {
  valid: [
    { name: "new_sqlite_classes", files: { "wrangler.jsonc": jsonc(`    { "tag": "v1", "new_sqlite_classes": ["Store"] },`), "src/index.ts": entry } },
    {
      name: "a new_classes migration already at the git base (deployed): an account with KV-backed objects, and no conversion in place",
      files: { "wrangler.jsonc": jsonc(`    { "tag": "v1", "new_classes": ["Store"] },`), "src/index.ts": entry },
      base: { "wrangler.jsonc": jsonc(`    { "tag": "v1", "new_classes": ["Store"] },`) },
    },
    {
      name: "an Agent created with new_classes is agent-needs-sqlite's error, not this information",
      files: {
        "wrangler.jsonc": `{ "name": "a", "main": "src/index.ts", "durable_objects": { "bindings": [{ "name": "CoderAgent", "class_name": "CoderAgent" }] }, "migrations": [{ "tag": "v1", "new_classes": ["CoderAgent"] }] }`,
        "src/index.ts": AGENT_WORKER,
      },
    },
    {
      name: "a config only the vitest pool uses (never deployed)",
      files: { "test/wrangler.jsonc": jsonc(`    { "tag": "v1", "new_classes": ["Store"] },`).replace('"src/index.ts"', '"../src/index.ts"'), "src/index.ts": entry },
    },
  ],
  invalid: [
    {
      name: "no git information: info, with a fix that is not preferred and says when it is safe",
      files: { "wrangler.jsonc": jsonc(`    { "tag": "v1", "new_classes": ["Store"] }, // first`), "src/index.ts": entry },
      findings: [{ file: "wrangler.jsonc", line: 6, message: ["KV-backed", "code: 10097", "In order to use Durable Objects with a free plan, you must create a namespace using a `new_sqlite_classes` migration.", "If this migration was never deployed"] }],
      output: { "wrangler.jsonc": jsonc(`    { "tag": "v1", "new_sqlite_classes": ["Store"] }, // first`) },
    },
    {
      name: "git says the migration is new since the base: the fix is preferred",
      files: { "wrangler.jsonc": jsonc(`    { "tag": "v1", "new_sqlite_classes": ["Other"] },\n    { "tag": "v2", "new_classes": ["Store"] },`), "src/index.ts": entry },
      base: { "wrangler.jsonc": jsonc(`    { "tag": "v1", "new_sqlite_classes": ["Other"] },`) },
      findings: [{ file: "wrangler.jsonc", line: 7, message: "new since main, so it was probably not deployed yet" }],
      output: { "wrangler.jsonc": jsonc(`    { "tag": "v1", "new_sqlite_classes": ["Other"] },\n    { "tag": "v2", "new_sqlite_classes": ["Store"] },`) },
    },
    {
      name: "a config new since the base: not deployed",
      files: { "wrangler.jsonc": jsonc(`    { "tag": "v1", "new_classes": ["Store"] },`), "src/index.ts": entry },
      base: {},
      findings: [{ file: "wrangler.jsonc", line: 6, message: "probably not deployed yet" }],
    },
    {
      name: "TOML",
      files: { "wrangler.toml": toml("new_classes"), "src/index.ts": entry },
      findings: [{ file: "wrangler.toml", line: 10 }],
      output: { "wrangler.toml": toml("new_sqlite_classes") },
    },
    {
      name: "an environment's own migrations, new there since the base",
      files: {
        "wrangler.jsonc": jsonc(`    { "tag": "v1", "new_sqlite_classes": ["Store"] },`, `\n  "env": { "staging": { "migrations": [{ "tag": "v1", "new_classes": ["Store"] }] } },`),
        "src/index.ts": entry,
      },
      base: { "wrangler.jsonc": jsonc(`    { "tag": "v1", "new_sqlite_classes": ["Store"] },`) },
      findings: [{ file: "wrangler.jsonc", line: 8, message: "probably not deployed yet" }],
    },
  ],
});
