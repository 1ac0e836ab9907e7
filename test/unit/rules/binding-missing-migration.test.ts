import { testRule } from "../../support/ruleTester";
import { AGENT_WORKER as entry, TWO_AGENT_WORKER as twoAgents } from "../../support/workerSources";


const renamedEntry = `import { Agent } from "agents";
export class NewAgent extends Agent<Env> {}
export default { fetch() { return new Response("ok"); } };
`;
/** A worker config the tests of a package use (facet-only agents bound on purpose, no migration). */
const harnessConfig = (extra = "") => `{
  "main": "worker.ts",
  "compatibility_flags": ["nodejs_compat"],
  "durable_objects": { "bindings": [{ "name": "CoderAgent", "class_name": "CoderAgent" }] },${extra}
}
`;
const vitestConfig = (configPath: string) => `import { cloudflareTest } from "@cloudflare/vitest-pool-workers";
import { defineConfig } from "vitest/config";

export default defineConfig({
  plugins: [cloudflareTest({ wrangler: { configPath: ${configPath} } })],
});
`;
const deployedConfig = `{
  "name": "coder",
  "main": "src/index.ts",
  "compatibility_flags": ["nodejs_compat"],
  "durable_objects": { "bindings": [{ "name": "CoderAgent", "class_name": "CoderAgent" }] },
}
`;

const devTopLevel = (production: string) => `{
  "name": "mcp-dev",
  "main": "src/index.ts",
  "compatibility_flags": ["nodejs_compat"],
  "durable_objects": { "bindings": [{ "name": "USER_DETAILS", "class_name": "CoderAgent" }] },
  "env": {
    "staging": {
      "name": "mcp-staging",
      "durable_objects": { "bindings": [{ "name": "USER_DETAILS", "class_name": "CoderAgent", "script_name": "owner-staging" }] },
    },
    "production": {
      "name": "mcp",
      "durable_objects": { "bindings": [${production}] },
    },
  },
}
`;

/** A worker binding SharedTimer whose migrations create only Timer (renamed in code, not in migrations). */
const sharedTimer = `import { DurableObject } from "cloudflare:workers";\nexport class SharedTimer extends DurableObject {}\nexport default { fetch() { return new Response("ok"); } };\n`;
const timerJsonc = (more: string) => `{
  "name": "timer",
  "main": "src/index.ts",
  "durable_objects": { "bindings": [{ "name": "TIMER", "class_name": "SharedTimer" }] },
  "migrations": [
    { "tag": "v1", "new_classes": ["Timer"] },
${more}  ],
}
`;
const timerToml = (classes: string) => `name = "timer"
main = "src/index.ts"

[[durable_objects.bindings]]
name = "TIMER"
class_name = "SharedTimer"

[[migrations]]
tag = "v1"
new_classes = [${classes}]
`;

