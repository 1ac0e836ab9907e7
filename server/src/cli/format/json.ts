import type { Finding } from "../../findings";
import { displayPath } from "./relativePath";

export function formatJson(findings: Finding[], base: string): string {
  const rendered = findings.map((finding) => ({
    ruleId: finding.ruleId,
    severity: finding.severity,
    message: finding.message,
    ...(finding.messageId !== undefined ? { messageId: finding.messageId, data: finding.data ?? {} } : {}),
    file: displayPath(finding.file, base),
    range: finding.range,
    fixes: finding.fixes.map((fix) => ({
      title: fix.title,
      safe: fix.safe,
      isPreferred: fix.isPreferred,
      edits: fix.edits.map((edit) => ({ file: displayPath(edit.file, base), range: edit.range, newText: edit.newText })),
    })),
    related: finding.related.map((r) => ({ file: displayPath(r.file, base), range: r.range, message: r.message })),
  }));
  return JSON.stringify({ findings: rendered }, null, 2) + "\n";
}
