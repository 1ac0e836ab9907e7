import * as assert from "node:assert/strict";
import * as path from "node:path";
import type { AnalysisResult } from "../../server/src/analyze";
import { applyTextEdits } from "../../server/src/edits/applyEdits";
import { duplicateExportNames } from "../../server/src/edits/exportPlan";
import { sourceSyntaxErrors } from "../../server/src/edits/fixCheck";
import type { Finding, Fix } from "../../server/src/findings";
import { parseConfigText } from "../../server/src/project/readConfig";
import { parseModule } from "../../server/src/source/parseModule";
import type { Range } from "../../server/src/text/positions";
import { LineIndex } from "../../server/src/text/positions";
import { PROJECT_ROOT, runProject } from "../support/ruleTester";
import { COMMENT_MARKER } from "./generators";

export const relative = (file: string) => path.relative(PROJECT_ROOT, file).split(path.sep).join("/");
const isConfig = (name: string) => /wrangler\.(jsonc?|toml)$/.test(name);
const isSource = (name: string) => /\.[cm]?[jt]sx?$/.test(name);

/**
 * A source edited by a fix parses as well as before (TypeScript's parse diagnostics) and exports no
 * name more often than before: esbuild refuses "Multiple exports with the same name".
 */
export function assertSourceSound(name: string, before: string, after: string, what: string): void {
  if (!isSource(name)) return;
  const file = path.join(PROJECT_ROOT, name);
  assert.ok(sourceSyntaxErrors(file, after).length <= sourceSyntaxErrors(file, before).length, `${what}: ${name} has new syntax errors:\n${after}`);
  const duplicatesBefore = duplicateExportNames(parseModule(file, before));
  const duplicates = duplicateExportNames(parseModule(file, after)).filter((n) => !duplicatesBefore.includes(n));
  assert.deepEqual(duplicates, [], `${what}: ${name} exports a name twice:\n${after}`);
}

function assertInside(files: Record<string, string>, file: string, range: Range, what: string): void {
  const text = files[relative(file)];
  assert.ok(text !== undefined, `${what} points at ${relative(file)}, which is not a project file`);
  const lines = new LineIndex(text);
  for (const pos of [range.start, range.end]) {
    assert.ok(Number.isInteger(pos.line) && Number.isInteger(pos.character) && pos.line >= 0 && pos.character >= 0, `${what}: bad position ${JSON.stringify(pos)}`);
    assert.ok(pos.line < lines.lineCount, `${what}: line ${pos.line} past the end (${lines.lineCount} lines)`);
    assert.ok(pos.character <= lines.lineText(pos.line).length, `${what}: character ${pos.character} past the end of line ${pos.line}`);
  }
  const start = lines.offsetAt(range.start);
  const end = lines.offsetAt(range.end);
  assert.ok(start <= end, `${what}: range ends before it starts ${JSON.stringify(range)}`);
}

/** What every analysis must hold, whatever the input: ranges inside their files, real messages, no rule crash. */
export function assertSaneFindings(files: Record<string, string>, result: AnalysisResult): void {
  for (const finding of result.findings) {
    const what = `${finding.ruleId} "${finding.message}"`;
    assert.notEqual(finding.ruleId, "internal-error", finding.message);
    assert.ok(finding.message.trim().length > 0, `${finding.ruleId}: empty message`);
    assert.ok(["error", "warning", "info"].includes(finding.severity));
    assertInside(files, finding.file, finding.range, what);
    for (const related of finding.related) {
      assertInside(files, related.file, related.range, `${what} (related)`);
      assert.ok(related.message.trim().length > 0, `${what}: empty related message`);
    }
    for (const fix of finding.fixes) {
      assert.ok(fix.title.trim().length > 0, `${what}: untitled fix`);
      for (const edit of fix.edits) assertInside(files, edit.file, edit.range, `${what} fix "${fix.title}"`);
    }
  }
}

