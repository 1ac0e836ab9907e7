import type { ProbeEvent, ProbeReport } from "./report";

/** One line per progress event: `» phase message`, `  | stdout`, `  ! stderr`. */
export function formatProbeEvent(event: ProbeEvent): string {
  if (event.kind === "phase") return `» ${event.message}`;
  return `  ${event.stream === "stderr" ? "!" : "|"} ${event.line}`;
}

/** The report as people read it: in the terminal and in the editor's output channel (see syntaxes/). */
export function formatProbeReport(report: ProbeReport): string {
  const out: string[] = [""];
  out.push(`Verdict: ${report.verdict}${report.ruleId ? `  (do-doctor check rule: ${report.ruleId})` : ""}`);
  out.push(`  ${report.sentence}`);
  if (report.fix) out.push(`Fix: ${report.fix}`);
  if (report.evidence.length) {
    out.push("Evidence:");
    for (const item of report.evidence) out.push(`  - ${item}`);
  }
  for (const note of report.notes) out.push(`Note: ${note}`);
  const timing = [
    report.timings.readyMs !== undefined ? `ready in ${(report.timings.readyMs / 1000).toFixed(1)} s` : undefined,
    `verdict in ${(report.timings.verdictMs / 1000).toFixed(1)} s`,
    report.wranglerVersion ? `wrangler ${report.wranglerVersion}${report.nodeVersion ? ` on Node ${report.nodeVersion}` : ""}` : undefined,
  ].filter(Boolean);
  out.push(`(${timing.join(", ")}; nothing left running)`);
  return `${out.join("\n")}\n`;
}
