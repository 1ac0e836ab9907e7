import { testRule } from "../../support/ruleTester";

const index = `import { Agent, routeAgentRequest } from "agents";
export class CoderAgent extends Agent<Env> {}
export class Reviewer extends Agent<Env> {}
export default {
  async fetch(request: Request, env: Env) {
    return (await routeAgentRequest(request, env)) ?? new Response("Not found", { status: 404 });
  },
};
`;
const typeError = "TypeError: Cannot read properties of undefined (reading 'idFromName')";
/** A package whose deploy script picks the environment at run time: every environment counts as run. */
const deployedByScript = JSON.stringify({ name: "coder", private: true, scripts: { deploy: "wrangler deploy --env $WORKER_ENV" } }, null, 2) + "\n";

/** Top level with two bindings, written the way Cloudflare's docs write them; `env` is appended. */
const jsonc = (env: string) => `{
  "$schema": "node_modules/wrangler/config-schema.json",
  "name": "coder",
  "main": "src/index.ts",
  "compatibility_flags": ["nodejs_compat"],
  "durable_objects": {
    "bindings": [
      {
        "name": "CoderAgent",
        "class_name": "CoderAgent"
      },
      {
        "name": "REVIEWER",
        "class_name": "Reviewer"
      }
    ]
  },
  "migrations": [
    {
      "tag": "v1",
      "new_sqlite_classes": ["CoderAgent", "Reviewer"]
    }
  ],
  "env": {
${env}
  }
}
`;
const bothBindings = `{
          "bindings": [
            { "name": "CoderAgent", "class_name": "CoderAgent" },
            { "name": "REVIEWER", "class_name": "Reviewer" },
          ],
        }`;

const toml = (env: string) => `#:schema node_modules/wrangler/config-schema.json
name = "coder"
main = "src/index.ts"
compatibility_flags = ["nodejs_compat"]

[[durable_objects.bindings]]
name = "CoderAgent"
class_name = "CoderAgent"

[[durable_objects.bindings]]
name = "REVIEWER"
class_name = "Reviewer"

[[migrations]]
tag = "v1"
new_sqlite_classes = ["CoderAgent", "Reviewer"]
${env}`;

