import { agentNamespace, naiveKebab } from "../naming/agentNamespace";
import { nearestName } from "../naming/nearestName";
import { deepestWorkerHolding } from "../project/workerFolders";
import type { ClientAgentRef, ModuleInfo } from "../source/model";
import type { Rule, RuleContext } from "./rule";

/** Workspace-wide facts of this rule, computed once per analysis (see RuleContext.shared). */
interface RouteFacts {
  /** Namespaces routed anywhere in the workspace (kebab-case of every binding name) -> binding name. */
  namespaces: Map<string, string>;
  /** The prefixes `routeAgentRequest` is called with in any worker. */
  prefixes: Set<string>;
  /** Client modules by the config file of the worker that owns them. */
  clientsByOwner: Map<string, ModuleInfo[]>;
}

export const ROUTE_FACTS_KEY = "agent-route-mismatch";

function routeFacts(context: RuleContext): RouteFacts {
  const namespaces = new Map<string, string>();
  const prefixes = new Set<string>();
  for (const worker of context.workers) {
    for (const env of [worker.topLevel, ...worker.environments]) {
      for (const binding of env.durableObjects) if (binding.name) namespaces.set(agentNamespace(binding.name.value), binding.name.value);
      for (const module of context.sources(worker, env)?.modules ?? []) for (const route of module.routePrefixes) prefixes.add(route.prefix.replace(/^\/+|\/+$/g, ""));
    }
  }
  const clientsByOwner = new Map<string, ModuleInfo[]>();
  for (const module of context.index.clientReferences()) {
    const owner = deepestWorkerHolding(module.file, context.workers) ?? context.workers[0];
    if (owner) clientsByOwner.set(owner.file, [...(clientsByOwner.get(owner.file) ?? []), module]);
  }
  return { namespaces, prefixes, clientsByOwner };
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
    description: "A client agent name or `/agents/<namespace>/` URL matches no Durable Object binding.",
    fixable: true,
  },
  check(worker, context) {
    const { namespaces, prefixes, clientsByOwner } = context.shared(ROUTE_FACTS_KEY, () => routeFacts(context));
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
          if (!namespaces.has(agentNamespace(ref.text))) report(module.file, ref, ref.text, 0, `${ref.via}({ agent: "${ref.text}" })`);
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
        if (matched || prefixes.has("agents")) continue;
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
