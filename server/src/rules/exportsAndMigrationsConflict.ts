import type { Rule } from "./rule";

export const exportsAndMigrationsConflict: Rule = {
  meta: {
    id: "exports-and-migrations-conflict",
    defaultSeverity: "error",
    description: "Both `migrations` and `exports` declare the Durable Object lifecycle.",
    fixable: false,
  },
  check(worker, context) {
    for (const env of context.environments(worker)) {
      if (!env.exports || env.exports.definedIn !== env.name || env.migrations?.definedIn !== env.name) continue;
      context.report({
        message: "This config has both `exports` and `migrations`. wrangler refuses it: \"`migrations` and `exports` are mutually exclusive. Choose one or the other to declare your Durable Object lifecycle, but not both.\" Keep one of them.",
        file: worker.file,
        span: env.exports.span,
      });
    }
  },
};
