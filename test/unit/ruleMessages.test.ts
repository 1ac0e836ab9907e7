import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { INTERNAL_ERROR_META } from "../../server/src/analyze";
import { UNUSED_DIRECTIVE_META, UNUSED_DIRECTIVE_RULE } from "../../server/src/directives";
import { PROJECT_CONFIG_META, readProjectConfig } from "../../server/src/projectConfig";
import { ONLY_DEPLOY_FAILS } from "../../server/src/rules/deployOnly";
import { rules } from "../../server/src/rules/index";
import { formatMessage, placeholdersOf } from "../../server/src/rules/messages";
import { findingsOfCase, registeredTables, runProject } from "../support/ruleTester";

// Every rule's table of cases, loaded here too (a file mocha loads as well is loaded once), so that
// this test sees all of them whichever files run.
const RULE_TESTS = path.join(__dirname, "rules");
for (const file of fs.readdirSync(RULE_TESTS).filter((f) => f.endsWith(".test.js"))) require(path.join(RULE_TESTS, file));

describe("every message of every rule, as the rule tables produce it", () => {
  for (const rule of rules) {
    it(`${rule.meta.id}: each message is produced by some case, with every placeholder filled`, function () {
      this.timeout(120_000);
      const table = registeredTables().get(rule.meta.id);
      assert.ok(table, `no table of cases for ${rule.meta.id} (test/unit/rules/${rule.meta.id}.test.ts)`);
      const ids = Object.keys(rule.meta.messages);
      assert.ok(ids.length > 0, `${rule.meta.id} has no messages`);
      const seen = new Set<string>();
      for (const testCase of table.invalid) {
        for (const finding of findingsOfCase(rule.meta.id, testCase)) {
          const where = `${rule.meta.id} / ${testCase.name} / ${finding.messageId}`;
          const template = rule.meta.messages[finding.messageId ?? ""];
          assert.ok(template, `${where}: not a message of the rule`);
          seen.add(finding.messageId!);
          for (const name of placeholdersOf(template)) assert.notEqual(finding.data?.[name], undefined, `${where}: no value for {{${name}}}`);
          assert.ok(!/\{\{|\}\}/.test(finding.message), `${where}: left a placeholder: ${finding.message}`);
          assert.equal(formatMessage(template, finding.data), finding.message, `${where}: the text is not its template filled with its data`);
          if (finding.messageId === ONLY_DEPLOY_FAILS) {
            // The wrapped finding is one of the rule's own messages, rendered from the same data.
            const inner = String(finding.data?.findingId);
            assert.ok(inner !== ONLY_DEPLOY_FAILS && rule.meta.messages[inner], `${where}: wraps an unknown message "${inner}"`);
            seen.add(`${ONLY_DEPLOY_FAILS}(${inner})`);
            assert.equal(formatMessage(rule.meta.messages[inner], finding.data), finding.data?.finding, `${where}: the wrapped text`);
          }
        }
      }
      const missing = ids.filter((id) => !seen.has(id));
      assert.deepEqual(missing, [], `messages of ${rule.meta.id} that no invalid case produces (add a case)`);
    });
  }
});

describe("the messages of the analysis's own findings", () => {
  it("do-doctor-config-invalid: each message produced by some config, every placeholder filled", () => {
    const known = new Set(["class-not-exported"]);
    const configs = [
      `{ "rules": { `,
      `[1, 2]`,
      `{ "extends": "x", "rules": [] }`,
      `{ "rules": { "class-not-exportd": "off", "class-not-exported": "loud" }, "ignore": "fixtures", "reportUnusedDisableDirectives": true }`,
      `{ "gitBase": "--output=x" }`,
    ];
    const seen = new Set<string>();
    for (const text of configs) {
      for (const problem of readProjectConfig("/p/do-doctor.config.jsonc", text, known)!.problems) {
        const template = PROJECT_CONFIG_META.messages[problem.messageId!];
        assert.ok(template, `unknown message id ${problem.messageId}`);
        seen.add(problem.messageId!);
        assert.equal(formatMessage(template, problem.data), problem.message);
        assert.ok(!/\{\{/.test(problem.message), problem.message);
      }
    }
    assert.deepEqual(Object.keys(PROJECT_CONFIG_META.messages).filter((id) => !seen.has(id)), []);
  });

  it("unused-disable-directive: its message names the directive's kind, rules and line", () => {
    const files = {
      "wrangler.jsonc": `{ "name": "w", "main": "src/index.ts" }\n`,
      "src/index.ts": `// do-doctor-disable-next-line class-not-found\nexport default {};\n`,
    };
    const { result } = runProject(files, undefined, { reportUnusedDirectives: "warning" });
    const unused = result.findings.find((f) => f.ruleId === UNUSED_DIRECTIVE_RULE)!;
    assert.ok(unused, "no unused-directive finding");
    assert.equal(unused.messageId, "unusedDirective");
    assert.deepEqual(unused.data, { kind: "next-line", rules: "class-not-found", line: 2 });
    assert.equal(formatMessage(UNUSED_DIRECTIVE_META.messages.unusedDirective, unused.data), unused.message);
  });

  it("internal-error: its one message takes the rule and the error", () => {
    assert.deepEqual(placeholdersOf(INTERNAL_ERROR_META.messages.ruleFailed), ["rule", "error"]);
  });
});
