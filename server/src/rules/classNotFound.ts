import { nearestName } from "../naming/nearestName";
import { replaceStringValue } from "../edits/configEdits";
import type { Rule } from "./rule";
import { classesNamed, durableObjectClassNames, entryExports, localClassReferences, workflowClassNames } from "../facts/workerFacts";

export const classNotFound: Rule = {
  meta: {
    id: "class-not-found",
    defaultSeverity: "error",
    description: "A Durable Object binding's or a Workflow's `class_name` is a class that no source of the worker defines.",
    fixable: true,
    messages: {
      durableObjectClass:
        'No class named "{{className}}" exists in this worker\'s sources (a Durable Object binding\'s class). wrangler dev stops with "Your Worker depends on the following Durable Objects, which are not exported in your entrypoint file: {{className}}." and never serves. Set `class_name` to the exported class\'s name.',
      durableObjectClassSuggestion:
        'No class named "{{className}}" exists in this worker\'s sources (a Durable Object binding\'s class). wrangler dev stops with "Your Worker depends on the following Durable Objects, which are not exported in your entrypoint file: {{className}}." and never serves. Did you mean "{{suggestion}}"?',
      workflowClass:
        'No class named "{{className}}" exists in this worker\'s sources (the Workflow\'s class). wrangler (dev and deploy) stops with "Your Worker depends on the following Workflows, which are not exported in your entrypoint file: {{className}}." Set `class_name` to the exported class\'s name.',
      workflowClassSuggestion:
        'No class named "{{className}}" exists in this worker\'s sources (the Workflow\'s class). wrangler (dev and deploy) stops with "Your Worker depends on the following Workflows, which are not exported in your entrypoint file: {{className}}." Did you mean "{{suggestion}}"?',
    },
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
          messageId: `${kind === "Workflow" ? "workflowClass" : "durableObjectClass"}${suggestion ? "Suggestion" : ""}`,
          data: { className, ...(suggestion ? { suggestion } : {}) },
          file: worker.file,
          span,
          fixes: suggestion ? [{ title: `Change class_name to "${suggestion}"`, edits: replaceStringValue(worker.file, span, suggestion), preferred: true }] : [],
        });
      }
    }
  },
};