testRule("env-missing-bindings", {
  valid: [
    {
      name: "every environment repeats the bindings (JSONC)",
      files: {
        "wrangler.jsonc": jsonc(`    // preview deployments
    "staging": {
      "durable_objects": ${bothBindings},
    },
    "production": {
      "name": "coder-prod",
      "durable_objects": ${bothBindings},
    },`),
        "src/index.ts": index,
      },
    },
    {
      name: "an environment may add bindings of its own",
      files: {
        "wrangler.jsonc": jsonc(`    "staging": {
      "durable_objects": {
        "bindings": [
          { "name": "CoderAgent", "class_name": "CoderAgent" },
          { "name": "REVIEWER", "class_name": "Reviewer" },
          { "name": "DEBUG", "class_name": "Debugger", "script_name": "debug-tools" },
        ],
      },
    },`),
        "src/index.ts": index,
      },
    },
    {
      name: "no top-level bindings: nothing to inherit",
      files: {
        "wrangler.jsonc": `{
  "name": "coder",
  "main": "src/index.ts",
  "compatibility_flags": ["nodejs_compat"],
  "env": {
    "staging": {
      "durable_objects": { "bindings": [{ "name": "CoderAgent", "class_name": "CoderAgent" }] },
      "migrations": [{ "tag": "v1", "new_sqlite_classes": ["CoderAgent"] }],
    },
  },
}
`,
        "src/index.ts": index,
      },
    },
    {
      name: "no environments at all (TOML)",
      files: { "wrangler.toml": toml(""), "src/index.ts": index },
    },
    {
      name: "TOML environment with its own array of tables",
      files: {
        "wrangler.toml": toml(`
[env.staging]
name = "coder-staging"

[[env.staging.durable_objects.bindings]]
name = "CoderAgent"
class_name = "CoderAgent"

[[env.staging.durable_objects.bindings]]
name = "REVIEWER"
class_name = "Reviewer"
`),
        "src/index.ts": index,
      },
    },
    {
      name: "--env production skips a broken env.staging",
      env: "production",
      files: {
        "wrangler.jsonc": jsonc(`    "staging": {},
    "production": {
      "durable_objects": ${bothBindings},
    },`),
        "src/index.ts": index,
      },
    },
  ],
  invalid: [
    {
      name: "JSONC: an environment with one of three bindings gets the other two in one fix",
      files: {
        "wrangler.jsonc": `{
  "main": "src/index.ts",
  "compatibility_flags": ["nodejs_compat"],
  "durable_objects": { "bindings": [
    { "name": "CoderAgent", "class_name": "CoderAgent" },
    { "name": "REVIEWER", "class_name": "Reviewer" },
    { "name": "WRITER", "class_name": "Reviewer" },
  ] },
  "migrations": [{ "tag": "v1", "new_sqlite_classes": ["CoderAgent", "Reviewer"] }],
  "env": {
    "staging": {
      "durable_objects": { "bindings": [
        { "name": "CoderAgent", "class_name": "CoderAgent" }, // the main one
      ] },
    },
  },
}
`,
        "src/index.ts": index,
      },
      findings: [{ file: "wrangler.jsonc", line: 11, message: ['"REVIEWER", "WRITER"', typeError] }],
      output: {
        "wrangler.jsonc": `{
  "main": "src/index.ts",
  "compatibility_flags": ["nodejs_compat"],
  "durable_objects": { "bindings": [
    { "name": "CoderAgent", "class_name": "CoderAgent" },
    { "name": "REVIEWER", "class_name": "Reviewer" },
    { "name": "WRITER", "class_name": "Reviewer" },
  ] },
  "migrations": [{ "tag": "v1", "new_sqlite_classes": ["CoderAgent", "Reviewer"] }],
  "env": {
    "staging": {
      "durable_objects": { "bindings": [
        { "name": "CoderAgent", "class_name": "CoderAgent" }, // the main one
        { "name": "REVIEWER", "class_name": "Reviewer" },
        { "name": "WRITER", "class_name": "Reviewer" },
      ] },
    },
  },
}
`,
      },
    },
    {
      name: "TOML environment written as an inline table: reported, no fix that would break the file",
      files: { "package.json": deployedByScript,
        "wrangler.toml": `name = "coder"
main = "src/index.ts"
compatibility_flags = ["nodejs_compat"]

[[durable_objects.bindings]]
name = "CoderAgent"
class_name = "CoderAgent"

[[migrations]]
tag = "v1"
new_sqlite_classes = ["CoderAgent"]

[env]
staging = { vars = { STAGE = "staging" } }
`,
        "src/index.ts": index,
      },
      findings: [{ file: "wrangler.toml", line: 14, message: typeError }],
      output: null,
    },
    {
      name: "JSONC: a one-line environment with a trailing comment keeps both",
      files: { "package.json": deployedByScript,
        "wrangler.jsonc": `{
  "main": "src/index.ts",
  "compatibility_flags": ["nodejs_compat"],
  "durable_objects": { "bindings": [{ "name": "CoderAgent", "class_name": "CoderAgent" }] },
  "migrations": [{ "tag": "v1", "new_sqlite_classes": ["CoderAgent"] }],
  "env": {
    "staging": { "vars": { "STAGE": "staging" } }, // preview deploys
  },
}
`,
        "src/index.ts": index,
      },
      findings: [{ file: "wrangler.jsonc", line: 7, message: typeError }],
      output: {
        "wrangler.jsonc": `{
  "main": "src/index.ts",
  "compatibility_flags": ["nodejs_compat"],
  "durable_objects": { "bindings": [{ "name": "CoderAgent", "class_name": "CoderAgent" }] },
  "migrations": [{ "tag": "v1", "new_sqlite_classes": ["CoderAgent"] }],
  "env": {
    "staging": { "vars": { "STAGE": "staging" }, "durable_objects": { "bindings": [{ "name": "CoderAgent", "class_name": "CoderAgent" }] } }, // preview deploys
  },
}
`,
      },
    },
    {
      name: "env.staging has no durable_objects (JSONC)",
      files: { "package.json": deployedByScript,
        "wrangler.jsonc": jsonc(`    // preview deployments
    "staging": {
      "name": "coder-preview",
      "route": "preview.example.com/*",
    },`),
        "src/index.ts": index,
      },
      findings: [{ file: "wrangler.jsonc", line: 26, message: ["env.staging has no `durable_objects`", "not inherited", typeError, `("CoderAgent", "REVIEWER")`] }],
      output: {
        "wrangler.jsonc": jsonc(`    // preview deployments
    "staging": {
      "name": "coder-preview",
      "route": "preview.example.com/*",
      "durable_objects": {
        "bindings": [
          {
            "name": "CoderAgent",
            "class_name": "CoderAgent"
          },
          {
            "name": "REVIEWER",
            "class_name": "Reviewer"
          }
        ]
      },
    },`),
      },
    },
    {
      name: "an environment of a name and vars that nothing in the project runs: a warning saying so (real: env.staging holding only a name while CI deploys the top level)",
      files: { "wrangler.jsonc": jsonc(`    "staging": {
      "name": "coder-staging",
      "vars": { "ENVIRONMENT": "staging" },
    },`), "src/index.ts": index, "package.json": JSON.stringify({ scripts: { dev: "wrangler dev", deploy: "wrangler deploy" } }) },
      findings: [
          {
          file: "wrangler.jsonc",
          line: 25,
          severity: "warning",
          messageId: "notKnownDeployed",
          data: { findingId: "noneDurableObjects", envName: "staging" },
          message: ["env.staging has no `durable_objects`", "Nothing in the project says env.staging is run", "runs `--env staging`", "Requests to /agents/* get 400"],
        },
      ],
    },
    {
      name: "the same environment deployed by a package script: an error",
      files: { "wrangler.jsonc": jsonc(`    "staging": {
      "name": "coder-staging",
      "vars": { "ENVIRONMENT": "staging" },
    },`), "src/index.ts": index, "package.json": JSON.stringify({ scripts: { "deploy:staging": "npm run build && wrangler deploy --env staging" } }) },
      findings: [{ file: "wrangler.jsonc", line: 25, severity: "error", messageId: "noneDurableObjects" }],
    },
    {
      name: "the same environment named in a README above the worker, in a comment of the config, or a CI workflow: an error",
      files: {
        "apps/coder/wrangler.jsonc": jsonc(`    "staging": {
      "name": "coder-staging",
      "vars": { "ENVIRONMENT": "staging" },
    },`),
        "apps/coder/src/index.ts": index,
        "README.md": "# Deploying\n\n```sh\nnpx wrangler deploy -e staging\n```\n",
        ".git/HEAD": "ref: refs/heads/main\n",
        "commented/wrangler.jsonc": jsonc(`    // deployed with \`wrangler deploy --env=staging\`\n    "staging": {
      "name": "coder-staging",
      "vars": { "ENVIRONMENT": "staging" },
    },`),
        "commented/src/index.ts": index,
        "ci/wrangler.jsonc": jsonc(`    "staging": {
      "name": "coder-staging",
      "vars": { "ENVIRONMENT": "staging" },
    },`),
        "ci/src/index.ts": index,
        "ci/.github/workflows/deploy.yml": "jobs:\n  deploy:\n    steps:\n      - uses: cloudflare/wrangler-action@v3\n        with:\n          environment: staging\n",
      },
      findings: [
        { file: "apps/coder/wrangler.jsonc", line: 25, severity: "error", messageId: "noneDurableObjects" },
        { file: "commented/wrangler.jsonc", line: 26, severity: "error", messageId: "noneDurableObjects" },
        { file: "ci/wrangler.jsonc", line: 25, severity: "error", messageId: "noneDurableObjects" },
      ],
    },
    {
      name: "an environment with bindings of its own is a deploy target: an error without any script; without routeAgentRequest the message says no /agents/*",
      files: {
        "wrangler.jsonc": jsonc(`    "staging": {
      "name": "coder-staging",
      "kv_namespaces": [{ "binding": "CACHE", "id": "0f2ac74b498b48028cb68387c421e279" }],
    },`),
        "src/index.ts": `import { DurableObject } from "cloudflare:workers";\nexport class CoderAgent extends DurableObject {}\nexport class Reviewer extends DurableObject {}\nexport default { fetch() { return new Response("ok"); } };\n`,
      },
      findings: [{ file: "wrangler.jsonc", line: 25, severity: "error", messageId: "noneDurableObjects", message: ["so using it fails with", typeError] }],
    },
    {
      name: "an empty environment object: a warning (a leftover as often as a setup relying on inheritance; real: openagents-world's env.production)",
      files: { "wrangler.jsonc": jsonc(`    "staging": {},`), "src/index.ts": index },
      findings: [{ file: "wrangler.jsonc", line: 25, severity: "warning", message: "--env staging" }],
      output: {
        "wrangler.jsonc": jsonc(`    "staging": {
      "durable_objects": {
        "bindings": [
          {
            "name": "CoderAgent",
            "class_name": "CoderAgent"
          },
          {
            "name": "REVIEWER",
            "class_name": "Reviewer"
          }
        ]
      }
    },`),
      },
    },
    {
      name: "durable_objects written without bindings",
      files: {
        "wrangler.jsonc": jsonc(`    "staging": {
      "durable_objects": {},
    },`),
        "src/index.ts": index,
      },
      findings: [{ file: "wrangler.jsonc", line: 25 }],
      output: {
        "wrangler.jsonc": jsonc(`    "staging": {
      "durable_objects": {
        "bindings": [
          {
            "name": "CoderAgent",
            "class_name": "CoderAgent"
          },
          {
            "name": "REVIEWER",
            "class_name": "Reviewer"
          }
        ]
      },
    },`),
      },
    },
    {
      name: "an environment lacks one of two bindings (trailing comma kept)",
      files: {
        "wrangler.jsonc": jsonc(`    "partial": {
      "durable_objects": {
        "bindings": [
          {
            "name": "CoderAgent",
            "class_name": "CoderAgent"
          },
        ]
      }
    }`),
        "src/index.ts": index,
      },
      findings: [{ file: "wrangler.jsonc", line: 25, message: ['lacks the Durable Object binding "REVIEWER"', "env.REVIEWER is undefined", typeError] }],
      output: {
        "wrangler.jsonc": jsonc(`    "partial": {
      "durable_objects": {
        "bindings": [
          {
            "name": "CoderAgent",
            "class_name": "CoderAgent"
          },
          {
            "name": "REVIEWER",
            "class_name": "Reviewer"
          },
        ]
      }
    }`),
      },
    },
    {
      name: "only the environment chosen with --env is reported",
      env: "staging",
      files: { "package.json": deployedByScript, "wrangler.jsonc": jsonc(`    "staging": { "vars": { "STAGE": "staging" } },\n    "production": {},`), "src/index.ts": index },
      findings: [{ file: "wrangler.jsonc", line: 25, message: "--env staging" }],
    },
    {
      name: "TOML environment table without bindings: tables appended, comment kept",
      files: { "package.json": deployedByScript,
        "wrangler.toml": toml(`
[env.staging]
vars = { STAGE = "staging" } # no bindings here
`),
        "src/index.ts": index,
      },
      findings: [{ file: "wrangler.toml", line: 18, message: ["env.staging has no `durable_objects`", typeError] }],
      output: {
        "wrangler.toml": toml(`
[env.staging]
vars = { STAGE = "staging" } # no bindings here

[[env.staging.durable_objects.bindings]]
name = "CoderAgent"
class_name = "CoderAgent"

[[env.staging.durable_objects.bindings]]
name = "REVIEWER"
class_name = "Reviewer"
`),
      },
    },
    {
      name: "TOML inline bindings array lacking one binding",
      files: {
        "wrangler.toml": toml(`
[env.production]
name = "coder-prod"
durable_objects.bindings = [
  { name = "CoderAgent", class_name = "CoderAgent" }, # the agent
]
`),
        "src/index.ts": index,
      },
      findings: [{ file: "wrangler.toml", line: 18, message: 'binding "REVIEWER"' }],
      output: {
        "wrangler.toml": toml(`
[env.production]
name = "coder-prod"
durable_objects.bindings = [
  { name = "CoderAgent", class_name = "CoderAgent" }, { name = "REVIEWER", class_name = "Reviewer" }, # the agent
]
`),
      },
    },
    {
      name: "a cross-worker binding is copied with its script_name (TOML)",
      files: { "package.json": deployedByScript,
        "wrangler.toml": `name = "web"
main = "src/index.ts"

[[durable_objects.bindings]]
name = "STORE"
class_name = "Store"
script_name = "store"

[env.staging]
name = "web-staging"
`,
        "src/index.ts": `export default {\n  async fetch(request: Request, env: Env) {\n    return env.STORE.get(env.STORE.idFromName("main")).fetch(request);\n  },\n};\n`,
      },
      findings: [{ file: "wrangler.toml", line: 9, message: 'Copy the bindings ("STORE")' }],
      output: {
        "wrangler.toml": `name = "web"
main = "src/index.ts"

[[durable_objects.bindings]]
name = "STORE"
class_name = "Store"
script_name = "store"

[env.staging]
name = "web-staging"

[[env.staging.durable_objects.bindings]]
name = "STORE"
class_name = "Store"
script_name = "store"
`,
      },
    },
  ],
});

