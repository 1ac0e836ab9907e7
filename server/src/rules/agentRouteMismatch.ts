import { agentNamespace, naiveKebab, routePrefix } from "../naming/agentNamespace";
import { nearestName } from "../naming/nearestName";
import { listingPositions } from "../project/discover";
import { deepestWorkerHolding } from "../project/workerFolders";
import type { WorkerConfig } from "../project/model";
import type { ClientAgentRef, ModuleInfo } from "../source/model";
import type { WorkerSources } from "../source/workerSources";
import { SourceIndex } from "../source/sourceIndex";
import type { FixDraft, PreviousValue, ProjectView, Rule, RuleContext } from "./rule";

/** Workspace-wide facts of this rule, computed once per analysis (see RuleContext.shared). */
export interface RouteFacts {
  /** Namespaces routed anywhere in the workspace (kebab-case of every binding name) -> binding name. */
  namespaces: Map<string, string>;
  /** The prefixes `routeAgentRequest` is called with in any worker (string literals, or its default). */
  prefixes: Set<string>;
  /** Some call's prefix is not written as a literal: which prefixes are routed is not known for sure. */
  dynamicPrefix: boolean;
  /** Modules that name agents as a client would, in the listing's order. */
  clients: ModuleInfo[];
  /** Config file of the worker that owns each client file (see deepestWorkerHolding), as far as asked. */
  owners: Map<string, string | undefined>;
  /** Client modules by the config file of the worker that owns them. */
  clientsByOwner: Map<string, ModuleInfo[]>;
}

export const ROUTE_FACTS_KEY = "agent-route-mismatch";

/** This analysis's route facts (computed on first use, updated from the previous analysis when there is one). */
export function routeFactsOf(context: ProjectView): RouteFacts {
  return context.shared<RouteFacts>(ROUTE_FACTS_KEY, (previous) => routeFacts(context, previous));
}

/**
 * Whether two analyses route agents alike: same namespaces (and binding behind each) and prefixes, in
 * the same order (messages list them). When they do, a client module's findings depend on that module
 * alone.
 */
export function sameRouting(a: RouteFacts, b: RouteFacts): boolean {
  const entries = (map: Map<string, string>) => [...map].map(([ns, binding]) => `${ns}\0${binding}`).join("\n");
  return entries(a.namespaces) === entries(b.namespaces) && [...a.prefixes].join("\n") === [...b.prefixes].join("\n") && a.dynamicPrefix === b.dynamicPrefix;
}

function routeFacts(context: ProjectView, previous: PreviousValue<RouteFacts> | undefined): RouteFacts {
  const namespaces = new Map<string, string>();
  const prefixes = new Set<string>();
  let dynamicPrefix = false;
  const walked = new Set<WorkerSources>();
  for (const worker of context.workers) {
    for (const [namespace, binding] of namespacesOf(worker)) namespaces.set(namespace, binding);
    for (const env of [worker.topLevel, ...worker.environments]) {
      // Environments mostly share their entry, and with it the walk.
      const sources = context.sources(worker, env);
      if (!sources || walked.has(sources)) continue;
      walked.add(sources);
      const routes = prefixesOf(sources);
      for (const prefix of routes.known) prefixes.add(prefix);
      if (routes.dynamic) dynamicPrefix = true;
    }
  }
  // Finding the clients reads every source of the workspace; whether a file is one depends on its
  // text alone, so after an edit only the changed files are looked at again. Owners depend on the
  // worker folders, the same when nothing was created or deleted.
  const clients = previous ? updatedClients(context, previous) : context.index.clientReferences();
  const owners = previous ? previous.value.owners : new Map<string, string | undefined>();
  const clientsByOwner = new Map<string, ModuleInfo[]>();
  for (const module of clients) {
    if (!owners.has(module.file)) owners.set(module.file, (deepestWorkerHolding(module.file, context.workers) ?? context.workers[0])?.file);
    const owner = owners.get(module.file);
    if (owner === undefined) continue;
    const list = clientsByOwner.get(owner);
    if (list) list.push(module);
    else clientsByOwner.set(owner, [module]);
  }
  return { namespaces, prefixes, dynamicPrefix, clients, owners, clientsByOwner };
}

