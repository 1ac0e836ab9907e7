import { replaceStringValue } from "../edits/configEdits";
import { nearestName } from "../naming/nearestName";
import { replayMigrations } from "../project/migrationHistory";
import type { Rule } from "./rule";
import { migrationSites } from "./migrationSites";
import { classesNamed, durableObjectClassNames, entryExports } from "../facts/workerFacts";

export const migrationClassUnknown: Rule = {
  meta: {
    id: "migration-class-unknown",
    defaultSeverity: "error",
    description: "A migration creates (or renames to) a class that no source of the worker defines.",
    fixable: true,
    messages: {
      unknown: 'Migration "{{tag}}" creates class "{{className}}", which no source of this worker defines. wrangler dev exits with "Class extends value undefined is not a constructor or null" / "The Workers runtime failed to start." (deploy --dry-run does not notice).',
      unknownSuggestion: 'Migration "{{tag}}" creates class "{{className}}", which no source of this worker defines. wrangler dev exits with "Class extends value undefined is not a constructor or null" / "The Workers runtime failed to start." (deploy --dry-run does not notice). Did you mean "{{suggestion}}"?',
      bindingName: 'Migration "{{tag}}" creates class "{{className}}", which no source of this worker defines. wrangler dev exits with "Class extends value undefined is not a constructor or null" / "The Workers runtime failed to start." (deploy --dry-run does not notice). "{{className}}" is a binding name; migrations take class names ("{{boundClass}}").',
    },
  },
  check(worker, context) {
    for (const site of migrationSites(worker, context)) {
      const env = site.definedIn;
      if (!context.sources(worker, env)?.entryModule) continue;
      const history = replayMigrations(site.entries);
      const bindingNames = new Map<string, string>();
      for (const e of [worker.topLevel, ...worker.environments]) {
        for (const b of e.durableObjects) if (b.name && b.className) bindingNames.set(b.name.value, b.className.value);
      }
      for (const [name, live] of history.live) {
        if (entryExports(context, worker, env, name) || classesNamed(context, worker, env, name).length > 0) continue;
        const boundClass = bindingNames.get(name);
        const suggestion = boundClass && boundClass !== name ? boundClass : nearestName(name, durableObjectClassNames(context, worker, env));
        const tag = live.entry.tag?.value ?? `#${live.entry.index + 1}`;
        context.report({
          ...(boundClass && boundClass !== name
            ? { messageId: "bindingName", data: { tag, className: name, boundClass } }
            : suggestion
              ? { messageId: "unknownSuggestion", data: { tag, className: name, suggestion } }
              : { messageId: "unknown", data: { tag, className: name } }),
          file: worker.file,
          span: live.createdBy.span,
          fixes: suggestion ? [{ title: `Change to "${suggestion}"`, edits: replaceStringValue(worker.file, live.createdBy.span, suggestion), preferred: true }] : [],
        });
      }
    }
  },
};
