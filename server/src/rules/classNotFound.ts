import { nearestName } from "../naming/nearestName";
import { replaceStringValue } from "../edits/configEdits";
import type { Rule } from "./rule";
import { classesNamed, durableObjectClassNames, entryExports, localClassReferences, pluralOf, workflowClassNames } from "../facts/workerFacts";

export const classNotFound: Rule = {
  meta: {
    id: "class-not-found",
    defaultSeverity: "error",
    description: "A Durable Object binding's or a Workflow's `class_name` is a class that no source of the worker defines.",
    fixable: true,
  },
  check(worker, context) {
    for (const env of context.environments(worker)) {
      const sources = context.sources(worker, env);
      if (!sources?.entryModule) continue;
      for (const { kind, className, span } of localClassReferences(env)) {
        if (entryExports(context, worker, env, className)) continue;
        if (classesNamed(context, worker, env, className).length > 0) continue;
        const suggestion = nearestName(className, kind === "Workflow" ? workflowClassNames(context, worker, env) : durableObjectClassNames(context, worker, env));
        context.report({
          message:
            `No class named "${className}" exists in this worker's sources (${kind === "Workflow" ? "the Workflow's class" : "a Durable Object binding's class"}). wrangler ${kind === "Durable Object" ? "dev stops" : "(dev and deploy) stops"} with "Your Worker depends on the following ${pluralOf(kind)}, which are not exported in your entrypoint file: ${className}."${kind === "Durable Object" ? " and never serves." : ""}` +
            (suggestion ? ` Did you mean "${suggestion}"?` : " Set `class_name` to the exported class's name."),
          file: worker.file,
          span,
          fixes: suggestion ? [{ title: `Change class_name to "${suggestion}"`, edits: replaceStringValue(worker.file, span, suggestion), preferred: true }] : [],
        });
      }
    }
  },
};