testRule("binding-missing-migration", {
  valid: [
    {
      name: "a class listed under a misspelt creation key (new_sqlite_class) is migration-unknown-key's finding, fixed by renaming the key",
      files: {
        "wrangler.jsonc": `{
  "name": "coder",
  "main": "src/index.ts",
  "compatibility_flags": ["nodejs_compat"],
  "durable_objects": { "bindings": [{ "name": "CoderAgent", "class_name": "CoderAgent" }] },
  "migrations": [{ "tag": "v1", "new_sqlite_class": ["CoderAgent"] }],
}
`,
        "src/index.ts": entry,
      },
    },
    {
      name: "JSONC: created by new_sqlite_classes",
      files: {
        "wrangler.jsonc": `{
  "name": "coder",
  "main": "src/index.ts",
  "compatibility_flags": ["nodejs_compat"],
  "durable_objects": { "bindings": [{ "name": "CoderAgent", "class_name": "CoderAgent", },], },
  // applied migrations
  "migrations": [{ "tag": "v1", "new_sqlite_classes": ["CoderAgent"], },],
}
`,
        "src/index.ts": entry,
      },
    },
    {
      name: "TOML: created under an old name, then renamed to the bound one",
      files: {
        "wrangler.toml": `name = "coder"
main = "src/index.ts"
compatibility_flags = ["nodejs_compat"]

[[durable_objects.bindings]]
name = "CoderAgent"
class_name = "CoderAgent"

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
      name: "transferred in from another worker",
      files: {
        "wrangler.jsonc": `{
  "name": "coder",
  "main": "src/index.ts",
  "compatibility_flags": ["nodejs_compat"],
  "durable_objects": { "bindings": [{ "name": "CoderAgent", "class_name": "CoderAgent" }] },
  "migrations": [{ "tag": "v1", "transferred_classes": [{ "from": "CoderAgent", "from_script": "old-coder", "to": "CoderAgent" }] }],
}
`,
        "src/index.ts": entry,
      },
    },
    {
      name: "declared with the exports key instead of migrations",
      files: {
        "wrangler.jsonc": `{
  "name": "coder",
  "main": "src/index.ts",
  "compatibility_flags": ["nodejs_compat"],
  "durable_objects": { "bindings": [{ "name": "CoderAgent", "class_name": "CoderAgent" }] },
  "exports": { "CoderAgent": { "type": "durable-object", "storage": "sqlite" } },
}
`,
        "src/index.ts": entry,
      },
    },
    {
      name: "exports of entrypoint settings only (no Durable Object entry) leave the classes to migrations",
      files: {
        "wrangler.jsonc": `{
  "name": "coder",
  "main": "src/index.ts",
  "compatibility_flags": ["nodejs_compat"],
  "durable_objects": { "bindings": [{ "name": "CoderAgent", "class_name": "CoderAgent" }] },
  "migrations": [{ "tag": "v1", "new_sqlite_classes": ["CoderAgent"] }],
  "env": {
    "prod": {
      "durable_objects": { "bindings": [{ "name": "CoderAgent", "class_name": "CoderAgent" }] },
      "exports": { "default": { "type": "worker", "cache": { "enabled": true } } },
    },
  },
}
`,
        "src/index.ts": entry,
      },
    },
    {
      name: "env.staging binds the class and inherits the top-level migrations",
      files: {
        "wrangler.jsonc": `{
  "name": "coder",
  "main": "src/index.ts",
  "compatibility_flags": ["nodejs_compat"],
  "migrations": [{ "tag": "v1", "new_sqlite_classes": ["CoderAgent"] }],
  "env": {
    "staging": { "durable_objects": { "bindings": [{ "name": "CoderAgent", "class_name": "CoderAgent" }] } },
  },
}
`,
        "src/index.ts": entry,
      },
    },
    {
      name: "a class that does not exist is class-not-found's finding",
      files: {
        "wrangler.jsonc": `{
  "name": "coder",
  "main": "src/index.ts",
  "compatibility_flags": ["nodejs_compat"],
  "durable_objects": { "bindings": [{ "name": "CoderAgent", "class_name": "CoderAgnet" }] },
  "migrations": [{ "tag": "v1", "new_sqlite_classes": ["CoderAgent"] }],
}
`,
        "src/index.ts": entry,
      },
    },
    {
      name: "a deleted class still bound is deleted-class-still-bound's finding",
      files: {
        "wrangler.jsonc": `{
  "name": "coder",
  "main": "src/index.ts",
  "compatibility_flags": ["nodejs_compat"],
  "durable_objects": { "bindings": [{ "name": "CoderAgent", "class_name": "CoderAgent" }] },
  "migrations": [
    { "tag": "v1", "new_sqlite_classes": ["CoderAgent"] },
    { "tag": "v2", "deleted_classes": ["CoderAgent"] },
  ],
}
`,
        "src/index.ts": entry,
      },
    },
    {
      name: "a binding to another worker's class needs no migration here",
      files: {
        "wrangler.jsonc": `{
  "name": "web",
  "main": "src/index.ts",
  "durable_objects": { "bindings": [{ "name": "CODER", "class_name": "CoderAgent", "script_name": "coder" }] },
}
`,
        "src/index.ts": `export default { fetch() { return new Response("ok"); } };\n`,
      },
    },
    {
      name: "exports: a class expecting a transfer is live",
      files: {
        "wrangler.jsonc": `{
  "name": "coder",
  "main": "src/index.ts",
  "compatibility_flags": ["nodejs_compat"],
  "durable_objects": { "bindings": [{ "name": "CoderAgent", "class_name": "CoderAgent" }] },
  "exports": { "CoderAgent": { "type": "durable-object", "state": "expecting-transfer", "storage": "sqlite", "transfer_from": "old-coder" } },
}
`,
        "src/index.ts": entry,
      },
    },
    {
      name: "exports: the binding follows a rename (tombstone and live entry)",
      files: {
        "wrangler.jsonc": `{
  "name": "coder",
  "main": "src/index.ts",
  "compatibility_flags": ["nodejs_compat"],
  "durable_objects": { "bindings": [{ "name": "CoderAgent", "class_name": "NewAgent" }] },
  "exports": {
    "CoderAgent": { "type": "durable-object", "state": "renamed", "renamed_to": "NewAgent" },
    "NewAgent": { "type": "durable-object", "storage": "sqlite" },
  },
}
`,
        "src/index.ts": renamedEntry,
      },
    },
    {
      name: "TOML: the binding follows a rename in migrations",
      files: {
        "wrangler.toml": `name = "coder"
main = "src/index.ts"
compatibility_flags = ["nodejs_compat"]

[[durable_objects.bindings]]
name = "CoderAgent"
class_name = "NewAgent"

[[migrations]]
tag = "v1"
new_sqlite_classes = ["CoderAgent"]

[[migrations]]
tag = "v2"
renamed_classes = [{ from = "CoderAgent", to = "NewAgent" }]
`,
        "src/index.ts": renamedEntry,
      },
    },
  ],
  invalid: [
    {
      name: "a top level every environment replaces with a binding to the owning worker (script_name): a local-dev setup, info (real: mcp-server-cloudflare)",
      files: { "wrangler.jsonc": devTopLevel(`{ "name": "USER_DETAILS", "class_name": "CoderAgent", "script_name": "owner" }`), "src/index.ts": entry },
      findings: [
        {
          file: "wrangler.jsonc",
          line: 5,
          severity: "info",
          messageId: "onlyTopLevelDeployFails",
          data: { findingId: "noMigrations", binding: "USER_DETAILS", environments: "env.staging, env.production", scripts: '"owner-staging", "owner"' },
          message: ["Only deploying the top level would fail", "the config has no `migrations`"],
        },
      ],
      // A top-level migration would be inherited by every environment, creating the class beside the owner they bind.
      output: null,
    },
    {
      name: "one environment binds the class locally too: the top level is no dev-only setup, an error",
      files: { "wrangler.jsonc": devTopLevel(`{ "name": "USER_DETAILS", "class_name": "CoderAgent" }`), "src/index.ts": entry },
      findings: [
        { file: "wrangler.jsonc", line: 5, severity: "error", messageId: "noMigrations" },
        { file: "wrangler.jsonc", line: 13, severity: "error", messageId: "noMigrations" },
      ],
    },
    {
      name: "TOML: a Python Worker's bound class (its sources cannot be read, the config is judged)",
      files: {
        "wrangler.toml": `name = "py"
main = "src/entry.py"
compatibility_flags = ["python_workers"]

[[durable_objects.bindings]]
name = "COUNTER"
class_name = "Counter"
`,
        "src/entry.py": "from workers import DurableObject\nclass Counter(DurableObject):\n    pass\n",
      },
      findings: [{ file: "wrangler.toml", line: 7, messageId: "noMigrations" }],
    },
    {
      name: "a rename moved the data: bind the new name (preferred), a new empty class only as an unsafe alternative",
      files: {
        "wrangler.jsonc": `{
  "name": "coder",
  "main": "src/index.ts",
  "compatibility_flags": ["nodejs_compat"],
  "durable_objects": { "bindings": [{ "name": "CoderAgent", "class_name": "CoderAgent" }] },
  "migrations": [
    { "tag": "v1", "new_sqlite_classes": ["CoderAgent"] },
    { "tag": "v2", "renamed_classes": [{ "from": "CoderAgent", "to": "NewAgent" }] },
  ],
}
`,
        "src/index.ts": renamedEntry,
      },
      findings: [{ file: "wrangler.jsonc", line: 5, messageId: "renamed", severity: "error", message: ['a migration renamed it to "NewAgent"', 'Bind "NewAgent"', "empty namespace"] }],
      output: {
        "wrangler.jsonc": `{
  "name": "coder",
  "main": "src/index.ts",
  "compatibility_flags": ["nodejs_compat"],
  "durable_objects": { "bindings": [{ "name": "CoderAgent", "class_name": "NewAgent" }] },
  "migrations": [
    { "tag": "v1", "new_sqlite_classes": ["CoderAgent"] },
    { "tag": "v2", "renamed_classes": [{ "from": "CoderAgent", "to": "NewAgent" }] },
  ],
}
`,
      },
    },
    {
      name: "renamed in the source and the binding, not in the migrations: rename the orphan class (preferred, not safe)",
      files: {
        "wrangler.jsonc": timerJsonc(""),
        "src/index.ts": sharedTimer,
      },
      findings: [
        {
          file: "wrangler.jsonc",
          line: 4,
          messageId: "notCreatedOrphan",
          data: { className: "SharedTimer", orphan: "Timer", orphanTag: "v1", tag: "v2" },
          message: ['was "Timer" renamed to "SharedTimer"?', "keeps its objects and their data", "Cannot create binding for class 'SharedTimer'"],
        },
      ],
      output: {
        "wrangler.jsonc": timerJsonc(`    { "tag": "v2", "renamed_classes": [{ "from": "Timer", "to": "SharedTimer" }] },\n`),
      },
    },
    {
      name: "TOML: the orphan rename in a [[migrations]] table; two orphans: no guess, the plain finding",
      files: {
        "wrangler.toml": timerToml(`"Timer"`),
        "other/wrangler.toml": timerToml(`"Timer", "Clock"`),
        "src/index.ts": sharedTimer,
        "other/src/index.ts": sharedTimer,
      },
      findings: [
        { file: "other/wrangler.toml", line: 6, messageId: "notCreated" },
        { file: "wrangler.toml", line: 6, messageId: "notCreatedOrphan", data: { orphan: "Timer" } },
      ],
    },
    {
      name: "TOML: renamed twice (A -> B -> C): the data is in the last name",
      files: {
        "wrangler.toml": `name = "coder"
main = "src/index.ts"

[[durable_objects.bindings]]
name = "CoderAgent"
class_name = "CoderAgent" # still the first name

[[migrations]]
tag = "v1"
new_sqlite_classes = ["CoderAgent"]

[[migrations]]
tag = "v2"
renamed_classes = [{ from = "CoderAgent", to = "MidAgent" }]

[[migrations]]
tag = "v3"
renamed_classes = [{ from = "MidAgent", to = "NewAgent" }]
`,
        "src/index.ts": renamedEntry,
      },
      findings: [{ file: "wrangler.toml", line: 6, messageId: "renamed", data: { to: "NewAgent" } }],
      output: {
        "wrangler.toml": `name = "coder"
main = "src/index.ts"

[[durable_objects.bindings]]
name = "CoderAgent"
class_name = "NewAgent" # still the first name

[[migrations]]
tag = "v1"
new_sqlite_classes = ["CoderAgent"]

[[migrations]]
tag = "v2"
renamed_classes = [{ from = "CoderAgent", to = "MidAgent" }]

[[migrations]]
tag = "v3"
renamed_classes = [{ from = "MidAgent", to = "NewAgent" }]
`,
      },
    },
    {
      name: "exports: a binding to a renamed tombstone, a transferred one, and a worker entrypoint",
      files: {
        "wrangler.jsonc": `{
  "name": "coder",
  "main": "src/index.ts",
  "compatibility_flags": ["nodejs_compat"],
  "durable_objects": {
    "bindings": [
      { "name": "CoderAgent", "class_name": "CoderAgent" },
      { "name": "Moved", "class_name": "Moved" },
      { "name": "Api", "class_name": "Api" },
    ],
  },
  "exports": {
    "CoderAgent": { "type": "durable-object", "state": "renamed", "renamed_to": "NewAgent" },
    "NewAgent": { "type": "durable-object", "storage": "sqlite" },
    "Moved": { "type": "durable-object", "state": "transferred", "transferred_to": "other" },
    "Api": { "type": "worker" },
  },
}
`,
        "src/index.ts": renamedEntry,
      },
      findings: [
        { file: "wrangler.jsonc", line: 7, messageId: "exportRenamed", data: { to: "NewAgent" } },
        { file: "wrangler.jsonc", line: 8, messageId: "exportTransferred" },
        { file: "wrangler.jsonc", line: 9, messageId: "exportOtherType", data: { type: "worker" } },
      ],
      output: {
        "wrangler.jsonc": `{
  "name": "coder",
  "main": "src/index.ts",
  "compatibility_flags": ["nodejs_compat"],
  "durable_objects": {
    "bindings": [
      { "name": "CoderAgent", "class_name": "NewAgent" },
      { "name": "Moved", "class_name": "Moved" },
      { "name": "Api", "class_name": "Api" },
    ],
  },
  "exports": {
    "CoderAgent": { "type": "durable-object", "state": "renamed", "renamed_to": "NewAgent" },
    "NewAgent": { "type": "durable-object", "storage": "sqlite" },
    "Moved": { "type": "durable-object", "state": "transferred", "transferred_to": "other" },
    "Api": { "type": "worker" },
  },
}
`,
      },
    },
    {
      name: "exports: an entry with no type, a rename to a class not declared, a rename without a target, an unknown state",
      files: {
        "wrangler.jsonc": `{
  "name": "coder",
  "main": "src/index.ts",
  "compatibility_flags": ["nodejs_compat"],
  "durable_objects": {
    "bindings": [
      { "name": "CoderAgent", "class_name": "CoderAgent" },
      { "name": "Old", "class_name": "Old" },
      { "name": "Lost", "class_name": "Lost" },
      { "name": "Odd", "class_name": "Odd" },
    ],
  },
  "exports": {
    "CoderAgent": { "storage": "sqlite" },
    "Old": { "type": "durable-object", "state": "renamed", "renamed_to": "Newer" },
    "Lost": { "type": "durable-object", "state": "renamed" },
    "Odd": { "type": "durable-object", "state": "paused" },
  },
}
`,
        "src/index.ts": renamedEntry,
      },
      findings: [
        { file: "wrangler.jsonc", line: 7, messageId: "exportNoType", data: { className: "CoderAgent" } },
        { file: "wrangler.jsonc", line: 8, messageId: "exportRenamedNotLive", data: { className: "Old", to: "Newer" } },
        { file: "wrangler.jsonc", line: 9, messageId: "exportRenamedNoTarget", data: { className: "Lost" } },
        { file: "wrangler.jsonc", line: 10, messageId: "exportOtherState", data: { className: "Odd", state: "paused" } },
      ],
    },
    {
      name: "a config in a test folder (facet-only agent bound for the vitest pool): info, saying why",
      files: {
        "wrangler.jsonc": deployedConfig.replace(`},\n}`, `},\n  "migrations": [{ "tag": "v1", "new_sqlite_classes": ["CoderAgent"] }],\n}`),
        "src/index.ts": entry,
        "vitest.config.ts": vitestConfig(`"./src/tests/wrangler.jsonc"`),
        "src/tests/wrangler.jsonc": harnessConfig(),
        "src/tests/worker.ts": `export { CoderAgent } from "../index";\nexport default { fetch() { return new Response("ok"); } };\n`,
      },
      findings: [
        {
          file: "src/tests/wrangler.jsonc",
          line: 4, messageId: "onlyDeployFails",
          severity: "info",
          message: ["This config lies in a test folder (src/tests/)", "wrangler dev and Miniflare need no migration", "Only a deploy would fail"],
        },
      ],
    },
    {
      name: "TOML: a config only a vitest config names (below it, no package of its own): info, environments too",
      files: {
        "vitest.config.mts": `import { defineWorkersConfig } from "@cloudflare/vitest-pool-workers/config";
import path from "node:path";

export default defineWorkersConfig({
  test: { poolOptions: { workers: { wrangler: { configPath: path.join(__dirname, "fixtures", "wrangler.toml") } } } },
});
`,
        "fixtures/wrangler.toml": `main = "worker.ts"

[[durable_objects.bindings]]
name = "CoderAgent"
class_name = "CoderAgent"

[env.ci]
[[env.ci.durable_objects.bindings]]
name = "CoderAgent"
class_name = "CoderAgent"
`,
        "fixtures/worker.ts": entry,
      },
      findings: [
        { file: "fixtures/wrangler.toml", line: 5, messageId: "onlyDeployFails", severity: "info", message: "used only by the vitest pool (../vitest.config.mts names it)" },
        { file: "fixtures/wrangler.toml", line: 10, messageId: "onlyDeployFails", severity: "info", message: "used only by the vitest pool" },
      ],
    },
    {
      name: "the config the vitest pool names next to vitest.config.ts is the deployed one: still an error",
      files: { "wrangler.jsonc": deployedConfig, "src/index.ts": entry, "vitest.config.ts": vitestConfig(`"./wrangler.jsonc"`) },
      findings: [{ file: "wrangler.jsonc", line: 5, messageId: "noMigrations", severity: "error", message: "has no `migrations`" }],
    },
    {
      name: "a config the pool names in a package of its own (its own package.json) is deployed from there: still an error",
      files: {
        "vitest.config.ts": vitestConfig("`./workers/coder/wrangler.jsonc`"),
        "workers/coder/package.json": `{ "name": "coder", "scripts": { "deploy": "wrangler deploy" } }\n`,
        "workers/coder/wrangler.jsonc": deployedConfig,
        "workers/coder/src/index.ts": entry,
      },
      findings: [{ file: "workers/coder/wrangler.jsonc", line: 5, messageId: "noMigrations", severity: "error" }],
    },
    {
      name: "JSONC: no migrations at all, added at the end keeping comments",
      files: {
        "wrangler.jsonc": `{
  // the worker
  "name": "coder",
  "main": "src/index.ts",
  "compatibility_flags": ["nodejs_compat"],
  "durable_objects": {
    "bindings": [{ "name": "CoderAgent", "class_name": "CoderAgent" }]
  }
}
`,
        "src/index.ts": entry,
      },
      findings: [
        {
          file: "wrangler.jsonc",
          line: 7, messageId: "noMigrations",
          message: [
            "has no `migrations`",
            '"The storage.kv (synchronous KV) API is only available for SQLite-backed Durable Objects..."',
            `"Cannot create binding for class 'CoderAgent' because it is not currently configured to implement Durable Objects."`,
          ],
        },
      ],
      output: {
        "wrangler.jsonc": `{
  // the worker
  "name": "coder",
  "main": "src/index.ts",
  "compatibility_flags": ["nodejs_compat"],
  "durable_objects": {
    "bindings": [{ "name": "CoderAgent", "class_name": "CoderAgent" }]
  },
  "migrations": [
    {
      "tag": "v1",
      "new_sqlite_classes": [
        "CoderAgent"
      ]
    }
  ]
}
`,
      },
    },
    {
      name: "JSONC with tabs: a second bound class in no migration gets a new entry with the next tag",
      files: {
        "wrangler.jsonc": `{
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
		// deployed
		{
			"tag": "v1",
			"new_sqlite_classes": ["CoderAgent"],
		},
	],
}
`,
        "src/index.ts": twoAgents,
      },
      findings: [
        {
          file: "wrangler.jsonc",
          line: 8, messageId: "notCreated",
          message: [
            `"Cannot create binding for class 'ReviewAgent' because it is not currently configured to implement Durable Objects. Ensure a --new-class migration has been applied to it."`,
            '(tag "v2")',
            "never edit an entry that was already deployed",
          ],
        },
      ],
      output: {
        "wrangler.jsonc": `{
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
		// deployed
		{
			"tag": "v1",
			"new_sqlite_classes": ["CoderAgent"],
		},
		{
			"tag": "v2",
			"new_sqlite_classes": [
				"ReviewAgent"
			]
		},
	],
}
`,
      },
    },
    {
      name: "TOML: no migrations, a [[migrations]] table is appended",
      files: {
        "wrangler.toml": `#:schema node_modules/wrangler/config-schema.json
