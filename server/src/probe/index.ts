/** The probe engine: editor-independent, used by `do-doctor probe` and the VS Code extension. */
export { runProbe, ProbeCancelledError, DEFAULT_TIMEOUT_MS } from "./runProbe";
export { VERDICT_IDS } from "./report";
export type { ProbeOptions, ProbeEvent, ProbePhase, ProbeReport, VerdictId, EnvReport, EnvBindingReport } from "./report";
export { formatProbeEvent, formatProbeReport } from "./reportText";
