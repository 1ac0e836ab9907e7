import * as path from "node:path";
import { planClassExport } from "../edits/exportPlan";
import type { Rule } from "./rule";
import { classesNamed, entryExports, localClassReferences, pluralOf } from "../facts/workerFacts";

export const classNotExported: Rule = {
  meta: {
    id: "class-not-exported",
    defaultSeverity: "error",
    description: "A bound Durable Object class (or a Workflow's class) exists but is not exported from the worker's entry (`main`).",
    fixable: true,
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
        const message =
          `${kind} class "${className}" is not exported from the entry ${entryName}` +
          (defaultOnly ? " (it is only an `export default`, which does not count: bindings need a named export)" : "") +
          (kind === "Durable Object"
            ? `. wrangler dev prints "Your Worker depends on the following Durable Objects, which are not exported in your entrypoint file: ${className}." and then never becomes ready (requests hang); deploy fails the same way.`
            : `. wrangler's bundle step (dev and deploy alike) fails with "Your Worker depends on the following ${pluralOf(kind)}, which are not exported in your entrypoint file: ${className}."`) +
          ` Export it by name from ${entryName}.`;
        // Repaired where the export chain breaks; no fix rather than a second export of the same name.
        const edits = planClassExport(context.store, entry, className, target);
        const fixes = edits && edits.length > 0 ? [{ title: `Export ${className} from ${entryName}`, edits, preferred: true, safe: true }] : [];
        context.report({
          message,
          file: worker.file,
          span,
          fixes,
          related: [{ file: target.module.file, span: target.declaration.nameSpan, message: `${className} is declared here` }],
        });
        context.report({
          message: `This ${kind} class is bound as "${bindingName}" in ${path.basename(worker.file)} (${env.label}) but is not exported from the entry ${entryName}${defaultOnly ? " (an `export default` does not count)" : ""}: ${kind === "Durable Object" ? "wrangler dev will hang with" : "wrangler stops with"} "not exported in your entrypoint file: ${className}." Export it by name from ${entryName}.`,
          file: target.module.file,
          span: target.declaration.nameSpan,
          fixes,
          related: [{ file: worker.file, span, message: `bound here as "${bindingName}" (${env.label})` }],
        });
      }
    }
  },
};
