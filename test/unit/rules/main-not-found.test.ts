import { testRule } from "../../support/ruleTester";

const entry = `import { Agent } from "agents";
export class CoderAgent extends Agent<Env> {}
export default { fetch() { return new Response("ok"); } };
`;

const jsonc = (main: string) => `{
  // the worker
  "name": "coder",
  "main": ${JSON.stringify(main)},
  "compatibility_flags": ["nodejs_compat"],
  "durable_objects": { "bindings": [{ "name": "CoderAgent", "class_name": "CoderAgent", },], },
  "migrations": [{ "tag": "v1", "new_sqlite_classes": ["CoderAgent"] }],
}
`;

testRule("main-not-found", {
  valid: [
    { name: "main names an existing .ts file", files: { "wrangler.jsonc": jsonc("src/index.ts"), "src/index.ts": entry } },
    { name: "main written with .js for a .ts source", files: { "wrangler.jsonc": jsonc("src/index.js"), "src/index.ts": entry } },
    { name: "main without an extension", files: { "wrangler.jsonc": jsonc("./src/index"), "src/index.ts": entry } },
    { name: "main names a folder with an index file", files: { "wrangler.jsonc": jsonc("src"), "src/index.ts": entry } },
    { name: "no main at all (an assets-only worker)", files: { "wrangler.jsonc": `{\n  "name": "site",\n  "assets": { "directory": "./public" },\n}\n`, "public/app.js": `console.log("hi");\n` } },
    {
      name: "TOML, main relative to a nested worker folder",
      files: {
        "apps/coder/wrangler.toml": `name = "coder"
main = "src/server.ts"
compatibility_flags = ["nodejs_compat"]

[[durable_objects.bindings]]
name = "CoderAgent"
class_name = "CoderAgent"
`,
        "apps/coder/src/server.ts": entry,
      },
    },
    {
      name: "environments inherit a main that exists, or set their own",
      files: {
        "wrangler.toml": `name = "coder"
main = "src/index.ts"

[env.staging]
name = "coder-staging"

[env.canary]
main = "src/canary.mts"
`,
        "src/index.ts": entry,
        "src/canary.mts": entry,
      },
    },
  ],
  invalid: [
    {
      name: "JSONC: a typo in main",
      files: { "wrangler.jsonc": jsonc("src/indx.ts"), "src/index.ts": entry },
      findings: [{ file: "wrangler.jsonc", line: 4, message: ['The entry file "src/indx.ts" does not exist', "none of its Durable Objects can start"] }],
      output: null,
    },
    {
      name: "JSONC: main points into the build output, which is not a source",
      files: { "wrangler.jsonc": jsonc("dist/index.js"), "src/index.ts": entry },
      findings: [{ file: "wrangler.jsonc", line: 4, message: '"dist/index.js" does not exist' }],
      output: null,
    },
    {
      name: "TOML: main names a file of the wrong folder",
      files: {
        "wrangler.toml": `#:schema node_modules/wrangler/config-schema.json
name = "coder"
# entry
main = "server.ts"
compatibility_flags = ["nodejs_compat"]
`,
        "src/server.ts": entry,
      },
      findings: [{ file: "wrangler.toml", line: 4, message: '"server.ts" does not exist (relative to this config\'s folder)' }],
      output: null,
    },
    {
      name: "TOML: main is resolved from the config's folder, not the workspace root",
      files: {
        "apps/coder/wrangler.toml": `name = "coder"
main = "apps/coder/src/index.ts"
`,
        "apps/coder/src/index.ts": entry,
      },
      findings: [{ file: "apps/coder/wrangler.toml", line: 2, message: '"apps/coder/src/index.ts" does not exist' }],
      output: null,
    },
    {
      name: "an environment's own main is checked where it is written",
      files: {
        "wrangler.jsonc": `{
  "name": "coder",
  "main": "src/index.ts",
  "env": {
    "staging": {
      // staging runs another entry
      "main": "src/staging.ts",
    },
  },
}
`,
        "src/index.ts": entry,
      },
      findings: [{ file: "wrangler.jsonc", line: 7, message: '"src/staging.ts" does not exist' }],
      output: null,
    },
    {
      name: "an inherited missing main is reported once, at the top level",
      files: {
        "wrangler.toml": `name = "coder"
main = "src/worker.ts"

[env.staging]
name = "coder-staging"

[env.production]
name = "coder-production"
`,
        "src/index.ts": entry,
      },
      findings: [{ file: "wrangler.toml", line: 2, message: '"src/worker.ts" does not exist' }],
      output: null,
    },
    {
      name: "--env staging: the inherited top-level main is still reported",
      env: "staging",
      files: {
        "wrangler.jsonc": `{
  "name": "coder",
  "main": "src/worker.ts",
  "env": { "staging": { "name": "coder-staging" } },
}
`,
        "src/index.ts": entry,
      },
      findings: [{ file: "wrangler.jsonc", line: 3, message: '"src/worker.ts" does not exist' }],
      output: null,
    },
    {
      name: "--env staging: another environment's broken main is not checked",
      env: "staging",
      files: {
        "wrangler.jsonc": `{
  "name": "coder",
  "main": "src/index.ts",
  "env": {
    "staging": { "main": "src/stage.ts" },
    "canary": { "main": "src/canary.ts" },
  },
}
`,
        "src/index.ts": entry,
      },
      findings: [{ file: "wrangler.jsonc", line: 5, message: '"src/stage.ts" does not exist' }],
      output: null,
    },
  ],
});