/** Facts of one config or one walk, kept with it: unchanged ones are reused by the next analysis. */
const namespacesCache = new WeakMap<WorkerConfig, [string, string][]>();
const prefixesCache = new WeakMap<WorkerSources, { known: string[]; dynamic: boolean }>();

/** (namespace, binding name) of every binding of the worker, in order. */
function namespacesOf(worker: WorkerConfig): [string, string][] {
  let list = namespacesCache.get(worker);
  if (!list) {
    list = [];
    for (const env of [worker.topLevel, ...worker.environments]) for (const binding of env.durableObjects) if (binding.name) list.push([agentNamespace(binding.name.value), binding.name.value]);
    namespacesCache.set(worker, list);
  }
  return list;
}

function prefixesOf(sources: WorkerSources): { known: string[]; dynamic: boolean } {
  let entry = prefixesCache.get(sources);
  if (!entry) {
    const routes = sources.modules.flatMap((module) => module.routePrefixes);
    entry = { known: routes.filter((route) => !route.dynamic).map((route) => routePrefix(route.prefix)), dynamic: routes.some((route) => route.dynamic) };
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

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/** Hosts of documentation and code sites, whose `/agents/...` paths are pages, not agent routes. */
const DOCUMENTATION_HOST = /^(?:developers\.cloudflare\.com|(?:[\w-]+\.)*github\.com|(?:[\w-]+\.)*githubusercontent\.com|(?:www\.)?npmjs\.com|docs\.[\w.-]+)$/i;

/** An absolute URL to a documentation site (`https://developers.cloudflare.com/agents/getting-started/`). */
function isDocumentationUrl(text: string): boolean {
  const host = /^(?:https?:)?\/\/([^/?#:\s]+)/i.exec(text)?.[1];
  return !!host && DOCUMENTATION_HOST.test(host);
}

interface Segment {
  namespace: string;
  offset: number;
}

/** The namespace segment after `prefix/` in a URL, if the URL has one that is complete. */
function segmentAfter(ref: ClientAgentRef, prefix: string): Segment | undefined {
  const match = new RegExp(`(?:^|/)${escapeRegExp(prefix)}/([^/?#\\s]+)`).exec(ref.text);
  if (!match) return undefined;
  const end = match.index + match[0].length;
  if (ref.partial && end === ref.text.length) return undefined;
  return { namespace: match[1], offset: end - match[1].length };
}

export const agentRouteMismatch: Rule = {
  meta: {
    id: "agent-route-mismatch",
    defaultSeverity: "error",
    description: "A client agent name or `/agents/<namespace>/` URL matches no Durable Object binding, or uses a prefix the worker does not route.",
    fixable: true,
  },
  check(worker, context) {
    const { namespaces, prefixes, dynamicPrefix, clientsByOwner } = routeFactsOf(context);
    const modules = clientsByOwner.get(worker.file) ?? [];
    if (modules.length === 0 || namespaces.size === 0) return;
    const report = (file: string, ref: ClientAgentRef, written: string, offset: number, shown: string) => {
      const byNaive = [...namespaces.values()].find((binding) => naiveKebab(binding) === written.toLowerCase() || naiveKebab(binding) === naiveKebab(written));
      // With a single routed namespace there is nothing else the client can have meant.
      const only = namespaces.size === 1 ? [...namespaces.values()][0] : undefined;
      const suggestionBinding = byNaive ?? namespaces.get(nearestName(agentNamespace(written), namespaces.keys()) ?? "") ?? only;
      const suggestion = suggestionBinding ? agentNamespace(suggestionBinding) : undefined;
      const routed = [...namespaces.keys()].map((ns) => `"${ns}"`).join(", ");
      let message = `${shown} reaches namespace "${agentNamespace(written)}", which matches no Durable Object binding (routed: ${routed}). The worker answers 400 "Invalid request" and logs that the URL "does not match any Durable Object binding" (older partyserver: "does not match any server namespace").`;
      if (byNaive) message += ` Namespaces are kebab-case per capital letter: binding ${byNaive} is routed as "${agentNamespace(byNaive)}", not "${written}".`;
      else if (suggestion) message += ` Did you mean "${suggestion}" (binding ${suggestionBinding})?`;
      const span = { start: ref.span.start + offset, end: ref.span.start + offset + written.length };
      context.report({
        message,
        file,
        span,
        fixes: suggestion ? [{ title: `Change to "${suggestion}"`, edits: [{ file, span, newText: suggestion }], preferred: true }] : [],
      });
    };
    for (const module of modules) {
      for (const ref of module.agentRefs) {
        if (ref.via !== "url") {
          // With `basePath` the client connects to the app's own route, which picks the agent itself.
          if (ref.basePath) continue;
          if (!namespaces.has(agentNamespace(ref.text))) report(module.file, ref, ref.text, 0, `${ref.via}({ agent: "${ref.text}" })`);
          else if (prefixes.size > 0 && !dynamicPrefix) reportClientPrefix(context, module.file, ref, prefixes);
          continue;
        }
        // Literal URLs are only judged where the Agents router is in use, and never links to documentation.
        if (prefixes.size === 0 || isDocumentationUrl(ref.text)) continue;
        let matched = false;
        for (const prefix of prefixes) {
          const segment = segmentAfter(ref, prefix);
          if (!segment) continue;
          matched = true;
          if (!namespaces.has(segment.namespace)) report(module.file, ref, segment.namespace, segment.offset, `The URL "${ref.text}"`);
          break;
        }
        // A prefix set from a variable may be the one the URL uses.
        if (matched || prefixes.has("agents") || dynamicPrefix) continue;
        const defaultSegment = segmentAfter(ref, "agents");
        if (!defaultSegment) continue;
        const routed = [...prefixes].map((p) => `/${p}/`).join(", ");
        context.report({
          message: `The URL "${ref.text}" uses the default /agents/ prefix, but this workspace's routeAgentRequest routes agents under ${routed}: the request is not routed to any agent. Use ${routed}<namespace>/<name>, or the same \`prefix\` on both sides.`,
          file: module.file,
          span: ref.span,
          related: [],
        });
      }
    }
  },
};

/**
 * A client connects under `/<prefix>/<agent>/<name>` (prefix "agents" unless its `prefix` option says
 * otherwise); the worker routes only the prefixes its `routeAgentRequest` calls name.
 */
function reportClientPrefix(context: RuleContext, file: string, ref: ClientAgentRef, prefixes: Set<string>): void {
  const clientPrefix = routePrefix(ref.prefix ?? "agents");
  if (prefixes.has(clientPrefix)) return;
  const routed = [...prefixes].map((p) => `/${p}/`).join(", ");
  const only = prefixes.size === 1 ? [...prefixes][0] : undefined;
  const how = ref.prefix !== undefined ? `its prefix "${ref.prefix}"` : `the default prefix (no \`prefix\` option)`;
  const message =
    `${ref.via}({ agent: "${ref.text}" }) connects under /${clientPrefix}/ (${how}), but routeAgentRequest routes agents under ${routed}: the worker never hands the request to the agent (its own fallback answers, often a 404).` +
    (only !== undefined ? ` Give the client \`prefix: "${only}"\`, or route under the same prefix on both sides.` : ` Give the client one of those prefixes.`);
  const fixes: FixDraft[] = [];
  if (only !== undefined && ref.prefixSpan) {
    fixes.push({ title: `Change the client's prefix to "${only}"`, edits: [{ file, span: ref.prefixSpan, newText: only }], preferred: true });
  } else if (only !== undefined) {
    // After the agent's closing quote: `{ agent: "x", prefix: "api/agents", ... }`.
    const at = ref.span.end + 1;
    fixes.push({ title: `Add prefix: "${only}" to the client`, edits: [{ file, span: { start: at, end: at }, newText: `, prefix: ${JSON.stringify(only)}` }], preferred: true });
  }
  context.report({ message, file, span: ref.prefixSpan ?? ref.span, fixes });
}
