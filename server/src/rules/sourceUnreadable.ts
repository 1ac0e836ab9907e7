import type { Rule } from "./rule";

export const sourceUnreadable: Rule = {
  meta: {
    id: "source-unreadable",
    defaultSeverity: "warning",
    description: "A source file the worker imports could not be parsed (nested too deeply); it was checked as empty.",
    fixable: false,
    messages: {
      unreadable:
        "This file could not be read: {{reason}}. The worker was checked without it, as if it were empty: its classes, exports and `env.X` uses are not seen, so findings that depend on them may be missing or wrong. The other files were checked as usual.",
    },
  },
  check(worker, context) {
    const reported = new Set<string>();
    for (const env of context.environments(worker)) {
      for (const module of context.sources(worker, env)?.modules ?? []) {
        if (reported.has(module.file)) continue;
        const reason = context.store.unreadableReason(module.file);
        if (reason === undefined) continue;
        reported.add(module.file);
        context.report({
          messageId: "unreadable",
          data: { reason },
          file: module.file,
          span: { start: 0, end: 0 },
        });
      }
    }
  },
};