// The other kinds that are not inherited: workflows, services, containers, tail_consumers.
const flowIndex = `import { WorkflowEntrypoint } from "cloudflare:workers";
import { Container } from "@cloudflare/containers";
export class Jobs extends WorkflowEntrypoint<Env> { async run() {} }
export class Box extends Container<Env> {}
export default { async fetch(request: Request, env: Env) { await env.JOBS.create(); return env.API.fetch(request); } };
`;

const ownHistory = (stagingBindings: string) => `{
  "name": "app",
  "main": "src/index.ts",
  "containers": [{ "class_name": "Box", "image": "./Dockerfile" }],
  "durable_objects": { "bindings": [{ "name": "BOX", "class_name": "Box" }, { "name": "CODER", "class_name": "CoderAgent" }] },
  "migrations": [{ "tag": "v1", "new_sqlite_classes": ["Box"] }, { "tag": "v2", "new_sqlite_classes": ["CoderAgent"] }],
  "env": {
    "staging": {
      "durable_objects": { "bindings": [${stagingBindings}] },
      // staging runs no containers: its own history never creates Box
      "migrations": [{ "tag": "v1", "new_sqlite_classes": ["CoderAgent"] }],
    },
  },
}
`;
const ownHistoryIndex = `${flowIndex}export { CoderAgent } from "./agent";\n`;

