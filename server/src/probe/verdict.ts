import { agentNamespace } from "../naming/agentNamespace";
import type { OutputLine } from "./output";
import type { EnvBindingReport, EnvReport, InspectedKind, VerdictId } from "./report";
import type { HttpResult, WebSocketResult } from "./routeProbe";
import { ROUTER_CALL, type Router } from "./router";
import type { ClientPrefixMismatch, StaticFinding } from "./staticFacts";
import { escapeRegExp } from "../text/regExp";

/** What the classifier knows about the project, from its config and the static engine. */
export interface VerdictContext {
  /** The config file name as the user knows it: "wrangler.jsonc". */
  configName: string;
  /** `--env`, when one was run. */
  environment?: string;
  /** The entry (`main`) relative to the config's folder. */
  main?: string;
  /** The binding probed, and the class it binds. */
  binding?: string;
  className?: string;
  /** What the config declares the probed binding as (absent: a Durable Object binding, or a name it does not bind). */
  bindingKind?: InspectedKind;
  /** Workflows this worker runs in the environment run, and the top level's Workflow binding names (not inherited). */
  workflows?: { binding: string; className: string; name?: string }[];
  topLevelWorkflows?: string[];
  /** Service bindings of the environment run, and the top level's service binding names (not inherited). */
  services?: { binding: string; service?: string; entrypoint?: string }[];
  topLevelServices?: string[];
  /** Classes of `containers[]` in the environment run. */
  containerClasses?: string[];
  /** wrangler dev ran with --enable-containers=false. */
  containersOff?: boolean;
  /** The name this worker runs under in the environment run. */
  workerName?: string;
  /** Durable Object bindings configured in the environment run. */
  bindings: string[];
  /** Durable Object bindings of the top level (environments do not inherit them). */
  topLevelBindings: string[];
  /** The route probed: `/<prefix>/<namespace>/<instance>` or `--path`. */
  routePath?: string;
  /** The static engine's findings for this worker and environment: which rules cover what. */
  staticFindings: StaticFinding[];
  /** The port the probe asked for, for the port-in-use sentence. */
  port?: number;
  /** Clients of a served namespace under a prefix the worker does not route (probed as they connect). */
  clientPrefixMismatches?: ClientPrefixMismatch[];
  /** How the worker routes to its Durable Objects; absent: routeAgentRequest under "agents" (older callers). */
  router?: Router;
  /** The probed binding's class, as the static engine reads it. */
  classFacts?: { kind: string; declaredInEntry: boolean; exportedFromEntryDeclaration: boolean };
  /** How the code reaches the probed binding (getAgentByName, idFromName...). */
  bindingUses?: string[];
  /** The probe sent request headers (--header). */
  headersGiven?: boolean;
  /** wrangler's engines.node. */
  nodeRequirement?: string;
}

/** What a route the client code uses answered. */
export interface ClientAnswer {
  route: string;
  status: number;
  body: string;
}

export interface Verdict {
  verdict: VerdictId;
  sentence: string;
  fix: string;
  ruleId?: string;
  evidence: string[];
  notes?: string[];
}

export interface ProbeObservation {
  lines: OutputLine[];
  /** Index in lines of wrangler's Ready line; undefined when it never came. */
  readyIndex?: number;
  exit?: { code: number | null; signal: string | null };
  /** wrangler ran past the probe's timeout without becoming ready. */
  startTimedOut?: boolean;
  timeoutMs?: number;
  envReport?: EnvReport;
  http?: HttpResult;
  websocket?: WebSocketResult;
  clientAnswers?: ClientAnswer[];
}

