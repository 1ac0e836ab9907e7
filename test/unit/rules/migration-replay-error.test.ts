import { testRule } from "../../support/ruleTester";
import { TWO_AGENT_WORKER as entry } from "../../support/workerSources";


const jsonc = (migrations: string, env = "") => `{
  // the worker
  "name": "coder",
  "main": "src/index.ts",
  "compatibility_flags": ["nodejs_compat"],
  "durable_objects": { "bindings": [{ "name": "CoderAgent", "class_name": "CoderAgent" }] },
  "migrations": [
${migrations}
  ],${env}
}
`;

testRule("migration-replay-error", {
  valid: [
    {
      name: "JSONC: create, rename, delete and re-create, with comments and trailing commas",
      files: {
        "wrangler.jsonc": jsonc(`    { "tag": "v1", "new_sqlite_classes": ["Coder", "Scratch"], }, // deployed
    { "tag": "v2", "renamed_classes": [{ "from": "Coder", "to": "CoderAgent", },], },
    { "tag": "v3", "deleted_classes": ["Scratch"], },
    { "tag": "v4", "new_sqlite_classes": ["Scratch"] },
    { "tag": "v5", "deleted_classes": ["Scratch"] },`),
        "src/index.ts": entry,
      },
    },
    {
      name: "TOML: [[migrations]] tables with a transfer in",
      files: {
        "wrangler.toml": `name = "coder"
main = "src/index.ts"
compatibility_flags = ["nodejs_compat"]

[[migrations]]
tag = "v1"
new_sqlite_classes = ["CoderAgent"]

[[migrations]]
tag = "v2"
transferred_classes = [{ from = "ReviewAgent", from_script = "old-reviewer", to = "ReviewAgent" }]
`,
        "src/index.ts": entry,
      },
    },
    {
      name: "environments: own arrays are replayed on their own, inherited ones once",
      files: {
        "wrangler.jsonc": jsonc(
          `    { "tag": "v1", "new_sqlite_classes": ["CoderAgent"] },`,
          `
  "env": {
    "staging": {},
    "production": { "migrations": [{ "tag": "v1", "new_sqlite_classes": ["CoderAgent"] }] },
  },`,
        ),
        "src/index.ts": entry,
      },
    },
    {
      name: "no migrations at all",
      files: {
        "wrangler.toml": `name = "site"
main = "src/index.ts"
`,
        "src/index.ts": `export default { fetch() { return new Response("ok"); } };\n`,
      },
    },
  ],
  invalid: [
    {
      name: "a config only tests use: a missing tag is info, a class created twice still an error (wrangler dev refuses it too)",
      files: {
        "e2e/wrangler.jsonc": jsonc(`    { "new_sqlite_classes": ["CoderAgent"] },
    { "tag": "v2", "new_sqlite_classes": ["CoderAgent"] },`),
        "e2e/src/index.ts": entry,
        "src/index.ts": entry,
      },
      findings: [
        { file: "e2e/wrangler.jsonc", line: 8, messageId: "onlyDeployFails", severity: "info", message: ["This config lies in a test folder (e2e/)", "has no `tag`"] },
        { file: "e2e/wrangler.jsonc", line: 9, messageId: "createdTwice", severity: "error", message: "already created" },
      ],
    },
    {
      name: "JSONC: an entry without a tag, reported at the entry",
      files: { "wrangler.jsonc": jsonc(`    { "tag": "v1", "new_sqlite_classes": ["CoderAgent"] },\n    {\n      "new_sqlite_classes": ["ReviewAgent"],\n    },`), "src/index.ts": entry },
      findings: [{ file: "wrangler.jsonc", line: 9, messageId: "missingTag", message: "Migration entry 2 has no `tag`" }],
      output: null,
    },
    {
      name: "an empty tag, reported at the tag",
      files: { "wrangler.jsonc": jsonc(`    { "tag": "v1", "new_sqlite_classes": ["CoderAgent"] },\n    { "tag": " ", "new_sqlite_classes": ["ReviewAgent"] },`), "src/index.ts": entry },
      findings: [{ file: "wrangler.jsonc", line: 9, messageId: "missingTag", message: "Migration entry 2 has no `tag`" }],
      output: null,
    },
    {
      name: "TOML: a class created twice",
      files: {
        "wrangler.toml": `name = "coder"
main = "src/index.ts"
compatibility_flags = ["nodejs_compat"]

[[migrations]]
tag = "v1"
new_classes = ["CoderAgent"]

# switched to SQLite later (does not work that way)
[[migrations]]
tag = "v2"
new_sqlite_classes = ["CoderAgent"]
`,
        "src/index.ts": entry,
      },
      findings: [{ file: "wrangler.toml", line: 12, messageId: "createdTwice", data: { className: "CoderAgent", tag: "v2" } }],
      output: null,
    },
    {
      name: "a class listed twice in one entry: said so, not 'an earlier migration'",
      files: { "wrangler.jsonc": jsonc(`    { "tag": "v1", "new_sqlite_classes": ["CoderAgent", "CoderAgent"] },`), "src/index.ts": entry },
      findings: [{ file: "wrangler.jsonc", line: 8, messageId: "createdTwiceInEntry", severity: "error", data: { className: "CoderAgent", tag: "v1" }, message: "creates \"CoderAgent\" twice" }],
      output: null,
    },
    {
      name: "deleting a class never created, a near spelling of one the list creates (a typo): error",
      files: { "wrangler.jsonc": jsonc(`    { "tag": "v1", "new_sqlite_classes": ["CoderAgent"] },\n    { "tag": "v2", "deleted_classes": ["CodeAgent"] },`), "src/index.ts": entry },
      findings: [{ file: "wrangler.jsonc", line: 9, messageId: "deletedMissing", severity: "error", data: { className: "CodeAgent", tag: "v2" } }],
      output: null,
    },
    {
      name: "a pruned history: deleting a class no earlier entry names (its entries removed after deploying) is information",
      files: {
        "wrangler.jsonc": jsonc(
          `    { "tag": "v1", "new_sqlite_classes": ["CoderAgent"] },`,
          `
  "env": {
    "production": { "migrations": [{ "tag": "delete_order_class", "deleted_classes": ["Order"] }] },
  },`,
        ),
        "src/index.ts": entry,
      },
      findings: [
        {
          file: "wrangler.jsonc",
          line: 11,
          messageId: "prunedHistory",
          severity: "info",
          data: { className: "Order", tag: "delete_order_class", verb: "deletes", key: "deleted_classes" },
          message: ["no earlier entry of this list creates", "Cannot apply deleted_classes migration to non-existent class Order"],
        },
      ],
      output: null,
    },
    {
      name: "a list starting with v1 that deletes a class it never created: a rewritten v1, not a pruned history (error)",
      files: {
        "wrangler.jsonc": `{
  "name": "coder",
  "main": "src/index.ts",
  "migrations": [{ "tag": "v1", "new_classes": [], "deleted_classes": ["SentryMCP"] }],
}
`,
        "src/index.ts": entry,
      },
      findings: [{ file: "wrangler.jsonc", line: 4, messageId: "deletedMissing", severity: "error", data: { className: "SentryMCP", tag: "v1" } }],
      output: null,
    },
    {
      name: "TOML: a pruned history renaming a class no earlier entry names is information too",
      files: {
        "wrangler.toml": `name = "coder"
main = "src/index.ts"
compatibility_flags = ["nodejs_compat"]

[[migrations]]
tag = "v7"
renamed_classes = [{ from = "Chat", to = "CoderAgent" }]
`,
        "src/index.ts": entry,
      },
      findings: [{ file: "wrangler.toml", line: 7, messageId: "prunedHistory", severity: "info", data: { className: "Chat", tag: "v7", verb: "renames", key: "renamed_classes" } }],
      output: null,
    },
    {
      name: "deleting a class twice",
      files: {
        "wrangler.jsonc": jsonc(`    { "tag": "v1", "new_sqlite_classes": ["CoderAgent", "Scratch"] },
    { "tag": "v2", "deleted_classes": ["Scratch"] },
    { "tag": "v3", "deleted_classes": ["Scratch"] },`),
        "src/index.ts": entry,
      },
      findings: [{ file: "wrangler.jsonc", line: 10, messageId: "deletedMissing", data: { className: "Scratch", tag: "v3" } }],
      output: null,
    },
    {
      name: "renaming a class that was already renamed away, no cascade afterwards",
      files: {
        "wrangler.jsonc": jsonc(`    { "tag": "v1", "new_sqlite_classes": ["Coder"] },
    { "tag": "v2", "renamed_classes": [{ "from": "Coder", "to": "CoderAgent" }] },
    {
      "tag": "v3",
      "renamed_classes": [{ "from": "Coder", "to": "ReviewAgent" }],
    },
    { "tag": "v4", "deleted_classes": ["ReviewAgent"] },`),
        "src/index.ts": entry,
      },
      findings: [{ file: "wrangler.jsonc", line: 12, messageId: "renamedMissing", data: { className: "Coder", tag: "v3" } }],
      output: null,
    },
    {
      name: "TOML: renaming onto a class that exists",
      files: {
        "wrangler.toml": `name = "coder"
main = "src/index.ts"
compatibility_flags = ["nodejs_compat"]
migrations = [
  { tag = "v1", new_sqlite_classes = ["CoderAgent", "ReviewAgent"] },
  { tag = "v2", renamed_classes = [{ from = "ReviewAgent", to = "CoderAgent" }] },
]
`,
        "src/index.ts": entry,
      },
      findings: [{ file: "wrangler.toml", line: 6, messageId: "renamedOntoExisting", data: { className: "CoderAgent", tag: "v2" } }],
      output: null,
    },
    {
      name: "transferring in onto a class that exists",
      files: {
        "wrangler.jsonc": jsonc(`    { "tag": "v1", "new_sqlite_classes": ["CoderAgent"] },
    {
      "tag": "v2",
      "transferred_classes": [
        { "from": "CoderAgent", "from_script": "old-coder", "to": "CoderAgent" },
      ],
    },`),
        "src/index.ts": entry,
      },
      findings: [{ file: "wrangler.jsonc", line: 12, messageId: "transferredOntoExisting", data: { className: "CoderAgent", tag: "v2" } }],
      output: null,
    },
    {
      name: "TOML: a [[migrations]] table without a tag, in an environment's own array",
      files: {
        "wrangler.toml": `name = "coder"
main = "src/index.ts"
compatibility_flags = ["nodejs_compat"]

[[migrations]]
tag = "v1"
new_sqlite_classes = ["CoderAgent"]

[env.staging]
name = "coder-staging"

[[env.staging.migrations]]
new_sqlite_classes = ["CoderAgent"]
`,
        "src/index.ts": entry,
      },
      findings: [{ file: "wrangler.toml", line: 12, messageId: "missingTag", message: "Migration entry 1 has no `tag`" }],
      output: null,
    },
    {
      name: "inherited by several environments: reported once; problems without a tag named by position",
      files: {
        "wrangler.jsonc": jsonc(
          `    { "tag": "v1", "new_sqlite_classes": ["CoderAgent"] },
    {
      "deleted_classes": ["CoderAgnet"],
    },`,
          `
  "env": { "staging": {}, "production": {} },`,
        ),
        "src/index.ts": entry,
      },
      findings: [
        { file: "wrangler.jsonc", line: 9, messageId: "missingTag", message: "Migration entry 2 has no `tag`" },
        { file: "wrangler.jsonc", line: 10, messageId: "deletedMissing", data: { className: "CoderAgnet", tag: "#2" } },
      ],
      output: null,
    },
  ],
});
