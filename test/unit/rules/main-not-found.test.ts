import { testRule } from "../../support/ruleTester";
import { AGENT_WORKER as entry } from "../../support/workerSources";


const jsonc = (main: string) => `{
  // the worker
  "name": "coder",
  "main": ${JSON.stringify(main)},
  "compatibility_flags": ["nodejs_compat"],
  "durable_objects": { "bindings": [{ "name": "CoderAgent", "class_name": "CoderAgent", },], },
  "migrations": [{ "tag": "v1", "new_sqlite_classes": ["CoderAgent"] }],
}
`;
/** A framework template's config: `main` is what the build writes; no Durable Object. */
const template = (main: string) => `{
  "name": "site",
  "main": ${JSON.stringify(main)},
  "compatibility_date": "2025-09-01",
  "assets": { "directory": "./dist", "binding": "ASSETS" },
}
`;
const tomlBinding = `
[[durable_objects.bindings]]
name = "CoderAgent"
class_name = "CoderAgent"
`;
const doClass = `import { DurableObject } from "cloudflare:workers";
export class Counter extends DurableObject {}
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
    // Framework templates without Durable Objects: wrangler reports a missing entry itself.
    { name: "Astro template: dist/_worker.js/index.js, no Durable Object", files: { "wrangler.jsonc": template("./dist/_worker.js/index.js"), "src/pages/index.astro": "---\n---\n<h1>hi</h1>\n" } },
    { name: "Next.js through OpenNext: .open-next/worker.js, no Durable Object", files: { "wrangler.jsonc": template(".open-next/worker.js"), "app/page.tsx": "export default function Page() { return null; }\n" } },
    { name: "SvelteKit: .svelte-kit/cloudflare/_worker.js, no Durable Object", files: { "wrangler.jsonc": template(".svelte-kit/cloudflare/_worker.js"), "src/app.d.ts": "export {};\n" } },
    { name: "TOML, Nuxt: ./.output/server/index.mjs, no Durable Object", files: { "wrangler.toml": `name = "nuxt"\nmain = "./.output/server/index.mjs"\n`, "app.vue": "<template />\n" } },
    { name: "Qwik: ./dist/_worker.js, no Durable Object", files: { "wrangler.jsonc": template("./dist/_worker.js"), "src/root.tsx": "export default function Root() { return null; }\n" } },
    { name: "Analog: ./dist/analog/server/index.mjs, no Durable Object", files: { "wrangler.jsonc": template("./dist/analog/server/index.mjs"), "src/main.ts": "export {};\n" } },
    { name: "TOML, Angular: ./dist/server/server.mjs, no Durable Object", files: { "wrangler.toml": `name = "ng"\nmain = "./dist/server/server.mjs"\n`, "src/main.ts": "export {};\n" } },
    { name: "React Router: ./build/server/index.js, no Durable Object", files: { "wrangler.json": template("./build/server/index.js").replace(/,\n}\n$/, "\n}\n"), "app/root.tsx": "export default function Root() { return null; }\n" } },
    { name: "a typo in main of a worker without classes is wrangler's to report", files: { "wrangler.jsonc": `{\n  "name": "api",\n  "main": "src/indx.ts",\n}\n`, "src/index.ts": `export default {};\n` } },
    {
      name: "a Python Worker whose main.py exists",
      files: {
        "wrangler.toml": `name = "py"\nmain = "src/entry.py"\ncompatibility_flags = ["python_workers"]\n`,
        "src/entry.py": "from workers import WorkerEntrypoint\n",
      },
    },
  ],
  invalid: [
    {
      name: "a config only the vitest pool uses, with a main that does not exist: a warning, since tests may not load the worker",
      files: {
        "wrangler.jsonc": jsonc("src/index.ts"),
        "src/index.ts": entry,
        "vitest.config.ts": `import { cloudflareTest } from "@cloudflare/vitest-pool-workers";\nimport { defineConfig } from "vitest/config";\nexport default defineConfig({ plugins: [cloudflareTest({ wrangler: { configPath: "./tests/wrangler.jsonc" } })] });\n`,
        "tests/wrangler.jsonc": jsonc("src/index.ts"),
      },
      findings: [{ file: "tests/wrangler.jsonc", line: 4, messageId: "missingInHarness", severity: "warning", message: ['The entry file "src/index.ts" does not exist', "used only by", "tests that load the worker"] }],
      output: null,
    },
    {
      name: "a file copied into the output (cp wrapper.js dist/index.js) is not a source entry; a workflow class counts",
      files: {
        "package.json": `{ "scripts": { "build": "astro build", "wrangler:wrapper": "cp src/workflows/wrapper.js dist/index.js" } }\n`,
        "wrangler.jsonc": `{
  "name": "admin",
  "main": "./dist/index.js",
  "workflows": [{ "name": "customer", "binding": "CUSTOMER_WORKFLOW", "class_name": "CustomerWorkflow" }],
}
`,
        "src/workflows/wrapper.js": `import astroEntry from "./_worker.js/index.js";\nexport { CustomerWorkflow } from "../src/workflows/customer_workflow.js";\nexport default astroEntry;\n`,
      },
      findings: [{ file: "wrangler.jsonc", line: 3, messageId: "sourceUnknown", severity: "info", message: "no source entry of the build was found" }],
      output: null,
    },
    {
      name: "JSONC: a typo in main",
      files: { "wrangler.jsonc": jsonc("src/indx.ts"), "src/index.ts": entry },
      findings: [{ file: "wrangler.jsonc", line: 4, messageId: "missing", severity: "error", message: ['The entry file "src/indx.ts" does not exist', "none of its Durable Objects can start"] }],
      output: null,
    },
    {
      name: "JSONC: main in dist/, not built yet: info, and the class checks have no source entry",
      files: { "wrangler.jsonc": jsonc("dist/index.js"), "src/index.ts": entry },
      findings: [{ file: "wrangler.jsonc", line: 4, messageId: "sourceUnknown", severity: "info", message: ['"dist/index.js" is a build output (dist/ is a framework or bundler output folder)', "cannot be checked until it is built"] }],
      output: null,
    },
    {
      name: "a folder the build script writes (esbuild --outfile): class exports checked against its source",
      files: {
        "package.json": `{ "name": "coder", "scripts": { "build": "esbuild worker.ts --bundle --format=esm --outfile=out/worker.js" } }\n`,
        "wrangler.jsonc": jsonc("out/worker.js"),
        "worker.ts": `export { CoderAgent } from "./src/agent";\nexport default { fetch() { return new Response("ok"); } };\n`,
        "src/agent.ts": entry,
      },
      findings: [{ file: "wrangler.jsonc", line: 4, messageId: "builtFromSource", severity: "info", message: ['"out/worker.js" is a build output (out/ is written by the "build" script)', "checked against worker.ts, the source the \"build\" script builds it from"] }],
      output: null,
    },
    {
      name: "TOML: build.command writes the folder; SvelteKit wrapper entry",
      files: {
        "wrangler.toml": `name = "game"
