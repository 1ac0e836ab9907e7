import * as path from "node:path";
import { agentNamespace } from "../naming/agentNamespace";
import { listingPositions } from "../project/discover";
import type { WorkerConfig } from "../project/model";
import { commonFolder, deepestWorkerHolding } from "../project/workerFolders";
import type { PreviousValue, ProjectView } from "./projectView";
import type { ClientAgentRef, ModuleInfo, RoutePrefix } from "../source/model";
import { SourceIndex } from "../source/sourceIndex";
import type { WorkerSources } from "../source/workerSources";
import { isSdkClient, sourceRole } from "./agentClients";
import { factOf, type WorkspaceFact } from "./workspaceFact";

/**
 * Agent routing across the workspace: what each worker routes (`routeAgentRequest` and its bindings),
 * and which worker each client reference talks to. A workspace fact (routeFacts): computed once per
 * analysis; rules and views read it.
 */

/** What one worker's `routeAgentRequest` calls route. */
export interface WorkerRouting {
  /** kebab-case of every Durable Object binding name of the worker (every environment) -> binding name. */
  namespaces: Map<string, string>;
  /** Prefixes that route, as the SDK compares them: "/"-separated parts, none empty ("agents", "api/agents"). */
  prefixes: Set<string>;
  /** Some call's prefix is not written as a literal: which prefixes are routed is not known for sure. */
  dynamic: boolean;
  /** The worker calls routeAgentRequest at all (in the modules its entry reaches). */
  routes: boolean;
}

/** A client reference and the module it stands in. */
export interface JudgedRef {
  module: ModuleInfo;
  ref: ClientAgentRef;
  /** Test code: judged only where it clearly requests a worker, and never as an error. */
  inTest: boolean;
}

export interface RouteFacts {
  /** By config file. */
  routing: Map<string, WorkerRouting>;
  /** Modules that name agents as a client would (before the SDK and role checks), in the listing's order. */
  clients: ModuleInfo[];
  /** The client references each worker (by config file) answers, as far as that can be known. */
  judgedBy: Map<string, JudgedRef[]>;
  /** Client file -> the workers judging its references. */
  ownersByFile: Map<string, Set<string>>;
}

/**
 * Agent routing as a workspace fact. A client file's findings belong to the workers judging its
 * references (before and after a change); when what any worker routes changed (namespaces, prefixes),
 * every worker judging client references is checked again.
 */
export const routeFacts: WorkspaceFact<RouteFacts> = {
  key: "agent-routes",
  compute: (context, previous) => computeRouteFacts(context, previous),
  affects({ before, now, changedFiles }) {
    const affected = new Set<string>();
    for (const file of changedFiles) {
      for (const owner of before.ownersByFile.get(file) ?? []) affected.add(owner);
      for (const owner of now.ownersByFile.get(file) ?? []) affected.add(owner);
    }
    if (!sameRouting(before, now)) {
      for (const owner of before.judgedBy.keys()) affected.add(owner);
      for (const owner of now.judgedBy.keys()) affected.add(owner);
    }
    return affected;
  },
};

/** This analysis's route facts (computed on first use, updated from the previous analysis when there is one). */
export function routeFactsOf(context: ProjectView): RouteFacts {
  return factOf(context, routeFacts);
}

/** Whether two analyses route agents alike: then a client module's findings depend on that module alone. */
export function sameRouting(a: RouteFacts, b: RouteFacts): boolean {
  const text = (facts: RouteFacts) =>
    [...facts.routing]
      .map(([file, r]) => `${file}\0${[...r.namespaces].join(",")}\0${[...r.prefixes].join(",")}\0${r.dynamic}\0${r.routes}`)
      .join("\n");
  return text(a) === text(b);
}

/** The parts of a routeAgentRequest prefix as the SDK splits it (`prefix || "agents"`, split on "/"). */
export function routerPrefixParts(prefix: string): string[] {
  return (prefix || "agents").split("/");
}

