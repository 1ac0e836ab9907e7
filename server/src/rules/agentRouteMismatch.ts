import { agentNamespace, naiveKebab } from "../naming/agentNamespace";
import { nearestName } from "../naming/nearestName";
import { clientPrefixKey, isBrokenRouterPrefix, routeFacts, routeFactsOf, routerPrefixParts, segmentAfter, type JudgedRef, type WorkerRouting } from "../facts/agentRoutes";
import type { ClientAgentRef } from "../source/model";
import { ownModulesOfCheckedEnvironments } from "../facts/workerFacts";
import type { WorkerConfig } from "../project/model";
import { routesPathItself } from "../source/ownRoutes";
import type { FixDraft, Rule, RuleContext } from "./rule";

/** Hosts of documentation and code sites, whose `/agents/...` paths are pages, not agent routes. */
const DOCUMENTATION_HOST = /^(?:developers\.cloudflare\.com|(?:[\w-]+\.)*github\.com|(?:[\w-]+\.)*githubusercontent\.com|(?:www\.)?npmjs\.com|docs\.[\w.-]+)$/i;

/** An absolute URL to a documentation site (`https://developers.cloudflare.com/agents/getting-started/`). */
function isDocumentationUrl(text: string): boolean {
  const host = /^(?:https?:)?\/\/([^/?#:\s]+)/i.exec(text)?.[1];
  return !!host && DOCUMENTATION_HOST.test(host);
}

export const agentRouteMismatch: Rule = {
  meta: {
    id: "agent-route-mismatch",
    defaultSeverity: "error",
    facts: [routeFacts],
    description: "A client agent name or `/agents/<namespace>/` URL matches no Durable Object binding of the worker it talks to, uses a prefix that worker does not route, or routeAgentRequest has a prefix that routes nothing.",
    fixable: true,
    // `{{hint}}` is the likely intended namespace, if any (empty otherwise); `{{testNote}}` says why a
    // finding in test code is a warning (empty elsewhere).
    messages: {
      unknownNamespaceClient:
        '{{call}}({ agent: "{{agent}}" }) connects to namespace "{{namespace}}" (the client kebab-cases `agent`), which matches no Durable Object binding of this worker (routed: {{routed}}). The worker answers 400 "Invalid request" and logs that the URL "does not match any Durable Object binding" (older partyserver: "does not match any server namespace").{{hint}}{{testNote}}',
      unknownNamespaceUrl:
        'The URL "{{url}}" names namespace "{{namespace}}" after /{{prefix}}/, which matches no Durable Object binding of this worker (routed: {{routed}}). The worker answers 400 "Invalid request" and logs that the URL "does not match any Durable Object binding" (older partyserver: "does not match any server namespace").{{hint}}{{testNote}}',
      urlDefaultPrefix:
        'The URL "{{url}}" uses the default /agents/ prefix, but this worker\'s routeAgentRequest routes agents under {{routed}}: the request is not routed to any agent. Use {{routed}}<namespace>/<name>, or the same `prefix` on both sides.',
      clientPrefixOne:
        '{{call}}({ agent: "{{agent}}" }) connects under /{{clientPrefix}}/ ({{how}}), but routeAgentRequest routes agents under {{routed}}: the worker never hands the request to the agent (its own fallback answers, often a 404). Give the client `prefix: "{{only}}"`, or route under the same prefix on both sides.',
      clientPrefixMany:
        '{{call}}({ agent: "{{agent}}" }) connects under /{{clientPrefix}}/ ({{how}}), but routeAgentRequest routes agents under {{routed}}: the worker never hands the request to the agent (its own fallback answers, often a 404). Give the client one of those prefixes.',
      brokenRouterPrefix:
        'routeAgentRequest\'s prefix "{{prefix}}" never matches a request: the Agents SDK splits the prefix on "/" and compares each part with the URL\'s path segments, and the empty part a leading, trailing or double slash makes is never one of them. Every request falls through (routeAgentRequest returns null), so no agent is reachable. Write "{{fixed}}".',
    },
  },
  check(worker, context) {
    reportBrokenRouterPrefixes(worker, context);
    const facts = routeFactsOf(context);
    const routing = facts.routing.get(worker.file);
    const judged = facts.judgedBy.get(worker.file) ?? [];
    // Only routeAgentRequest gives URLs an /<prefix>/<namespace>/ contract; a worker routing by hand
    // (getAgentByName behind its own paths, McpAgent.serve, partyserver) has none to judge by.
    if (!routing || !routing.routes || routing.namespaces.size === 0 || judged.length === 0) return;
    for (const item of judged) {
      if (item.ref.via !== "url") judgeClientCall(context, routing, item, worker);
      else judgeUrl(context, routing, item, worker);
    }
  },
};

/** `useAgent({ agent, prefix })` and the other clients: the namespace is the kebab-case of `agent`. */
function judgeClientCall(context: RuleContext, routing: WorkerRouting, { module, ref, inTest }: JudgedRef, worker: WorkerConfig): void {
  // With `basePath` the client connects to the app's own route, which picks the agent itself.
  if (ref.basePath) return;
  const namespace = agentNamespace(ref.text);
  if (!routing.namespaces.has(namespace)) {
    if ([...new Set([...routing.prefixes, "agents"])].some((prefix) => routesItself(context, worker, `${prefix}/${namespace}`))) return;
    reportUnknownNamespace(context, routing, module.file, ref, { written: ref.text, offset: 0, messageId: "unknownNamespaceClient", data: { call: ref.via, agent: ref.text, namespace }, inTest, fromUrl: false });
    return;
  }
  if (routing.prefixes.size > 0 && !routing.dynamic) reportClientPrefix(context, module.file, ref, routing.prefixes, inTest);
}

/** A URL requested with `fetch`, `new WebSocket`...: the namespace is the segment after a routed prefix, as written. */
function judgeUrl(context: RuleContext, routing: WorkerRouting, { module, ref, inTest }: JudgedRef, worker: WorkerConfig): void {
  if (isDocumentationUrl(ref.text)) return;
  for (const prefix of routing.prefixes) {
    const segment = segmentAfter(ref, prefix);
    if (!segment) continue;
    if (!routing.namespaces.has(segment.namespace) && !routesItself(context, worker, `${prefix}/${segment.namespace}`)) {
      const data = { url: ref.text, namespace: segment.namespace, prefix };
      reportUnknownNamespace(context, routing, module.file, ref, { written: segment.namespace, offset: segment.offset, messageId: "unknownNamespaceUrl", data, inTest, fromUrl: true });
    }
    return;
  }
  // A prefix set from a variable may be the one the URL uses.
  if (routing.prefixes.has("agents") || routing.dynamic || routing.prefixes.size === 0) return;
  if (!segmentAfter(ref, "agents")) return;
  const routed = [...routing.prefixes].map((p) => `/${p}/`).join(", ");
  context.report({
    messageId: "urlDefaultPrefix",
    data: { url: ref.text, routed },
    file: module.file,
    span: ref.span,
    severity: inTest ? "warning" : undefined,
  });
}

interface UnknownNamespace {
  /** The text to replace: the `agent` option, or the URL's namespace segment. */
  written: string;
  offset: number;
  /** What the client wrote, as the message says it: the call's or the URL's. */
  messageId: "unknownNamespaceClient" | "unknownNamespaceUrl";
  data: Record<string, string>;
  inTest: boolean;
  fromUrl: boolean;
}

function reportUnknownNamespace(context: RuleContext, routing: WorkerRouting, file: string, ref: ClientAgentRef, found: UnknownNamespace): void {
  const { namespaces } = routing;
  const { written } = found;
  const byNaive = [...namespaces.values()].find((binding) => naiveKebab(binding) === written.toLowerCase() || naiveKebab(binding) === naiveKebab(written));
  // A URL naming the binding itself ("CoderAgent") where the router wants its kebab-case.
  const byKebab = found.fromUrl && namespaces.has(agentNamespace(written)) ? namespaces.get(agentNamespace(written)) : undefined;
  // With a single routed namespace there is nothing else the client can have meant.
  const only = namespaces.size === 1 ? [...namespaces.values()][0] : undefined;
  const suggestionBinding = byKebab ?? byNaive ?? namespaces.get(nearestName(agentNamespace(written), namespaces.keys()) ?? "") ?? only;
  const suggestion = suggestionBinding ? agentNamespace(suggestionBinding) : undefined;
  const routed = [...namespaces.keys()].map((ns) => `"${ns}"`).join(", ");
  let hint = "";
  if (byKebab) hint = ` The router compares the URL's segment with the kebab-case of each binding name: binding ${byKebab} is routed as "${agentNamespace(byKebab)}".`;
  else if (byNaive) hint = ` Namespaces are kebab-case per capital letter: binding ${byNaive} is routed as "${agentNamespace(byNaive)}", not "${written}".`;
  else if (suggestion) hint = ` Did you mean "${suggestion}" (binding ${suggestionBinding})?`;
  const testNote = found.inTest ? " (In test code: reported as a warning, since a test may expect the 400.)" : "";
  const span = { start: ref.span.start + found.offset, end: ref.span.start + found.offset + written.length };
  context.report({
    messageId: found.messageId,
    data: { ...found.data, routed, hint, testNote },
    file,
    span,
    severity: found.inTest ? "warning" : undefined,
    fixes: suggestion ? [{ title: `Change to "${suggestion}"`, edits: [{ file, span, newText: suggestion }], preferred: true }] : [],
  });
}

/**
 * A client connects under `/<prefix>/<agent>/<name>` (prefix "agents" unless its `prefix` option says
 * otherwise; empty parts of it vanish from the path); the worker routes only the prefixes its
 * `routeAgentRequest` calls name.
 */
function reportClientPrefix(context: RuleContext, file: string, ref: ClientAgentRef, prefixes: Set<string>, inTest: boolean): void {
  const clientPrefix = clientPrefixKey(ref.prefix);
  if (prefixes.has(clientPrefix)) return;
  const routed = [...prefixes].map((p) => `/${p}/`).join(", ");
  const only = prefixes.size === 1 ? [...prefixes][0] : undefined;
  const how = ref.prefix !== undefined ? `its prefix "${ref.prefix}"` : `the default prefix (no \`prefix\` option)`;
  const data = { call: ref.via, agent: ref.text, clientPrefix, how, routed, ...(only !== undefined ? { only } : {}) };
  const fixes: FixDraft[] = [];
  if (only !== undefined && ref.prefixSpan) {
    fixes.push({ title: `Change the client's prefix to "${only}"`, edits: [{ file, span: ref.prefixSpan, newText: only }], preferred: true });
  } else if (only !== undefined) {
    // After the agent's closing quote: `{ agent: "x", prefix: "api/agents", ... }`.
    const at = ref.span.end + 1;
    fixes.push({ title: `Add prefix: "${only}" to the client`, edits: [{ file, span: { start: at, end: at }, newText: `, prefix: ${JSON.stringify(only)}` }], preferred: true });
  }
  context.report({ messageId: only !== undefined ? "clientPrefixOne" : "clientPrefixMany", data, file, span: ref.prefixSpan ?? ref.span, fixes, severity: inTest ? "warning" : undefined });
}

/**
 * `routeAgentRequest(req, env, { prefix: "/api/agents" })`: the SDK splits the prefix on "/" and
 * compares every part with the path's segments, which never are empty: nothing is ever routed.
 */
function reportBrokenRouterPrefixes(worker: Parameters<Rule["check"]>[0], context: RuleContext): void {
  const seen = new Set<string>();
  for (const env of context.environments(worker)) {
    for (const module of context.sources(worker, env)?.modules ?? []) {
      for (const route of module.routePrefixes) {
        if (!isBrokenRouterPrefix(route)) continue;
        const key = `${module.file}\0${route.span.start}`;
        if (seen.has(key)) continue;
        seen.add(key);
        const fixed = routerPrefixParts(route.prefix).filter(Boolean).join("/") || "agents";
        // The prefix's span is its string literal, quotes included.
        const content = { start: route.span.start + 1, end: route.span.end - 1 };
        context.report({
          messageId: "brokenRouterPrefix",
          data: { prefix: route.prefix, fixed },
          file: module.file,
          span: route.span,
          fixes: [{ title: `Change the prefix to "${fixed}"`, edits: [{ file: module.file, span: content, newText: fixed }], preferred: true, safe: true }],
        });
      }
    }
  }
}

/**
 * Whether the worker's own code routes `/<path>` (a regular expression, a router pattern or a path
 * test in a module of its own its entry reaches): it answers that path before routeAgentRequest would, so a
 * client naming it is served (real: an app serving `/agents/my-agent/<id>` from a facet of another
 * agent). A file that cannot be read with certainty is taken as routing it: unsure says nothing.
 */
function routesItself(context: RuleContext, worker: WorkerConfig, path: string): boolean {
  return ownModulesOfCheckedEnvironments(context, worker).some((module) => {
    const text = context.store.text(module.file);
    return text !== undefined && routesPathItself(module.file, text, path) !== false;
  });
}
