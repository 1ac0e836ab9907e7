import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { ONLY_DEPLOY_FAILS } from "../../server/src/rules/deployOnly";
import { rules } from "../../server/src/rules/index";
import { formatMessage, placeholdersOf } from "../../server/src/rules/messages";
import { findingsOfCase, registeredTables } from "../support/ruleTester";

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
