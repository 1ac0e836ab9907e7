import * as path from "node:path";
import { addExportKeyword, appendLine, relativeSpecifier } from "../edits/sourceEdits";
import { resolveExport } from "../source/exportGraph";
import type { LocatedClass } from "../source/sourceIndex";
import type { EditDraft, Rule } from "./rule";
import { classesNamed, entryExports, localBindings } from "./workerFacts";

export const classNotExported: Rule = {
  meta: {
    id: "class-not-exported",
    defaultSeverity: "error",
    description: "A bound Durable Object class exists but is not exported from the worker's entry (`main`).",
    fixable: true,
  },
  check(worker, context) {
    for (const env of context.environments(worker)) {
      const sources = context.sources(worker, env);
      const entry = sources?.entryModule;
      if (!entry) continue;
      for (const { binding, className } of localBindings(env)) {
        if (entryExports(context, worker, env, className)) continue;
        const candidates = classesNamed(context, worker, env, className);
        if (candidates.length === 0) continue;
        // Prefer a class the entry already reaches, then the nearest file.
        const target = candidates.find((c) => sources.modules.includes(c.module)) ?? candidates[0];
        const entryName = path.relative(worker.dir, entry.file).split(path.sep).join("/");
        const defaultOnly = target.declaration.hasDefaultModifier;
        const message =
          `Durable Object class "${className}" is not exported from the entry ${entryName}` +
          (defaultOnly ? " (it is only an `export default`, which does not count: bindings need a named export)" : "") +
          `. wrangler dev prints "Your Worker depends on the following Durable Objects, which are not exported in your entrypoint file: ${className}." and then never becomes ready (requests hang); deploy fails the same way. Export it by name from ${entryName}.`;
        const fixes = [{ title: `Export ${className} from ${entryName}`, edits: exportEdits(context.store.text(entry.file) ?? "", entry.file, target, className, context), preferred: true, safe: true }];
        context.report({
          message,
          file: worker.file,
          span: binding.className!.span,
          fixes,
          related: [{ file: target.module.file, span: target.declaration.nameSpan, message: `${className} is declared here` }],
        });
        context.report({
          message: `This Durable Object class is bound as "${binding.name?.value ?? className}" in ${path.basename(worker.file)} (${env.label}) but is not exported from the entry ${entryName}${defaultOnly ? " (an `export default` does not count)" : ""}: wrangler dev will hang with "not exported in your entrypoint file: ${className}." Export it by name from ${entryName}.`,
          file: target.module.file,
          span: target.declaration.nameSpan,
          fixes,
          related: [{ file: worker.file, span: binding.className!.span, message: `bound here as "${binding.name?.value ?? className}" (${env.label})` }],
        });
      }
    }
  },
};

function exportEdits(entryText: string, entryFile: string, target: LocatedClass, className: string, context: Parameters<Rule["check"]>[1]): EditDraft[] {
  const { module, declaration } = target;
  if (module.file === entryFile) {
    if (declaration.hasExportModifier) return [appendLine(entryFile, entryText, `export { ${className} };`)];
    return [addExportKeyword(entryFile, declaration)];
  }
  const edits: EditDraft[] = [];
  const exportedFromOwnFile = resolveExport(context.store, module, className)?.kind === "class";
  if (!exportedFromOwnFile) {
    const ownText = context.store.text(module.file) ?? "";
    edits.push(declaration.hasExportModifier ? appendLine(module.file, ownText, `export { ${className} };`) : addExportKeyword(module.file, declaration));
  }
  const entryModule = context.store.get(entryFile);
  if (entryModule) edits.push(appendLine(entryFile, entryText, `export { ${className} } from "${relativeSpecifier(entryModule, module.file)}";`));
  return edits;
}