name = "coder"
main = "src/index.ts"
compatibility_flags = ["nodejs_compat"]

[[durable_objects.bindings]]
name = "CoderAgent"
class_name = "CoderAgent" # the agent
`,
        "src/index.ts": entry,
      },
      findings: [{ file: "wrangler.toml", line: 8, messageId: "noMigrations" }],
      output: {
        "wrangler.toml": `#:schema node_modules/wrangler/config-schema.json
name = "coder"
main = "src/index.ts"
compatibility_flags = ["nodejs_compat"]

[[durable_objects.bindings]]
name = "CoderAgent"
class_name = "CoderAgent" # the agent

[[migrations]]
tag = "v1"
new_sqlite_classes = ["CoderAgent"]
`,
      },
    },
    {
      name: "TOML: an inline migrations array gets the entry in place",
      files: {
        "wrangler.toml": `name = "coder"
main = "src/index.ts"
compatibility_flags = ["nodejs_compat"]
migrations = [
  { tag = "initial", new_sqlite_classes = ["CoderAgent"] },
]

[[durable_objects.bindings]]
name = "CoderAgent"
class_name = "CoderAgent"

[[durable_objects.bindings]]
name = "ReviewAgent"
class_name = "ReviewAgent"
`,
        "src/index.ts": twoAgents,
      },
      findings: [{ file: "wrangler.toml", line: 14, messageId: "notCreated", data: { tag: "v2" } }],
      output: {
        "wrangler.toml": `name = "coder"