const NODE_TOO_OLD = /Wrangler requires at least Node\.js v?(\d+(?:\.\d+)*)\. You are using v?(\d+(?:\.\d+)*)\./;
const NOT_EXPORTED = /Your Worker depends on the following (Durable Objects|Workflows), which are not exported in your entrypoint file: (.+?)\.?$/;
const ADDRESS_IN_USE = /Address already in use(?: \(([^)]+)\))?/;
const ROUTE_MISMATCH_AGENTS = /The URL (\S+) with namespace "([^"]*)" and name "([^"]*)" does not match any Durable Object binding/;
const ROUTE_MISMATCH_PARTYSERVER = /The url (\S+)\s+with namespace "([^"]*)" and name "([^"]*)" does not match any server namespace/;
const SQLITE_ONLY = /(The storage\.kv \(synchronous KV\) API is only available for SQLite-backed Durable Objects|SQL is not enabled for this Durable Object class|only available for SQLite-backed Durable Objects)/;
const UNDEFINED_NAMESPACE = /TypeError: Cannot read properties of undefined \(reading '(idFromName|get|idFromString|newUniqueId|getByName)'\)/;
const COULD_NOT_RESOLVE = /Could not resolve "([^"]+)"/;
const CLASS_EXTENDS_UNDEFINED = /Class extends value undefined is not a constructor or null/;
const RUNTIME_FAILED = /The Workers runtime failed to start/;
const MUTUALLY_EXCLUSIVE = /`migrations` and `exports` are mutually exclusive/;
// workerd, at startup (wrangler 4.86 and 4.164): `Worker "core:user:exp"'s binding "BAD" refers to service
// "core:user:exp" with a named entrypoint "Missing", but "core:user:exp" has no such named entrypoint.`
const NO_SUCH_ENTRYPOINT = /Worker "([^"]+)"'s binding "([^"]+)" refers to service "([^"]+)" with a named entrypoint "([^"]+)", but "[^"]+" has no such named entrypoint/;
const DOCKER_MISSING = /The Docker CLI could not be launched/;
// workerd, when a service binding's entrypoint names a Durable Object class (every call then fails with "internal error").
const NOT_AN_ACTOR = /worker is not an actor but class name was requested; n = (\S+)/;
const CONFIG_PROBLEM = /(Processing .+ configuration:|ParseError|No environment found in configuration|Could not read file|Missing entry-point|The entry-point file at .+ was not found|Unexpected fields found|is not a valid|must be a|is required)/;

const NODE_BUILTINS = new Set([
  "assert", "async_hooks", "buffer", "child_process", "crypto", "diagnostics_channel", "dns", "events", "fs", "http", "https",
  "module", "net", "os", "path", "perf_hooks", "process", "punycode", "querystring", "readline", "stream", "string_decoder",
  "timers", "tls", "url", "util", "vm", "worker_threads", "zlib",
]);

/** An error block of wrangler's: the `✘ [ERROR]` header and its indented body, up to the next block. */
export interface ErrorBlock {
  header: string;
  body: string[];
  index: number;
}

export function errorBlocks(lines: OutputLine[], from = 0, to = lines.length): ErrorBlock[] {
  const blocks: ErrorBlock[] = [];
  let current: ErrorBlock | undefined;
  for (let i = from; i < to; i++) {
    const text = lines[i].text;
    const trimmed = text.trim();
    if (/^✘ \[ERROR\]/.test(trimmed)) {
      current = { header: trimmed.replace(/^✘ \[ERROR\]\s*/, ""), body: [], index: i };
      blocks.push(current);
    } else if (/^(▲ \[WARNING\]|🪵|\[wrangler:|⎔)/.test(trimmed)) {
      current = undefined;
    } else if (current && trimmed) {
      current.body.push(trimmed);
    }
  }
  return blocks;
}

function quote(line: string): string {
  const text = line.trim();
  return `wrangler: ${text.length > 400 ? `${text.slice(0, 400)}...` : text}`;
}

function ruleFrom(context: VerdictContext, candidates: string[], fallback?: string): string | undefined {
  return candidates.find((id) => context.staticFindings.some((f) => f.ruleId === id)) ?? fallback;
}

function staticEvidence(context: VerdictContext, ruleId: string | undefined): string[] {
  if (!ruleId) return [];
  const finding = context.staticFindings.find((f) => f.ruleId === ruleId);
  return finding ? [`do-doctor check (${ruleId}): ${finding.message}`] : [];
}

/** The export line the static fix would add, or a template of it. */
function exportLine(context: VerdictContext, className: string): string {
  const fix = context.staticFindings.find((f) => f.ruleId === "class-not-exported" && f.fixText && f.fixText.includes(className) && f.fixText.startsWith("export {"));
  return fix?.fixText ? `add \`${fix.fixText}\`` : `e.g. \`export { ${className} } from "./<its module>";\``;
}

function envLabel(context: VerdictContext): string {
  return context.environment ? `env.${context.environment}` : "the top level";
}

function checkFixHint(context: VerdictContext, ruleId: string | undefined): string {
  return ruleId && context.staticFindings.some((f) => f.ruleId === ruleId) ? ` \`do-doctor check --fix\` shows (and, where safe, applies) this fix.` : "";
}

/**
 * The verdict an error block printed while wrangler starts gives at once (wrangler often keeps running
 * after it, never serving). Undefined while nothing decisive has been printed.
 */
export function classifyStartup(lines: OutputLine[], context: VerdictContext, to = lines.length): Verdict | undefined {
  const blocks = errorBlocks(lines, 0, to);
  const all = lines.slice(0, to);
  const find = (pattern: RegExp) => all.find((line) => pattern.test(line.text));

  const nodeTooOld = find(NODE_TOO_OLD);
  if (nodeTooOld) {
    const [, needed, using] = NODE_TOO_OLD.exec(nodeTooOld.text)!;
    const range = context.nodeRequirement ?? `>=${needed}`;
    return {
      verdict: "node-unsupported",
      sentence: `The project's wrangler needs a newer Node.js than ${using}: "${nodeTooOld.text.trim()}"`,
      fix: `Install Node.js ${range} (wrangler's engines.node) and put it on PATH: the probe runs wrangler with the first suitable node there.`,
      evidence: [quote(nodeTooOld.text)],
    };
  }

  const notExported = find(NOT_EXPORTED);
  if (notExported) {
    const [, kinds, names] = NOT_EXPORTED.exec(notExported.text)!;
    const classes = names.split(/,\s*/).map((c) => c.replace(/\.$/, ""));
    // The same check stops wrangler for Workflows' classes (measured with wrangler 4.86: dev prints the error and never serves).
    const kind = kinds === "Workflows" ? "Workflow" : "Durable Object";
    const where = context.main ?? "the entry file";
    const hint = all.find((line) => /You should export these objects from your entrypoint/.test(line.text));
    const ruleId = "class-not-exported";
    return {
      verdict: "class-not-exported",
      sentence: `${kind} class${classes.length > 1 ? "es" : ""} ${classes.join(", ")} ${classes.length > 1 ? "are" : "is"} not exported from the entry ${where}, so wrangler dev never starts serving (requests hang).`,
      fix:
        context.classFacts?.declaredInEntry && !context.classFacts.exportedFromEntryDeclaration && context.className && classes.includes(context.className)
          ? `Add \`export\` to the class declaration in ${where}: \`export class ${context.className} ...\` (a default export does not count).${checkFixHint(context, ruleId)}`
          : `Export ${classes.join(", ")} by name from ${where}: ${exportLine(context, classes[0])} (a type-only import or a default export does not count).${checkFixHint(context, ruleId)}`,
      ruleId,
      evidence: [quote(notExported.text), ...(hint ? [quote(hint.text)] : []), ...staticEvidence(context, ruleId)],
    };
  }

  // wrangler's own block names the address; workerd's fatal line ("...; toString() = 127.0.0.1:8787") may come first.
  const inUse = all.find((line) => ADDRESS_IN_USE.exec(line.text)?.[1]) ?? find(ADDRESS_IN_USE);
  if (inUse) {
    const address = ADDRESS_IN_USE.exec(inUse.text)![1] ?? /toString\(\) = (\S+)/.exec(inUse.text)?.[1] ?? (context.port ? `127.0.0.1:${context.port}` : undefined);
    return {
      verdict: "port-in-use",
      sentence: `${address ? `Port ${address} is` : "A port wrangler needs is"} already in use, so wrangler dev could not start.`,
      fix: "Stop the process that holds it (often another wrangler dev), or leave --port out of the probe's wrangler arguments so it picks free ports.",
      evidence: [quote(inUse.text)],
    };
  }

  const noEntrypoint = find(NO_SUCH_ENTRYPOINT);
  if (noEntrypoint) {
    const [, , binding, service, entrypoint] = NO_SUCH_ENTRYPOINT.exec(noEntrypoint.text)!;
    const worker = workerdName(service);
    const self = !!context.workerName && worker === context.workerName;
    const entry = self ? (context.main ?? "its entry") : `worker "${worker}"'s entry`;
    const isDefault = entrypoint === "default";
    const ruleId = isDefault ? undefined : "service-entrypoint-missing";
    return {
      verdict: "entrypoint-missing",
      sentence: isDefault
        ? `Service binding "${binding}" names the entrypoint "default", which workerd does not accept ("${worker}" has no such named entrypoint), so the Workers runtime refuses to start and wrangler dev stops.`
        : `Service binding "${binding}" asks worker "${worker}" for the entrypoint "${entrypoint}", but ${self ? `its entry ${entry}` : entry} has no export of that name: workerd refuses to start ("has no such named entrypoint") and wrangler dev stops.`,
      fix: isDefault
        ? `Leave \`entrypoint\` out of the binding in ${context.configName} to reach the default export.`
        : `Export a class extending \`WorkerEntrypoint\` named ${entrypoint} from ${entry}, or fix \`entrypoint\` in ${context.configName}.${checkFixHint(context, ruleId)}`,
      ...(ruleId ? { ruleId } : {}),
      evidence: [quote(noEntrypoint.text), ...(find(RUNTIME_FAILED) ? [quote(find(RUNTIME_FAILED)!.text)] : []), ...staticEvidence(context, ruleId)],
    };
  }

  const docker = find(DOCKER_MISSING);
  if (docker) {
    return {
      verdict: "startup-failed",
      sentence: `wrangler dev wanted to build the container image${context.containerClasses?.length ? ` of ${context.containerClasses.join(", ")}` : ""} and could not: "The Docker CLI could not be launched".`,
      fix: "Start Docker (or set WRANGLER_DOCKER_BIN), or leave --enable-containers=true out of the probe's wrangler arguments: it runs without containers by default.",
      evidence: [quote(docker.text)],
    };
  }

  const exclusive = find(MUTUALLY_EXCLUSIVE);
  if (exclusive) {
    const ruleId = "exports-and-migrations-conflict";
    return {
      verdict: "config-error",
      sentence: `${context.configName} has both \`migrations\` and \`exports\`, which wrangler refuses.`,
      fix: "Keep one of them: `exports` (wrangler >= 4.107) or `migrations`.",
      ruleId,
      evidence: [quote(exclusive.text), ...staticEvidence(context, ruleId)],
    };
  }

  const unresolved = find(COULD_NOT_RESOLVE);
  if (unresolved) {
    const module = COULD_NOT_RESOLVE.exec(unresolved.text)![1];
    const builtin = NODE_BUILTINS.has(module.replace(/^node:/, "").split("/")[0]);
    if (builtin) {
      const ruleId = "nodejs-compat-missing";
      return {
        verdict: "startup-failed",
        sentence: `The build failed: "${module}" is a Node.js built-in, and without the nodejs_compat flag the worker cannot import it, so wrangler dev never starts serving.`,
        fix: `Add "nodejs_compat" to compatibility_flags in ${context.configName}.${checkFixHint(context, ruleId)}`,
        ruleId,
        evidence: [quote(unresolved.text), ...staticEvidence(context, ruleId)],
      };
    }
    return {
      verdict: "startup-failed",
      sentence: `The build failed: the module "${module}" could not be resolved, so wrangler dev never starts serving.`,
      fix: `Install "${module}" in the project (npm install ${module}) or fix the import path.`,
      evidence: [quote(unresolved.text)],
    };
  }

  const classExtends = find(CLASS_EXTENDS_UNDEFINED);
  if (classExtends) {
    const ruleId = ruleFrom(context, ["migration-class-unknown", "class-not-found"]);
    return {
      verdict: "startup-failed",
      sentence: `The Workers runtime failed to start: "Class extends value undefined is not a constructor or null"${ruleId === "migration-class-unknown" ? ", because a migration names a class that does not exist" : ""}.`,
      fix: ruleId === "migration-class-unknown"
        ? "Correct the class name in the migration (a new migration entry if the old one was deployed) so it names a class the entry exports."
        : "Check the class named in the error: its base class is undefined at load time (a missing export or an import cycle).",
      ruleId,
      evidence: [quote(classExtends.text), ...staticEvidence(context, ruleId)],
    };
  }

  const configAt = new RegExp(`${escapeRegExp(context.configName)}:(\\d+):(\\d+)`);
  for (const block of blocks) {
    const located = block.body.map((line) => configAt.exec(line)).find((m) => m);
    if (located) {
      const ruleId = ruleFrom(context, ["config-parse-error"], "config-parse-error");
      return {
        verdict: "config-error",
        sentence: `wrangler cannot read ${context.configName}: ${block.header} at line ${located[1]}, column ${located[2]}.`,
        fix: `Correct the syntax of ${context.configName} at ${located[1]}:${located[2]}, then probe again.${checkFixHint(context, ruleId)}`,
        ruleId,
        evidence: [quote(`✘ [ERROR] ${block.header}`), ...block.body.slice(0, 3).map(quote), ...staticEvidence(context, ruleId)],
      };
    }
    if (/^Processing .+ configuration:/.test(block.header) || CONFIG_PROBLEM.test(block.header)) {
      const detail = block.body.find((line) => line.startsWith("- ")) ?? block.body[0];
      const ruleId = ruleFrom(context, ["config-parse-error", "main-not-found", "binding-incomplete"]);
      return {
        verdict: "config-error",
        sentence: `wrangler rejected ${context.configName}: ${detail ? detail.replace(/^- /, "") : block.header}`,
        fix: `Correct ${context.configName} as the message says, then probe again.${checkFixHint(context, ruleId)}`,
        ruleId,
        evidence: [quote(`✘ [ERROR] ${block.header}`), ...block.body.slice(0, 3).map(quote), ...staticEvidence(context, ruleId)],
      };
    }
  }

  const runtimeFailed = find(RUNTIME_FAILED);
  const buildFailed = blocks.find((block) => /Build failed/.test(block.header));
  const first = buildFailed ?? blocks[0];
  if (runtimeFailed || first) {
    const headline = first ? first.header : runtimeFailed!.text.trim();
    return {
      verdict: "startup-failed",
      sentence: `wrangler dev failed to start the worker: ${headline}`,
      fix: "Fix the error wrangler reports (quoted below), then probe again.",
      evidence: [...(first ? [quote(`✘ [ERROR] ${first.header}`), ...first.body.slice(0, 4).map(quote)] : []), ...(runtimeFailed ? [quote(runtimeFailed.text)] : [])],
    };
  }
  return undefined;
}

/** workerd's service names in wrangler dev: "core:user:<worker name>". */
function workerdName(service: string): string {
  return service.replace(/^core:user:/, "");
}

/** One phrase per inspected binding: "REPORTS present (Workflow; get answers)", "SELF present (Fetcher, entrypoint Api: answers)". */
export function liveBindings(envReport: EnvReport): string[] {
  return Object.entries(envReport.bindings).map(([name, b]) => {
    if (!b.present) return `${name} absent`;
    if (b.declaredKind === "workflow") {
      if (!b.isWorkflow) return `${name} present (${b.constructorName ?? b.type}, not a Workflow)`;
      const get = b.workflowGet ? (b.workflowGet.answers ? "get answers" : `get fails: ${b.workflowGet.error}`) : "not called";
      return `${name} present (Workflow${b.className ? ` of ${b.className}` : ""}; ${get})`;
    }
    if (b.declaredKind === "service") {
      const target = `${b.service ? `worker ${b.service}` : "service"}${b.entrypoint ? `, entrypoint ${b.entrypoint}` : ""}`;
      const rpc = b.serviceRpc;
      const state = !rpc ? "not called" : rpc.reachable ? "answers" : rpc.notRunning ? "not running in this session" : `fails: ${rpc.error}`;
      return `${name} present (${b.constructorName ?? b.type}, ${target}: ${state})`;
    }
    const kind = b.isNamespace ? "DurableObjectNamespace" : (b.constructorName ?? b.type);
    return `${name} present (${kind}${b.className ? ` of ${b.container ? "the container class " : ""}${b.className}` : ""})`;
  });
}

/** Notes about inspected Workflow and service bindings other than the probed one that fail live. */
function otherBindingNotes(envReport: EnvReport, probed: string | undefined): string[] {
  const notes: string[] = [];
  for (const [name, b] of Object.entries(envReport.bindings)) {
    if (name === probed || !b.present) continue;
    if (b.declaredKind === "service" && b.serviceRpc && !b.serviceRpc.reachable && !b.serviceRpc.notRunning) {
      notes.push(`Service binding ${name}${b.entrypoint ? ` (entrypoint ${b.entrypoint})` : ""} fails when called: ${b.serviceRpc.error}; probe it with --binding ${name}.`);
    }
    if (b.declaredKind === "workflow" && b.workflowGet && !b.workflowGet.answers) notes.push(`Workflow binding ${name} fails when called: ${b.workflowGet.error}; probe it with --binding ${name}.`);
  }
  return notes;
}

function bodyExcerpt(body: string | undefined, max = 200): string {
  const text = (body ?? "").trim().split(/\r?\n/)[0] ?? "";
  return text.length > max ? `${text.slice(0, max)}...` : text;
}

function kebabToPascal(namespace: string): string {
  return namespace
    .split("-")
    .filter(Boolean)
    .map((part) => part[0].toUpperCase() + part.slice(1))
    .join("");
}

/** The verdict once wrangler is ready and the route was probed (or when it never got there). */
export function classifyProbe(observation: ProbeObservation, context: VerdictContext): Verdict {
  const { lines, envReport, http, websocket } = observation;
  const route = context.routePath ?? "the route";

  if (observation.readyIndex === undefined) {
    const early = classifyStartup(lines, context);
    if (early) return early;
    if (observation.startTimedOut) {
      const seconds = Math.round((observation.timeoutMs ?? 0) / 1000);
      return {
        verdict: "timeout",
        sentence: `wrangler dev did not become ready within ${seconds} s and printed no error.`,
        fix: "Run `wrangler dev` in the project to see what it waits for, or probe again with a longer --timeout.",
        evidence: lines.slice(-3).map((line) => quote(line.text)),
      };
    }
    const exit = observation.exit;
    const last = [...lines].reverse().find((line) => line.text.trim() && !/^🪵/.test(line.text.trim()));
    return {
      verdict: "startup-failed",
      sentence: `wrangler dev exited${exit?.code !== undefined && exit?.code !== null ? ` with code ${exit.code}` : exit?.signal ? ` on ${exit.signal}` : ""} before it was ready${last ? `; its last words: ${last.text.trim()}` : "."}`,
      fix: "Run `wrangler dev` in the project to see the whole error, fix it, then probe again.",
      evidence: lines.slice(-5).map((line) => quote(line.text)),
    };
  }

  const afterReady = lines.slice(observation.readyIndex);
  const findAfter = (pattern: RegExp) => afterReady.find((line) => pattern.test(line.text));
  const evidence: string[] = [];
  const notes: string[] = [];
  const binding = context.binding;
  const bindingReport = binding && envReport ? envReport.bindings[binding] : undefined;

  if (envReport) {
    const namespaces = envReport.keys.filter((key) => key.kind === "durable-object-namespace").map((key) => key.name);
    evidence.push(`env report: ${envReport.keys.length ? envReport.keys.map((key) => `${key.name} (${key.kind})`).join(", ") : "env is empty"}`);
    const live = liveBindings(envReport);
    if (live.length) evidence.push(`live bindings: ${live.join(", ")}`);
    notes.push(...otherBindingNotes(envReport, binding));
    if (binding && (context.bindingKind === "workflow" || context.bindingKind === "service")) {
      return classifyWorkflowOrService(context.bindingKind, bindingReport, context, evidence, notes, afterReady);
    }
    if (binding && bindingReport && !bindingReport.present) {
      const inherited = !!context.environment && context.topLevelBindings.includes(binding) && !context.bindings.includes(binding);
      const ruleId = inherited ? "env-missing-bindings" : ruleFrom(context, ["unknown-binding-in-code", "env-missing-bindings"]);
      return {
        verdict: "binding-missing",
        sentence: inherited
          ? `env.${context.environment} has no Durable Object binding ${binding}: \`durable_objects\` is not inherited from the top level, so with --env ${context.environment} env.${binding} is undefined (the "reading 'idFromName'" TypeError).`
          : `The worker has no binding ${binding} in ${envLabel(context)}${namespaces.length ? `; its Durable Object bindings are ${namespaces.join(", ")}` : "; it has no Durable Object binding at all"}.`,
        fix: inherited
          ? `Copy the \`durable_objects\` block into env.${context.environment} in ${context.configName}.${checkFixHint(context, ruleId)}`
          : `Bind ${binding} under durable_objects in ${envLabel(context)} of ${context.configName}, or use the binding name the config has.`,
        ruleId,
        evidence: [...evidence, `env report: ${binding} is absent`, ...staticEvidence(context, ruleId)],
      };
    }
    if (binding && bindingReport && !(bindingReport.isNamespace ?? bindingReport.hasIdFromName)) {
      const ruleId = ruleFrom(context, ["duplicate-binding-name"]);
      return {
        verdict: "binding-not-namespace",
        sentence: `env.${binding} is a ${bindingReport.constructorName ?? bindingReport.type}, not a Durable Object namespace (DurableObjectNamespace), so no route and no stub can reach a Durable Object through it.`,
        fix: `Give the Durable Object binding a name no other binding (vars, KV, services...) uses, in ${context.configName}.`,
        ruleId,
        evidence: [...evidence, `env report: ${binding} is ${bindingReport.type}${bindingReport.constructorName ? ` (${bindingReport.constructorName})` : ""}, not a DurableObjectNamespace`, ...staticEvidence(context, ruleId)],
      };
    }
    if (!binding && !context.routePath) {
      const inherited = !!context.environment && context.topLevelBindings.length > 0 && context.bindings.length === 0;
      const ruleId = inherited ? "env-missing-bindings" : undefined;
      return {
        verdict: "binding-missing",
        sentence: `${envLabel(context)} of ${context.configName} has no Durable Object, Workflow or service binding, so there is nothing to probe${inherited ? " (`durable_objects` is not inherited from the top level)" : ""}.`,
        fix: inherited ? `Copy the \`durable_objects\` block into env.${context.environment}.` : "Add a binding under durable_objects, or probe a route with --path.",
        ruleId,
        evidence,
      };
    }
    if (bindingReport?.stubError) notes.push(`The binding's own stub failed: ${bindingReport.stubError}`);
  } else if (binding || context.routePath) {
    notes.push("No env report: the probe's wrapper entry did not apply, so bindings were judged from the route only.");
  } else {
    return {
      verdict: "binding-missing",
      sentence: `${envLabel(context)} of ${context.configName} has no Durable Object binding, so there is nothing to probe.`,
      fix: "Add a binding under durable_objects, or probe a route with --path.",
      evidence,
    };
  }

  if (!context.routePath) return classifyBindingOnly(observation, context, bindingReport, evidence, notes, afterReady);

  if (http) evidence.push(http.status !== undefined ? `HTTP GET ${route} -> ${http.status}${http.body ? ` "${bodyExcerpt(http.body, 120)}"` : ""}` : `HTTP GET ${route} -> ${http.error}`);
  if (websocket) {
    evidence.push(
      websocket.status !== undefined
        ? `WebSocket ${route} -> ${websocket.status}${websocket.frames.length ? `, first frame ${websocket.frames[0].slice(0, 160)}` : websocket.status === 101 ? ", no frame" : ""}`
        : `WebSocket ${route} -> ${websocket.error}`,
    );
  }

  if (http?.timedOut || (!http?.status && websocket?.timedOut)) {
    return {
      verdict: "timeout",
      sentence: `wrangler dev said it was ready, but ${route} got no answer in time.`,
      fix: "Run `wrangler dev` in the project and open the route to see what it waits for; a worker that never starts serving often printed an error above.",
      evidence,
      notes,
    };
  }
  if (http && http.status === undefined) {
    return {
      verdict: "startup-failed",
      sentence: `wrangler dev said it was ready, but the request to ${route} failed: ${http.error}.`,
      fix: "Run `wrangler dev` in the project and check its output for a crash.",
      evidence: [...evidence, ...errorBlocks(lines, observation.readyIndex).slice(0, 1).map((block) => quote(`✘ [ERROR] ${block.header}`))],
      notes,
    };
  }

  const mismatch = findAfter(ROUTE_MISMATCH_AGENTS) ?? findAfter(ROUTE_MISMATCH_PARTYSERVER);
  if (mismatch) {
    const match = ROUTE_MISMATCH_AGENTS.exec(mismatch.text) ?? ROUTE_MISMATCH_PARTYSERVER.exec(mismatch.text)!;
    const namespace = match[2];
    const served = envReport
      ? envReport.keys.filter((key) => key.kind === "durable-object-namespace").map((key) => key.name)
      : context.bindings;
    const prefix = context.router && context.router.kind !== "none" ? context.router.prefix.replace(/^\/+|\/+$/g, "") : routePrefixOf(route, namespace);
    const call = context.router?.kind === "partyserver" ? ROUTER_CALL.partyserver : ROUTER_CALL.agents;
    const routes = served.map((name) => `/${prefix}/${agentNamespace(name)}/<name> (${name})`);
    const didYouForget = findAfter(/Did you forget to add a durable object binding/);
    const ruleId = "agent-route-mismatch";
    return {
      verdict: "route-mismatch",
      sentence: `No Durable Object binding is routed at namespace "${namespace}": ${call} names namespaces after the kebab-case of the binding name, and this worker serves ${routes.length ? routes.join(", ") : "no agent namespace at all"}.`,
      fix: served.length
        ? `Connect to the binding's namespace (${call === ROUTER_CALL.partyserver ? `usePartySocket({ party: "${agentNamespace(served[0])}" })` : `useAgent({ agent: "${agentNamespace(served[0])}"${prefix !== "agents" ? `, prefix: "${prefix}"` : ""} })`} or /${prefix}/${agentNamespace(served[0])}/<name>), or rename the binding to ${kebabToPascal(namespace)} so that "${namespace}" routes to it.`
        : `Bind the agent's class under durable_objects in ${envLabel(context)}; its namespace is the kebab-case of the binding name.`,
      ruleId,
      evidence: [...evidence, quote(mismatch.text), ...(didYouForget ? [quote(didYouForget.text)] : []), ...staticEvidence(context, ruleId)],
      notes,
    };
  }

  const sqliteSources = [http?.body, websocket?.body, bindingReport?.stubError, bindingReport?.stubAnswer?.bodyExcerpt, ...afterReady.map((line) => line.text)];
  const sqlite = sqliteSources.find((text) => text && SQLITE_ONLY.test(text));
  if (sqlite) {
    const ruleId = ruleFrom(context, ["agent-needs-sqlite", "binding-missing-migration"], "binding-missing-migration");
    const className = context.className ?? binding ?? "the agent";
    const line = sqlite.split(/\r?\n/).find((l) => SQLITE_ONLY.test(l)) ?? sqlite;
    return {
      verdict: "agent-error",
      sentence: `The ${className} Durable Object fails on every request because its class is not SQLite-backed: the Agents SDK needs SQLite storage ("The storage.kv (synchronous KV) API is only available for SQLite-backed Durable Objects").`,
      fix:
        ruleId === "agent-needs-sqlite"
          ? `Create the class with \`new_sqlite_classes\` instead of \`new_classes\` in ${context.configName} (before its first deploy; a deployed KV-backed class cannot be converted).${checkFixHint(context, ruleId)}`
          : `Add a migration that creates the class as SQLite-backed, e.g. { "tag": "v1", "new_sqlite_classes": ["${context.className ?? "<ClassName>"}"] } in ${context.configName} (a new entry with a new tag if migrations were deployed).${checkFixHint(context, ruleId)}`,
      ruleId,
      evidence: [...evidence, quote(line.length > 300 ? `${line.slice(0, 300)}...` : line), ...staticEvidence(context, ruleId)],
      notes,
    };
  }

  const undefinedNamespace = [http?.body, websocket?.body, ...afterReady.map((line) => line.text)].find((text) => text && UNDEFINED_NAMESPACE.test(text));
  if (undefinedNamespace) {
    const method = UNDEFINED_NAMESPACE.exec(undefinedNamespace)![1];
    const ruleId = ruleFrom(context, ["unknown-binding-in-code", "env-missing-bindings"]);
    return {
      verdict: "binding-missing",
      sentence: `The worker's code calls ${method}() on a Durable Object binding that does not exist in ${envLabel(context)} ("TypeError: Cannot read properties of undefined (reading '${method}')").`,
      fix: `Use a binding name the config has (${context.bindings.join(", ") || "none is bound"}), or bind the one the code reads under durable_objects.${checkFixHint(context, ruleId)}`,
      ruleId,
      evidence: [...evidence, quote(undefinedNamespace.split(/\r?\n/).find((l) => UNDEFINED_NAMESPACE.test(l)) ?? undefinedNamespace), ...staticEvidence(context, ruleId)],
      notes,
    };
  }

  const serverError = (http?.status ?? 0) >= 500 ? http : (websocket?.status ?? 0) >= 500 ? websocket : undefined;
  if (serverError) {
    const logged = findAfter(/^\[wrangler:error\]/) ?? findAfter(/^✘ \[ERROR\] Uncaught/);
    const what = logged ? logged.text.replace(/^\[wrangler:error\]\s*/, "").replace(/^✘ \[ERROR\]\s*/, "") : bodyExcerpt(serverError.body) || `HTTP ${serverError.status}`;
    return {
      verdict: "agent-error",
      sentence: `The route reaches the worker, but it fails with HTTP ${serverError.status}: ${what.length > 300 ? `${what.slice(0, 300)}...` : what}`,
      fix: "Fix the exception quoted below (its stack is in the log), then probe again.",
      evidence: [...evidence, ...(logged ? [quote(logged.text)] : [])],
      notes,
    };
  }

  const routerCall = context.router?.kind === "partyserver" ? ROUTER_CALL.partyserver : context.router?.kind === "none" ? undefined : ROUTER_CALL.agents;
  const denied = [http, websocket].find((answer) => answer?.status === 401 || answer?.status === 403);
  if (denied && websocket?.status !== 101) {
    const what = denied === http ? "HTTP GET" : "the WebSocket upgrade";
    const body = bodyExcerpt(denied.body ?? "", 160);
    return {
      verdict: "auth-required",
      sentence: `${route} answers, but the worker requires credentials: ${what} got ${denied.status}${body ? ` "${body}"` : ""}${context.headersGiven ? " even with the headers given" : ""} (its own auth, such as onBeforeConnect or onBeforeRequest, refused the probe before the Durable Object).`,
      fix: `Probe with the credentials your clients send: \`--header "Authorization: Bearer <token>"\` (repeatable) or a query in --path (\`--path "${route.split("?")[0]}?token=<token>"\`).`,
      evidence,
      notes,
    };
  }

  const routedByAgent = http?.status !== 404 || bodyExcerpt(http.body) === "Not implemented";
  if (websocket?.status !== 101 && http?.status === 404 && !routedByAgent && (websocket?.status === undefined || websocket.status === 404)) {
    return {
      verdict: "route-not-handled",
      sentence: routerCall
        ? `The worker itself answered ${route} with 404: no Durable Object route handled it (${routerCall} is not called for this path, or routes under another prefix).`
        : `The worker itself answered ${route} with 404: it serves no such route.`,
      fix: routerCall
        ? `Call \`${routerCall}(request, env)\` first in the entry's fetch handler, with the \`prefix\` your clients use, and return its response when it is not null.`
        : "Probe a route the worker's own fetch handler serves (--path), or leave --path out to probe the binding itself.",
      evidence,
      notes,
    };
  }

  if (!websocket || websocket.status !== 101) {
    const status = websocket?.status;
    return {
      verdict: "websocket-failed",
      sentence: `HTTP reaches ${route}, but the WebSocket upgrade ${status !== undefined ? `was refused with HTTP ${status}` : `failed: ${websocket?.error ?? "not attempted"}`}.`,
      fix: `Pass upgrade requests to ${routerCall ?? "the Durable Object's fetch"}${routerCall ? " (or the Durable Object's fetch)" : ""} unchanged: no middleware may answer or rewrite them first.`,
      evidence,
      notes,
    };
  }

  // The binding's own route works; the clients may still connect where the worker routes nothing.
  for (const mismatch of context.clientPrefixMismatches ?? []) {
    const answer = observation.clientAnswers?.find((a) => a.route === mismatch.route);
    // An agent without onRequest answers a routed GET with 404 "Not implemented": that is routed.
    if (!answer || answer.status !== 404 || bodyExcerpt(answer.body) === "Not implemented") continue;
    const routed = mismatch.routedPrefixes.map((p) => `/${p}/`).join(", ");
    const how = mismatch.defaultPrefix ? "its default prefix" : `prefix "${mismatch.clientPrefix}"`;
    const ruleId = "agent-route-mismatch";
    return {
      verdict: "route-not-handled",
      sentence: `${route} works, but the client code's ${mismatch.via}({ agent: "${mismatch.agent}" }) connects under /${mismatch.clientPrefix}/ (${how}) while the worker routes agents under ${routed}: GET ${mismatch.route} was answered 404 by the worker itself, never by the agent.`,
      fix: `Give the client \`prefix: "${mismatch.routedPrefixes[0]}"\`${mismatch.routedPrefixes.length > 1 ? " (or another routed prefix)" : ""}, or pass the prefix the client uses to routeAgentRequest.${checkFixHint(context, ruleId)}`,
      ruleId,
      evidence: [...evidence, `GET ${mismatch.route} -> 404 ${JSON.stringify(bodyExcerpt(answer.body))}`, ...staticEvidence(context, ruleId)],
      notes,
    };
  }

  const identity = websocket.frames.find((frame) => frame.includes('"cf_agent_identity"'));
  if (!identity && context.router?.kind !== "partyserver" && context.classFacts?.kind !== "partyserver") notes.push("The WebSocket was accepted but sent no cf_agent_identity frame: the Durable Object is not an Agents SDK agent, or sends nothing on connect.");
  if (websocket.error) notes.push(`The WebSocket closed afterwards: ${websocket.error}`);
  return {
    verdict: "ok",
    sentence: `${binding ? `${binding} is bound in ${envLabel(context)} and ` : ""}${route} answers: HTTP ${http?.status ?? "-"}, WebSocket 101${identity ? " with the cf_agent_identity frame" : ""}.`,
    fix: "",
    evidence,
    notes,
  };
}

/** The prefix part of a probed route whose namespace segment is known: /agents/x/y -> agents. */
function routePrefixOf(route: string, namespace: string): string {
  const parts = route.split("?")[0].split("/").filter(Boolean);
  const at = parts.indexOf(namespace);
  return at > 0 ? parts.slice(0, at).join("/") : "agents";
}

/** Why no route was probed, for the binding-only verdicts. */
function noRouteReason(context: VerdictContext): string {
  const uses = (context.bindingUses ?? []).filter((u) => u === "getAgentByName" || u === "getServerByName");
  const reach = uses.length ? ` (it reaches env.${context.binding} through ${uses.join("/")} behind its own paths)` : "";
  return `the worker calls neither routeAgentRequest nor routePartykitRequest${reach}, so no route of it can be known`;
}

/**
 * No route to probe (a plain Durable Object, or an agent behind the worker's own paths): the binding
 * itself is the subject. ok means a live DurableObjectNamespace, a stub for the instance, and the
 * instance answering: its fetch() when the class defines one, else a call over RPC.
 */
function classifyBindingOnly(observation: ProbeObservation, context: VerdictContext, bindingReport: EnvBindingReport | undefined, evidence: string[], notes: string[], afterReady: OutputLine[]): Verdict {
  const binding = context.binding!;
  const className = context.className ?? binding;
  const reason = noRouteReason(context);
  notes.push(`No route was probed: ${reason}; pass --path to probe one of the worker's own routes.`);
  if (!bindingReport) {
    return {
      verdict: "startup-failed",
      sentence: `wrangler dev is ready, but the probe could not inspect ${binding}: its wrapper entry did not apply and ${reason}.`,
      fix: "Probe a route the worker serves with --path.",
      evidence,
      notes,
    };
  }
  if (!bindingReport.hasFetch && bindingReport.rpcMethods?.length) evidence.push(`class ${className}: RPC methods ${bindingReport.rpcMethods.join(", ")} (not called by the probe)`);
  const sqliteSources = [bindingReport.stubError, bindingReport.stubAnswer?.bodyExcerpt, bindingReport.rpc?.error, ...afterReady.map((line) => line.text)];
  const sqlite = sqliteSources.find((text) => text && SQLITE_ONLY.test(text));
  if (sqlite && context.classFacts?.kind === "agent") {
    const ruleId = ruleFrom(context, ["agent-needs-sqlite", "binding-missing-migration"], "binding-missing-migration");
    return {
      verdict: "agent-error",
      sentence: `The ${className} Durable Object fails because its class is not SQLite-backed: the Agents SDK needs SQLite storage.`,
      fix: `Create the class with \`new_sqlite_classes\` in ${context.configName} (a new migration entry if migrations were deployed).${checkFixHint(context, ruleId)}`,
      ruleId,
      evidence: [...evidence, quote(sqlite.split(/\r?\n/).find((l) => SQLITE_ONLY.test(l)) ?? sqlite), ...staticEvidence(context, ruleId)],
      notes,
    };
  }
  const failure = bindingReport.stubError ?? (bindingReport.rpc && !bindingReport.rpc.reachable ? bindingReport.rpc.error : undefined);
  if (failure) {
    return {
      verdict: "agent-error",
      sentence: `${binding} is a live Durable Object namespace, but its ${className} instance "${context.routePath ?? "default"}" fails: ${failure.length > 300 ? `${failure.slice(0, 300)}...` : failure}`.replace(` "${context.routePath ?? "default"}"`, ""),
      fix: "Fix the exception quoted (its stack is in the log), then probe again.",
      evidence: [...evidence, `stub: ${failure.slice(0, 300)}`],
      notes,
    };
  }
  const answer = bindingReport.stubAnswer;
  if (answer && answer.status >= 500) {
    const logged = afterReady.find((line) => /^\[wrangler:error\]|^✘ \[ERROR\] Uncaught/.test(line.text.trim()));
    const what = logged ? logged.text.trim().replace(/^\[wrangler:error\]\s*/, "").replace(/^✘ \[ERROR\]\s*/, "") : bodyExcerpt(answer.bodyExcerpt) || `HTTP ${answer.status}`;
    return {
      verdict: "agent-error",
      sentence: `${binding} is a live Durable Object namespace, but the ${className} instance's fetch() fails with HTTP ${answer.status}: ${what.length > 300 ? `${what.slice(0, 300)}...` : what}`,
      fix: "Fix the exception quoted (its stack is in the log), then probe again.",
      evidence: [...evidence, `stub.fetch -> ${answer.status} "${bodyExcerpt(answer.bodyExcerpt, 120)}"`, ...(logged ? [quote(logged.text)] : [])],
      notes,
    };
  }
  const containerOff = bindingReport.container && /Containers have not been enabled/.test(bindingReport.rpc?.answer ?? "");
  const how = answer
    ? `its instance's fetch() answered HTTP ${answer.status}`
    : containerOff
      ? `its instance started and, with containers off in this run, refused to start its container ("Containers have not been enabled for this Durable Object class")`
      : bindingReport.rpc?.reachable
      ? "its instance answers over RPC (the class defines no fetch(), so none was sent)"
      : "a stub was obtained";
  if (answer) evidence.push(`stub.fetch -> ${answer.status}${answer.bodyExcerpt ? ` "${bodyExcerpt(answer.bodyExcerpt, 120)}"` : ""}`);
  else if (bindingReport.rpc?.reachable) evidence.push(`stub RPC -> ${bindingReport.rpc.answer ?? "answered"}`);
  const routers = "no routeAgentRequest or routePartykitRequest";
  return {
    verdict: "ok",
    sentence: `${binding} is bound in ${envLabel(context)} to a live Durable Object namespace of ${bindingReport.container ? "the container class " : ""}${className}, and ${how}; only the binding was probed (${routers} to name a route).`,
    fix: "",
    evidence,
    notes,
  };
}

/**
 * A Workflow or service binding probed (`--binding`, or the first one when no Durable Object is bound):
 * the binding itself is the subject. ok means the live value is of its kind and answers: a Workflow's
 * get() of an instance that cannot exist ("instance.not_found"), a service's entrypoint over RPC.
 */
function classifyWorkflowOrService(kind: "workflow" | "service", bindingReport: EnvBindingReport | undefined, context: VerdictContext, evidence: string[], notes: string[], afterReady: OutputLine[]): Verdict {
  const binding = context.binding!;
  const what = kind === "workflow" ? "Workflow" : "service";
  const key = kind === "workflow" ? "workflows" : "services";
  const declared = kind === "workflow" ? (context.workflows ?? []).map((w) => w.binding) : (context.services ?? []).map((x) => x.binding);
  const topLevel = kind === "workflow" ? (context.topLevelWorkflows ?? []) : (context.topLevelServices ?? []);
  if (!bindingReport) {
    return {
      verdict: "startup-failed",
      sentence: `wrangler dev is ready, but the probe could not inspect the ${what} binding ${binding}: its wrapper entry did not apply.`,
      fix: "Probe a route the worker serves with --path.",
      evidence,
      notes,
    };
  }
  if (!bindingReport.present) {
    const inherited = !!context.environment && topLevel.includes(binding) && !declared.includes(binding);
    const ruleId = inherited ? "env-missing-bindings" : undefined;
    return {
      verdict: "binding-missing",
      sentence: inherited
        ? `env.${context.environment} has no ${what} binding ${binding}: \`${key}\` is not inherited from the top level, so with --env ${context.environment} env.${binding} is undefined.`
        : `The worker has no binding ${binding} in ${envLabel(context)}: the live env does not have it.`,
      fix: inherited
        ? `Copy the \`${key}\` block into env.${context.environment} in ${context.configName}.${checkFixHint(context, ruleId)}`
        : `Bind ${binding} under ${key} in ${envLabel(context)} of ${context.configName}.`,
      ...(ruleId ? { ruleId } : {}),
      evidence: [...evidence, `env report: ${binding} is absent`, ...staticEvidence(context, ruleId)],
      notes,
    };
  }
  const isKind = kind === "workflow" ? bindingReport.isWorkflow : bindingReport.isFetcher;
  if (!isKind) {
    const ruleId = ruleFrom(context, ["duplicate-binding-name"]);
    const expected = kind === "workflow" ? "a Workflow binding (create, get, createBatch)" : "a service binding (Fetcher)";
    return {
      verdict: "binding-not-namespace",
      sentence: `env.${binding} is a ${bindingReport.constructorName ?? bindingReport.type}, not ${expected}.`,
      fix: `Give the ${what} binding a name no other binding (vars, KV, Durable Objects...) uses, in ${context.configName}.`,
      ...(ruleId ? { ruleId } : {}),
      evidence: [...evidence, ...staticEvidence(context, ruleId)],
      notes,
    };
  }

  if (kind === "workflow") {
    const className = context.className ?? "its class";
    const get = bindingReport.workflowGet;
    if (get && !get.answers) {
      return {
        verdict: "agent-error",
        sentence: `${binding} is a live Workflow binding, but the Workflow engine fails: ${get.error}`,
        fix: "Fix the error quoted (its stack, if any, is in the log), then probe again.",
        evidence: [...evidence, `Workflow get(): ${get.error}`],
        notes,
      };
    }
    if (get) evidence.push(`Workflow get() of an unknown instance -> ${get.answer}`);
    return {
      verdict: "ok",
      sentence: `${binding} is bound in ${envLabel(context)} to a live Workflow of ${className}${get ? `: get() of an instance that cannot exist answered "${get.answer}" (no instance was created)` : ""}.`,
      fix: "",
      evidence,
      notes,
    };
  }

  const service = bindingReport.service ?? context.services?.find((x) => x.binding === binding)?.service ?? "?";
  const entrypoint = bindingReport.entrypoint;
  const self = !!context.workerName && service === context.workerName;
  const target = `worker "${service}"${self ? " (this worker)" : ""}${entrypoint ? `, entrypoint ${entrypoint}` : " (its default export)"}`;
  const rpc = bindingReport.serviceRpc;
  if (rpc?.notRunning) {
    return {
      verdict: "service-not-running",
      sentence: `env.${binding} is a service binding to worker "${service}", which does not run in this wrangler dev session, so nothing answers it: "${rpc.error}"`,
      fix: `Start worker "${service}" too: its own \`wrangler dev\` (local dev sessions connect service bindings between them), or both in one session by passing its config after \`--\` (\`do-doctor probe -- -c <its wrangler config>\`).`,
      evidence: [...evidence, `service RPC: ${rpc.error}`],
      notes,
    };
  }
  if (rpc && !rpc.reachable) {
    const notActor = afterReady.find((line) => NOT_AN_ACTOR.test(line.text));
    const durableClass = notActor ? NOT_AN_ACTOR.exec(notActor.text)![1] : undefined;
    const ruleId = ruleFrom(context, ["service-entrypoint-missing"]);
    return {
      verdict: "entrypoint-failed",
      sentence: durableClass && entrypoint === durableClass
        ? `Service binding "${binding}" asks worker "${service}"${self ? " (this worker)" : ""} for the entrypoint "${entrypoint}", but ${entrypoint} is a Durable Object class, not a WorkerEntrypoint: every call fails ("${rpc.error}"; workerd logs "worker is not an actor but class name was requested; n = ${durableClass}").`
        : `Service binding "${binding}" reaches ${target}, but every call fails: ${rpc.error}`,
      fix: durableClass && entrypoint === durableClass
        ? `Bind an export that extends \`WorkerEntrypoint\` in ${context.configName} (reach the Durable Object through a Durable Object binding).${checkFixHint(context, ruleId)}`
        : entrypoint
          ? `Make ${entrypoint} a class that extends \`WorkerEntrypoint\` (from "cloudflare:workers"), or fix \`entrypoint\` in ${context.configName}.${checkFixHint(context, ruleId)}`
          : "Fix the error quoted (its stack, if any, is in the log), then probe again.",
      ...(ruleId ? { ruleId } : {}),
      evidence: [...evidence, `service RPC: ${rpc.error}`, ...(notActor ? [quote(notActor.text)] : []), ...staticEvidence(context, ruleId)],
      notes,
    };
  }
  if (rpc?.answer) evidence.push(`service RPC -> ${rpc.answer}`);
  return {
    verdict: "ok",
    sentence: `${binding} is bound in ${envLabel(context)} to a live service binding (Fetcher) of ${target}, which answers over RPC (a method no entrypoint has was refused by name; no fetch() was sent).`,
    fix: "",
    evidence,
    notes,
  };
}
