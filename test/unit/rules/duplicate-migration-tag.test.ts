import { testRule } from "../../support/ruleTester";
import { TWO_AGENT_WORKER as entry } from "../../support/workerSources";


const jsonc = (migrations: string, env = "") => `{
  // the worker
  "name": "coder",
  "main": "src/index.ts",
  "compatibility_flags": ["nodejs_compat"],
  "durable_objects": {
    "bindings": [
      { "name": "CoderAgent", "class_name": "CoderAgent" },
      { "name": "ReviewAgent", "class_name": "ReviewAgent" },
    ],
  },
  "migrations": [
${migrations}
  ],${env}
}
`;

testRule("duplicate-migration-tag", {
  valid: [
    {
      name: "JSONC: distinct tags, comments and trailing commas",
      files: {
        "wrangler.jsonc": jsonc(`    { "tag": "v1", "new_sqlite_classes": ["CoderAgent"], }, // deployed
    { "tag": "v2", "new_sqlite_classes": ["ReviewAgent"], },`),
        "src/index.ts": entry,
      },
    },
    {
      name: "TOML: distinct tags in [[migrations]] tables",
      files: {
        "wrangler.toml": `name = "coder"
main = "src/index.ts"
compatibility_flags = ["nodejs_compat"]

[[migrations]]
tag = "v1"
new_sqlite_classes = ["CoderAgent"]

[[migrations]]
tag = "v2"
new_sqlite_classes = ["ReviewAgent"]
`,
        "src/index.ts": entry,
      },
    },
    {
      name: "an environment's own migrations may reuse the top level's tags (another worker)",
      files: {
        "wrangler.jsonc": jsonc(
          `    { "tag": "v1", "new_sqlite_classes": ["CoderAgent"] },`,
          `
  "env": {
    "staging": {
      "durable_objects": { "bindings": [{ "name": "CoderAgent", "class_name": "CoderAgent" }] },
      "migrations": [{ "tag": "v1", "new_sqlite_classes": ["CoderAgent"] }],
    },
  },`,
        ),
        "src/index.ts": entry,
      },
    },
    {
      name: "tags differing only in case are different tags",
      files: { "wrangler.jsonc": jsonc(`    { "tag": "v1", "new_sqlite_classes": ["CoderAgent"] },\n    { "tag": "V1", "new_sqlite_classes": ["ReviewAgent"] },`), "src/index.ts": entry },
    },
    {
      name: "entries without a tag are migration-replay-error's finding",
      files: { "wrangler.jsonc": jsonc(`    { "new_sqlite_classes": ["CoderAgent"] },\n    { "new_sqlite_classes": ["ReviewAgent"] },`), "src/index.ts": entry },
    },
  ],
  invalid: [
    {
      name: "a config in a tests folder (only the vitest pool runs it): info, saying why",
      files: {
        "tests/wrangler.jsonc": jsonc(`    { "tag": "v1", "new_sqlite_classes": ["CoderAgent"] },
    { "tag": "v1", "new_sqlite_classes": ["ReviewAgent"] },`),
        "tests/src/index.ts": entry,
        "src/index.ts": entry,
      },
      findings: [{ file: "tests/wrangler.jsonc", line: 14, messageId: "onlyDeployFails", severity: "info", message: ["This config lies in a test folder (tests/)", "wrangler dev and Miniflare do not read migration tags", "Migration tag precondition failed"] }],
    },
    {
      name: "JSONC: the second entry reuses the first one's tag",
      files: {
        "wrangler.jsonc": jsonc(`    { "tag": "v1", "new_sqlite_classes": ["CoderAgent"], }, // deployed
    { "tag": "v1", "new_sqlite_classes": ["ReviewAgent"], },`),
        "src/index.ts": entry,
      },
      findings: [
        {
          file: "wrangler.jsonc",
          line: 14, messageId: "duplicate",
          message: ['Migration tag "v1" is used twice (entries 1 and 2).', 'deploy fails with "Migration tag precondition failed"', "Give this entry a new, unique tag."],
        },
      ],
      output: null,
    },
    {
      name: "TOML: duplicates across [[migrations]] tables, reported at the later tag",
      files: {
        "wrangler.toml": `name = "coder"
main = "src/index.ts"
compatibility_flags = ["nodejs_compat"]

[[migrations]]
tag = "v1" # deployed
new_sqlite_classes = ["CoderAgent"]

[[migrations]]
tag = "v2"
new_sqlite_classes = ["ReviewAgent"]

[[migrations]]
tag = 'v2'
deleted_classes = ["ReviewAgent"]
`,
        "src/index.ts": entry,
      },
      findings: [{ file: "wrangler.toml", line: 14, messageId: "duplicate", message: 'Migration tag "v2" is used twice (entries 2 and 3).' }],
      output: null,
    },
    {
      name: "three entries with one tag: two findings, each naming the first",
      files: {
        "wrangler.jsonc": jsonc(`    { "tag": "init", "new_sqlite_classes": ["CoderAgent"] },
    { "tag": "init", "new_sqlite_classes": ["ReviewAgent"] },
    { "tag": "init", "deleted_classes": ["ReviewAgent"] },`),
        "src/index.ts": entry,
      },
      findings: [
        { file: "wrangler.jsonc", line: 14, messageId: "duplicate", message: "(entries 1 and 2)" },
        { file: "wrangler.jsonc", line: 15, messageId: "duplicate", message: "(entries 1 and 3)" },
      ],
      output: null,
    },
    {
      name: "TOML inline array",
      files: {
        "wrangler.toml": `name = "coder"
main = "src/index.ts"
compatibility_flags = ["nodejs_compat"]
migrations = [
  { tag = "v1", new_sqlite_classes = ["CoderAgent"] },
  { tag = "v1", new_sqlite_classes = ["ReviewAgent"] },
]
`,
        "src/index.ts": entry,
      },
      findings: [{ file: "wrangler.toml", line: 6, messageId: "duplicate", data: { tag: "v1" } }],
      output: null,
    },
    {
      name: "inherited by several environments: reported once, where written",
      files: {
        "wrangler.jsonc": jsonc(
          `    { "tag": "v1", "new_sqlite_classes": ["CoderAgent"] },
    { "tag": "v1", "new_sqlite_classes": ["ReviewAgent"] },`,
          `
  "env": { "staging": {}, "production": {} },`,
        ),
        "src/index.ts": entry,
      },
      findings: [{ file: "wrangler.jsonc", line: 14, messageId: "duplicate", message: "(entries 1 and 2)" }],
      output: null,
    },
    {
      name: "an environment's own migrations",
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
tag = "s1"
new_sqlite_classes = ["CoderAgent"]

[[env.staging.migrations]]
tag = "s1"
new_sqlite_classes = ["ReviewAgent"]
`,
        "src/index.ts": entry,
      },
      findings: [{ file: "wrangler.toml", line: 17, messageId: "duplicate", message: 'Migration tag "s1" is used twice (entries 1 and 2)' }],
      output: null,
    },
    {
      name: "--env staging: the top-level array it inherits is checked",
      env: "staging",
      files: {
        "wrangler.jsonc": jsonc(
          `    { "tag": "v1", "new_sqlite_classes": ["CoderAgent"] },
    { "tag": "v1", "new_sqlite_classes": ["ReviewAgent"] },`,
          `
  "env": { "staging": { "name": "coder-staging" } },`,
        ),
        "src/index.ts": entry,
      },
      findings: [{ file: "wrangler.jsonc", line: 14, messageId: "duplicate" }],
      output: null,
    },
  ],
});
