import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { delay, DevServer, freePorts, readyUrl } from "./devServer";
import { writeInspectorEntry, parseEnvReport, type InspectedBinding, type InspectorEntry } from "./envInspector";
import { containersOffFlag, findWrangler, installCommand, localModeFlag } from "./findWrangler";
import { chooseNode, enginesNode, projectPath } from "./nodeRuntime";
import { formatLogLine, type OutputLine } from "./output";
import type { EnvReport, ProbeEvent, ProbeOptions, ProbePhase, ProbeReport } from "./report";
import { httpGet, probeWebSocket, type HttpResult, type WebSocketResult } from "./routeProbe";
import { agentNamespace } from "../naming/agentNamespace";
import { findConfig, readTarget, TargetError, type ProbeTarget } from "./target";
import { classifyProbe, classifyStartup, type ClientAnswer, type Verdict, type VerdictContext } from "./verdict";
import { WranglerFolderGuard } from "./wranglerFolder";

export const DEFAULT_TIMEOUT_MS = 60_000;
/** After an error header, wait this long for the rest of its block before judging it. */
const ERROR_SETTLE_MS = 300;
/** After the last request, wait at least this long for wrangler's log lines about it... */
const LOG_SETTLE_MS = 400;
/** ...and on until its output has been quiet this long (a loaded machine writes them late)... */
const LOG_QUIET_MS = 300;
/** ...or, after a refused request with no error line yet, until one comes; at most this long in all. */
const LOG_SETTLE_MAX_MS = 3_000;
export const TEMP_PREFIX = "do-doctor-probe-";

/** runProbe rejects with this (name "AbortError") when its signal aborts, after stopping everything. */
export class ProbeCancelledError extends Error {
  override name = "AbortError";
  constructor() {
    super("The probe was cancelled; wrangler dev was stopped.");
  }
}

type StartOutcome =
  | { kind: "ready"; url: string }
  | { kind: "early"; verdict: Verdict }
  | { kind: "exit" }
  | { kind: "timeout" }
  | { kind: "abort" };

/**
 * Runs the project's own `wrangler dev` on a generated entry that reports the live env, probes the
 * agent route over HTTP and WebSocket, and classifies what happened. Everything it starts is stopped
 * and everything it writes is removed on every path; it never writes into the project.
 */
