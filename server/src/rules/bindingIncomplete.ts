import type { Rule } from "./rule";

export const bindingIncomplete: Rule = {
  meta: {
    id: "binding-incomplete",
    defaultSeverity: "error",
    description: "A Durable Object binding is not an object, or lacks `name` or `class_name`.",
    fixable: false,
    messages: {
      notAnObject:
        'This entry of `durable_objects.bindings` in {{env}} is {{written}} instead of an object: wrangler rejects the config ("Expected "durable_objects.bindings[{{index}}]" to be an object"). Write it as { "name": "BINDING", "class_name": "ClassName" }.',
      missingName:
        'This Durable Object binding in {{env}} has no `name`: wrangler rejects the config with "binding should have a string "name" field.". Give it a `name` (what the code reads as `env.NAME`) and the exported `class_name`.',
      missingClassName:
        'This Durable Object binding in {{env}} has no `class_name`: wrangler rejects the config with "binding should have a string "class_name" field.". Give it a `name` (what the code reads as `env.NAME`) and the exported `class_name`.',
      missingBoth:
        'This Durable Object binding in {{env}} has no `name` and no `class_name`: wrangler rejects the config with "binding should have a string "name" field." and "binding should have a string "class_name" field.". Give it a `name` (what the code reads as `env.NAME`) and the exported `class_name`.',
    },
  },
  check(worker, context) {
    for (const env of context.environments(worker)) {
      for (const binding of env.durableObjects) {
        if (binding.notAnObject) {
          const written = worker.parsed.text.slice(binding.span.start, Math.min(binding.span.end, binding.span.start + 60));
          context.report({
            messageId: "notAnObject",
            data: { env: env.label, written, index: binding.index },
            file: worker.file,
            span: binding.span,
          });
          continue;
        }
        // wrangler's own validation texts, one per missing (or non-string) field.
        if (binding.name && binding.className) continue;
        context.report({
          messageId: !binding.name && !binding.className ? "missingBoth" : !binding.name ? "missingName" : "missingClassName",
          data: { env: env.label },
          file: worker.file,
          span: { start: binding.span.start, end: binding.span.start + 1 },
        });
      }
    }
  },
};