main = "src/index.ts"
compatibility_flags = ["nodejs_compat"]
migrations = [
  { tag = "initial", new_sqlite_classes = ["CoderAgent"] }, { tag = "v2", new_sqlite_classes = ["ReviewAgent"] },
]

[[durable_objects.bindings]]
name = "CoderAgent"
class_name = "CoderAgent"

[[durable_objects.bindings]]
name = "ReviewAgent"
class_name = "ReviewAgent"
`,
      },
    },
    {
      name: "TOML: existing [[migrations]] tables continue the v<N> numbering",
      files: {
        "wrangler.toml": `name = "coder"
main = "src/index.ts"
compatibility_flags = ["nodejs_compat"]

[[durable_objects.bindings]]
name = "CoderAgent"
class_name = "CoderAgent"

[[durable_objects.bindings]]
name = "ReviewAgent"
class_name = "ReviewAgent"

[[migrations]]
tag = "v1"
new_sqlite_classes = ["CoderAgent"]

[[migrations]]
tag = "v3"
new_sqlite_classes = ["Scratch"]

[[migrations]]
tag = "v4"
deleted_classes = ["Scratch"]`,
        "src/index.ts": twoAgents,
      },
      findings: [{ file: "wrangler.toml", line: 11, messageId: "notCreated", data: { tag: "v5" } }],
      output: {
        "wrangler.toml": `name = "coder"
