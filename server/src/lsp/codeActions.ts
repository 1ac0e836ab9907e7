import { CodeActionKind, type Command, type CodeAction, type CodeActionParams, type Diagnostic, type TextEdit as LspTextEdit, type WorkspaceEdit } from "vscode-languageserver";
import { spansCollide } from "../edits/applyEdits";
import { disableComment, UNUSED_DIRECTIVE_RULE } from "../directives";
import type { Finding, Fix } from "../findings";
import type { BindingGuard } from "../edits/bindingGuard";
import type { Range } from "../text/positions";
import { fingerprint, toDiagnostic } from "./diagnostics";
import { lineEnding } from "../text/lineEnding";

/** `source.fixAll.doDoctor`: every safe fix, as ESLint's `source.fixAll.eslint`. */
export const FIX_ALL_KIND = `${CodeActionKind.SourceFixAll}.doDoctor`;

function overlaps(a: Range, b: Range): boolean {
  const before = (x: Range["start"], y: Range["start"]) => x.line < y.line || (x.line === y.line && x.character <= y.character);
  return before(a.start, b.end) && before(b.start, a.end);
}

function toWorkspaceEdit(fixes: Fix[], uriOf: (file: string) => string): WorkspaceEdit {
  const changes: Record<string, LspTextEdit[]> = {};
  for (const fix of fixes) for (const edit of fix.edits) (changes[uriOf(edit.file)] ??= []).push({ range: edit.range, newText: edit.newText });
  return { changes };
}

/**
 * "Disable <rule> for this line": a `do-doctor-disable-next-line` comment above the finding's line,
 * indented like it, in the file's comment style (never offered by fix-all).
 */
function disableAction(finding: Finding, diagnostic: Diagnostic, uriOf: (file: string) => string, textOf: (file: string) => string | undefined): CodeAction | undefined {
  if (finding.ruleId === UNUSED_DIRECTIVE_RULE) return undefined;
  const text = textOf(finding.file);
  if (text === undefined) return undefined;
  const line = text.split("\n")[finding.range.start.line] ?? "";
  const indent = /^[ \t]*/.exec(line)?.[0] ?? "";
  const eol = lineEnding(text);
  const at = { line: finding.range.start.line, character: 0 };
  return {
    title: `Disable ${finding.ruleId} for this line`,
    kind: CodeActionKind.QuickFix,
    diagnostics: [diagnostic],
    edit: { changes: { [uriOf(finding.file)]: [{ range: { start: at, end: at }, newText: `${indent}${disableComment(finding.file, finding.ruleId)}${eol}` }] } },
  };
}

/** Quick fixes for the findings under the cursor, plus fix-all when asked for (or on save). */
export function codeActionsFor(
  params: CodeActionParams,
  findings: Finding[],
  uriOf: (file: string) => string,
  /** Keeps the fix-all fixes that leave files parsing and remove their findings (tried in memory first). */
  screen: (fixes: Fix[]) => Fix[] = (fixes) => fixes,
  /** The text of a file as the client has it (for "Disable <rule> for this line"). */
  textOf: (file: string) => string | undefined = () => undefined,
  /** A command the client runs for a finding (VS Code: run the project's `wrangler types` in a terminal). */
  commandFor: (finding: Finding) => Command | undefined = () => undefined,
): CodeAction[] {
  const only = params.context.only;
  const wantsQuickFix = !only || only.some((kind) => CodeActionKind.QuickFix.startsWith(kind) || kind.startsWith(CodeActionKind.QuickFix));
  const wantsFixAll = !only || only.some((kind) => FIX_ALL_KIND.startsWith(kind));
  const actions: CodeAction[] = [];
  if (wantsQuickFix) {
    const requested = new Set(params.context.diagnostics.map((d) => (d.data as { fingerprint?: string } | undefined)?.fingerprint).filter(Boolean));
    for (const finding of findings) {
      const matches = requested.size > 0 ? requested.has(fingerprint(finding)) : overlaps(finding.range, params.range);
      if (!matches) continue;
      const diagnostic: Diagnostic = params.context.diagnostics.find((d) => (d.data as { fingerprint?: string } | undefined)?.fingerprint === fingerprint(finding)) ?? toDiagnostic(finding);
      for (const fix of finding.fixes) {
        actions.push({ title: fix.title, kind: CodeActionKind.QuickFix, diagnostics: [diagnostic], isPreferred: fix.isPreferred, edit: toWorkspaceEdit([fix], uriOf) });
      }
      const command = commandFor(finding);
      if (command) actions.push({ title: command.title, kind: CodeActionKind.QuickFix, diagnostics: [diagnostic], command });
      const disable = disableAction(finding, diagnostic, uriOf, textOf);
      if (disable) actions.push(disable);
    }
  }
  if (wantsFixAll) {
    // Fix-all runs on every save: a fix that did not remove its finding would be applied again each time.
    const safe = screen(chooseSafeFixes(findings));
    if (safe.length > 0) {
      actions.push({ title: `Fix all safe Durable Object problems (${safe.length})`, kind: FIX_ALL_KIND, edit: toWorkspaceEdit(safe, uriOf) });
    }
  }
  return actions;
}

/** Safe fixes whose edits do not collide (later ones come after a re-check). */
export function chooseSafeFixes(findings: Finding[]): Fix[] {
  const chosen: Fix[] = [];
  const taken: { file: string; range: Range }[] = [];
  const key = (p: Range["start"]) => p.line * 1_000_000 + p.character;
  for (const fix of findings.flatMap((f) => f.fixes.filter((x) => x.safe))) {
    const collides = fix.edits.some((edit) =>
      taken.some((t) => t.file === edit.file && spansCollide({ start: key(t.range.start), end: key(t.range.end) }, { start: key(edit.range.start), end: key(edit.range.end) })),
    );
    if (collides) continue;
    chosen.push(fix);
    taken.push(...fix.edits.map((e) => ({ file: e.file, range: e.range })));
  }
  return chosen;
}

/**
 * The binding guard as a code action. A refactoring (`refactor.rewrite`), not a quick fix: it answers
 * no diagnostic (the use may be right in every environment the config has), it rewrites code the
 * user points at, and it must never be applied by fix-all or on save. Offered when no kinds are asked
 * for, or a refactor kind is.
 */
export function guardAction(params: CodeActionParams, guard: BindingGuard | undefined, range: Range | undefined, uri: string): CodeAction | undefined {
  if (!guard || !range) return undefined;
  const only = params.context.only;
  if (only && !only.some((kind) => CodeActionKind.RefactorRewrite.startsWith(kind))) return undefined;
  return { title: guard.title, kind: CodeActionKind.RefactorRewrite, edit: { changes: { [uri]: [{ range, newText: guard.newText }] } } };
}
