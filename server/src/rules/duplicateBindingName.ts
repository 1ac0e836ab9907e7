import type { Rule } from "./rule";
import type { Span } from "../text/positions";

export const duplicateBindingName: Rule = {
  meta: {
    id: "duplicate-binding-name",
    defaultSeverity: "error",
    description: "Two bindings of one environment share a name (across all binding kinds).",
    fixable: false,
    messages: {
      duplicate:
        'Binding name "{{name}}" is used twice in {{env}} ({{firstKind}} and {{kind}}). Both become env.{{name}}: one hides the other, and wrangler rejects duplicate binding names. Rename one of them.',
    },
  },
  check(worker, context) {
    for (const env of context.environments(worker)) {
      const names: { name: string; kind: string; span: Span }[] = [];
      for (const binding of env.durableObjects) if (binding.name) names.push({ name: binding.name.value, kind: "durable_objects", span: binding.name.span });
      for (const other of env.otherBindings) names.push({ name: other.name.value, kind: other.kind, span: other.name.span });
      names.sort((a, b) => a.span.start - b.span.start);
      const first = new Map<string, { kind: string; span: Span }>();
      for (const entry of names) {
        const earlier = first.get(entry.name);
        if (!earlier) {
          first.set(entry.name, entry);
          continue;
        }
        context.report({
          messageId: "duplicate",
          data: { name: entry.name, env: env.label, firstKind: earlier.kind, kind: entry.kind },
          file: worker.file,
          span: entry.span,
          related: [{ file: worker.file, span: earlier.span, message: `first ${earlier.kind} binding "${entry.name}"` }],
        });
      }
    }
  },
};
