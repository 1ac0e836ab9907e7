import * as path from "node:path";
import { planClassExport } from "../edits/exportPlan";
import type { Rule } from "./rule";
import { classesNamed, entryExports, localClassReferences } from "../facts/workerFacts";

export const classNotExported: Rule = {
  meta: {
    id: "class-not-exported",
    defaultSeverity: "error",
    description: "A bound Durable Object class (or a Workflow's class) exists but is not exported from the worker's entry (`main`).",
    fixable: true,
    // `{{defaultNote}}` says, when the class is only an `export default`, that it does not count (empty otherwise).
    messages: {
      durableObjectNotExported:
        'Durable Object class "{{className}}" is not exported from the entry {{entry}}{{defaultNote}}. wrangler dev prints "Your Worker depends on the following Durable Objects, which are not exported in your entrypoint file: {{className}}." and then never becomes ready (requests hang); deploy fails the same way. Export it by name from {{entry}}.',
      workflowNotExported:
        'Workflow class "{{className}}" is not exported from the entry {{entry}}{{defaultNote}}. wrangler\'s bundle step (dev and deploy alike) fails with "Your Worker depends on the following Workflows, which are not exported in your entrypoint file: {{className}}." Export it by name from {{entry}}.',
      durableObjectDeclaredHere:
        'This Durable Object class is bound as "{{binding}}" in {{config}} ({{env}}) but is not exported from the entry {{entry}}{{defaultNote}}: wrangler dev will hang with "not exported in your entrypoint file: {{className}}." Export it by name from {{entry}}.',
      workflowDeclaredHere:
        'This Workflow class is bound as "{{binding}}" in {{config}} ({{env}}) but is not exported from the entry {{entry}}{{defaultNote}}: wrangler stops with "not exported in your entrypoint file: {{className}}." Export it by name from {{entry}}.',
    },
  },
  check(worker, context) {
    for (const env of context.environments(worker)) {
      const sources = context.sources(worker, env);
      const entry = sources?.entryModule;
      if (!entry) continue;
      for (const { kind, className, span, bindingName } of localClassReferences(env)) {
        if (entryExports(context, worker, env, className)) continue;
        const candidates = classesNamed(context, worker, env, className);
        if (candidates.length === 0) continue;
        // Prefer a class the entry already reaches, then the nearest file.
        const target = candidates.find((c) => sources.modules.includes(c.module)) ?? candidates[0];
        const entryName = path.relative(worker.dir, entry.file).split(path.sep).join("/");
        const defaultOnly = target.declaration.hasDefaultModifier;
        const durableObject = kind === "Durable Object";
        // Repaired where the export chain breaks; no fix rather than a second export of the same name.
        const edits = planClassExport(context.store, entry, className, target);
        const fixes = edits && edits.length > 0 ? [{ title: `Export ${className} from ${entryName}`, edits, preferred: true, safe: true }] : [];
        context.report({
          messageId: durableObject ? "durableObjectNotExported" : "workflowNotExported",
          data: { className, entry: entryName, defaultNote: defaultOnly ? " (it is only an `export default`, which does not count: bindings need a named export)" : "" },
          file: worker.file,
          span,
          fixes,
          related: [{ file: target.module.file, span: target.declaration.nameSpan, message: `${className} is declared here` }],
        });
        context.report({
          messageId: durableObject ? "durableObjectDeclaredHere" : "workflowDeclaredHere",
          data: { className, binding: bindingName, config: path.basename(worker.file), env: env.label, entry: entryName, defaultNote: defaultOnly ? " (an `export default` does not count)" : "" },
          file: target.module.file,
          span: target.declaration.nameSpan,
          fixes,
          related: [{ file: worker.file, span, message: `bound here as "${bindingName}" (${env.label})` }],
        });
      }
    }
  },
};
