import type { Rule } from "./rule";

export const mainNotFound: Rule = {
  meta: {
    id: "main-not-found",
    defaultSeverity: "error",
    description: "`main` names an entry file that does not exist.",
    fixable: false,
  },
  check(worker, context) {
    for (const env of context.environments(worker)) {
      const main = env.main;
      // Inherited values are checked where they are written.
      if (!main || main.definedIn !== env.name) continue;
      if (context.entryFile(worker, env)) continue;
      context.report({
        message: `The entry file "${main.value.value}" does not exist (relative to this config's folder). wrangler cannot build the worker, so none of its Durable Objects can start. Point \`main\` at the file that exports your worker and its Durable Object classes.`,
        file: worker.file,
        span: main.value.span,
      });
    }
  },
};
