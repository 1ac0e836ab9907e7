import { testRule } from "../../support/ruleTester";

const entry = `import { DurableObject } from "cloudflare:workers";
export class Counter extends DurableObject {}
export class Room extends DurableObject {}
export class Chat extends DurableObject {}
export default { fetch() { return new Response("ok"); } };
`;

const jsonc = (migrations: string, env = "") => `{
  "name": "app",
  "main": "src/index.ts",
  "durable_objects": {
    "bindings": [
      { "name": "COUNTER", "class_name": "Counter" },
      { "name": "ROOM", "class_name": "Room" },
    ],
  },
  // applied in order, never edited
  "migrations": [
${migrations}
  ],${env}
}
`;

const V1 = `    { "tag": "v1", "new_classes": ["Counter"] },`;
const V2 = `    { "tag": "v2", "new_sqlite_classes": ["Room"] },`;
const BASE = { "wrangler.jsonc": jsonc(`${V1}\n${V2}`) };

const toml = (migrations: string) => `name = "app"
main = "src/index.ts"

[[durable_objects.bindings]]
name = "COUNTER"
class_name = "Counter"

${migrations}`;

testRule("migration-history-rewritten", {
  valid: [
    { name: "no git base: nothing to compare", files: { "wrangler.jsonc": jsonc(`    { "tag": "v1", "new_sqlite_classes": ["Counter"] },\n${V2}`), "src/index.ts": entry } },
    { name: "unchanged since the base", files: { ...BASE, "src/index.ts": entry }, base: BASE },
    {
      name: "entries appended after the base are free, and so is reformatting the applied ones",
      files: {
        "wrangler.jsonc": jsonc(`    {
      "tag": "v1", // first deploy
      "new_classes": ["Counter"],
    },
${V2}
    { "tag": "v3", "new_sqlite_classes": ["Chat"] },`),
        "src/index.ts": entry,
      },
      base: BASE,
    },
    { name: "a config new since the base", files: { "wrangler.jsonc": jsonc(`    { "tag": "v1", "new_sqlite_classes": ["Counter"] },`), "src/index.ts": entry }, base: {} },
    {
      name: "a base that does not parse is not compared",
      files: { "wrangler.jsonc": jsonc(`    { "tag": "v1", "new_sqlite_classes": ["Counter"] },`), "src/index.ts": entry },
      base: { "wrangler.jsonc": `{ "migrations": [ { "tag": "v1", ` },
    },
    {
      name: "a wrangler.toml converted to wrangler.jsonc with the same migrations",
      files: { ...BASE, "src/index.ts": entry },
      base: { "wrangler.jsonc": toml(`[[migrations]]\ntag = "v1"\nnew_classes = ["Counter"]\n\n[[migrations]]\ntag = "v2"\nnew_sqlite_classes = ["Room"]\n`) },
    },
    {
      name: "an environment new since the base",
      files: { "wrangler.jsonc": jsonc(`${V1}\n${V2}`, `\n  "env": { "staging": { "migrations": [{ "tag": "s1", "new_sqlite_classes": ["Counter"] }] } },`), "src/index.ts": entry },
      base: BASE,
      env: "staging",
    },
  ],
  invalid: [
    {
      name: "the new_classes -> new_sqlite_classes flip of a deployed class: impossible in place; the fix restores the entry",
      files: { "wrangler.jsonc": jsonc(`    { "tag": "v1", "new_sqlite_classes": ["Counter"] },\n${V2}`), "src/index.ts": entry },
      base: BASE,
      findings: [{ file: "wrangler.jsonc", line: 12, message: ['Migration "v1" was in this config at main, so it is probably deployed', "stays KV-backed", "This Durable Object is not backed by SQLite storage", "cannot be converted in place", "move the data"] }],
      output: { "wrangler.jsonc": jsonc(`${V1}\n${V2}`) },
    },
    {
      name: "a class added to an applied entry: restored, and a new migration creates it",
      files: { "wrangler.jsonc": jsonc(`${V1}\n    { "tag": "v2", "new_sqlite_classes": ["Room", "Chat"] },`), "src/index.ts": entry },
      base: BASE,
      findings: [{ file: "wrangler.jsonc", line: 13, message: ["has been edited since", "skipped silently", '`{ "tag": "v2", "new_sqlite_classes": ["Room"] }`'] }],
      output: {
        "wrangler.jsonc": jsonc(`${V1}\n${V2}\n    { "tag": "v3", "new_sqlite_classes": ["Chat"] },`),
      },
    },
    {
      name: "the last applied tag renamed: the next deploy re-sends every migration",
      files: { "wrangler.jsonc": jsonc(`${V1}\n    { "tag": "v2-room", "new_sqlite_classes": ["Room"] },`), "src/index.ts": entry },
      base: BASE,
      findings: [{ file: "wrangler.jsonc", line: 13, message: ['was "v2" at main', "which was not found in your wrangler.jsonc file"] }],
      output: { "wrangler.jsonc": jsonc(`${V1}\n${V2}`) },
    },
    {
      name: "an earlier tag renamed: a warning (deployed Workers keep it under the old tag)",
      files: { "wrangler.jsonc": jsonc(`    { "tag": "first", "new_classes": ["Counter"] },\n${V2}`), "src/index.ts": entry },
      base: BASE,
      findings: [{ file: "wrangler.jsonc", line: 12, severity: "warning", message: 'Give it back its tag "v1"' }],
    },
    {
      name: "an applied entry removed: reported on the migrations array, quoting it",
      files: { "wrangler.jsonc": jsonc(V2), "src/index.ts": entry },
      base: BASE,
      findings: [{ file: "wrangler.jsonc", line: 11, message: ['Migration "v1" (`{ "tag": "v1", "new_classes": ["Counter"] }`)', "append-only"] }],
      output: null,
    },
    {
      name: "the whole migrations key removed (real: lost.pet, whose next deploy failed with 10064): reported once, on the worker's name",
      files: {
        "wrangler.jsonc": `{
  "name": "app",
  "main": "src/index.ts",
}
`,
        "src/index.ts": `export default { fetch() { return new Response("ok"); } };\n`,
      },
      base: BASE,
      findings: [{ file: "wrangler.jsonc", line: 2, messageId: "removedAll", data: { env: "the top level", lastTag: "v2" }, message: ["have been removed", "code 10064", "`deleted_classes`"] }],
      output: null,
    },
    {
      name: "TOML: an environment's own migrations removed, none at the top level: reported on the environment",
      files: { "wrangler.toml": `${toml("")}\n[env.staging]\nname = "app-staging"\n`, "src/index.ts": entry },
      base: { "wrangler.toml": `${toml("")}\n[env.staging]\nname = "app-staging"\n\n[[env.staging.migrations]]\ntag = "s1"\nnew_sqlite_classes = ["Counter"]\n` },
      findings: [{ file: "wrangler.toml", line: 9, messageId: "removedAll", data: { env: "env.staging", lastTag: "s1" } }],
      output: null,
    },
    {
      name: "applied entries reordered",
      files: { "wrangler.jsonc": jsonc(`${V2}\n${V1}`), "src/index.ts": entry },
      base: BASE,
      findings: [
        { file: "wrangler.jsonc", line: 12, message: 'Migration "v2" was entry 2' },
        { file: "wrangler.jsonc", line: 13, message: 'Migration "v1" was entry 1' },
      ],
    },
    {
      name: "a new entry inserted before the last applied one is skipped on deployed Workers",
      files: { "wrangler.jsonc": jsonc(`${V1}\n    { "tag": "v1b", "new_sqlite_classes": ["Chat"] },\n${V2}`), "src/index.ts": entry },
      base: BASE,
      findings: [{ file: "wrangler.jsonc", line: 13, message: ['"v1b" is new since main', 'sits before "v2"'] }],
    },
    {
      name: "TOML: an applied [[migrations]] table edited; the fix restores its text",
      files: { "wrangler.toml": toml(`[[migrations]]\ntag = "v1"\nnew_sqlite_classes = ["Counter"] # now SQLite\n`), "src/index.ts": entry },
      base: { "wrangler.toml": toml(`[[migrations]]\ntag = "v1"\nnew_classes = ["Counter"]\n`) },
      findings: [{ file: "wrangler.toml", line: 9, message: "cannot be converted in place" }],
      // The entry's text is restored; a comment after it stays where it was.
      output: { "wrangler.toml": toml(`[[migrations]]\ntag = "v1"\nnew_classes = ["Counter"] # now SQLite\n`) },
    },
    {
      name: "environments: an environment's own applied migrations, compared with the same environment at the base",
      files: {
        "wrangler.jsonc": jsonc(`${V1}\n${V2}`, `\n  "env": { "staging": { "migrations": [{ "tag": "s1", "new_sqlite_classes": ["Counter", "Room"] }] } },`),
        "src/index.ts": entry,
      },
      base: { "wrangler.jsonc": jsonc(`${V1}\n${V2}`, `\n  "env": { "staging": { "migrations": [{ "tag": "s1", "new_sqlite_classes": ["Counter"] }] } },`) },
      findings: [{ file: "wrangler.jsonc", line: 15, message: 'Migration "s1"' }],
    },
  ],
});