testRule("env-missing-bindings", {
  valid: [
    {
      name: "an environment that repeats workflows and services, and writes its own containers and tail consumers",
      files: {
        "wrangler.jsonc": `{
  "name": "app",
  "main": "src/index.ts",
  "workflows": [{ "binding": "JOBS", "name": "jobs", "class_name": "Jobs" }],
  "services": [{ "binding": "API", "service": "api" }],
  "tail_consumers": [{ "service": "tail" }],
  "containers": [{ "class_name": "Box", "image": "./Dockerfile" }],
  "durable_objects": { "bindings": [{ "name": "BOX", "class_name": "Box" }] },
  "migrations": [{ "tag": "v1", "new_sqlite_classes": ["Box"] }],
  "env": {
    "staging": {
      "workflows": [{ "binding": "JOBS", "name": "jobs-staging", "class_name": "Jobs" }],
      "services": [{ "binding": "API", "service": "api-staging" }],
      "tail_consumers": [],
      "containers": [{ "class_name": "Box", "image": "./Dockerfile", "max_instances": 1 }],
      "durable_objects": { "bindings": [{ "name": "BOX", "class_name": "Box" }] },
    },
  },
}
`,
        "src/index.ts": flowIndex,
      },
    },
    {
      name: "an environment whose own migrations never create a class leaves its binding and container out on purpose (real: openagents' env.staging)",
      files: {
        "wrangler.jsonc": ownHistory(`{ "name": "CODER", "class_name": "CoderAgent" }`),
        "src/index.ts": ownHistoryIndex,
        "src/agent.ts": `import { Agent } from "agents";\nexport class CoderAgent extends Agent<Env> {}\n`,
      },
    },
  ],
  invalid: [
    {
      name: "an environment with its own migrations still needs the bindings of the classes they create",
      files: {
        "wrangler.jsonc": ownHistory(""),
        "src/index.ts": ownHistoryIndex,
        "src/agent.ts": `import { Agent } from "agents";\nexport class CoderAgent extends Agent<Env> {}\n`,
      },
      findings: [{ file: "wrangler.jsonc", line: 8, messageId: "noneDurableObjects", data: { names: '"CODER"' } }],
      output: {
        "wrangler.jsonc": ownHistory(`
          {
            "name": "CODER",
            "class_name": "CoderAgent"
          }
        `),
      },
    },
    {
      name: "JSONC: an environment without workflows and services gets one finding per kind (the first one's fix shown)",
      files: { "package.json": deployedByScript,
        "wrangler.jsonc": `{
  "name": "app",
  "main": "src/index.ts",
  "workflows": [
    // the nightly job
    { "binding": "JOBS", "name": "jobs", "class_name": "Jobs" },
  ],
  "services": [{ "binding": "API", "service": "api", "entrypoint": "Api" }],
  "env": {
    "staging": { "vars": { "STAGE": "staging" } },
  },
}
`,
        "src/index.ts": flowIndex,
      },
      findings: [
        { file: "wrangler.jsonc", line: 10, message: ["env.staging has no `workflows`", '"JOBS"', "reading 'create'"] },
        { file: "wrangler.jsonc", line: 10, message: ["env.staging has no `services`", '"API"', "env.API is undefined"] },
      ],
      output: {
        "wrangler.jsonc": `{
  "name": "app",
  "main": "src/index.ts",
  "workflows": [
    // the nightly job
    { "binding": "JOBS", "name": "jobs", "class_name": "Jobs" },
  ],
  "services": [{ "binding": "API", "service": "api", "entrypoint": "Api" }],
  "env": {
    "staging": { "vars": { "STAGE": "staging" }, "workflows": [{ "binding": "JOBS", "name": "jobs", "class_name": "Jobs" }] },
  },
}
`,
      },
    },
    {
      name: "JSONC: a service binding missing from an environment's own list",
      files: {
        "wrangler.jsonc": `{
  "name": "app",
  "main": "src/index.ts",
  "services": [
    { "binding": "API", "service": "api" },
    { "binding": "AUTH", "service": "auth" },
  ],
  "env": {
    "production": {
      "services": [
        { "binding": "API", "service": "api-prod" },
      ],
    },
  },
}
`,
        "src/index.ts": flowIndex,
      },
      findings: [{ file: "wrangler.jsonc", line: 9, message: ['lacks the service binding "AUTH"', "`services` is not inherited"] }],
      output: {
        "wrangler.jsonc": `{
  "name": "app",
  "main": "src/index.ts",
  "services": [
    { "binding": "API", "service": "api" },
    { "binding": "AUTH", "service": "auth" },
  ],
  "env": {
    "production": {
      "services": [
        { "binding": "API", "service": "api-prod" },
        { "binding": "AUTH", "service": "auth" },
      ],
    },
  },
}
`,
      },
    },
    {
      name: "TOML: containers and tail consumers missing from an environment (tail consumers are a warning)",
      files: {
        "wrangler.toml": `name = "app"
main = "src/index.ts"

[[durable_objects.bindings]]
name = "BOX"
class_name = "Box"

[[containers]]
class_name = "Box"
image = "./Dockerfile"
max_instances = 3

[[tail_consumers]]
service = "tail"

[[migrations]]
tag = "v1"
new_sqlite_classes = ["Box"]

[env.staging]
name = "app-staging" # preview

[[env.staging.durable_objects.bindings]]
name = "BOX"
class_name = "Box"
`,
        "src/index.ts": flowIndex,
      },
      findings: [
        { file: "wrangler.toml", line: 20, message: ["env.staging has no `containers`", "Containers have not been enabled for this Durable Object class"] },
        { file: "wrangler.toml", line: 20, severity: "warning", message: ["env.staging has no `tail_consumers`", '"tail"'] },
      ],
      output: {
        "wrangler.toml": `name = "app"
main = "src/index.ts"

[[durable_objects.bindings]]
name = "BOX"
class_name = "Box"

[[containers]]
class_name = "Box"
image = "./Dockerfile"
max_instances = 3

[[tail_consumers]]
service = "tail"

[[migrations]]
tag = "v1"
new_sqlite_classes = ["Box"]

[env.staging]
name = "app-staging" # preview

[[env.staging.durable_objects.bindings]]
name = "BOX"
class_name = "Box"

[[env.staging.containers]]
class_name = "Box"
image = "./Dockerfile"
max_instances = 3
`,
      },
    },
  ],
});

