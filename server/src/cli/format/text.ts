import type { Finding } from "../../findings";
import { LineIndex } from "../../text/positions";
import { displayPath } from "./relativePath";

export interface TextOptions {
  color: boolean;
  /** Reads a file's text for code frames (the texts the analysis saw). */
  readText(file: string): string | undefined;
  fixableCount: number;
}

const CODES = { red: 31, yellow: 33, cyan: 36, gray: 90, bold: 1 } as const;

function paint(enabled: boolean, code: keyof typeof CODES, text: string): string {
  return enabled ? `\u001b[${CODES[code]}m${text}\u001b[0m` : text;
}

/** ESLint-like: `file:line:col  severity  message  rule-id`, a code frame, then a summary line. */
export function formatText(findings: Finding[], base: string, options: TextOptions): string {
  const out: string[] = [];
  const indexes = new Map<string, LineIndex | undefined>();
  for (const finding of findings) {
    const where = `${displayPath(finding.file, base)}:${finding.range.start.line + 1}:${finding.range.start.character + 1}`;
    const severity = paint(options.color, finding.severity === "error" ? "red" : finding.severity === "warning" ? "yellow" : "cyan", finding.severity);
    out.push(`${paint(options.color, "bold", where)}  ${severity}  ${finding.message}  ${paint(options.color, "gray", finding.ruleId)}`);
    if (!indexes.has(finding.file)) {
      const text = options.readText(finding.file);
      indexes.set(finding.file, text === undefined ? undefined : new LineIndex(text));
    }
    const lines = indexes.get(finding.file);
    if (lines) out.push(codeFrame(lines, finding, options.color));
    out.push("");
  }
  const errors = findings.filter((f) => f.severity === "error").length;
  const warnings = findings.filter((f) => f.severity === "warning").length;
  const infos = findings.length - errors - warnings;
  if (findings.length === 0) {
    out.push("No Durable Object problems found.");
  } else {
    const parts = [`${errors} error${errors === 1 ? "" : "s"}`, `${warnings} warning${warnings === 1 ? "" : "s"}`];
    if (infos) parts.push(`${infos} info`);
    let summary = `✖ ${findings.length} problem${findings.length === 1 ? "" : "s"} (${parts.join(", ")})`;
    if (options.fixableCount > 0) summary += `, ${options.fixableCount} fixable with --fix`;
    out.push(paint(options.color, errors ? "red" : "yellow", summary));
  }
  return out.join("\n") + "\n";
}

function codeFrame(lines: LineIndex, finding: Finding, color: boolean): string {
  const { start, end } = finding.range;
  const first = Math.max(0, start.line - 1);
  const last = Math.min(lines.lineCount - 1, start.line + 1);
  const width = String(last + 1).length;
  const frame: string[] = [];
  for (let line = first; line <= last; line++) {
    const text = lines.lineText(line).replace(/\t/g, "  ");
    const marker = line === start.line ? ">" : " ";
    frame.push(`${marker} ${String(line + 1).padStart(width)} | ${text.length > 160 ? text.slice(0, 160) + "…" : text}`);
    if (line === start.line) {
      const raw = lines.lineText(line);
      const before = raw.slice(0, start.character).replace(/\t/g, "  ").length;
      const stop = end.line === start.line ? end.character : raw.length;
      const length = Math.max(1, raw.slice(start.character, stop).replace(/\t/g, "  ").length);
      frame.push(`  ${" ".repeat(width)} | ${" ".repeat(before)}${paint(color, "red", "^".repeat(Math.min(length, 160)))}`);
    }
  }
  return frame.join("\n");
}
