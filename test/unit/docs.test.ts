import * as assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
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
  it("the schema and both rule tables list the rules as the rule index does (npm run docs:rules --check)", function () {
    this.timeout(60_000);
    const run = spawnSync(process.execPath, [path.join(REPO_ROOT, "scripts", "docs-rules.mjs"), "--check"], { encoding: "utf8" });
    assert.equal(run.status, 0, run.stderr);
  });
});

describe("npm run docs:rules", function () {
  this.timeout(120_000);
  // A copy of what the script reads, with one rule added the way the README says: its file and an index entry.
  let root: string;
  before(() => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), "do-doctor-docs-"));
    for (const part of ["server/src", "schemas", "docs/rules", "scripts", "README.md", "package.json"]) fs.cpSync(path.join(REPO_ROOT, part), path.join(root, part), { recursive: true });
    fs.symlinkSync(path.join(REPO_ROOT, "node_modules"), path.join(root, "node_modules"), "dir");
    fs.writeFileSync(
      path.join(root, "server/src/rules/paintDry.ts"),
      `import type { Rule } from "./rule";\nexport const paintDry: Rule = {\n  meta: { id: "paint-dry", defaultSeverity: "warning", description: "The paint | is not dry yet (test only).", fixable: true, messages: { wet: "Wet." } },\n  check() {},\n};\n`,
    );
    const indexFile = path.join(root, "server/src/rules/index.ts");
    const index = fs.readFileSync(indexFile, "utf8");
    fs.writeFileSync(indexFile, `import { paintDry } from "./paintDry";\n${index.replace("export const rules: readonly Rule[] = [", "export const rules: readonly Rule[] = [\n  paintDry,")}`);
  });
  after(() => fs.rmSync(root, { recursive: true, force: true }));
  const script = (...args: string[]) => spawnSync(process.execPath, [path.join(root, "scripts", "docs-rules.mjs"), ...args], { encoding: "utf8", env: { ...process.env, DO_DOCTOR_ROOT: root } });

  it("adds the new rule to the schema and both tables, and asks for its page", () => {
    const stale = script("--check");
    assert.equal(stale.status, 1);
    assert.match(stale.stderr, /schemas\/do-doctor\.config\.schema\.json does not list the rules/);
    assert.match(stale.stderr, /README\.md does not list the rules/);
    assert.match(stale.stderr, /docs\/rules\/paint-dry\.md is missing/);
    assert.equal(script().status, 1, "a missing page stays an error after writing");
    const schema = JSON.parse(fs.readFileSync(path.join(root, "schemas/do-doctor.config.schema.json"), "utf8")) as { properties: { rules: { properties: Record<string, { description: string }> } } };
    const ids = Object.keys(schema.properties.rules.properties);
    assert.equal(ids.at(-2), "paint-dry");
    assert.equal(ids.at(-1), UNUSED_DIRECTIVE_RULE);
    const readme = fs.readFileSync(path.join(root, "README.md"), "utf8");
    assert.ok(readme.includes("| [paint-dry](docs/rules/paint-dry.md) | warning | The paint \\| is not dry yet (test only). | yes |\n| [internal-error]"), readme);
    const table = fs.readFileSync(path.join(root, "docs/rules/README.md"), "utf8");
    assert.ok(table.includes("| [paint-dry](paint-dry.md) | warning | The paint \\| is not dry yet (test only). | yes |\n| [internal-error]"), table);
    fs.writeFileSync(path.join(root, "docs/rules/paint-dry.md"), "# paint-dry\n");
    const now = script("--check");
    assert.equal(now.status, 0, now.stderr);
    assert.equal(script().stdout, "", "a second run changes nothing");
  });
});
