import * as path from "node:path";
import type * as TypeScript from "typescript";
import type { Finding, Fix, TextEdit } from "../findings";
import { isConfigFileName } from "../project/discover";
import { parseConfigText } from "../project/readConfig";
import { parseModule } from "../source/parseModule";
import { SOURCE_EXTENSIONS } from "../source/resolve";
import { applyTextEdits } from "./applyEdits";
import { duplicateExportNames } from "./exportPlan";

/**
 * The last line of defence before a fix is written (by `--fix`) or offered in fix-all (by the
 * language server): every edited file is parsed again with the reader the project itself uses for it
 * (jsonc-parser or the TOML reader for configs, the TypeScript parser for sources), and an edit that
 * leaves more syntax errors than the file had, or a source exporting a name twice, is refused.
 */

let ts: typeof TypeScript | undefined;
function typescript(): typeof TypeScript {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  ts ??= require("typescript") as typeof TypeScript;
  return ts;
}

function scriptKind(file: string): TypeScript.ScriptKind {
  const lower = file.toLowerCase();
  const kinds = typescript().ScriptKind;
  if (lower.endsWith(".tsx")) return kinds.TSX;
  if (lower.endsWith(".jsx")) return kinds.JSX;
  if (/\.[cm]?js$/.test(lower)) return kinds.JS;
  return kinds.TS;
}

/** The parser's own errors for a source (`parseDiagnostics`, what `tsc` reports as syntax errors). */
export function sourceSyntaxErrors(file: string, text: string): string[] {
  const compiler = typescript();
  const sourceFile = compiler.createSourceFile(file, text, compiler.ScriptTarget.Latest, false, scriptKind(file)) as TypeScript.SourceFile & {
    parseDiagnostics?: readonly TypeScript.Diagnostic[];
  };
  return (sourceFile.parseDiagnostics ?? []).map((d) => compiler.flattenDiagnosticMessageText(d.messageText, " "));
}

const isSource = (file: string) => SOURCE_EXTENSIONS.includes(path.extname(file).toLowerCase());
const isConfig = (file: string) => isConfigFileName(path.basename(file)) || /\.(jsonc?|toml)$/i.test(file);

/** Why the edited text must not replace the original, or undefined when it may. */
export function editedFileProblem(file: string, before: string, after: string): string | undefined {
  if (isConfig(file)) {
    const was = parseConfigText(file, before).problems.length;
    const problems = parseConfigText(file, after).problems;
    if (problems.length > was) return `the edit would leave a syntax error (${problems[0].message})`;
    return undefined;
  }
  if (isSource(file)) {
    const was = sourceSyntaxErrors(file, before).length;
    const errors = sourceSyntaxErrors(file, after);
    if (errors.length > was) return `the edit would leave a syntax error (${errors[0]})`;
    const duplicatesBefore = duplicateExportNames(parseModule(file, before));
    const duplicates = duplicateExportNames(parseModule(file, after)).filter((name) => !duplicatesBefore.includes(name));
    if (duplicates.length > 0) return `the edit would export ${duplicates.map((n) => `"${n}"`).join(", ")} twice`;
  }
  return undefined;
}

export interface RefusedFix {
  fix: Fix;
  file: string;
  reason: string;
  /** Refused only beside other fixes to the same file: alone it may pass later. */
  together: boolean;
}

/**
 * Fixes whose edited files all still parse: each fix is tried alone, then the survivors together
 * (two fixes fine alone may clash in one file); a fix is all or nothing across its files.
 */
export function screenFixes(fixes: Fix[], readText: (file: string) => string | undefined): { accepted: Fix[]; refused: RefusedFix[] } {
  const refused: RefusedFix[] = [];
  const verdicts = new Map<string, string | undefined>();
  const problemOf = (file: string, edits: TextEdit[]): string | undefined => {
    const before = readText(file);
    if (before === undefined) return "the file cannot be read";
    let after: string;
    try {
      after = applyTextEdits(before, edits);
    } catch (error) {
      return `the edits overlap (${error instanceof Error ? error.message : String(error)})`;
    }
    const key = `${file}\0${after}`;
    if (!verdicts.has(key)) verdicts.set(key, editedFileProblem(file, before, after));
    return verdicts.get(key);
  };
  let accepted = fixes.filter((fix) => {
    for (const [file, edits] of editsByFile([fix])) {
      const reason = problemOf(file, edits);
      if (reason) {
        refused.push({ fix, file, reason, together: false });
        return false;
      }
    }
    return true;
  });
  for (;;) {
    const failing = [...editsByFile(accepted)].map(([file, edits]) => ({ file, reason: problemOf(file, edits) })).find((r) => r.reason !== undefined);
    if (!failing) break;
    // Together they break this file: keep the first fix touching it, refuse the others (they come back next pass).
    const touching = accepted.filter((fix) => fix.edits.some((e) => e.file === failing.file));
    const dropped = new Set(touching.slice(1).length > 0 ? touching.slice(1) : touching);
    for (const fix of dropped) refused.push({ fix, file: failing.file, reason: failing.reason!, together: true });
    accepted = accepted.filter((fix) => !dropped.has(fix));
  }
  return { accepted, refused };
}

export function editsByFile(fixes: Fix[]): Map<string, TextEdit[]> {
  const byFile = new Map<string, TextEdit[]>();
  for (const fix of fixes) for (const edit of fix.edits) byFile.set(edit.file, [...(byFile.get(edit.file) ?? []), edit]);
  return byFile;
}

/** Findings are the same problem when rule, file and message agree (ranges move as files are edited). */
export const findingKey = (finding: Finding) => `${finding.ruleId}\0${finding.file}\0${finding.message}`;

/**
 * The findings a set of applied fixes targeted that are as many afterwards as before: those fixes
 * did not remove what they were for, and applying them again would only repeat the edit.
 */
export function unremovedFindings(before: Finding[], applied: Fix[], after: Finding[]): Finding[] {
  const appliedSet = new Set(applied);
  const count = (list: Finding[]) => {
    const counts = new Map<string, number>();
    for (const finding of list) counts.set(findingKey(finding), (counts.get(findingKey(finding)) ?? 0) + 1);
    return counts;
  };
  const was = count(before);
  const now = count(after);
  const seen = new Set<string>();
  const stuck: Finding[] = [];
  for (const finding of before) {
    const key = findingKey(finding);
    if (seen.has(key) || !finding.fixes.some((fix) => appliedSet.has(fix))) continue;
    seen.add(key);
    if ((now.get(key) ?? 0) >= (was.get(key) ?? 0)) stuck.push(finding);
  }
  return stuck;
}
