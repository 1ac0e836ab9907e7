/** The probe's public types: what the CLI and the editor pass in and get back. */

export const VERDICT_IDS = [
  "ok",
  "wrangler-not-found",
  "config-error",
  "class-not-exported",
  "startup-failed",
  "port-in-use",
  "binding-missing",
  "binding-not-namespace",
  "route-mismatch",
  "route-not-handled",
  "agent-error",
  "websocket-failed",
  "timeout",
] as const;

export type VerdictId = (typeof VERDICT_IDS)[number];

export interface ProbeOptions {
  /** The project folder (or a folder below which the config lives). */
  projectDir: string;
  /** The wrangler config to run; default: wrangler's own discovery order in projectDir. */
  configFile?: string;
  /** `wrangler dev --env NAME`. */
  environment?: string;
  /** The Durable Object binding to probe; default CoderAgent when bound, else the first binding. */
  binding?: string;
  /** The agent instance name in the route; default "default". */
  instanceName?: string;
  /** A route to probe instead of `/<prefix>/<namespace>/<instance>`. */
  path?: string;
  /** Everything, from start to verdict; default 60 s. */
  timeoutMs?: number;
  /** Appended to `wrangler dev`; a `--port` or `--inspector-port` given here is used as is. */
  extraWranglerArgs?: string[];
}

export type ProbePhase = "locating" | "starting" | "ready" | "inspecting" | "probing" | "stopping";

export type ProbeEvent =
  | { kind: "phase"; phase: ProbePhase; message: string }
  | { kind: "output"; stream: "stdout" | "stderr"; line: string };

export interface ProbeReport {
  verdict: VerdictId;
  /** One sentence: what is wrong (or that all is well). */
  sentence: string;
  /** How to fix it (empty for ok). */
  fix: string;
  /** The static rule (`do-doctor check`) that covers this verdict, when there is one. */
  ruleId?: string;
  binding?: string;
  environment?: string;
  /** Quoted log lines, HTTP statuses, env report facts. */
  evidence: string[];
  /** The live environment as the generated wrapper entry saw it (see EnvReport). */
  envReport?: unknown;
  http?: { url: string; status: number; bodyExcerpt: string };
  websocket?: { url: string; status?: number; frames: string[]; error?: string };
  timings: { readyMs?: number; verdictMs: number };
  wranglerVersion?: string;
  /** wrangler's output, ANSI codes removed, each line prefixed by its stream. */
  log: string[];
  notes: string[];
}

/** What the wrapper entry answers on its reserved path. Only names and kinds: never values. */
export interface EnvReport {
  /** Every key of `env` with its kind ("durable-object-namespace", "string", "object", ...). */
  keys: { name: string; kind: string }[];
  /** One entry per Durable Object binding the probe asked about. */
  bindings: Record<string, EnvBindingReport>;
}

export interface EnvBindingReport {
  present: boolean;
  type: string;
  constructorName?: string;
  hasIdFromName: boolean;
  hasGet: boolean;
  /** A stub was got for the probe's instance name. */
  stub?: boolean;
  /** The stub's answer to a plain GET, or why there was none. */
  stubAnswer?: { status: number; bodyExcerpt: string };
  stubError?: string;
}
