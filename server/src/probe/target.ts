import * as fs from "node:fs";
import * as path from "node:path";
import { analyze } from "../analyze";
import { createDiskHost } from "../host";
import { agentNamespace, routePrefix } from "../naming/agentNamespace";
import { CONFIG_NAMES } from "../project/discover";
import type { Environment, WorkerConfig } from "../project/model";
import { readWorkerConfig } from "../project/readConfig";
import { ModuleStore } from "../source/moduleStore";
import { readWorkerSources } from "../source/workerSources";
import type { StaticFinding } from "./verdict";

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
  className?: string;
  /** DO bindings of the environment run, and of the top level. */
  bindings: string[];
  topLevelBindings: string[];
  /** Names the code uses as Durable Object namespaces (`env.X.idFromName`). */
  codeBindings: string[];
  prefix: string;
  instanceName: string;
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
}

export interface ClientPrefixMismatch {
  route: string;
  clientPrefix: string;
  /** The prefix was the client's default, not written. */
  defaultPrefix: boolean;
  via: string;
  agent: string;
  /** The prefixes the worker's routeAgentRequest calls name. */
  routedPrefixes: string[];
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
  const binding = options.binding ?? (candidates.includes("CoderAgent") ? "CoderAgent" : candidates[0]);
  const bindingEntry = [...env.durableObjects, ...worker.topLevel.durableObjects].find((b) => b.name?.value === binding);

  const store = new ModuleStore(host);
  const mainAsWritten = env.main?.value.value;
  const entry = mainAsWritten ? store.resolver.resolveFilePath(path.resolve(worker.dir, mainAsWritten)) : undefined;
  const sources = entry ? readWorkerSources(store, entry) : undefined;
  const prefix = sources?.modules.flatMap((m) => m.routePrefixes)[0]?.prefix ?? "agents";
  const routes = sources?.modules.flatMap((m) => m.routePrefixes) ?? [];
  // A prefix set from a variable could be any: then no client prefix is judged.
  const routedPrefixes = routes.some((r) => r.dynamic) ? [] : [...new Set(routes.map((r) => routePrefix(r.prefix)))];
  const codeBindings = [...new Set(sources?.modules.flatMap((m) => m.envUses.map((u) => u.binding)) ?? [])];

  let staticFindings: ProbeTarget["staticFindings"] = [];
  const clientNamespaces = new Set<string>();
  /** Clients of a served namespace under a prefix the worker does not route, by route. */
  const prefixMismatches = new Map<string, Omit<ClientPrefixMismatch, "route">>();
  try {
    const result = analyze({ roots: [worker.dir], host, environment: options.environment, store });
    const routed = routePrefix(prefix);
    for (const module of result.project.index.clientReferences()) {
      if (!module.file.startsWith(worker.dir + path.sep)) continue;
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
          const match = new RegExp(`(?:^|/)${routed.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}/([A-Za-z0-9_-]+)(?=[/?#]|$)`).exec(ref.text);
          if (match && !(ref.partial && match.index + match[0].length === ref.text.length)) clientNamespaces.add(match[1]);
        }
      }
    }
    const dir = worker.dir + path.sep;
    staticFindings = result.findings
      .filter((f) => f.severity === "error" && (f.file === configFile || f.file.startsWith(dir)))
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
  const clientRoutes = options.path
    ? []
    : [...clientNamespaces]
        .filter((ns) => !served.has(ns))
        .slice(0, 3)
        .map((ns) => `/${routePrefix(prefix)}/${ns}/${encodeURIComponent(instanceName)}`);
  // Served namespaces that clients reach under a prefix the worker does not route: probed as the client connects.
  const clientPrefixMismatches: ClientPrefixMismatch[] = [];
  if (!options.path) {
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
  const routePath = options.path ?? (binding ? `/${routePrefix(prefix)}/${agentNamespace(binding)}/${encodeURIComponent(instanceName)}` : undefined);
  return {
    configFile,
    configDir: worker.dir,
    environment: options.environment,
    entry,
    mainAsWritten,
    entryHasDefaultExport: sources?.entryModule?.hasDefaultExport ?? false,
    binding,
    className: bindingEntry?.className?.value,
    bindings,
    topLevelBindings,
    codeBindings,
    prefix,
    instanceName,
    routePath: routePath && !routePath.startsWith("/") ? `/${routePath}` : routePath,
    clientRoutes,
    clientPrefixMismatches,
    ...(assetsStandIn ? { assetsStandIn } : {}),
    staticFindings,
  };
}
