import type { Rule } from "./rule";

export const mainNotFound: Rule = {
  meta: {
    id: "main-not-found",
    defaultSeverity: "error",
    description: "`main` names an entry file that does not exist.",
    fixable: false,
  },
  check(worker, context) {
    const checked = context.environments(worker);
    for (const env of checked) {
      const main = env.main;
      if (!main) continue;
      // Inherited values are checked where they are written, unless that environment is not checked
      // (`--env staging` with the top level's `main`): then here, at the text it inherits.
      if (main.definedIn !== env.name && checked.some((e) => e.name === main.definedIn)) continue;
      if (context.entryFile(worker, env)) continue;
      context.report({
        message: `The entry file "${main.value.value}" does not exist (relative to this config's folder). wrangler cannot build the worker, so none of its Durable Objects can start. Point \`main\` at the file that exports your worker and its Durable Object classes.`,
        file: worker.file,
        span: main.value.span,
      });
    }
  },
};