export async function runProbe(options: ProbeOptions, signal?: AbortSignal, onEvent?: (event: ProbeEvent) => void): Promise<ProbeReport> {
  const startedAt = Date.now();
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const deadline = startedAt + timeoutMs;
  const log: string[] = [];
  const notes: string[] = [];
  const phase = (name: ProbePhase, message: string) => onEvent?.({ kind: "phase", phase: name, message });
  const projectDir = path.resolve(options.projectDir);

  const report = (verdict: Verdict, extra: Partial<ProbeReport> = {}): ProbeReport => ({
    verdict: verdict.verdict,
    sentence: verdict.sentence,
    fix: verdict.fix,
    ...(verdict.ruleId ? { ruleId: verdict.ruleId } : {}),
    evidence: verdict.evidence,
    timings: { verdictMs: Date.now() - startedAt },
    log,
    notes: [...notes, ...(verdict.notes ?? [])],
    ...extra,
  });

  if (signal?.aborted) throw new ProbeCancelledError();
  phase("locating", `Looking for the wrangler config and the project's own wrangler from ${projectDir}`);
  const configFile = findConfig(projectDir, options.configFile);
  if (!configFile) {
    return report({
      verdict: "config-error",
      sentence: options.configFile
        ? `The config ${options.configFile} does not exist.`
        : `There is no wrangler config (wrangler.json, wrangler.jsonc or wrangler.toml) in ${projectDir}.`,
      fix: "Run the probe in the worker's folder, or name its config with --config.",
      evidence: [],
    });
  }
  let target: ProbeTarget;
  try {
    target = readTarget(configFile, options);
  } catch (error) {
    if (!(error instanceof TargetError)) throw error;
    return report({ verdict: "config-error", sentence: `${capitalize(error.message)}.`, fix: "Pick an environment the config defines with --env.", evidence: [] }, { environment: options.environment });
  }
  const context = verdictContext(configFile, target, options);
  const described = { binding: target.binding, environment: target.environment };

  const wrangler = findWrangler(target.configDir) ?? (projectDir !== target.configDir ? findWrangler(projectDir) : undefined);
  if (!wrangler) {
    const install = installCommand(target.configDir);
    return report(
      {
        verdict: "wrangler-not-found",
        sentence: `The project has no wrangler of its own (no node_modules/wrangler in ${target.configDir} or above), and the probe only runs the project's own wrangler.`,
        fix: `Install the project's dependencies (\`npm install\`) or add wrangler: \`${install}\`.`,
        evidence: [],
      },
      described,
    );
  }
  const wranglerVersion = wrangler.version;
  const required = enginesNode(wrangler.packageDir);
  const node = chooseNode(required);
  context.nodeRequirement = required;
  if (node.kind === "path") {
    notes.push(`wrangler ${wranglerVersion ?? ""} requires Node.js ${required} (its engines.node) and this Node.js is ${node.current}, so wrangler ran on ${node.node} (${node.version}), the first suitable node on PATH.`.replace("wrangler  ", "wrangler "));
  } else if (node.kind === "none") {
    notes.push(`wrangler ${wranglerVersion ?? ""} requires Node.js ${required} (its engines.node); this Node.js is ${node.current} and no node on PATH satisfies it${node.tried.length ? ` (tried ${node.tried.map((t) => `${t.node} ${t.version}`).join(", ")})` : ""}.`.replace("wrangler  ", "wrangler "));
  }
  const nodeVersion = node.kind === "none" ? node.current : node.version;
  const withVersion = (r: ProbeReport): ProbeReport => ({ ...r, ...(wranglerVersion ? { wranglerVersion } : {}), nodeVersion });

  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), TEMP_PREFIX));
  const guard = new WranglerFolderGuard(target.configDir);
  let server: DevServer | undefined;
  const removeTmpOnExit = () => {
    if (!server || !server.groupAlive()) fs.rmSync(tmp, { recursive: true, force: true });
  };
  process.on("exit", removeTmpOnExit);
  let verdict: Verdict | undefined;
  const extra: Partial<ProbeReport> = {};
  let cancelled = false;
  let stopped = false;
  const stop = async () => {
    if (stopped) return;
    stopped = true;
    if (server) {
      phase("stopping", "Stopping wrangler dev");
      await server.stop();
    }
  };

  try {
    let inspector: InspectorEntry | undefined;
    if (!target.entry) {
      notes.push("The config's main does not resolve to a file; wrangler runs as configured and the env report is skipped.");
    } else if (!target.entryHasDefaultExport) {
      notes.push(`${target.mainAsWritten} has no default export (service-worker format?): the env report wrapper cannot apply, so wrangler runs the plain entry.`);
    } else {
      inspector = writeInspectorEntry(tmp, target.entry, inspectedBindings(target), target.instanceName);
    }

    const extraArgs = options.extraWranglerArgs ?? [];
    // An empty stand-in for an assets folder wrangler dev would refuse (absent or not built): the
    // Durable Object routes do not depend on the static files.
    const assetsArgs: string[] = [];
    if (target.assetsStandIn && flagValue(extraArgs, "--assets") === undefined) {
      const standIn = path.join(tmp, "assets");
      fs.mkdirSync(standIn);
      assetsArgs.push("--assets", standIn);
      notes.push(
        target.assetsStandIn.reason === "no-directory"
          ? "The config's assets has no directory (the Vite plugin supplies one when it runs the worker); the probe served an empty assets folder instead, which the Durable Object routes do not need."
          : `The assets directory ${target.assetsStandIn.directory} does not exist yet (not built); the probe served an empty assets folder instead, which the Durable Object routes do not need.`,
      );
    }
    // Offline by default: remote bindings ("remote": true, AI, browser) would need a Cloudflare login.
    const localArgs: string[] = [];
    if (!options.remoteBindings && !extraArgs.some((a) => ["--remote", "-r", "--local", "-l"].includes(a.split("=")[0]))) {
      const flag = localModeFlag(wrangler);
      if (flag) {
        localArgs.push(flag);
        if (target.remoteBindings.length) {
          notes.push(`wrangler dev ran in local mode (${flag}: remote bindings disabled, no Cloudflare login needed), so its remote bindings (${target.remoteBindings.join("; ")}) were not reached; probe with --remote-bindings to use them.`);
        }
      }
    }
    // Offline too for containers: no image build, no Docker ("The Docker CLI could not be launched" otherwise).
    const containerArgs: string[] = [];
    if (target.containerClasses.length && !extraArgs.some((a) => a.split("=")[0] === "--enable-containers")) {
      const flag = containersOffFlag(wrangler);
      if (flag) {
        containerArgs.push(flag);
        context.containersOff = true;
        notes.push(`wrangler dev ran with ${flag} (no container image is built, no Docker needed): ${target.containerClasses.length > 1 ? `the container classes ${target.containerClasses.join(", ")} are checked as Durable Objects whose instances refuse` : `the container class ${target.containerClasses[0]} is checked as a Durable Object whose instances refuse`} to start a container; pass -- --enable-containers=true to build and run containers.`);
      }
    }
    if (target.buildCommand) {
      notes.push(`wrangler dev ran the config's build.command (\`${target.buildCommand}\`) with the project's node_modules/.bin on PATH, as \`npm run\` would; what it writes is the project's own build output and is kept.`);
    }
    const forcedPort = flagValue(extraArgs, "--port");
    const forcedInspectorPort = flagValue(extraArgs, "--inspector-port");
    for (const dir of ["config", "logs", "tmp", "state"]) fs.mkdirSync(path.join(tmp, dir));
    const childEnv: NodeJS.ProcessEnv = {
      ...process.env,
      // As `npm run` would: the project's node_modules/.bin (a build.command's tools) and the chosen Node first.
      PATH: projectPath(target.configDir, node.node),
      WRANGLER_SEND_METRICS: "false",
      CLOUDFLARE_CF_FETCH_ENABLED: "false",
      XDG_CONFIG_HOME: path.join(tmp, "config"),
      WRANGLER_LOG_PATH: path.join(tmp, "logs"),
      // miniflare's own temporary folders go here too, so nothing is left in the system's.
      TMPDIR: path.join(tmp, "tmp"),
      TMP: path.join(tmp, "tmp"),
      TEMP: path.join(tmp, "tmp"),
      NO_COLOR: "1",
      FORCE_COLOR: "0",
    };
    // wrangler names the entry it ran (relative to the config's folder): show the user's own instead.
    const wrapperPaths = inspector ? [path.relative(target.configDir, inspector.file), inspector.file] : [];
    const showAsMain = (text: string) => {
      let shown = text;
      for (const p of wrapperPaths) shown = shown.split(p).join(target.mainAsWritten ?? p);
      return shown;
    };

    const lines: OutputLine[] = [];
    let readyIndex: number | undefined;
    let readyAt: number | undefined;
    let exit: { code: number | null; signal: string | null } | undefined;

    for (let attempt = 0; ; attempt++) {
      const [port, inspectorPort] = await freePorts(2);
      if (signal?.aborted) {
        cancelled = true;
        break;
      }
      context.port = forcedPort ? Number(forcedPort) : port;
      const args = [
        "dev",
        ...(inspector ? [inspector.file] : []),
        "--config",
        configFile,
        ...(target.environment ? ["--env", target.environment] : []),
        "--ip",
        "127.0.0.1",
        ...(forcedPort ? [] : ["--port", String(port)]),
        ...(forcedInspectorPort ? [] : ["--inspector-port", String(inspectorPort)]),
        "--persist-to",
        path.join(tmp, "state"),
        ...assetsArgs,
        ...localArgs,
        ...containerArgs,
        ...extraArgs,
      ];
      phase("starting", `Starting wrangler ${wranglerVersion ?? ""} dev${target.environment ? ` --env ${target.environment}` : ""} on 127.0.0.1:${context.port}`.replace("  ", " "));
      const spawnedAt = Date.now();
      const outcome = await new Promise<StartOutcome>((resolve) => {
        let settleTimer: NodeJS.Timeout | undefined;
        const timer = setTimeout(() => resolve({ kind: "timeout" }), Math.max(0, deadline - Date.now()));
        const onAbort = () => resolve({ kind: "abort" });
        signal?.addEventListener("abort", onAbort, { once: true });
        const done = (outcome: StartOutcome) => {
          clearTimeout(timer);
          clearTimeout(settleTimer);
          signal?.removeEventListener("abort", onAbort);
          resolve(outcome);
        };
        server = new DevServer({
          node: node.node,
          script: wrangler.entry,
          args,
          cwd: target.configDir,
          env: childEnv,
          cleanupScript: `${guard.restoreScript()} require("node:fs").rmSync(${JSON.stringify(tmp)}, { recursive: true, force: true });`,
          onLine(stream, raw) {
            // wrangler's log file lives in the probe's temporary folder, removed at the end: no pointer to it.
            if (raw.includes("Logs were written to") && raw.includes(tmp)) return;
            const line = { stream, text: showAsMain(raw) };
            lines.push(line);
            log.push(formatLogLine(line));
            onEvent?.({ kind: "output", stream, line: line.text });
            if (readyIndex !== undefined) return;
            const url = stream === "stdout" ? readyUrl(line.text) : undefined;
            if (url) {
              readyIndex = lines.length - 1;
              readyAt = Date.now();
              return done({ kind: "ready", url });
            }
            if (/^\s*✘ \[ERROR\]/.test(line.text) && !settleTimer) {
              settleTimer = setTimeout(() => {
                settleTimer = undefined;
                const early = readyIndex === undefined ? classifyStartup(lines, context) : undefined;
                if (early) done({ kind: "early", verdict: early });
              }, ERROR_SETTLE_MS);
            }
          },
          onExit(code, exitSignal) {
            exit = { code, signal: exitSignal };
            // Output may still be in the pipes: judge a moment later.
            setTimeout(() => done({ kind: "exit" }), 150);
          },
        });
      });

      if (outcome.kind === "abort") {
        cancelled = true;
        break;
      }
      if (outcome.kind === "early" && outcome.verdict.verdict === "port-in-use" && !forcedPort && !forcedInspectorPort && attempt === 0) {
        // Another process took a port between the probe's choice and wrangler's bind: once more.
        notes.push(`A port was taken between the probe's choice and wrangler's start (${outcome.verdict.sentence}); retried on new ports.`);
        await server!.stop();
        lines.length = 0;
        exit = undefined;
        continue;
      }
      if (outcome.kind === "early") {
        verdict = outcome.verdict;
        break;
      }
      if (outcome.kind === "exit" || outcome.kind === "timeout") {
        verdict = classifyProbe({ lines, exit, startTimedOut: outcome.kind === "timeout", timeoutMs }, context);
        break;
      }

      const readyMs = (readyAt ?? Date.now()) - spawnedAt;
      extra.timings = { readyMs, verdictMs: 0 };
      phase("ready", `wrangler dev is ready on ${outcome.url} after ${(readyMs / 1000).toFixed(1)} s`);
      const base = outcome.url.replace(/\/$/, "");
      const remaining = () => Math.max(1000, deadline - Date.now());

      let envReport: EnvReport | undefined;
      if (inspector) {
        phase("inspecting", `Asking the live worker for its env (${[...new Set([target.binding, ...target.bindings, ...target.workflows.map((w) => w.binding), ...target.services.map((x) => x.binding)].filter(Boolean))].join(", ") || "no Durable Object, Workflow or service binding configured"})`);
        const answer = await httpGet(base + inspector.reportPath, Math.min(remaining(), 20_000), signal);
        envReport = answer.status === 200 ? parseEnvReport(answer.body) : undefined;
        if (!envReport && !signal?.aborted) {
          notes.push(`The env report wrapper did not answer (${answer.status !== undefined ? `HTTP ${answer.status}` : answer.error}): its default export is not a handler object or class it can wrap.`);
        }
        if (envReport) extra.envReport = envReport;
      }
      if (signal?.aborted) {
        cancelled = true;
        break;
      }

      let http: HttpResult | undefined;
      let websocket: WebSocketResult | undefined;
      const clientAnswers: ClientAnswer[] = [];
      if (target.routePath) {
        phase("probing", `GET ${target.routePath}, then a WebSocket upgrade`);
        http = await httpGet(base + target.routePath, Math.min(remaining(), 20_000), signal, options.headers);
        if (http.status !== undefined) extra.http = { url: http.url, status: http.status, bodyExcerpt: http.body.slice(0, 500) };
        if (!signal?.aborted && !http.timedOut && http.status !== undefined) {
          websocket = await probeWebSocket(base + target.routePath, { timeoutMs: Math.min(remaining(), 15_000), signal, headers: options.headers });
          extra.websocket = {
            url: websocket.url.replace(/^http/, "ws"),
            ...(websocket.status !== undefined ? { status: websocket.status } : {}),
            frames: websocket.frames,
            ...(websocket.error ? { error: websocket.error } : {}),
          };
        }
        if (signal?.aborted) {
          cancelled = true;
          break;
        }
        for (const clientRoute of target.clientRoutes) {
          phase("probing", `GET ${clientRoute} (a route the client code uses)`);
          const answer = await httpGet(base + clientRoute, Math.min(remaining(), 10_000), signal, options.headers);
          if (answer.status !== undefined) {
            notes.push(`The client code's route ${clientRoute} answered ${answer.status}.`);
            clientAnswers.push({ route: clientRoute, status: answer.status, body: answer.body });
          }
        }
        // A 400 or 5xx, or a WebSocket not upgraded, is what wrangler explains in its log (a 404 is an agent without onRequest).
        const refused = (websocket?.status !== undefined && websocket.status !== 101) || [http?.status, ...clientAnswers.map((a) => a.status)].some((status) => status === 400 || (status !== undefined && status >= 500));
        await settleOutput(lines, readyIndex, refused, signal);
      } else {
        // The binding-only probe: wrangler's log lines about the stub calls come a moment later (and
        // after a failed call, its error line may be what names the cause: wait for it).
        const failed = Object.values(envReport?.bindings ?? {}).some((b) => (b.serviceRpc && !b.serviceRpc.reachable && !b.serviceRpc.notRunning) || b.stubError || (b.rpc && !b.rpc.reachable));
        await settleOutput(lines, readyIndex, failed, signal);
      }
      verdict = classifyProbe({ lines, readyIndex, exit, envReport, http, websocket, timeoutMs, clientAnswers }, context);
      break;
    }
  } finally {
    const verdictMs = Date.now() - startedAt;
    if (extra.timings) extra.timings.verdictMs = verdictMs;
    else extra.timings = { verdictMs };
    try {
      await stop();
    } finally {
      const leftover = guard.restore();
      if (leftover) notes.push(leftover);
      fs.rmSync(tmp, { recursive: true, force: true });
      process.removeListener("exit", removeTmpOnExit);
    }
  }
  if (cancelled || !verdict) throw new ProbeCancelledError();
  return withVersion(report(verdict, { ...described, ...extra, timings: extra.timings! }));
}

