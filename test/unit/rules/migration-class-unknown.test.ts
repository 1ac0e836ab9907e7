import { testRule } from "../../support/ruleTester";
import { AGENT_WORKER as entry } from "../../support/workerSources";


const jsonc = (migrations: string) => `{
  // the worker
  "name": "coder",
  "main": "src/index.ts",
  "compatibility_flags": ["nodejs_compat"],
  "durable_objects": { "bindings": [{ "name": "CODER_AGENT", "class_name": "CoderAgent" }] },
  "migrations": [
${migrations}
  ],
}
`;

testRule("migration-class-unknown", {
  valid: [
    { name: "JSONC: the created class exists", files: { "wrangler.jsonc": jsonc(`    { "tag": "v1", "new_sqlite_classes": ["CoderAgent"], }, // first`), "src/index.ts": entry } },
    {
      name: "a class created then deleted need not exist any more",
      files: {
        "wrangler.jsonc": jsonc(`    { "tag": "v1", "new_sqlite_classes": ["CoderAgent", "OldRoom"] },
    { "tag": "v2", "deleted_classes": ["OldRoom"] },`),
        "src/index.ts": entry,
      },
    },
    {
      name: "TOML: a class renamed away only needs its new name to exist",
      files: {
        "wrangler.toml": `name = "coder"
main = "src/index.ts"
compatibility_flags = ["nodejs_compat"]

[[migrations]]
tag = "v1"
new_sqlite_classes = ["Coder"]

[[migrations]]
tag = "v2"
renamed_classes = [{ from = "Coder", to = "CoderAgent" }]
`,
        "src/index.ts": entry,
      },
    },
    {
      name: "the class is re-exported from a package or another file",
      files: {
        "wrangler.jsonc": jsonc(`    { "tag": "v1", "new_sqlite_classes": ["CoderAgent", "McpServer"] },`),
        "src/index.ts": `export { CoderAgent } from "./agent.js";\nexport { MyMcp as McpServer } from "@acme/mcp";\nexport default { fetch() { return new Response("ok"); } };\n`,
        "src/agent.ts": entry,
      },
    },
    {
      name: "main is missing: nothing can be known about the classes",
      files: { "wrangler.jsonc": jsonc(`    { "tag": "v1", "new_sqlite_classes": ["Whatever"] },`), "src/other.ts": entry },
    },
    {
      name: "a class declared but not exported still exists (class-not-exported's concern)",
      files: {
        "wrangler.jsonc": jsonc(`    { "tag": "v1", "new_sqlite_classes": ["CoderAgent"] },`),
        "src/index.ts": `export default { fetch() { return new Response("ok"); } };\n`,
        "src/agent.ts": entry,
      },
    },
  ],
  invalid: [
    {
      name: "JSONC: a typo in new_sqlite_classes, fixed to the nearest class",
      files: { "wrangler.jsonc": jsonc(`    { "tag": "v1", "new_sqlite_classes": ["CoderAgnet"], }, // first`), "src/index.ts": entry },
      findings: [
        {
          file: "wrangler.jsonc",
          line: 8, messageId: "unknownSuggestion",
          message: [
            'Migration "v1" creates class "CoderAgnet", which no source of this worker defines.',
            '"Class extends value undefined is not a constructor or null" / "The Workers runtime failed to start."',
            'Did you mean "CoderAgent"?',
          ],
        },
      ],
      output: { "wrangler.jsonc": jsonc(`    { "tag": "v1", "new_sqlite_classes": ["CoderAgent"], }, // first`) },
    },
    {
      name: "JSONC: the binding name written instead of the class name",
      files: { "wrangler.jsonc": jsonc(`    { "tag": "v1", "new_sqlite_classes": ["CODER_AGENT"] },`), "src/index.ts": entry },
      findings: [{ file: "wrangler.jsonc", line: 8, messageId: "bindingName", data: { className: "CODER_AGENT", boundClass: "CoderAgent" } }],
      output: { "wrangler.jsonc": jsonc(`    { "tag": "v1", "new_sqlite_classes": ["CoderAgent"] },`) },
    },
    {
      name: "a rename to an unknown class is fixed where the name is written",
      files: {
        "wrangler.jsonc": jsonc(`    { "tag": "v1", "new_sqlite_classes": ["Coder"] },
    {
      "tag": "v2",
      "renamed_classes": [{ "from": "Coder", "to": "CoderAgents" }],
    },`),
        "src/index.ts": entry,
      },
      findings: [{ file: "wrangler.jsonc", line: 11, messageId: "unknownSuggestion", data: { className: "CoderAgents", tag: "v2", suggestion: "CoderAgent" } }],
      output: {
        "wrangler.jsonc": jsonc(`    { "tag": "v1", "new_sqlite_classes": ["Coder"] },
    {
      "tag": "v2",
      "renamed_classes": [{ "from": "Coder", "to": "CoderAgent" }],
    },`),
      },
    },
    {
      name: "TOML: new_classes typo with a plain DurableObject",
      files: {
        "wrangler.toml": `name = "chat"
main = "src/index.ts"

[[durable_objects.bindings]]
name = "ROOMS"
class_name = "ChatRoom"

[[migrations]]
tag = "v1"
new_classes = ['Chatroom'] # first deploy
`,
        "src/index.ts": `import { DurableObject } from "cloudflare:workers";\nexport class ChatRoom extends DurableObject<Env> {}\nexport default { fetch() { return new Response("ok"); } };\n`,
      },
      findings: [{ file: "wrangler.toml", line: 10, messageId: "unknownSuggestion", data: { suggestion: "ChatRoom" } }],
      output: {
        "wrangler.toml": `name = "chat"
main = "src/index.ts"

[[durable_objects.bindings]]
name = "ROOMS"
class_name = "ChatRoom"

[[migrations]]
tag = "v1"
new_classes = ["ChatRoom"] # first deploy
`,
      },
    },
    {
      name: "nothing close: reported without a fix",
      files: { "wrangler.jsonc": jsonc(`    { "tag": "v1", "new_sqlite_classes": ["CoderAgent", "Scheduler"] },`), "src/index.ts": entry },
      findings: [{ file: "wrangler.jsonc", line: 8, messageId: "unknown", data: { className: "Scheduler" } }],
      output: null,
    },
    {
      name: "a transferred-in class that does not exist",
      files: {
        "wrangler.jsonc": jsonc(`    { "tag": "v1", "new_sqlite_classes": ["CoderAgent"] },
    { "tag": "v2", "transferred_classes": [{ "from": "Reviewer", "from_script": "old-reviewer", "to": "Reviewer" }] },`),
        "src/index.ts": entry,
      },
      findings: [{ file: "wrangler.jsonc", line: 9, messageId: "unknown", data: { className: "Reviewer", tag: "v2" } }],
      output: null,
    },
    {
      name: "an entry without a tag is named by its position",
      files: { "wrangler.jsonc": jsonc(`    { "new_sqlite_classes": ["CoderAgnet"] },`), "src/index.ts": entry },
      findings: [{ file: "wrangler.jsonc", line: 8, messageId: "unknownSuggestion", data: { className: "CoderAgnet", tag: "#1" } }],
      output: { "wrangler.jsonc": jsonc(`    { "new_sqlite_classes": ["CoderAgent"] },`) },
    },
    {
      name: "TOML: an environment's own migrations with a typo",
      files: {
        "wrangler.toml": `name = "coder"
main = "src/index.ts"
compatibility_flags = ["nodejs_compat"]

[[migrations]]
tag = "v1"
new_sqlite_classes = ["CoderAgent"]

[env.staging]
main = "src/staging.ts"

[[env.staging.migrations]]
tag = "v1"
new_sqlite_classes = ["StagingAgnet"]
`,
        "src/index.ts": entry,
        "src/staging.ts": `import { Agent } from "agents";\nexport class StagingAgent extends Agent<Env> {}\nexport default { fetch() { return new Response("ok"); } };\n`,
      },
      findings: [{ file: "wrangler.toml", line: 14, messageId: "unknownSuggestion", data: { className: "StagingAgnet", suggestion: "StagingAgent" } }],
      output: {
        "wrangler.toml": `name = "coder"
main = "src/index.ts"
compatibility_flags = ["nodejs_compat"]

[[migrations]]
tag = "v1"
new_sqlite_classes = ["CoderAgent"]

[env.staging]
main = "src/staging.ts"

[[env.staging.migrations]]
tag = "v1"
new_sqlite_classes = ["StagingAgent"]
`,
      },
    },
    {
      name: "inherited migrations are reported once",
      files: {
        "wrangler.jsonc": `{
  "name": "coder",
  "main": "src/index.ts",
  "compatibility_flags": ["nodejs_compat"],
  "migrations": [{ "tag": "v1", "new_sqlite_classes": ["CoderAgnet"] }],
  "env": { "staging": {}, "production": {} },
}
`,
        "src/index.ts": entry,
      },
      findings: [{ file: "wrangler.jsonc", line: 5, messageId: "unknownSuggestion", data: { suggestion: "CoderAgent" } }],
      output: {
        "wrangler.jsonc": `{
  "name": "coder",
  "main": "src/index.ts",
  "compatibility_flags": ["nodejs_compat"],
  "migrations": [{ "tag": "v1", "new_sqlite_classes": ["CoderAgent"] }],
  "env": { "staging": {}, "production": {} },
}
`,
      },
    },
  ],
});
