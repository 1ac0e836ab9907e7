import * as fs from "node:fs";
import * as path from "node:path";
import { analyze } from "../analyze";
import { createDiskHost } from "../host";
import { agentNamespace, routePrefix } from "../naming/agentNamespace";
import { CONFIG_NAMES } from "../project/discover";
import type { Environment, WorkerConfig } from "../project/model";
import { readWorkerConfig } from "../project/readConfig";
import { ModuleStore } from "../source/moduleStore";
import { classifyClass, type ClassKind } from "../source/classKinds";
import { isInside } from "../source/sourceIndex";
import type { NamespaceMethod } from "../source/model";
import { readWorkerSources } from "../source/workerSources";
import { partykitPrefixes, type Router } from "./router";
import type { ClientPrefixMismatch, StaticFinding } from "./staticFacts";
import type { InspectedKind } from "./report";
import { escapeRegExp } from "../text/regExp";
import { deployedWorkerName } from "../facts/workerFacts";

/** What the probe runs and asks, read from the config and sources by the static engine. */
export interface ProbeTarget {
  configFile: string;
  /** The config's folder: wrangler's project root. */
  configDir: string;
  environment?: string;
  /** The entry (`main`), absolute, when it resolves to a file. */
  entry?: string;
  /** `main` as written in the config. */
  mainAsWritten?: string;
  /** The entry has a default export (modules format); false for service-worker entries. */
  entryHasDefaultExport: boolean;
  binding?: string;
  /** What the config declares the probed binding as; absent for a name the config does not bind. */
  bindingKind?: InspectedKind;
  className?: string;
  /** Workflows this worker runs (no script_name) in the environment run, and the top level's binding names. */
  workflows: ProbedWorkflow[];
  topLevelWorkflows: string[];
  /** Service bindings of the environment run, and the top level's binding names. */
  services: ProbedService[];
  topLevelServices: string[];
  /** Durable Object classes that run a container (`containers[].class_name`) in the environment run. */
  containerClasses: string[];
  /** The name this worker runs under in the environment (`name`, or `name-<env>`): a service naming it is this worker. */
  workerName?: string;
  /** DO bindings of the environment run, and of the top level. */
  bindings: string[];
  topLevelBindings: string[];
  /** Names the code uses as Durable Object namespaces (`env.X.idFromName`). */
  codeBindings: string[];
  prefix: string;
  /** How the worker routes requests to its Durable Objects (routeAgentRequest, routePartykitRequest, or its own paths). */
  router: Router;
  /** The class of each Durable Object binding of the environment run (and of the top level), by binding name. */
  bindingClasses: Record<string, string>;
  /** What the static engine knows of the probed binding's class. */
  classFacts?: { kind: ClassKind; declaredInEntry: boolean; exportedFromEntryDeclaration: boolean };
  /** How the code reaches the probed binding itself (`getAgentByName(env.X)`, `env.X.idFromName`). */
  bindingUses: NamespaceMethod[];
  instanceName: string;
  /** The route probed over HTTP and WebSocket: the router's route for the binding, or --path; none without a router. */
  routePath?: string;
  /**
   * Routes the client code uses (useAgent names, literal /agents/<ns>/ URLs) that no binding of this
   * environment serves: probed too, since that is what the app's users hit.
   */
  clientRoutes: string[];
  /** Of those, the clients whose prefix (`prefix` option, default "agents") the worker does not route. */
  clientPrefixMismatches: ClientPrefixMismatch[];
  /**
   * The config's `assets` has no `directory` (the Vite plugin supplies one) or names a folder not
   * built yet: wrangler dev refuses to start either way, for a reason the Durable Objects do not share.
   */
  assetsStandIn?: { reason: "no-directory" | "not-built"; directory?: string };
  staticFindings: StaticFinding[];
  /** Bindings the config marks remote (`"remote": true`) or that are remote by nature (AI, browser): wrangler dev needs a login for them. */
  remoteBindings: string[];
  /** The config's `build.command`, which wrangler dev runs before it bundles. */
  buildCommand?: string;
}

export interface ProbedWorkflow {
  binding: string;
  className: string;
  name?: string;
}