main = "src/index.ts"
compatibility_flags = ["nodejs_compat"]

[[durable_objects.bindings]]
name = "CoderAgent"
class_name = "CoderAgent"

[[durable_objects.bindings]]
name = "ReviewAgent"
class_name = "ReviewAgent"

[[migrations]]
tag = "v1"
new_sqlite_classes = ["CoderAgent"]

[[migrations]]
tag = "v3"
new_sqlite_classes = ["Scratch"]

[[migrations]]
tag = "v4"
deleted_classes = ["Scratch"]

[[migrations]]
tag = "v5"
new_sqlite_classes = ["ReviewAgent"]
`,
      },
    },
    {
      name: "env.staging binds a class the inherited top-level migrations lack: the fix goes to the top level",
      files: {
        "wrangler.jsonc": `{
  "name": "coder",
  "main": "src/index.ts",
  "compatibility_flags": ["nodejs_compat"],
  "durable_objects": { "bindings": [{ "name": "CoderAgent", "class_name": "CoderAgent" }] },
  "migrations": [
    {
      "tag": "v1",
      "new_sqlite_classes": ["CoderAgent"]
    }
  ],
  "env": {
    "staging": {
      "durable_objects": { "bindings": [{ "name": "ReviewAgent", "class_name": "ReviewAgent" }] },
    },
  },
}
`,
        "src/index.ts": twoAgents,
      },
      findings: [{ file: "wrangler.jsonc", line: 14, messageId: "notCreated", data: { className: "ReviewAgent", tag: "v2" } }],
      output: {
        "wrangler.jsonc": `{
  "name": "coder",
  "main": "src/index.ts",
  "compatibility_flags": ["nodejs_compat"],
  "durable_objects": { "bindings": [{ "name": "CoderAgent", "class_name": "CoderAgent" }] },
  "migrations": [
    {
      "tag": "v1",
      "new_sqlite_classes": ["CoderAgent"]
    },
    {
      "tag": "v2",
      "new_sqlite_classes": [
        "ReviewAgent"
      ]
    }
  ],
  "env": {
    "staging": {
      "durable_objects": { "bindings": [{ "name": "ReviewAgent", "class_name": "ReviewAgent" }] },
    },
  },
}
`,
      },
    },
    {
      name: "env.staging with its own migrations: the fix goes there",
      files: {
        "wrangler.toml": `name = "coder"
