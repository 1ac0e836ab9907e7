import { testRule } from "../../support/ruleTester";

const entry = `import { Agent } from "agents";
export class CoderAgent extends Agent<Env> {}
export default { fetch() { return new Response("ok"); } };
`;
const twoAgents = `import { Agent } from "agents";
export class CoderAgent extends Agent<Env> {}
export class ReviewAgent extends Agent<Env> {}
export default { fetch() { return new Response("ok"); } };
`;

testRule("binding-missing-migration", {
  valid: [
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
  ],
  invalid: [
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
          line: 7,
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
          line: 8,
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
      findings: [{ file: "wrangler.toml", line: 8, message: "has no `migrations`" }],
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
      findings: [{ file: "wrangler.toml", line: 14, message: '(tag "v2")' }],
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
      findings: [{ file: "wrangler.toml", line: 11, message: 'Add a new migration entry (tag "v5")' }],
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
      findings: [{ file: "wrangler.jsonc", line: 14, message: ['"ReviewAgent" is bound but no migration creates it', '(tag "v2")'] }],
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
      findings: [{ file: "wrangler.toml", line: 18, message: 'tag "v2"' }],
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
          line: 7,
          message: ['"CoderAgent" is bound but `exports` declares it `"state": "deleted"`', `"Cannot apply --delete-class migration to class 'CoderAgent' without also removing the binding that references it."`],
        },
        { file: "wrangler.jsonc", line: 8, message: ['"ReviewAgent" is bound but not declared in `exports`', `\`"ReviewAgent": { "type": "durable-object", "storage": "sqlite" }\``] },
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
      findings: [{ file: "wrangler.jsonc", line: 5, message: "has no `migrations`" }],
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
