import { nearestName } from "../naming/nearestName";
import type { Rule } from "./rule";
import { allBindingNames } from "../facts/workerFacts";

const IDENTIFIER = /^[\p{ID_Start}$_][\p{ID_Continue}$\u200c\u200d]*$/u;

export const unknownBindingInCode: Rule = {
  meta: {
    id: "unknown-binding-in-code",
    defaultSeverity: "error",
    description: "Code uses `env.X` as a Durable Object namespace, but X is not a Durable Object binding of the worker.",
    fixable: true,
    messages: {
      unknown: 'No Durable Object binding is named "{{binding}}" in {{config}}: `env.{{binding}}` is undefined here, so `{{method}}` fails with "TypeError: Cannot read properties of undefined (reading \'{{property}}\')". The Durable Object bindings are: {{bindings}}.',
      unknownSuggestion: 'No Durable Object binding is named "{{binding}}" in {{config}}: `env.{{binding}}` is undefined here, so `{{method}}` fails with "TypeError: Cannot read properties of undefined (reading \'{{property}}\')". Did you mean env.{{suggestion}}?',
      otherKind: '"{{binding}}" is a {{kind}} binding, not a Durable Object namespace: `env.{{binding}}` is undefined here, so `{{method}}` fails with "TypeError: Cannot read properties of undefined (reading \'{{property}}\')". The Durable Object bindings are: {{bindings}}.',
      otherKindSuggestion: '"{{binding}}" is a {{kind}} binding, not a Durable Object namespace: `env.{{binding}}` is undefined here, so `{{method}}` fails with "TypeError: Cannot read properties of undefined (reading \'{{property}}\')". Did you mean env.{{suggestion}}?',
    },
  },
  check(worker, context) {
    const doNames = allBindingNames(worker);
    const otherKinds = new Map<string, string>();
    for (const env of [worker.topLevel, ...worker.environments]) for (const other of env.otherBindings) otherKinds.set(other.name.value, other.kind);
    const checked = new Set<string>();
    for (const env of context.environments(worker)) {
      for (const module of context.sources(worker, env)?.modules ?? []) {
        if (checked.has(module.file)) continue;
        checked.add(module.file);
        for (const use of module.envUses) {
          if (doNames.has(use.binding)) continue;
          const kind = otherKinds.get(use.binding);
          const suggestion = nearestName(use.binding, doNames) ?? (doNames.size === 1 && !kind ? [...doNames][0] : undefined);
          const property = use.method === "getAgentByName" || use.method === "getServerByName" ? "idFromName" : use.method;
          const data = { binding: use.binding, method: use.method, property, ...(kind ? { kind } : { config: worker.file.split(/[\\/]/).pop()! }) };
          context.report({
            ...(suggestion
              ? { messageId: kind ? "otherKindSuggestion" : "unknownSuggestion", data: { ...data, suggestion } }
              : { messageId: kind ? "otherKind" : "unknown", data: { ...data, bindings: [...doNames].join(", ") || "none" } }),
            file: module.file,
            span: use.span,
            // `env.X` takes an identifier: a binding named otherwise (`my-do`, a half-typed `{X`) gets no edit.
            fixes: suggestion && IDENTIFIER.test(suggestion) ? [{ title: `Change to env.${suggestion}`, edits: [{ file: module.file, span: use.span, newText: suggestion }], preferred: true }] : [],
          });
        }
      }
    }
  },
};
