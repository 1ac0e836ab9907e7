import type { Rule } from "./rule";

export const bindingIncomplete: Rule = {
  meta: {
    id: "binding-incomplete",
    defaultSeverity: "error",
    description: "A Durable Object binding lacks `name` or `class_name`.",
    fixable: false,
  },
  check(worker, context) {
    for (const env of context.environments(worker)) {
      for (const binding of env.durableObjects) {
        const missing = [!binding.name && "`name`", !binding.className && "`class_name`"].filter(Boolean);
        if (missing.length === 0) continue;
        context.report({
          message: `This Durable Object binding in ${env.label} has no ${missing.join(" and no ")}: wrangler rejects the config. Give it a \`name\` (what the code reads as \`env.NAME\`) and the exported \`class_name\`.`,
          file: worker.file,
          span: { start: binding.span.start, end: binding.span.start + 1 },
        });
      }
    }
  },
};
