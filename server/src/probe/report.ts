/** The probe's public types: what the CLI and the editor pass in and get back. */

export const VERDICT_IDS = [
  "ok",
  "wrangler-not-found",
  "node-unsupported",
  "config-error",
  "class-not-exported",
  "startup-failed",
  "port-in-use",
  "binding-missing",
  "binding-not-namespace",
  "entrypoint-missing",
  "entrypoint-failed",
  "service-not-running",
  "route-mismatch",
  "route-not-handled",
  "auth-required",
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
  /**
   * The binding to probe: a Durable Object, Workflow or service binding of the config; default
   * CoderAgent when bound, else the first Durable Object binding, else the first Workflow, else the
   * first service binding.
   */
  binding?: string;
  /** The agent instance name in the route; default "default". */
  instanceName?: string;
  /** A route to probe instead of `/<prefix>/<namespace>/<instance>`. */
  path?: string;
  /** Everything, from start to verdict; default 60 s. */
  timeoutMs?: number;
  /** Appended to `wrangler dev`; a `--port` or `--inspector-port` given here is used as is. */
  extraWranglerArgs?: string[];
  /** Request headers sent with the route probes (HTTP and WebSocket), e.g. ["Authorization", "Bearer x"]. */
  headers?: [string, string][];
  /**
   * Let wrangler dev reach remote bindings (`"remote": true`, AI, browser), which needs a login.
   * Default false: the probe runs wrangler's local mode (`--local`), offline.
   */
  remoteBindings?: boolean;
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
  /** The Node.js version that ran wrangler. */
  nodeVersion?: string;
  /** wrangler's output, ANSI codes removed, each line prefixed by its stream. */
  log: string[];
  notes: string[];
}

/** What the wrapper entry answers on its reserved path. Only names and kinds: never values. */
export interface EnvReport {
  /** Every key of `env` with its kind ("durable-object-namespace", "string", "object", ...). */
  keys: { name: string; kind: string }[];
  /** One entry per binding the probe asked about: Durable Object, Workflow and service bindings of the config. */
  bindings: Record<string, EnvBindingReport>;
}

/** The kinds of binding the probe inspects: those that name a class or an entrypoint. */
export type InspectedKind = "durable-object" | "workflow" | "service";

export interface EnvBindingReport {
  /** What the config declares it as (absent in reports of older probes: a Durable Object binding). */
  declaredKind?: InspectedKind;
  present: boolean;
  type: string;
  /** The runtime's class name for the value: "DurableObjectNamespace", "Fetcher", ... */
  constructorName?: string;
  /** The value is a DurableObjectNamespace by its constructor name (absent in reports of older probes). */
  isNamespace?: boolean;
  /** typeof idFromName === "function": true for a Fetcher too (it answers every property). */
  hasIdFromName: boolean;
  hasGet: boolean;
  /** A stub was got for the probe's instance name. */
  stub?: boolean;
  /** The stub's answer to a plain GET, or why there was none. */
  stubAnswer?: { status: number; bodyExcerpt: string };
  stubError?: string;
  /** The config's class_name (Durable Object and Workflow bindings). */
  className?: string;
  /** The config's class_name is exported by the entry (the wrapper sees it). */
  classExported?: boolean;
  /** The class (or a base) defines fetch(); without it the stub is checked over RPC, never with fetch. */
  hasFetch?: boolean;
  /** The class's own methods callable over RPC (names only; the probe never calls them). */
  rpcMethods?: string[];
  /** A call over RPC to a method no class has: reachable when the live instance answered "does not implement". */
  rpc?: { reachable: boolean; answer?: string; error?: string };
  /** The class runs a container (`containers[].class_name`): the probe never sends it fetch(), only the RPC check. */
  container?: boolean;
  /** Workflow bindings: the value has the Workflow binding's methods (create, get, createBatch) and is no Fetcher. */
  isWorkflow?: boolean;
  /** Workflow bindings: `get()` of an instance id that cannot exist; the engine answers "instance.not_found" when live. */
  workflowGet?: { answers: boolean; answer?: string; error?: string };
  /** Service bindings: the config's `service` and `entrypoint`. */
  service?: string;
  entrypoint?: string;
  /** Service bindings: the value is a Fetcher by its constructor name. */
  isFetcher?: boolean;
  /**
   * Service bindings: a call over RPC to a method no entrypoint has (no fetch() is ever sent: on this
   * worker it would run its own handler). reachable: the entrypoint answered "does not implement";
   * notRunning: the target worker is not part of this wrangler dev session ("not found. Make sure it is running locally").
   */
  serviceRpc?: { reachable: boolean; notRunning?: boolean; answer?: string; error?: string };
}
