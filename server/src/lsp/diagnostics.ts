import { DiagnosticSeverity, type Diagnostic } from "vscode-languageserver";
import type { Finding } from "../findings";
import { ruleDocsPath } from "../packageFiles";
import { pathToUri } from "./uris";

const SEVERITY = { error: DiagnosticSeverity.Error, warning: DiagnosticSeverity.Warning, info: DiagnosticSeverity.Information } as const;

export const DIAGNOSTIC_SOURCE = "do-doctor";

export function toDiagnostic(finding: Finding): Diagnostic {
  return {
    range: finding.range,
    severity: SEVERITY[finding.severity],
    code: finding.ruleId,
    codeDescription: { href: pathToUri(ruleDocsPath(finding.ruleId)) },
    source: DIAGNOSTIC_SOURCE,
    message: finding.message,
    relatedInformation: finding.related.map((r) => ({ location: { uri: pathToUri(r.file), range: r.range }, message: r.message })),
    // The client echoes `data` back in code action requests (the fingerprint finds the finding again);
    // the message id and its data let other clients tell findings apart without reading the text.
    data: { fingerprint: fingerprint(finding), ...(finding.messageId !== undefined ? { messageId: finding.messageId, data: finding.data ?? {} } : {}) },
  };
}

/** Identifies a finding across the diagnostic round trip (the client echoes `data` back in code action requests). */
export function fingerprint(finding: Finding): string {
  const { start, end } = finding.range;
  return `${finding.ruleId}:${start.line}:${start.character}:${end.line}:${end.character}:${finding.message.length}`;
}