function flagValue(args: string[], flag: string): string | undefined {
  for (let i = 0; i < args.length; i++) {
    if (args[i] === flag) return args[i + 1];
    if (args[i].startsWith(`${flag}=`)) return args[i].slice(flag.length + 1);
  }
  return undefined;
}

function capitalize(text: string): string {
  return text ? text[0].toUpperCase() + text.slice(1) : text;
}

/**
 * The bindings the wrapper entry inspects: every Durable Object binding (of the environment run and the
 * top level, and names the code uses as namespaces), Workflow and service binding, each with its kind.
 */
export function inspectedBindings(target: ProbeTarget): InspectedBinding[] {
  const out = new Map<string, InspectedBinding>();
  const add = (binding: InspectedBinding) => {
    if (!out.has(binding.name)) out.set(binding.name, binding);
  };
  for (const w of target.workflows) add({ name: w.binding, kind: "workflow", className: w.className, namespace: agentNamespace(w.binding) });
  for (const name of target.topLevelWorkflows) add({ name, kind: "workflow", namespace: agentNamespace(name) });
  for (const x of target.services) add({ name: x.binding, kind: "service", namespace: agentNamespace(x.binding), ...(x.service ? { service: x.service } : {}), ...(x.entrypoint ? { entrypoint: x.entrypoint } : {}) });
  for (const name of target.topLevelServices) add({ name, kind: "service", namespace: agentNamespace(name) });
  const doNames = [...(target.binding && target.bindingKind !== "workflow" && target.bindingKind !== "service" ? [target.binding] : []), ...target.bindings, ...target.topLevelBindings, ...target.codeBindings];
  for (const name of doNames) {
    const className = target.bindingClasses[name];
    add({ name, namespace: agentNamespace(name), ...(className ? { className } : {}), ...(className && target.containerClasses.includes(className) ? { container: true } : {}) });
  }
  return [...out.values()];
}

