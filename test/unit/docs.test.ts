import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { INTERNAL_ERROR_RULE } from "../../server/src/analyze";
import { UNUSED_DIRECTIVE_RULE } from "../../server/src/directives";
import { PROJECT_CONFIG_RULE } from "../../server/src/projectConfig";
import { RULE_ALIASES, rules } from "../../server/src/rules/index";
import { REPO_ROOT } from "../support/fixtures";

describe("rule documentation", () => {
  const ids = [...rules.map((r) => r.meta.id), INTERNAL_ERROR_RULE, UNUSED_DIRECTIVE_RULE, PROJECT_CONFIG_RULE];
  const readme = fs.readFileSync(path.join(REPO_ROOT, "README.md"), "utf8");
  const index = fs.readFileSync(path.join(REPO_ROOT, "docs", "rules", "README.md"), "utf8");
  for (const id of ids) {
    it(`${id} has its page, listed in both rule tables`, () => {
      const page = fs.readFileSync(path.join(REPO_ROOT, "docs", "rules", `${id}.md`), "utf8");
      assert.match(page, new RegExp(`^# ${id}\\n`));
      for (const section of ["## What it checks", "## Why it matters", "## How to fix", "## Examples"]) assert.ok(page.includes(section), `${id}.md lacks ${section}`);
      assert.ok(readme.includes(`[${id}](docs/rules/${id}.md)`), `README.md does not list ${id}`);
      assert.ok(index.includes(`[${id}](${id}.md)`), `docs/rules/README.md does not list ${id}`);
    });
  }
  it("documents no rule that does not exist", () => {
    const pages = fs.readdirSync(path.join(REPO_ROOT, "docs", "rules")).filter((n) => n !== "README.md").map((n) => n.replace(/\.md$/, ""));
    assert.deepEqual(pages.sort(), [...ids, ...Object.keys(RULE_ALIASES)].sort());
  });
  for (const [alias, current] of Object.entries(RULE_ALIASES)) {
    it(`the former id ${alias} has a page that sends the reader to ${current}`, () => {
      const page = fs.readFileSync(path.join(REPO_ROOT, "docs", "rules", `${alias}.md`), "utf8");
      assert.match(page, new RegExp(`^# ${alias}\\n`));
      assert.ok(page.includes(`[${current}](${current}.md)`), `${alias}.md does not link ${current}`);
      assert.ok(fs.readFileSync(path.join(REPO_ROOT, "docs", "rules", `${current}.md`), "utf8").includes(alias), `${current}.md does not explain the alias`);
    });
  }
  it("states each rule's default severity as the code does", () => {
    for (const rule of rules) assert.match(index, new RegExp(`\\[${rule.meta.id}\\]\\(${rule.meta.id}\\.md\\) \\| ${rule.meta.defaultSeverity} \\|`), rule.meta.id);
  });
  it("the project config's JSON schema knows every rule id, and nothing else", () => {
    const schema = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, "schemas", "do-doctor.config.schema.json"), "utf8")) as { properties: { rules: { properties: Record<string, unknown> } } };
    assert.deepEqual(Object.keys(schema.properties.rules.properties).sort(), [...rules.map((r) => r.meta.id), ...Object.keys(RULE_ALIASES), UNUSED_DIRECTIVE_RULE].sort());
  });
});
