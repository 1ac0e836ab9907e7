import * as assert from "node:assert/strict";
import * as path from "node:path";
import { configPaths } from "../../server/src/facts/harnessConfigs";
import { PROJECT_ROOT, runProject } from "../support/ruleTester";

const agent = `import { Agent } from "agents";\nexport class CoderAgent extends Agent<Env> {}\nexport default { fetch() { return new Response("ok"); } };\n`;
const harness = `{\n  "main": "worker.ts",\n  "compatibility_flags": ["nodejs_compat"],\n  "durable_objects": { "bindings": [{ "name": "CoderAgent", "class_name": "CoderAgent" }] },\n}\n`;
const files = { "src/index.ts": agent, "src/tests/wrangler.jsonc": harness, "src/tests/worker.ts": agent };

describe("configs only tests use", () => {
  it("make deploy-time findings info, unless the user set the rule's severity", () => {
    const severityOf = (extra: Parameters<typeof runProject>[2]) =>
      runProject(files, undefined, extra).result.findings.filter((f) => f.ruleId === "binding-missing-migration").map((f) => f.severity);
    assert.deepEqual(severityOf({}), ["info"]);
    assert.deepEqual(severityOf({ severities: { "binding-missing-migration": "error" } }), ["error"]);
    assert.deepEqual(severityOf({ severities: { "binding-missing-migration": "off" } }), []);
  });

  it("recognise test folders by name, hyphenated ones included, and nothing else", () => {
    const severityIn = (folder: string) =>
      runProject({ "src/index.ts": agent, [`${folder}/wrangler.jsonc`]: harness, [`${folder}/worker.ts`]: agent }).result.findings.filter((f) => f.ruleId === "binding-missing-migration").map((f) => f.severity);
    for (const folder of ["tests", "e2e", "fixtures/interactive-dev-tests/app", "packages/x/live-tests", "test-apps/one"]) assert.deepEqual(severityIn(folder), ["info"], folder);
    for (const folder of ["apps/latest", "contest", "attestation"]) assert.deepEqual(severityIn(folder), ["error"], folder);
  });

  it("leave what breaks under the vitest pool an error (class not exported)", () => {
    const { result } = runProject({ ...files, "src/tests/worker.ts": `import "../index";\nexport default {};\n` });
    const notExported = result.findings.filter((f) => f.ruleId === "class-not-exported" && path.basename(f.file) === "wrangler.jsonc");
    assert.equal(notExported.length, 1);
    assert.equal(notExported[0].severity, "error");
    assert.equal(path.relative(PROJECT_ROOT, notExported[0].file), path.join("src", "tests", "wrangler.jsonc"));
  });

  it("read configPath as vitest configs write it, and nothing computed", () => {
    const text = `export default defineWorkersConfig({ test: { poolOptions: { workers: { wrangler: { configPath: "./a/wrangler.toml" } } } } });
cloudflareTest({ wrangler: { configPath: 'b/wrangler.jsonc' } });
cloudflareTest({ wrangler: { configPath: path.resolve(__dirname, "c", "wrangler.jsonc") } });
cloudflareTest({ wrangler: { configPath: fileURLToPath(new URL("./d/wrangler.json", import.meta.url)) } });
cloudflareTest({ wrangler: { configPath: \`\${root}/e/wrangler.jsonc\` } });
cloudflareTest({ wrangler: { configPath } });
`;
    assert.deepEqual(configPaths(text), ["./a/wrangler.toml", "b/wrangler.jsonc", path.join("c", "wrangler.jsonc"), "./d/wrangler.json"]);
  });
});