/** What the classifier knows before wrangler starts: the config, the static engine's facts, the options. */
export function verdictContext(configFile: string, target: ProbeTarget, options: Pick<ProbeOptions, "headers">): VerdictContext {
  return {
    configName: path.basename(configFile),
    environment: target.environment,
    main: target.mainAsWritten,
    binding: target.binding,
    ...(target.bindingKind ? { bindingKind: target.bindingKind } : {}),
    className: target.className,
    workflows: target.workflows,
    topLevelWorkflows: target.topLevelWorkflows,
    services: target.services,
    topLevelServices: target.topLevelServices,
    containerClasses: target.containerClasses,
    ...(target.workerName ? { workerName: target.workerName } : {}),
    bindings: target.bindings,
    topLevelBindings: target.topLevelBindings,
    routePath: target.routePath,
    staticFindings: target.staticFindings,
    clientPrefixMismatches: target.clientPrefixMismatches,
    router: target.router,
    ...(target.classFacts ? { classFacts: target.classFacts } : {}),
    bindingUses: target.bindingUses,
    headersGiven: (options.headers ?? []).length > 0,
  };
}

/**
 * Waits for wrangler's log lines about the requests just made: they come through a pipe, after the
 * answer, and late on a busy machine. The verdict reads them (the router's "does not match any
 * Durable Object binding" comes only there), so judging too early turns a route mismatch into a
 * refused WebSocket.
 */
async function settleOutput(lines: readonly OutputLine[], readyIndex: number | undefined, refused: boolean, signal?: AbortSignal): Promise<void> {
  const started = Date.now();
  await delay(LOG_SETTLE_MS);
  let count = lines.length;
  let quietSince = Date.now();
  const errorSeen = () => lines.slice((readyIndex ?? -1) + 1).some((line) => /^\s*✘ \[ERROR\]/.test(line.text));
  while (!signal?.aborted && Date.now() - started < LOG_SETTLE_MAX_MS) {
    if (lines.length !== count) {
      count = lines.length;
      quietSince = Date.now();
    }
    const quiet = Date.now() - quietSince >= LOG_QUIET_MS;
    if (quiet && (!refused || errorSeen())) return;
    await delay(50);
  }
}