/** A router prefix with an empty part ("/api/agents", "agents/") never matches a path: the SDK routes nothing. */
export function isBrokenRouterPrefix(route: RoutePrefix): boolean {
  return !route.dynamic && routerPrefixParts(route.prefix).some((part) => part === "");
}

/** A client's prefix as the URL it builds is read by the router: `${prefix}/${agent}/${name}`, empty parts dropped. */
export function clientPrefixKey(prefix: string | undefined): string {
  return (prefix ?? "agents").split("/").filter(Boolean).join("/");
}

export interface Segment {
  namespace: string;
  /** Where the namespace starts in the ref's text. */
  offset: number;
}

/**
 * The path segments of a URL literal as the router reads them (`pathname.split("/").filter(Boolean)`),
 * with their offsets in the text; undefined when where the path starts is not known. A literal after a
 * placeholder (`${origin}/agents/...`) is taken to start the path. The last segment of a literal that
 * runs into code may continue there and is left out.
 */
export function pathSegments(ref: Pick<ClientAgentRef, "text" | "partial" | "afterPlaceholder">): { text: string; offset: number }[] | undefined {
  let start = 0;
  const origin = /^(?:https?|wss?):\/\/[^/?#]*/i.exec(ref.text);
  if (origin && !ref.afterPlaceholder) start = origin[0].length;
  else if (!ref.text.startsWith("/")) return undefined;
  const end = ref.text.slice(start).search(/[?#]/);
  const pathText = end < 0 ? ref.text.slice(start) : ref.text.slice(start, start + end);
  const segments: { text: string; offset: number }[] = [];
  const pattern = /[^/]+/g;
  for (let m = pattern.exec(pathText); m; m = pattern.exec(pathText)) segments.push({ text: m[0], offset: start + m.index });
  if (ref.partial && end < 0 && !pathText.endsWith("/")) segments.pop();
  return segments;
}

/** The namespace segment after `prefix` (its parts) when the path starts with it and names an agent instance. */
export function segmentAfter(ref: Pick<ClientAgentRef, "text" | "partial" | "afterPlaceholder">, prefix: string): Segment | undefined {
  const segments = pathSegments(ref);
  if (!segments) return undefined;
  const parts = prefix.split("/");
  if (!parts.every((part, i) => segments[i]?.text === part)) return undefined;
  const namespace = segments[parts.length];
  // Without an instance name after the namespace the router returns null: the worker's own fallback answers.
  if (!namespace || (segments.length < parts.length + 2 && !ref.partial)) return undefined;
  return { namespace: namespace.text, offset: namespace.offset };
}

function computeRouteFacts(context: ProjectView, previous: PreviousValue<RouteFacts> | undefined): RouteFacts {
  const routing = new Map<string, WorkerRouting>();
  for (const worker of context.workers) routing.set(worker.file, routingOf(context, worker));
  // Finding the clients reads every source of the workspace; whether a file is one depends on its
  // text alone, so after an edit only the changed files are looked at again.
  const clients = previous ? updatedClients(context, previous) : context.index.clientReferences();
  const routers = [...routing].filter(([, r]) => r.routes).map(([file]) => file);
  // A client of no worker's folder (a separate front end), or of another origin, talks to the
  // worker that routes agents when exactly one does; otherwise which worker it means is not known.
  const onlyRouter = routers.length === 1 ? routers[0] : undefined;
  const workspaceRoot = commonFolder(context.workers.map((w) => w.dir));
  const judgedBy = new Map<string, JudgedRef[]>();
  const ownersByFile = new Map<string, Set<string>>();
  const assign = (owner: string | undefined, judged: JudgedRef) => {
    if (owner === undefined) return;
    const list = judgedBy.get(owner);
    if (list) list.push(judged);
    else judgedBy.set(owner, [judged]);
    let owners = ownersByFile.get(judged.module.file);
    if (!owners) ownersByFile.set(judged.module.file, (owners = new Set()));
    owners.add(owner);
  };
  for (const module of clients) {
    const folderOwner = deepestWorkerHolding(module.file, context.workers);
    const role = sourceRole(module.file, folderOwner?.dir ?? workspaceRoot ?? path.dirname(module.file));
    if (role === "type-test") continue;
    for (const ref of module.agentRefs) {
      if (role === "test" && ref.request !== "SELF.fetch") continue;
      if (!isSdkClient(context.store, module, ref)) continue;
      const judged: JudgedRef = { module, ref, inTest: role === "test" };
      if (ref.request === "SELF.fetch") {
        // vitest-pool-workers' SELF is the worker under test: the one whose folder holds the test.
        assign(folderOwner?.file, judged);
        continue;
      }
      const otherOrigin = ref.host === true || (ref.via === "url" && !ref.afterPlaceholder && /^(?:https?|wss?):\/\//i.test(ref.text));
      const owner = folderOwner && !otherOrigin ? folderOwner : undefined;
      const ownerRouting = owner ? routing.get(owner.file) : undefined;
      // A worker in whose folder the client stands but that neither routes agents nor binds any
      // (a static front end) is not what the client talks to.
      const frontEnd = !!ownerRouting && !ownerRouting.routes && ownerRouting.namespaces.size === 0;
      assign(owner && !frontEnd ? owner.file : onlyRouter, judged);
    }
  }
  return { routing, clients, judgedBy, ownersByFile };
}

/** Facts of one config or one walk, kept with it: unchanged ones are reused by the next analysis. */
const namespacesCache = new WeakMap<WorkerConfig, Map<string, string>>();
const prefixesCache = new WeakMap<WorkerSources, { known: string[]; dynamic: boolean; routes: boolean }>();

function routingOf(context: ProjectView, worker: WorkerConfig): WorkerRouting {
  let namespaces = namespacesCache.get(worker);
  if (!namespaces) {
    namespaces = new Map();
    for (const env of [worker.topLevel, ...worker.environments]) for (const binding of env.durableObjects) if (binding.name) namespaces.set(agentNamespace(binding.name.value), binding.name.value);
    namespacesCache.set(worker, namespaces);
  }
  const prefixes = new Set<string>();
  let dynamic = false;
  let routes = false;
  const walked = new Set<WorkerSources>();
  for (const env of [worker.topLevel, ...worker.environments]) {
    // Environments mostly share their entry, and with it the walk.
    const sources = context.sources(worker, env);
    if (!sources || walked.has(sources)) continue;
    walked.add(sources);
    const found = prefixesOf(sources);
    for (const prefix of found.known) prefixes.add(prefix);
    dynamic ||= found.dynamic;
    routes ||= found.routes;
  }
  return { namespaces, prefixes, dynamic, routes };
}

function prefixesOf(sources: WorkerSources): { known: string[]; dynamic: boolean; routes: boolean } {
  let entry = prefixesCache.get(sources);
  if (!entry) {
    const calls = sources.modules.flatMap((module) => module.routePrefixes);
    entry = {
      known: calls.filter((route) => !route.dynamic && !isBrokenRouterPrefix(route)).map((route) => routerPrefixParts(route.prefix).join("/")),
      dynamic: calls.some((route) => route.dynamic),
      routes: calls.length > 0,
    };
    prefixesCache.set(sources, entry);
  }
  return entry;
}

function updatedClients(context: ProjectView, previous: PreviousValue<RouteFacts>): ModuleInfo[] {
  const positions = listingPositions(context.index.files);
  const changed = [...previous.changedFiles].filter((file) => positions.has(file));
  if (changed.length === 0) return previous.value.clients;
  // The same test as a fresh listing's, on the changed files only.
  const now = new SourceIndex(context.store, changed).clientReferences();
  const kept = previous.value.clients.filter((module) => !previous.changedFiles.has(module.file));
  return [...kept, ...now].sort((a, b) => positions.get(a.file)! - positions.get(b.file)!);
}
