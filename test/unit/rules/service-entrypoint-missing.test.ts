import * as assert from "node:assert/strict";
import { fixLeavesNothingNew } from "../../support/fixRecheck";
import { testRule, type InvalidCase } from "../../support/ruleTester";

const web = `export default { async fetch(request: Request, env: Env) { return env.API.fetch(request); } };\n`;
const apiWith = (body: string) => `import { WorkerEntrypoint } from "cloudflare:workers";\n${body}\nexport default { fetch() { return new Response("api"); } };\n`;
const webConfig = (entrypoint: string, extra = "") => `{
  "name": "web",
  "main": "src/index.ts",
  "services": [{ "binding": "API", "service": "api", "entrypoint": ${JSON.stringify(entrypoint)} }],${extra}
}
`;
const apiConfig = `{ "name": "api", "main": "src/index.ts" }\n`;

testRule("service-entrypoint-missing", {
  valid: [
    {
      name: "a self-binding to a Workflow class: it answers RPC through the binding (measured with wrangler dev 4.86 and 4.164), not judged",
      files: {
        "wrangler.toml": `name = "self"\nmain = "src/index.ts"\n\n[[services]]\nbinding = "SELF"\nservice = "self"\nentrypoint = "Flow"\n`,
        "src/index.ts": `import { WorkflowEntrypoint } from "cloudflare:workers";\nexport class Flow extends WorkflowEntrypoint { async run() {} }\nexport default { fetch() { return new Response("ok"); } };\n`,
      },
    },
    {
      name: "the target exports a WorkerEntrypoint of that name",
      files: { "web/wrangler.jsonc": webConfig("Api"), "web/src/index.ts": web, "api/wrangler.jsonc": apiConfig, "api/src/index.ts": apiWith("export class Api extends WorkerEntrypoint {}") },
    },
    {
      name: "re-exported from another file, and an exported object handler",
      files: {
        "web/wrangler.jsonc": `{ "name": "web", "main": "src/index.ts", "services": [{ "binding": "API", "service": "api", "entrypoint": "Api" }, { "binding": "HOOKS", "service": "api", "entrypoint": "hooks" }] }\n`,
        "web/src/index.ts": web,
        "api/wrangler.jsonc": apiConfig,
        "api/src/index.ts": `export { Api } from "./api";\nexport const hooks = { fetch() { return new Response("hook"); } };\nexport default { fetch() { return new Response("api"); } };\n`,
        "api/src/api.ts": `import { WorkerEntrypoint } from "cloudflare:workers";\nexport class Api extends WorkerEntrypoint {}\n`,
      },
    },
    { name: "a service that is no worker of the workspace", files: { "web/wrangler.jsonc": webConfig("Api").replace('"api"', '"billing"'), "web/src/index.ts": web } },
    { name: '"entrypoint": "default" to a worker outside the workspace is not judged', files: { "web/wrangler.jsonc": webConfig("default"), "web/src/index.ts": web } },
    {
      name: "the target re-exports everything from a package: not judged",
      files: { "web/wrangler.jsonc": webConfig("Api"), "web/src/index.ts": web, "api/wrangler.jsonc": apiConfig, "api/src/index.ts": `export * from "@acme/api";\nexport default { fetch() { return new Response("api"); } };\n` },
    },
    {
      name: "two workers deploy as api and one exports it",
      files: {
        "web/wrangler.jsonc": webConfig("Api"),
        "web/src/index.ts": web,
        "api/wrangler.jsonc": apiConfig,
        "api/src/index.ts": apiWith("export class Api extends WorkerEntrypoint {}"),
        "old-api/wrangler.jsonc": apiConfig,
        "old-api/src/index.ts": apiWith(""),
      },
    },
  ],
  invalid: [
    {
      name: '"entrypoint": "default" is a warning: wrangler dev looks for a named export "default" and refuses to start (measured 4.86 and 4.164)',
      files: { "web/wrangler.jsonc": webConfig("default"), "web/src/index.ts": web, "api/wrangler.jsonc": apiConfig, "api/src/index.ts": apiWith("") },
      findings: [{ file: "web/wrangler.jsonc", line: 4, severity: "warning", messageId: "defaultEntrypoint", data: { binding: "API", service: "api" } }],
      output: null,
    },
    {
      name: "the target has no export of that name",
      files: { "web/wrangler.jsonc": webConfig("Api"), "web/src/index.ts": web, "api/wrangler.jsonc": apiConfig, "api/src/index.ts": apiWith("export class Admin extends WorkerEntrypoint {}") },
      findings: [{ file: "web/wrangler.jsonc", line: 4, message: ['asks worker "api" for the entrypoint "Api"', "has no such named entrypoint"] }],
      output: null,
    },
    {
      name: "only a default export of that class does not count",
      files: { "web/wrangler.jsonc": webConfig("Api"), "web/src/index.ts": web, "api/wrangler.jsonc": apiConfig, "api/src/index.ts": `import { WorkerEntrypoint } from "cloudflare:workers";\nexport default class Api extends WorkerEntrypoint {}\n` },
      findings: [{ file: "web/wrangler.jsonc", line: 4, message: "src/index.ts has no export of that name" }],
    },
    {
      name: "a self-binding to a Durable Object class (TOML)",
      files: {
        "wrangler.toml": `name = "self"\nmain = "src/index.ts"\n\n[[services]]\nbinding = "SELF"\nservice = "self"\nentrypoint = "Counter"\n`,
        "src/index.ts": `import { DurableObject } from "cloudflare:workers";\nexport class Counter extends DurableObject {}\nexport default { fetch() { return new Response("ok"); } };\n`,
      },
      findings: [{ file: "wrangler.toml", line: 7, messageId: "wrongBase", message: ['extends DurableObject (from "cloudflare:workers")', "worker is not an actor but class name was requested"] }],
    },
    {
      name: "an environment's binding to the staging variant of the target",
      env: "staging",
      files: {
        "web/wrangler.jsonc": `{
  "name": "web",
  "main": "src/index.ts",
  "env": {
    "staging": { "services": [{ "binding": "API", "service": "api-staging", "entrypoint": "Api" }] },
  },
}
`,
        "web/src/index.ts": web,
        "api/wrangler.jsonc": `{ "name": "api", "main": "src/index.ts", "env": { "staging": {} } }\n`,
        "api/src/index.ts": apiWith(""),
      },
      findings: [{ file: "web/wrangler.jsonc", line: 5, message: 'asks worker "api-staging"' }],
    },
  ],
});