// Bindings the code tests for presence before every use: optional by design (source/presenceChecks.ts).
const serviceConfig = (staging: string) => `{
  "name": "app",
  "main": "src/index.ts",
  "services": [
    { "binding": "RELAY", "service": "relay" },
    { "binding": "AUTH", "service": "auth" },
  ],
  "env": {
    "staging": ${staging},
  },
}
`;
const relayChecked = `export default {
  async scheduled(controller: ScheduledController, env: Env) {
    const fetchFn = env.RELAY
      ? (url: string) => (env.RELAY as Fetcher).fetch(url)
      : undefined;
    await probe(fetchFn);
  },
  async fetch(request: Request, env: Env) { return env.AUTH.fetch(request); },
};
`;
const doConfig = `{
  "name": "app",
  "main": "src/index.ts",
  "durable_objects": { "bindings": [{ "name": "SIDECAR", "class_name": "Sidecar" }] },
  "migrations": [{ "tag": "v1", "new_sqlite_classes": ["Sidecar"] }],
  "env": {
    "staging": { "vars": { "STAGE": "staging" } },
  },
}
`;
const sidecarClass = `import { DurableObject } from "cloudflare:workers";
export class Sidecar extends DurableObject {}
`;

testRule("env-missing-bindings", {
  valid: [],
  invalid: [
    {
      name: "a service binding the code tests before use (`env.X ? ... env.X.fetch() : undefined`) is left out on purpose: info (real: openagents' staging); the other one stays an error",
      files: { "package.json": deployedByScript, "wrangler.jsonc": serviceConfig(`{ "services": [{ "binding": "AUTH", "service": "auth-staging" }] }`), "src/index.ts": relayChecked },
      findings: [{ file: "wrangler.jsonc", line: 9, severity: "info", messageId: "checkedInCode", data: { tested: "env.RELAY" } }],
    },
    {
      name: "of two lacking bindings, only the one used without a test is reported",
      files: { "package.json": deployedByScript, "wrangler.jsonc": serviceConfig(`{ "vars": { "STAGE": "staging" } }`), "src/index.ts": relayChecked },
      findings: [{ file: "wrangler.jsonc", line: 9, messageId: "none", data: { names: '"AUTH"' } }],
    },
    {
      name: "a use in another module with no test before it keeps the binding required",
      files: {
        "package.json": deployedByScript,
        "wrangler.jsonc": serviceConfig(`{ "services": [{ "binding": "AUTH", "service": "auth-staging" }] }`),
        "src/index.ts": `import { ping } from "./ping";\n${relayChecked}`,
        "src/ping.ts": `export function ping(env: Env) { return env.RELAY.fetch("https://relay/ping"); }\n`,
      },
      findings: [{ file: "wrangler.jsonc", line: 9, messageId: "lacks", data: { names: '"RELAY"' } }],
    },
    {
      name: "a Durable Object namespace tested through an alias (`const ns = env.X; if (ns === undefined) return`): info",
      files: {
        "package.json": deployedByScript,
        "wrangler.jsonc": doConfig,
        "src/index.ts": `export { Sidecar } from "./sidecar";
export default {
  async fetch(request: Request, env: Env) {
    const namespace = env.SIDECAR;
    if (namespace === undefined) return new Response("no sidecar here", { status: 404 });
    return namespace.get(namespace.idFromName("one")).fetch(request);
  },
};
`,
        "src/sidecar.ts": sidecarClass,
      },
      findings: [{ file: "wrangler.jsonc", line: 7, severity: "info", messageId: "checkedInCode", data: { names: '"SIDECAR"' } }],
    },
    {
      name: "a typed alias tested with `!`, and `this.env.X?.` in a class: info",
      files: {
        "package.json": deployedByScript,
        "wrangler.jsonc": doConfig,
        "src/index.ts": `export { Sidecar } from "./sidecar";
export class Api {
  constructor(private env: Env) {}
  peek() { return this.env.SIDECAR?.idFromName("peek"); }
}
export default {
  async fetch(request: Request, env: Env) {
    const ns: DurableObjectNamespace | undefined = env.SIDECAR;
    if (!ns) return new Response("none");
    return ns.get(ns.idFromName("one")).fetch(request);
  },
};
`,
        "src/sidecar.ts": sidecarClass,
      },
      findings: [{ file: "wrangler.jsonc", line: 7, severity: "info", messageId: "checkedInCode" }],
    },
    {
      name: "an alias never tested, or a test that only comes after a use, leaves the binding required",
      files: {
        "package.json": deployedByScript,
        "wrangler.jsonc": doConfig,
        "src/index.ts": `export { Sidecar } from "./sidecar";
export default {
  async fetch(request: Request, env: Env) {
    const ns = env.SIDECAR;
    const stub = ns.get(ns.idFromName("one"));
    if (env.SIDECAR === undefined) return new Response("too late");
    return stub.fetch(request);
  },
};
`,
        "src/sidecar.ts": sidecarClass,
      },
      findings: [{ file: "wrangler.jsonc", line: 7, severity: "error", messageId: "noneDurableObjects" }],
    },
  ],
});
