import { testRule } from "../../support/ruleTester";
import { STORE_WORKER as entry } from "../../support/workerSources";

const jsonc = (migrations: string, env = "") => `{
  "name": "store",
  "main": "src/index.ts",
  "durable_objects": { "bindings": [{ "name": "STORE", "class_name": "Store" }] },
  "migrations": [
${migrations}
  ],${env}
}
`;

testRule("migration-unknown-key", {
  valid: [
    {
      name: "JSONC: every key wrangler knows, comments and trailing commas",
      files: {
        "wrangler.jsonc": jsonc(`    { "tag": "v1", "new_sqlite_classes": ["Store"], }, // deployed
    { "tag": "v2", "new_classes": ["Old"], "renamed_classes": [{ "from": "Old", "to": "Older" }], "deleted_classes": ["Older"], "transferred_classes": [] },`),
        "src/index.ts": entry,
      },
    },
    {
      name: "TOML: known keys in [[migrations]] tables",
      files: {
        "wrangler.toml": `name = "store"
main = "src/index.ts"

[[durable_objects.bindings]]
name = "STORE"
class_name = "Store"

[[migrations]]
tag = "v1"
new_sqlite_classes = ["Store"]
`,
        "src/index.ts": entry,
      },
    },
  ],
  invalid: [
    {
      name: "JSONC: new_sqlite_class (singular) is renamed in place, keeping comments and quotes",
      files: { "wrangler.jsonc": jsonc(`    // the store
    { "tag": "v1", "new_sqlite_class": ["Store"] },`), "src/index.ts": entry },
      findings: [{ file: "wrangler.jsonc", line: 7, message: ['has the key "new_sqlite_class"', 'Unexpected fields found in migrations field: "new_sqlite_class"', 'Did you mean "new_sqlite_classes"?', "never created"] }],
      output: { "wrangler.jsonc": jsonc(`    // the store
    { "tag": "v1", "new_sqlite_classes": ["Store"] },`) },
    },
    {
      name: "classes_with_sqlite means new_sqlite_classes",
      files: { "wrangler.jsonc": jsonc(`    { "tag": "v1", "classes_with_sqlite": ["Store"] },`), "src/index.ts": entry },
      findings: [{ file: "wrangler.jsonc", line: 6, message: 'Did you mean "new_sqlite_classes"?' }],
      output: { "wrangler.jsonc": jsonc(`    { "tag": "v1", "new_sqlite_classes": ["Store"] },`) },
    },
    {
      name: "new_class means new_classes",
      files: { "wrangler.jsonc": jsonc(`    { "tag": "v1", "new_class": ["Store"] },`), "src/index.ts": entry },
      findings: [{ file: "wrangler.jsonc", line: 6, message: 'Did you mean "new_classes"?' }],
      output: { "wrangler.jsonc": jsonc(`    { "tag": "v1", "new_classes": ["Store"] },`) },
    },
    {
      name: "TOML: a bare key is renamed in place",
      files: {
        "wrangler.toml": `name = "store"
main = "src/index.ts"

[[migrations]]
tag = "v1"
new_sqlite_class = ["Store"] # the store
`,
        "src/index.ts": entry,
      },
      findings: [{ file: "wrangler.toml", line: 6, message: 'Did you mean "new_sqlite_classes"?' }],
      output: {
        "wrangler.toml": `name = "store"
main = "src/index.ts"

[[migrations]]
tag = "v1"
new_sqlite_classes = ["Store"] # the store
`,
      },
    },
    {
      name: "no fix when the entry already has the key it meant (the lists would have to be merged)",
      files: { "wrangler.jsonc": jsonc(`    { "tag": "v1", "new_sqlite_classes": ["Store"], "new_sqlite_class": ["Other"] },`), "src/index.ts": entry },
      findings: [{ file: "wrangler.jsonc", line: 6 }],
      output: null,
    },
    {
      name: "a key resembling none is only a warning, as wrangler's (nothing it meant is lost)",
      files: { "wrangler.jsonc": jsonc(`    { "tag": "v1", "new_sqlite_classes": ["Store"], "description": "first" },`), "src/index.ts": entry },
      findings: [{ file: "wrangler.jsonc", line: 6, severity: "warning", message: ['"description"', '"new_sqlite_classes"'] }],
      output: null,
    },
    {
      name: "an environment's own migrations are checked where they are written",
      files: {
        "wrangler.jsonc": jsonc(
          `    { "tag": "v1", "new_sqlite_classes": ["Store"] },`,
          `
  "env": {
    "staging": {
      "migrations": [{ "tag": "v1", "deleted_class": ["Store"] }],
    },
  },`,
        ),
        "src/index.ts": entry,
      },
      findings: [{ file: "wrangler.jsonc", line: 10, message: 'Did you mean "deleted_classes"?' }],
    },
  ],
});
