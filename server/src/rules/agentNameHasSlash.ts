import { routeFactsOf, routeFacts } from "../facts/agentRoutes";
import { agentNamespace } from "../naming/agentNamespace";
import type { Rule } from "./rule";

export const agentNameHasSlash: Rule = {
  meta: {
    id: "agent-name-has-slash",
    defaultSeverity: "warning",
    facts: [routeFacts],
    description: "A client's literal agent instance `name` contains `/`: the name travels in the URL path, and routeAgentRequest cuts it at the first slash.",
    fixable: false,
    messages: {
      cut: '{{call}}({ agent: "{{agent}}", name: "{{name}}" }) puts the instance name into the URL path (/{{prefix}}/{{namespace}}/{{name}}), and routeAgentRequest takes only the segment after the namespace: the request reaches instance "{{cut}}", not "{{name}}" (the rest becomes a sub-path). The client library warns only at run time ("contains forward slash which may cause routing issues"). Use a name without "/".',
      empty: '{{call}}({ agent: "{{agent}}", name: "{{name}}" }) puts the instance name into the URL path, and routeAgentRequest ignores empty segments: with only slashes there is no instance name and the router does not answer (null: the worker\'s fallback does). Use a name without "/".',
    },
  },
  check(worker, context) {
    const facts = routeFactsOf(context);
    // Only routeAgentRequest's /<prefix>/<namespace>/<name> contract is known to cut at the slash.
    if (!facts.routing.get(worker.file)?.routes) return;
    for (const { module, ref, inTest } of facts.judgedBy.get(worker.file) ?? []) {
      // With basePath the client connects to the app's own route, which may carry the name otherwise.
      if (ref.via === "url" || inTest || ref.basePath || ref.name === undefined || ref.nameSpan === undefined || !ref.name.includes("/")) continue;
      const cut = ref.name.split("/").find((part) => part !== "");
      context.report({
        messageId: cut === undefined ? "empty" : "cut",
        data: { call: ref.callee ?? ref.via, agent: ref.text, name: ref.name, prefix: ref.prefix ?? "agents", namespace: agentNamespace(ref.text), cut: cut ?? "" },
        file: module.file,
        span: ref.nameSpan,
      });
    }
  },
};
