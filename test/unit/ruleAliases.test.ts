// A former rule id (env-missing-durable-objects) keeps working wherever a rule id is written.
import * as assert from "node:assert/strict";
import { readProjectConfig } from "../../server/src/projectConfig";
import { canonicalRuleId, findRule, RULE_ALIASES, rules } from "../../server/src/rules/index";
import { runProject } from "../support/ruleTester";

const files = (comment: string) => ({
  "wrangler.jsonc": `{
  "name": "coder",
  "main": "src/index.ts",
  "durable_objects": { "bindings": [{ "name": "CODER", "class_name": "Coder" }] },
  "migrations": [{ "tag": "v1", "new_sqlite_classes": ["Coder"] }],
  "env": {
${comment}    "staging": { "vars": { "STAGE": "staging" } }, // wrangler deploy --env staging
  },
}
`,
  "src/index.ts": `import { DurableObject } from "cloudflare:workers";\nexport class Coder extends DurableObject {}\nexport default { fetch() { return new Response("ok"); } };\n`,
});
const envFindings = (result: ReturnType<typeof runProject>["result"]) => result.findings.filter((f) => f.ruleId === "env-missing-bindings");

describe("rule aliases", () => {
  it("every alias names a rule that exists, and no alias is a current id", () => {
    for (const [alias, current] of Object.entries(RULE_ALIASES)) {
      assert.ok(findRule(current), current);
      assert.ok(!rules.some((r) => r.meta.id === alias), alias);
      assert.equal(canonicalRuleId(alias), current);
      assert.equal(findRule(alias)?.meta.id, current);
    }
    assert.equal(canonicalRuleId("class-not-exported"), "class-not-exported");
    assert.equal(canonicalRuleId("constructor"), "constructor", "no prototype lookups");
  });

  it("a severity set under the old id applies to env-missing-bindings", () => {
    assert.equal(envFindings(runProject(files("")).result)[0]?.severity, "error");
    assert.equal(envFindings(runProject(files(""), undefined, { severities: { "env-missing-durable-objects": "warning" } }).result)[0]?.severity, "warning");
    assert.equal(envFindings(runProject(files(""), undefined, { severities: { "env-missing-durable-objects": "off" } }).result).length, 0);
    // Written twice, the later setting wins (a project config spread under --rule, for example).
    const both = runProject(files(""), undefined, { severities: { "env-missing-bindings": "off", "env-missing-durable-objects": "info" } }).result;
    assert.equal(envFindings(both)[0]?.severity, "info");
  });

  it("an inline directive naming the old id silences the finding (and is not unused)", () => {
    const { result } = runProject(files("    // do-doctor-disable-next-line env-missing-durable-objects -- staging is not deployed\n"), undefined, { reportUnusedDirectives: "warning" });
    assert.deepEqual(envFindings(result), []);
    assert.ok(!result.findings.some((f) => f.ruleId === "unused-disable-directive"), "the directive was used");
    const other = runProject(files("    // do-doctor-disable-next-line class-not-exported\n")).result;
    assert.equal(envFindings(other).length, 1, "a directive for another rule does not silence it");
  });

  it("the project config accepts the old id when the caller knows it", () => {
    const known = new Set([...rules.map((r) => r.meta.id), ...Object.keys(RULE_ALIASES)]);
    const config = readProjectConfig("/p/do-doctor.config.jsonc", `{ "rules": { "env-missing-durable-objects": "warning" } }`, known)!;
    assert.deepEqual(config.problems, []);
    assert.deepEqual(config.settings.rules, { "env-missing-durable-objects": "warning" });
  });
});