main = "bundle/worker.js"

[build]
command = "npx esbuild worker-entry.ts --bundle --outdir=bundle"
${tomlBinding}`,
        "worker-entry.ts": `export { CoderAgent } from "./src/lib/server/agent";\nimport worker from "./.svelte-kit/cloudflare/_worker.js";\nexport default worker;\n`,
        "src/lib/server/agent.ts": entry,
      },
      findings: [{ file: "wrangler.toml", line: 2, messageId: "builtFromSource", severity: "info", message: ["bundle/ is written by `build.command`", "checked against worker-entry.ts"] }],
      output: null,
    },
    {
      name: "a main above the config's folder, in the repository's ignored .alchemy/out (real: a worker alchemy builds from the root): info",
      files: { ".gitignore": "node_modules\n/.alchemy\n", "worker/wrangler.jsonc": jsonc("../.alchemy/out/app-worker/agent.js"), "worker/agent.ts": entry },
      findings: [{ file: "worker/wrangler.jsonc", line: 4, messageId: "sourceUnknown", severity: "info", message: ".alchemy/out/ is a framework or bundler output folder" }],
      output: null,
    },
    {
      name: "a main above the config's folder in an ignored folder of no known tool: info, judged from the folder holding both",
      files: { ".gitignore": "/generated/\n", "worker/wrangler.jsonc": jsonc("../generated/worker.mjs"), "worker/agent.ts": entry },
      findings: [{ file: "worker/wrangler.jsonc", line: 4, messageId: "sourceUnknown", severity: "info", message: "generated/ is ignored by .gitignore" }],
      output: null,
    },
    {
      name: "a main above the config's folder that is a missing source, nothing building it: an error",
      files: { "worker/wrangler.jsonc": jsonc("../shared/worker.ts"), "worker/agent.ts": entry },
      findings: [{ file: "worker/wrangler.jsonc", line: 4, severity: "error" }],
    },
    {
      name: "a folder .gitignore ignores, with a Durable Object: info",
      files: { ".gitignore": "node_modules\n/generated/\n", "wrangler.jsonc": jsonc("generated/worker.mjs"), "src/index.ts": entry },
      findings: [{ file: "wrangler.jsonc", line: 4, messageId: "sourceUnknown", severity: "info", message: "generated/ is ignored by .gitignore" }],
      output: null,
    },
    {
      name: "Next.js through OpenNext with its queue Durable Object: info, class checks wait for the build",
      files: {
        "wrangler.jsonc": `{
  "name": "next",
  "main": ".open-next/worker.js",
  "durable_objects": { "bindings": [{ "name": "NEXT_CACHE_DO_QUEUE", "class_name": "DOQueueHandler" }] },
  "migrations": [{ "tag": "v1", "new_sqlite_classes": ["DOQueueHandler"] }],
}
`,
        "app/page.tsx": "export default function Page() { return null; }\n",
      },
      findings: [{ file: "wrangler.jsonc", line: 3, messageId: "sourceUnknown", severity: "info", message: '".open-next/worker.js" is a build output (.open-next/ is a framework or bundler output folder)' }],
      output: null,
    },
    {
      name: "TOML, Nuxt output with a container class: info",
      files: { "wrangler.toml": `name = "nuxt"\nmain = "./.output/server/index.mjs"\n\n[[containers]]\nclass_name = "Box"\nimage = "./Dockerfile"\n`, "app.vue": "<template />\n" },
      findings: [{ file: "wrangler.toml", line: 2, messageId: "sourceUnknown", severity: "info", message: ".output/ is a framework or bundler output folder" }],
      output: null,
    },
    {
      name: "Astro with workerEntryPoint listing the bound class: info naming the source entry",
      files: {
        "astro.config.mjs": `import cloudflare from "@astrojs/cloudflare";\nexport default { adapter: cloudflare({ workerEntryPoint: { path: "src/worker.ts", namedExports: ["Counter"] } }) };\n`,
        "wrangler.jsonc": `{
  "name": "astro",
  "main": "./dist/_worker.js/index.js",
  "durable_objects": { "bindings": [{ "name": "COUNTER", "class_name": "Counter" }] },
  "migrations": [{ "tag": "v1", "new_sqlite_classes": ["Counter"] }],
}
`,
        "src/worker.ts": `${doClass}export function createExports() { return { default: {}, Counter }; }\n`,
      },
      findings: [{ file: "wrangler.jsonc", line: 3, messageId: "astroAllListed", severity: "info", message: ["The Astro adapter builds it from src/worker.ts", "every bound class is listed"] }],
      output: null,
    },
    {
      name: "Astro: two bound classes missing from namedExports, named together",
      files: {
        "astro.config.mjs": `import cloudflare from "@astrojs/cloudflare";\nexport default { adapter: cloudflare({ workerEntryPoint: { path: "src/worker.ts", namedExports: ["Counter"] } }) };\n`,
        "wrangler.jsonc": `{
  "name": "astro",
  "main": "./dist/_worker.js/index.js",
  "durable_objects": { "bindings": [{ "name": "A", "class_name": "Room" }, { "name": "B", "class_name": "Lobby" }] },
  "migrations": [{ "tag": "v1", "new_sqlite_classes": ["Room", "Lobby"] }],
}
`,
        "src/worker.ts": `${doClass}export function createExports() { return { default: {}, Counter }; }\n`,
      },
      findings: [{ file: "wrangler.jsonc", line: 3, messageId: "astroClassesNotListed", data: { missing: '"Room", "Lobby"', namedExports: '"Counter"', entry: "src/worker.ts" }, message: "Add them to `namedExports`" }],
      output: null,
    },
    {
      name: "Astro whose workerEntryPoint file does not exist: info, classes not checked",
      files: {
        "astro.config.mjs": `import cloudflare from "@astrojs/cloudflare";\nexport default { adapter: cloudflare({ workerEntryPoint: { path: "src/gone.ts", namedExports: ["Counter"] } }) };\n`,
        "wrangler.jsonc": `{
  "name": "astro",
  "main": "./dist/_worker.js/index.js",
  "durable_objects": { "bindings": [{ "name": "COUNTER", "class_name": "Counter" }] },
  "migrations": [{ "tag": "v1", "new_sqlite_classes": ["Counter"] }],
}
`,
        "src/worker.ts": `${doClass}export function createExports() { return { default: {}, Counter }; }\n`,
      },
      findings: [{ file: "wrangler.jsonc", line: 3, messageId: "astroNoEntry", severity: "info", data: { astroConfig: "astro.config.mjs", main: "./dist/_worker.js/index.js" } }],
      output: null,
    },
    {
      name: "TOML, Astro: a bound class missing from namedExports is an error",
      files: {
        "astro.config.ts": `import cloudflare from "@astrojs/cloudflare";\nexport default { adapter: cloudflare({ workerEntryPoint: { path: "src/worker.ts", namedExports: ["default"] } }) };\n`,
        "wrangler.toml": `name = "astro"\nmain = "./dist/_worker.js/index.js"\n\n[[durable_objects.bindings]]\nname = "COUNTER"\nclass_name = "Counter"\n`,
        "src/worker.ts": `${doClass}export function createExports() { return { default: {} }; }\n`,
      },
      findings: [{ file: "wrangler.toml", line: 2, messageId: "astroClassNotListed", severity: "error", message: ['"Counter" is bound but not listed', "not exported in your entrypoint file: Counter."] }],
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
${tomlBinding}`,
        "src/server.ts": entry,
      },
      findings: [{ file: "wrangler.toml", line: 4, messageId: "missing", data: { main: "server.ts" } }],
      output: null,
    },
    {
      name: "TOML: main is resolved from the config's folder, not the workspace root",
      files: {
        "apps/coder/wrangler.toml": `name = "coder"
main = "apps/coder/src/index.ts"
${tomlBinding}`,
        "apps/coder/src/index.ts": entry,
      },
      findings: [{ file: "apps/coder/wrangler.toml", line: 2, messageId: "missing", data: { main: "apps/coder/src/index.ts" } }],
      output: null,
    },
    {
      name: "a missing Python entry is still missing",
      files: { "wrangler.toml": `name = "py"\nmain = "src/entry.py"\n${tomlBinding}`, "src/other.py": "x = 1\n" },
      findings: [{ file: "wrangler.toml", line: 2, messageId: "missing", severity: "error", message: '"src/entry.py" does not exist' }],
      output: null,
    },
    {
      name: "a Python Worker with a Durable Object: said once that its sources were not analysed",
      files: {
        "wrangler.jsonc": `{
  "name": "py",
  "main": "src/entry.py",
  "compatibility_flags": ["python_workers"],
  "durable_objects": { "bindings": [{ "name": "COUNTER", "class_name": "Counter" }] },
  "migrations": [{ "tag": "v1", "new_sqlite_classes": ["Counter"] }],
  "env": { "staging": { "durable_objects": { "bindings": [{ "name": "COUNTER", "class_name": "Counter" }] } } },
}
`,
        "src/entry.py": "from workers import DurableObject\nclass Counter(DurableObject):\n    pass\n",
      },
      findings: [{ file: "wrangler.jsonc", line: 3, messageId: "pythonWorker", severity: "info", message: ["is a Python Worker", "its sources were not analysed"] }],
      output: null,
    },
    {
      name: "an environment's own main is checked where it is written",
      files: {
        "wrangler.jsonc": `{
  "name": "coder",
  "main": "src/index.ts",
  "durable_objects": { "bindings": [{ "name": "CoderAgent", "class_name": "CoderAgent" }] },
  "env": {
    "staging": {
      // staging runs another entry
      "main": "src/staging.ts",
      "durable_objects": { "bindings": [{ "name": "CoderAgent", "class_name": "CoderAgent" }] },
    },
  },
}
`,
        "src/index.ts": entry,
      },
      findings: [{ file: "wrangler.jsonc", line: 8, messageId: "missing", data: { main: "src/staging.ts" } }],
      output: null,
    },
    {
      name: "an inherited missing main is reported once, at the top level",
      files: {
        "wrangler.toml": `name = "coder"
main = "src/worker.ts"
${tomlBinding}
[env.staging]
name = "coder-staging"

[env.production]
name = "coder-production"
`,
        "src/index.ts": entry,
      },
      findings: [{ file: "wrangler.toml", line: 2, messageId: "missing", data: { main: "src/worker.ts" } }],
      output: null,
    },
    {
      name: "--env staging: the inherited top-level main is still reported",
      env: "staging",
      files: {
        "wrangler.jsonc": `{
  "name": "coder",
  "main": "src/worker.ts",
  "env": { "staging": { "name": "coder-staging", "durable_objects": { "bindings": [{ "name": "CoderAgent", "class_name": "CoderAgent" }] } } },
}
`,
        "src/index.ts": entry,
      },
      findings: [{ file: "wrangler.jsonc", line: 3, messageId: "missing", data: { main: "src/worker.ts" } }],
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
    "staging": { "main": "src/stage.ts", "durable_objects": { "bindings": [{ "name": "CoderAgent", "class_name": "CoderAgent" }] } },
    "canary": { "main": "src/canary.ts", "durable_objects": { "bindings": [{ "name": "CoderAgent", "class_name": "CoderAgent" }] } },
  },
}
`,
        "src/index.ts": entry,
      },
      findings: [{ file: "wrangler.jsonc", line: 5, messageId: "missing", data: { main: "src/stage.ts" } }],
      output: null,
    },
  ],
});
