// Keeps what lists the rules in step with the rule index (server/src/rules/index.ts):
//   - schemas/do-doctor.config.schema.json: `rules` has one entry per rule id (and unused-disable-directive),
//     generated (the ids listed keep their place, new ones are added, others dropped);
//   - the rule tables of README.md and docs/rules/README.md: a rule without a row gets one (its
//     meta.description, severity and whether it fixes), before the internal-error row; existing rows keep
//     their wording (it is edited by hand) but their severity column follows meta.defaultSeverity.
// Each rule's page, docs/rules/<id>.md, is written by hand: a missing one is an error.
//   node scripts/docs-rules.mjs           write the files (npm run docs:rules)
//   node scripts/docs-rules.mjs --check   change nothing; exit 1 and say what differs (the docs test runs this)
import { build } from "esbuild";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import Module from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = process.env.DO_DOCTOR_ROOT ?? path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const check = process.argv.includes("--check");

/** The rule index and the ids of the findings no rule of the index reports, read from the sources. */
async function loadRules() {
  const bundled = await build({
    stdin: {
      contents: `export { rules, RULE_ALIASES } from "./server/src/rules/index";\nexport { UNUSED_DIRECTIVE_RULE } from "./server/src/directives";\nexport { INTERNAL_ERROR_RULE } from "./server/src/analyze";\nexport { PROJECT_CONFIG_RULE } from "./server/src/projectConfig";\n`,
      resolveDir: root,
      loader: "ts",
    },
    bundle: true,
    platform: "node",
    format: "cjs",
    packages: "external",
    write: false,
    logLevel: "warning",
  });
  // Compiled in memory as a module of the repository's root, so that packages resolve from its node_modules.
  const filename = path.join(root, "docs-rules.bundle.cjs");
  const module = new Module(filename);
  module.filename = filename;
  module.paths = Module._nodeModulePaths(root);
  module._compile(bundled.outputFiles[0].text, filename);
  return module.exports;
}

const cell = (text) => text.replace(/\|/g, "\\|");

/** The table's text with a row for every rule, and the rule's severity in the rows it has. */
function updateTable(text, rules, link, fixCell, where) {
  const lines = text.split("\n");
  const rowOf = (id) => lines.findIndex((line) => line.startsWith(`| ${link(id)} |`));
  for (const rule of rules) {
    const at = rowOf(rule.meta.id);
    if (at < 0) continue;
    const cells = lines[at].split(" | ");
    cells[1] = rule.meta.defaultSeverity;
    lines[at] = cells.join(" | ");
  }
  const missing = rules.filter((rule) => rowOf(rule.meta.id) < 0);
  if (missing.length > 0) {
    const before = rowOf("internal-error");
    if (before < 0) throw new Error(`${where}: no internal-error row to add rows before`);
    lines.splice(before, 0, ...missing.map((rule) => `| ${link(rule.meta.id)} | ${rule.meta.defaultSeverity} | ${cell(rule.meta.description)} | ${fixCell(rule.meta.fixable)} |`));
  }
  return lines.join("\n");
}

const { rules, RULE_ALIASES, UNUSED_DIRECTIVE_RULE, INTERNAL_ERROR_RULE, PROJECT_CONFIG_RULE } = await loadRules();
const problems = [];
const wanted = new Map();

const schemaFile = path.join(root, "schemas", "do-doctor.config.schema.json");
const schema = JSON.parse(readFileSync(schemaFile, "utf8"));
const severities = schema.properties.rules.properties;
// A former id (rules/index.ts RULE_ALIASES) stays accepted: listed, deprecated, naming the rule that replaced it.
const entry = (id) =>
  Object.hasOwn(RULE_ALIASES, id)
    ? { type: "string", enum: ["error", "warning", "info", "off"], deprecated: true, description: `Former id of ${RULE_ALIASES[id]} (docs/rules/${RULE_ALIASES[id]}.md); still accepted as an alias.` }
    : { ...(severities[id] ?? {}), type: "string", enum: ["error", "warning", "info", "off"], description: `Severity of ${id} (docs/rules/${id}.md).` };
// Ids listed keep their place (fewer conflicts between branches adding rules); new ones go before unused-disable-directive.
const ids = new Set([...rules.map((rule) => rule.meta.id), ...Object.keys(RULE_ALIASES), UNUSED_DIRECTIVE_RULE]);
const kept = Object.keys(severities).filter((id) => ids.has(id) && id !== UNUSED_DIRECTIVE_RULE);
const added = [...ids].filter((id) => !(id in severities) && id !== UNUSED_DIRECTIVE_RULE);
schema.properties.rules.properties = Object.fromEntries([...kept, ...added, UNUSED_DIRECTIVE_RULE].map((id) => [id, entry(id)]));
wanted.set(schemaFile, `${JSON.stringify(schema, null, 2)}\n`);

const readme = path.join(root, "README.md");
wanted.set(readme, updateTable(readFileSync(readme, "utf8"), rules, (id) => `[${id}](docs/rules/${id}.md)`, (fixable) => (fixable ? "yes" : ""), "README.md"));
const index = path.join(root, "docs", "rules", "README.md");
wanted.set(index, updateTable(readFileSync(index, "utf8"), rules, (id) => `[${id}](${id}.md)`, (fixable) => (fixable ? "yes" : "no"), "docs/rules/README.md"));

for (const id of [...rules.map((rule) => rule.meta.id), INTERNAL_ERROR_RULE, UNUSED_DIRECTIVE_RULE, PROJECT_CONFIG_RULE]) {
  if (!existsSync(path.join(root, "docs", "rules", `${id}.md`))) problems.push(`docs/rules/${id}.md is missing: write the rule's page (What it checks, Why it matters, How to fix, Examples)`);
}

const stale = [...wanted].filter(([file, text]) => readFileSync(file, "utf8") !== text).map(([file]) => path.relative(root, file));
if (check) {
  for (const file of stale) problems.push(`${file} does not list the rules as the rule index does: run npm run docs:rules`);
} else {
  for (const [file, text] of wanted) if (readFileSync(file, "utf8") !== text) writeFileSync(file, text);
  if (stale.length > 0) console.log(`updated ${stale.join(", ")}`);
}
for (const problem of problems) console.error(problem);
process.exit(problems.length > 0 ? 1 : 0);
