import type { Finding } from "./findings";
import { canonicalRuleId } from "./rules/index";
import type { RuleMeta } from "./rules/rule";
import { LineIndex, type Span } from "./text/positions";

/**
 * Inline suppressions, as ESLint's: `// do-doctor-disable-next-line <rule>[, <rule>] -- reason` and
 * `// do-doctor-disable-line ...` in JavaScript, TypeScript and JSONC (a block comment works too),
 * `# do-doctor-disable-next-line ...` in TOML. Without rule ids a directive silences every rule on
 * its line. Text after ` -- ` is the reason, kept for the reader.
 */

export const DIRECTIVE_MARK = "do-doctor-disable-";

/** The rule id of the finding reported for a directive that silences nothing. */
export const UNUSED_DIRECTIVE_RULE = "unused-disable-directive";

/** The finding for a directive that suppressed nothing (reportUnusedDisableDirectives): listed with the rules in SARIF output. */
export const UNUSED_DIRECTIVE_META: RuleMeta = {
  id: UNUSED_DIRECTIVE_RULE,
  defaultSeverity: "warning",
  description: "A do-doctor-disable directive suppressed no finding (reported when reportUnusedDisableDirectives is set).",
  fixable: true,
  messages: {
    unusedDirective: "Unused do-doctor-disable-{{kind}} directive: no problem from {{rules}} was reported on line {{line}}. Remove it, so that it cannot hide a problem later.",
  },
};

export interface Directive {
  file: string;
  /** 0-based line whose findings it silences. */
  targetLine: number;
  kind: "next-line" | "line";
  /** Rule ids; empty for every rule. */
  rules: string[];
  /** The comment holding it, from its opener to the end of the directive. */
  span: Span;
  /** 0-based line the comment stands on. */
  line: number;
  /** The comment is alone on its line (so removing it removes the line). */
  ownLine: boolean;
}

const DIRECTIVE = /(\/\/|\/\*|#)[ \t]*do-doctor-disable-(next-line|line)(?=[\s,]|\*\/|$)([^\n]*)/g;

/** Every directive of a file's text. */
export function readDirectives(file: string, text: string): Directive[] {
  if (!text.includes(DIRECTIVE_MARK)) return [];
  const lines = new LineIndex(text);
  const found: Directive[] = [];
  for (const match of text.matchAll(DIRECTIVE)) {
    const start = match.index ?? 0;
    let rest = match[3];
    let end = start + match[0].length;
    if (match[1] === "/*") {
      // A block comment must close on the same line.
      const close = rest.indexOf("*/");
      if (close < 0) continue;
      rest = rest.slice(0, close);
      end = start + match[0].length - match[3].length + close + 2;
    }
    const reasonAt = rest.search(/\s--(\s|$)/);
    const ruleText = reasonAt < 0 ? rest : rest.slice(0, reasonAt);
    const rules = ruleText.split(/[\s,]+/).filter(Boolean);
    const line = lines.positionAt(start).line;
    const lineStart = text.lastIndexOf("\n", start - 1) + 1;
    const lineEnd = text.indexOf("\n", end);
    const ownLine = text.slice(lineStart, start).trim() === "" && text.slice(end, lineEnd < 0 ? text.length : lineEnd).trim() === "";
    const kind = match[2] as Directive["kind"];
    found.push({ file, targetLine: kind === "next-line" ? line + 1 : line, kind, rules, span: { start, end }, line, ownLine });
  }
  return found;
}

function silences(directive: Directive, finding: Finding): boolean {
  return directive.file === finding.file && directive.targetLine === finding.range.start.line && (directive.rules.length === 0 || directive.rules.some((id) => canonicalRuleId(id) === finding.ruleId));
}

/**
 * Drops the findings a directive silences. Returns what is kept and, per directive, whether it
 * silenced anything (for `--report-unused-disable-directives`).
 */
export function applyDirectives(findings: Finding[], directivesOf: (file: string) => Directive[]): { kept: Finding[]; used: Set<Directive> } {
  const used = new Set<Directive>();
  const kept = findings.filter((finding) => {
    const silencing = directivesOf(finding.file).filter((d) => silences(d, finding));
    for (const d of silencing) used.add(d);
    return silencing.length === 0;
  });
  return { kept, used };
}

/** The directive comment that silences `ruleId` on a finding's line, in the file's own comment style. */
export function disableComment(file: string, ruleId: string): string {
  return /\.toml$/i.test(file) ? `# do-doctor-disable-next-line ${ruleId}` : `// do-doctor-disable-next-line ${ruleId}`;
}
