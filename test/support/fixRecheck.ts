import * as assert from "node:assert/strict";
import * as path from "node:path";
import { applyTextEdits } from "../../server/src/edits/applyEdits";
import { editedFileProblem } from "../../server/src/edits/fixCheck";
import type { Finding } from "../../server/src/findings";
import { PROJECT_ROOT, runProject, type InvalidCase } from "./ruleTester";

const key = (f: Finding) => `${f.ruleId} ${path.relative(PROJECT_ROOT, f.file).split(path.sep).join("/")} ${f.message}`;

/**
 * Applies the preferred fix of a case's first finding of `ruleId` and checks the whole project again:
 * the edited files pass the fix guard (fixCheck), the finding is gone, and no rule reports anything
 * it did not report before. Returns the fix (title, whether `--fix` applies it) for further checks.
 */
export function fixLeavesNothingNew(ruleId: string, testCase: Pick<InvalidCase, "files" | "env">): { title: string; safe: boolean } {
  const { host, result } = runProject(testCase.files, testCase.env);
  const first = result.findings.find((f) => f.ruleId === ruleId);
  assert.ok(first, `no ${ruleId} finding`);
  const fix = first.fixes.find((f) => f.isPreferred) ?? first.fixes[0];
  assert.ok(fix, `no fix on: ${first.message}`);
  const after: Record<string, string> = { ...testCase.files };
  const files = new Set(fix.edits.map((e) => e.file));
  for (const file of files) {
    const name = path.relative(PROJECT_ROOT, file).split(path.sep).join("/");
    const before = host.readFile(file) ?? "";
    after[name] = applyTextEdits(before, fix.edits.filter((e) => e.file === file));
    assert.equal(editedFileProblem(file, before, after[name]), undefined, `the fix guard refuses the edit of ${name}`);
  }
  const was = new Set(result.findings.map(key));
  const { result: again } = runProject(after, testCase.env);
  const now = again.findings.map(key);
  assert.ok(!now.includes(key(first)), `the fixed finding is still reported: ${first.message}`);
  const fresh = now.filter((k) => !was.has(k));
  assert.deepEqual(fresh, [], "findings the fix brought");
  return { title: fix.title, safe: fix.safe };
}