export interface ProbedService {
  binding: string;
  service?: string;
  entrypoint?: string;
}

export class TargetError extends Error {}

/** wrangler's choice in a folder: wrangler.json, wrangler.jsonc, wrangler.toml. */
export function findConfig(projectDir: string, configFile?: string): string | undefined {
  if (configFile) {
    const file = path.resolve(projectDir, configFile);
    return fs.existsSync(file) ? file : undefined;
  }
  try {
    if (fs.statSync(projectDir).isFile()) return projectDir;
  } catch {
    return undefined;
  }
  return CONFIG_NAMES.map((name) => path.join(projectDir, name)).find((file) => fs.existsSync(file));
}

export function readTarget(configFile: string, options: { environment?: string; binding?: string; instanceName?: string; path?: string }): ProbeTarget {
  const host = createDiskHost();
  const text = host.readFile(configFile);
  if (text === undefined) throw new TargetError(`cannot read ${configFile}`);
  const worker: WorkerConfig = readWorkerConfig(configFile, text);
  let env: Environment = worker.topLevel;
  if (options.environment) {
    const named = worker.environments.find((e) => e.name === options.environment);
    if (!named) {
      const known = worker.environments.map((e) => e.name);
      throw new TargetError(`no environment "${options.environment}" in ${path.basename(configFile)} (${known.length ? `known: ${known.join(", ")}` : "it defines none"})`);
    }
    env = named;
  }
  const names = (e: Environment) => e.durableObjects.map((b) => b.name?.value).filter((n): n is string => !!n);
  const bindings = names(env);
  const topLevelBindings = names(worker.topLevel);
  const candidates = bindings.length ? bindings : topLevelBindings;
  const workflowsOf = (e: Environment): ProbedWorkflow[] =>
    e.workflows.flatMap((w) => (w.binding?.value ? [{ binding: w.binding.value, className: w.className.value, ...(w.name?.value ? { name: w.name.value } : {}) }] : []));
  const servicesOf = (e: Environment): ProbedService[] =>
    e.services.flatMap((x) => (x.binding?.value ? [{ binding: x.binding.value, ...(x.service?.value ? { service: x.service.value } : {}), ...(x.entrypoint?.value ? { entrypoint: x.entrypoint.value } : {}) }] : []));
  const workflows = workflowsOf(env);
  const topLevelWorkflows = workflowsOf(worker.topLevel).map((w) => w.binding);
  const services = servicesOf(env);
  const topLevelServices = servicesOf(worker.topLevel).map((x) => x.binding);
  // Without a Durable Object binding, the first Workflow, else the first service binding (one with an entrypoint first).
  const otherCandidates = [
    ...(workflows.length ? workflows.map((w) => w.binding) : topLevelWorkflows),
    ...[...services].sort((a, b) => Number(!a.entrypoint) - Number(!b.entrypoint)).map((x) => x.binding),
  ];
  const binding = options.binding ?? (candidates.includes("CoderAgent") ? "CoderAgent" : candidates[0] ?? otherCandidates[0]);
  const bindingEntry = [...env.durableObjects, ...worker.topLevel.durableObjects].find((b) => b.name?.value === binding);
  const workflowEntry = [...workflowsOf(env), ...workflowsOf(worker.topLevel)].find((w) => w.binding === binding);
  const serviceEntry = [...servicesOf(env), ...servicesOf(worker.topLevel)].find((x) => x.binding === binding);
  const bindingKind: InspectedKind | undefined = bindingEntry ? "durable-object" : workflowEntry ? "workflow" : serviceEntry ? "service" : undefined;

  const store = new ModuleStore(host);
  const mainAsWritten = env.main?.value.value;
  const entry = mainAsWritten ? store.resolver.resolveFilePath(path.resolve(worker.dir, mainAsWritten)) : undefined;
  const sources = entry ? readWorkerSources(store, entry) : undefined;
  const routes = sources?.modules.flatMap((m) => m.routePrefixes) ?? [];
  let router: Router = { kind: "none" };
  if (routes.length) router = { kind: "agents", prefix: routes[0].prefix };
  else {
    for (const module of sources?.modules ?? []) {
      if (!module.imports.some((i) => i.module === "partyserver")) continue;
      const text = host.readFile(module.file);
      const call = text === undefined ? undefined : partykitPrefixes(module, text)[0];
      if (call) {
        router = { kind: "partyserver", prefix: call.prefix, ...(call.dynamic ? { dynamic: true } : {}) };
        break;
      }
    }
  }
  const prefix = router.kind === "none" ? "agents" : router.prefix;
  // A prefix set from a variable could be any: then no client prefix is judged.
  const routedPrefixes = routes.some((r) => r.dynamic) ? [] : [...new Set(routes.map((r) => routePrefix(r.prefix)))];
  const bindingUses = [...new Set(sources?.modules.flatMap((m) => m.envUses.filter((u) => u.binding === binding).map((u) => u.method)) ?? [])];
  const bindingClasses: Record<string, string> = {};
  for (const b of [...worker.topLevel.durableObjects, ...env.durableObjects]) {
    if (b.name?.value && b.className?.value && !b.scriptName) bindingClasses[b.name.value] = b.className.value;
  }
  let classFacts: ProbeTarget["classFacts"];
  const className = bindingEntry?.className?.value ?? workflowEntry?.className;
  if (className && sources?.entryModule) {
    const declaredIn = sources.modules.find((m) => m.classes.some((c) => c.name === className));
    const declaration = declaredIn?.classes.find((c) => c.name === className);
    if (declaredIn && declaration) {
      let kind: ClassKind = "unknown";
      try {
        kind = classifyClass(store, declaredIn, declaration).kind;
      } catch {
        // a hint only
      }
      const inEntry = declaredIn === sources.entryModule;
      classFacts = { kind, declaredInEntry: inEntry, exportedFromEntryDeclaration: inEntry && declaration.hasExportModifier };
    }
  }
  const codeBindings = [...new Set(sources?.modules.flatMap((m) => m.envUses.map((u) => u.binding)) ?? [])];

  let staticFindings: ProbeTarget["staticFindings"] = [];
  const clientNamespaces = new Set<string>();
  /** Clients of a served namespace under a prefix the worker does not route, by route. */
  const prefixMismatches = new Map<string, Omit<ClientPrefixMismatch, "route">>();
  try {
    const result = analyze({ roots: [worker.dir], host, environment: options.environment, store });
    const routed = routePrefix(prefix);
    for (const module of result.project.index.clientReferences()) {
      if (!isInside(module.file, worker.dir)) continue;
      for (const ref of module.agentRefs) {
        if (ref.via !== "url") {
          if (ref.basePath) continue;
          clientNamespaces.add(agentNamespace(ref.text));
          const clientPrefix = routePrefix(ref.prefix ?? "agents");
          if (routedPrefixes.length > 0 && !routedPrefixes.includes(clientPrefix)) {
            prefixMismatches.set(`${clientPrefix}\0${agentNamespace(ref.text)}`, { clientPrefix, defaultPrefix: ref.prefix === undefined, via: ref.via, agent: ref.text, routedPrefixes });
          }
        }
        else {
          const match = new RegExp(`(?:^|/)${escapeRegExp(routed)}/([A-Za-z0-9_-]+)(?=[/?#]|$)`).exec(ref.text);
          if (match && !(ref.partial && match.index + match[0].length === ref.text.length)) clientNamespaces.add(match[1]);
        }
      }
    }
    staticFindings = result.findings
      .filter((f) => f.severity === "error" && (f.file === configFile || isInside(f.file, worker.dir)))
      .map((f) => {
        const fix = f.fixes.find((x) => x.isPreferred) ?? f.fixes[0];
        const text = fix?.edits.length === 1 ? fix.edits[0].newText.trim() : undefined;
        return { ruleId: f.ruleId, message: f.message, ...(fix ? { fixTitle: fix.title } : {}), ...(text ? { fixText: text } : {}) };
      });
  } catch {
    // The static engine is a hint here; the probe judges from what wrangler does.
  }

  const instanceName = options.instanceName ?? "default";
  const served = new Set(bindings.map(agentNamespace));
  const clientRoutes = options.path || router.kind !== "agents"
    ? []
    : [...clientNamespaces]
        .filter((ns) => !served.has(ns))
        .slice(0, 3)
        .map((ns) => `/${routePrefix(prefix)}/${ns}/${encodeURIComponent(instanceName)}`);
  // Served namespaces that clients reach under a prefix the worker does not route: probed as the client connects.
  const clientPrefixMismatches: ClientPrefixMismatch[] = [];
  if (!options.path && router.kind === "agents") {
    for (const [key, mismatch] of prefixMismatches) {
      const namespace = key.split("\0")[1];
      if (!served.has(namespace) || clientPrefixMismatches.length >= 3) continue;
      const route = `/${mismatch.clientPrefix}/${namespace}/${encodeURIComponent(instanceName)}`;
      clientPrefixMismatches.push({ route, ...mismatch });
      if (!clientRoutes.includes(route)) clientRoutes.push(route);
    }
  }
  const assets = env.assets?.value;
  let assetsStandIn: ProbeTarget["assetsStandIn"];
  if (assets && !assets.directory) assetsStandIn = { reason: "no-directory" };
  else if (assets?.directory && !fs.existsSync(path.resolve(worker.dir, assets.directory.value))) assetsStandIn = { reason: "not-built", directory: assets.directory.value };
  // A Workflow or service binding has no agent route: the binding itself is probed.
  const routed = bindingKind !== "workflow" && bindingKind !== "service";
  const routePath = options.path ?? (binding && routed && router.kind !== "none" ? `/${routePrefix(prefix)}/${agentNamespace(binding)}/${encodeURIComponent(instanceName)}` : undefined);
  return {
    remoteBindings: remoteBindings(text, configFile.endsWith(".toml")),
    ...buildCommand(text, configFile.endsWith(".toml")),
    configFile,
    configDir: worker.dir,
    environment: options.environment,
    entry,
    mainAsWritten,
    entryHasDefaultExport: sources?.entryModule?.hasDefaultExport ?? false,
    binding,
    ...(bindingKind ? { bindingKind } : {}),
    className: bindingEntry?.className?.value ?? workflowEntry?.className,
    workflows,
    topLevelWorkflows,
    services,
    topLevelServices,
    containerClasses: env.containerClasses.map((c) => c.value),
    workerName: deployedWorkerName(worker, env),
    bindings,
    topLevelBindings,
    codeBindings,
    prefix,
    router,
    bindingClasses,
    ...(classFacts ? { classFacts } : {}),
    bindingUses,
    instanceName,
    routePath: routePath && !routePath.startsWith("/") ? `/${routePath}` : routePath,
    clientRoutes,
    clientPrefixMismatches,
    ...(assetsStandIn ? { assetsStandIn } : {}),
    staticFindings,
  };
}

/** Remote bindings named in the config text: `"remote": true` entries, and the AI and browser bindings. */
function remoteBindings(text: string, toml: boolean): string[] {
  const found: string[] = [];
  const remote = toml ? /^\s*remote\s*=\s*true/m : /"remote"\s*:\s*true/;
  if (remote.test(text)) found.push('bindings with "remote": true');
  const ai = toml ? /^\s*\[ai\]/m : /"ai"\s*:\s*\{/;
  if (ai.test(text)) found.push("the AI binding");
  const browser = toml ? /^\s*\[browser\]/m : /"browser"\s*:\s*\{/;
  if (browser.test(text)) found.push("the browser binding");
  return found;
}

/** `build.command` from the config text (JSON(C) or TOML), for the note that wrangler dev runs it. */
function buildCommand(text: string, toml: boolean): { buildCommand?: string } {
  const match = toml ? /^\s*\[build\][^[]*?^\s*command\s*=\s*"((?:[^"\\]|\\.)*)"/m.exec(text) : /"build"\s*:\s*\{[^}]*?"command"\s*:\s*"((?:[^"\\]|\\.)*)"/.exec(text);
  return match ? { buildCommand: match[1] } : {};
}