main = "src/index.ts"
compatibility_flags = ["nodejs_compat"]

[[durable_objects.bindings]]
name = "CoderAgent"
class_name = "CoderAgent"

[[migrations]]
tag = "v1"
new_sqlite_classes = ["CoderAgent", "ReviewAgent"]

[env.staging]
name = "coder-staging"

[[env.staging.durable_objects.bindings]]
name = "ReviewAgent"
class_name = "ReviewAgent"

[[env.staging.migrations]]
tag = "v1"
new_sqlite_classes = ["CoderAgent"]
`,
        "src/index.ts": twoAgents,
      },
      findings: [{ file: "wrangler.toml", line: 18, messageId: "notCreated", data: { tag: "v2" } }],
      output: {
        "wrangler.toml": `name = "coder"
main = "src/index.ts"
compatibility_flags = ["nodejs_compat"]

[[durable_objects.bindings]]
name = "CoderAgent"
class_name = "CoderAgent"

[[migrations]]
tag = "v1"
new_sqlite_classes = ["CoderAgent", "ReviewAgent"]

[env.staging]
name = "coder-staging"

[[env.staging.durable_objects.bindings]]
name = "ReviewAgent"
class_name = "ReviewAgent"

[[env.staging.migrations]]
tag = "v1"
new_sqlite_classes = ["CoderAgent"]