export function applyFix(files: Record<string, string>, fix: Fix): Record<string, string> {
  const after = { ...files };
  const byFile = new Map<string, Fix["edits"]>();
  for (const edit of fix.edits) byFile.set(edit.file, [...(byFile.get(edit.file) ?? []), edit]);
  for (const [file, edits] of byFile) after[relative(file)] = applyTextEdits(files[relative(file)] ?? "", edits);
  return after;
}

/**
 * The one comment a fix may drop: at the end of a line whose key the fix removes (`script_name =
 * "x" # why`), since it speaks of that key. Every other comment must stay.
 */
function removedWithItsLine(before: string, fix: Fix, name: string, marker: string): boolean {
  const at = before.indexOf(marker);
  const lines = new LineIndex(before);
  const line = lines.positionAt(at).line;
  const commentStart = lines.lineText(line).search(/#|\/\/|\/\*/);
  return fix.edits.some((edit) => {
    if (relative(edit.file) !== name || edit.newText.includes(marker)) return false;
    const start = lines.offsetAt(edit.range.start);
    const end = lines.offsetAt(edit.range.end);
    const lineStart = lines.offsetAt({ line, character: 0 });
    // The edit removes the key-value before the comment on the same line.
    return start <= lineStart + Math.max(0, commentStart - 1) && end > at && lines.lineText(line).slice(0, commentStart).trim() !== "";
  });
}

const MASKING_RULES = new Set(["migration-replay-error", "duplicate-binding-name", "duplicate-migration-tag"]);

const markers = (text: string): string[] => [...(text.match(COMMENT_MARKER) ?? [])].sort();
const sameFinding = (a: Finding, b: Finding) => a.ruleId === b.ruleId && a.file === b.file && a.message === b.message;
const fixKey = (fix: Fix) => JSON.stringify([fix.title, fix.edits.map((e) => [relative(e.file), e.range, e.newText])]);

export interface FixStats {
  fixes: number;
}

/**
 * Every fix offered, applied alone: configs that parsed still parse, every comment is still there,
 * the finding it targets is gone, and the same fix is not offered again.
 */
export function assertFixesSound(files: Record<string, string>, result: AnalysisResult, stats: FixStats, env?: string): void {
  for (const finding of result.findings) {
    for (const fix of finding.fixes) {
      stats.fixes++;
      const what = `fix "${fix.title}" of ${finding.ruleId} "${finding.message}"`;
      const after = applyFix(files, fix);
      for (const [name, text] of Object.entries(after)) {
        if (text === files[name]) continue;
        if (isConfig(name) && parseConfigText(name, files[name]).problems.length === 0) {
          assert.deepEqual(parseConfigText(name, text).problems, [], `${what}: ${name} no longer parses:\n${text}`);
        }
        assertSourceSound(name, files[name] ?? "", text, what);
        assert.deepEqual(markers(text).filter((m) => !markers(files[name] ?? "").includes(m)), [], `${what}: invented a comment`);
        const before = files[name] ?? "";
        for (const marker of markers(before)) {
          if (text.includes(marker) || removedWithItsLine(before, fix, name, marker)) continue;
          assert.fail(`${what}: dropped comment ${marker} in ${name}:\n${text}`);
        }
      }
      const { result: again } = runProject(after, env);
      // Several findings may read alike (the same problem in two environments): one fewer must be left.
      const alike = result.findings.filter((f) => sameFinding(f, finding)).length;
      const left = again.findings.filter((f) => sameFinding(f, finding));
      // A class created twice, or a name bound twice, reads as one: fixing one uncovers the other
      // (which its own rule reports too). Only there may the same finding come back.
      const masked = result.findings.some((f) => MASKING_RULES.has(f.ruleId));
      assert.ok(left.length < alike || masked, `${what}: the finding is still reported after the fix\nbefore:\n${Object.entries(files).map(([n, t]) => `--- ${n}\n${t}`).join("\n")}\nafter:\n${Object.entries(after).filter(([n, t]) => files[n] !== t).map(([n, t]) => `--- ${n}\n${t}`).join("\n")}`);
      const offered = new Set(again.findings.flatMap((f) => f.fixes.map(fixKey)));
      assert.ok(!offered.has(fixKey(fix)), `${what}: offered again after being applied`);
    }
  }
}