// Did you mean: the one WorkerEntrypoint export of the target near the name asked for.
const selfToml = (entrypoint: string) => `name = "self"
main = "src/index.ts"

[[services]]
binding = "SELF" # loops back
service = "self"
entrypoint = "${entrypoint}"
`;
const selfSource = `import { DurableObject, WorkerEntrypoint } from "cloudflare:workers";
export class Session extends WorkerEntrypoint {}
export class Sessions extends DurableObject {}
export default { fetch() { return new Response("ok"); } };
`;
const stagingWeb = (entrypoint: string) => `{
  "name": "web",
  "main": "src/index.ts",
  // staging talks to the staging api
  "env": {
    "staging": { "services": [{ "binding": "API", "service": "api-staging", "entrypoint": ${JSON.stringify(entrypoint)} }] },
  },
}
`;
const fixCases: InvalidCase[] = [
  {
    name: "did you mean: the target exports one WorkerEntrypoint of a near name (JSONC)",
    files: { "web/wrangler.jsonc": webConfig("AdminAPI"), "web/src/index.ts": web, "api/wrangler.jsonc": apiConfig, "api/src/index.ts": apiWith("export class AdminApi extends WorkerEntrypoint {}\nexport class Other extends WorkerEntrypoint {}") },
    findings: [{ file: "web/wrangler.jsonc", line: 4, messageId: "missing" }],
    output: { "web/wrangler.jsonc": webConfig("AdminApi") },
  },
  {
    name: "did you mean, on a self-binding: the Durable Object class of a nearer name is not offered (TOML)",
    files: { "wrangler.toml": selfToml("Sesion"), "src/index.ts": selfSource },
    findings: [{ file: "wrangler.toml", line: 7, messageId: "missing" }],
    output: { "wrangler.toml": selfToml("Session") },
  },
  {
    name: "did you mean in an environment (the staging variant of the target)",
    env: "staging",
    files: {
      "web/wrangler.jsonc": stagingWeb("Ap"),
      "web/src/index.ts": web,
      "api/wrangler.jsonc": `{ "name": "api", "main": "src/index.ts", "env": { "staging": {} } }\n`,
      "api/src/index.ts": apiWith("export class Api extends WorkerEntrypoint {}"),
    },
    findings: [{ file: "web/wrangler.jsonc", line: 6, messageId: "missing" }],
    output: { "web/wrangler.jsonc": stagingWeb("Api") },
  },
];

testRule("service-entrypoint-missing", {
  valid: [],
  invalid: [
    ...fixCases,
    {
      name: "no fix when the only near export is a Durable Object class",
      files: { "wrangler.toml": selfToml("Counte"), "src/index.ts": `import { DurableObject } from "cloudflare:workers";\nexport class Counter extends DurableObject {}\nexport default { fetch() { return new Response("ok"); } };\n` },
      findings: [{ file: "wrangler.toml", line: 7, messageId: "missing" }],
      output: null,
    },
    {
      name: "no fix when two entrypoints are as near",
      files: { "web/wrangler.jsonc": webConfig("Api"), "web/src/index.ts": web, "api/wrangler.jsonc": apiConfig, "api/src/index.ts": apiWith("export class Apia extends WorkerEntrypoint {}\nexport class Apib extends WorkerEntrypoint {}") },
      findings: [{ file: "web/wrangler.jsonc", line: 4, messageId: "missing" }],
      output: null,
    },
  ],
});

describe("service-entrypoint-missing's fix, applied and checked again", () => {
  for (const testCase of fixCases) {
    it(testCase.name, () => {
      const fix = fixLeavesNothingNew("service-entrypoint-missing", testCase);
      assert.equal(fix.safe, false, "a guess about intent is never applied by --fix");
    });
  }
});
