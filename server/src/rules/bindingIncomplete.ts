import type { Rule } from "./rule";

export const bindingIncomplete: Rule = {
  meta: {
    id: "binding-incomplete",
    defaultSeverity: "error",
    description: "A Durable Object binding is not an object, or lacks `name` or `class_name`.",
    fixable: false,
  },
  check(worker, context) {
    for (const env of context.environments(worker)) {
      for (const binding of env.durableObjects) {
        if (binding.notAnObject) {
          const written = worker.parsed.text.slice(binding.span.start, Math.min(binding.span.end, binding.span.start + 60));
          context.report({
            message: `This entry of \`durable_objects.bindings\` in ${env.label} is ${written} instead of an object: wrangler rejects the config ("Expected \"durable_objects.bindings[${binding.index}]\" to be an object"). Write it as { "name": "BINDING", "class_name": "ClassName" }.`,
            file: worker.file,
            span: binding.span,
          });
          continue;
        }
        // wrangler's own validation texts, one per missing (or non-string) field.
        const missing = [!binding.name && "name", !binding.className && "class_name"].filter((k): k is string => !!k);
        if (missing.length === 0) continue;
        const quoted = missing.map((key) => `"binding should have a string \"${key}\" field."`).join(" and ");
        context.report({
          message: `This Durable Object binding in ${env.label} has no ${missing.map((key) => `\`${key}\``).join(" and no ")}: wrangler rejects the config with ${quoted}. Give it a \`name\` (what the code reads as \`env.NAME\`) and the exported \`class_name\`.`,
          file: worker.file,
          span: { start: binding.span.start, end: binding.span.start + 1 },
        });
      }
    }
  },
};