[[env.staging.migrations]]
tag = "v2"
new_sqlite_classes = ["ReviewAgent"]
`,
      },
    },
    {
      name: "the exports key lacks a bound class (or marks it deleted): no fix",
      files: {
        "wrangler.jsonc": `{
  "name": "coder",
  "main": "src/index.ts",
  "compatibility_flags": ["nodejs_compat"],
  "durable_objects": {
    "bindings": [
      { "name": "CoderAgent", "class_name": "CoderAgent" },
      { "name": "ReviewAgent", "class_name": "ReviewAgent" },
    ],
  },
  "exports": {
    "CoderAgent": { "type": "durable-object", "storage": "sqlite", "state": "deleted" },
  },
}
`,
        "src/index.ts": twoAgents,
      },
      findings: [
        {
          file: "wrangler.jsonc",
          line: 7, messageId: "exportDeleted",
          message: ['"CoderAgent" is bound but `exports` declares it `"state": "deleted"`', `"Cannot apply --delete-class migration to class 'CoderAgent' without also removing the binding that references it."`],
        },
        { file: "wrangler.jsonc", line: 8, messageId: "notInExports", data: { className: "ReviewAgent" }, message: `\`"ReviewAgent": { "type": "durable-object", "storage": "sqlite" }\`` },
      ],
      output: null,
    },
    {
      name: "a class that exists but is not exported still needs a migration",
      files: {
        "wrangler.jsonc": `{
  "name": "coder",
  "main": "src/index.ts",
  "compatibility_flags": ["nodejs_compat"],
  "durable_objects": { "bindings": [{ "name": "CoderAgent", "class_name": "CoderAgent" }] },
  "migrations": [],
}
`,
        "src/index.ts": `export default { fetch() { return new Response("ok"); } };\n`,
        "src/agent.ts": entry,
      },
      findings: [{ file: "wrangler.jsonc", line: 5, messageId: "noMigrations" }],
      output: {
        "wrangler.jsonc": `{
  "name": "coder",
  "main": "src/index.ts",
  "compatibility_flags": ["nodejs_compat"],
  "durable_objects": { "bindings": [{ "name": "CoderAgent", "class_name": "CoderAgent" }] },
  "migrations": [
    {
      "tag": "v1",
      "new_sqlite_classes": [
        "CoderAgent"
      ]
    }
  ],
}
`,
      },
    },
  ],
});
