import * as path from "node:path";
import { harnessConfigs, harnessReason } from "../facts/harnessConfigs";
import { isLiveDurableObjectExport } from "../project/exportsKey";
import { allEnvironments, type Environment, type ExportDeclaration, type WorkerConfig } from "../project/model";
import type { Span } from "../text/positions";
import { isDurableObjectKind, isWorkflowClass } from "../source/classKinds";
import { resolveExport, type ExportTarget } from "../source/exportGraph";
import { entryClassExports, type ExportKind } from "../facts/workerFacts";
import { onlyNearName } from "../naming/nearestName";
import type { FixDraft, Rule, RuleContext } from "./rule";

/** What the entry exports under a name: the target, "absent", or undefined when that cannot be known. */
function lookUp(context: RuleContext, worker: WorkerConfig, env: Environment, name: string): { entry: string; target: ExportTarget | "absent" } | undefined {
  const main = env.main?.value.value;
  const entry = context.sources(worker, env)?.entryModule;
  // Only the entry `main` names itself: a build output not built yet (its source stands in) may export more.
  if (!main || !entry || path.resolve(worker.dir, main) !== entry.file) return undefined;
  for (const star of entry.starExports) if (!star.typeOnly && context.store.resolver.resolve(entry.file, star.from).kind !== "file") return undefined;
  const entryName = path.relative(worker.dir, entry.file).split(path.sep).join("/");
  const target = resolveExport(context.store, entry, name);
  // `"default": { "type": "worker", ... }` (its cache settings) names the default entrypoint, which
  // an `export default { fetch }` object is as well as a class: only a missing default export lacks it.
  if (!target && name === "default" && entry.hasDefaultExport) return { entry: entryName, target: { kind: "value" } };
  return { entry: entryName, target: target ?? "absent" };
}

/**
 * "Rename the entry to X" when exactly one class `main` exports, of the entry's kind and declared by
 * no other entry, is a near spelling of its name. A guess about intent: offered, never applied unattended.
 */
function renameEntry(context: RuleContext, worker: WorkerConfig, env: Environment, key: { value: string; span: Span }, kind: ExportKind, all: readonly ExportDeclaration[]): FixDraft[] {
  const declared = new Set(all.map((d) => d.className.value));
  const suggestion = onlyNearName(
    key.value,
    entryClassExports(context, worker, env, kind).filter((name) => !declared.has(name)),
  );
  if (!suggestion) return [];
  // A TOML key may be bare (`[exports.Foo]`); a class name is always a valid bare key.
  const quoted = /^["']/.test(worker.parsed.text.slice(key.span.start, key.span.start + 1));
  const newText = worker.parsed.format === "jsonc" || quoted || !/^[A-Za-z0-9_-]+$/.test(suggestion) ? JSON.stringify(suggestion) : suggestion;
  return [{ title: `Rename the entry to "${suggestion}"`, edits: [{ file: worker.file, span: key.span, newText }], preferred: true }];
}

export const exportsEntryInvalid: Rule = {
  meta: {
    id: "exports-entry-invalid",
    defaultSeverity: "error",
    facts: [harnessConfigs],
    description:
      "An entry of the `exports` key (wrangler >= 4.107) names a Durable Object or entrypoint that `main` does not export, or of the wrong kind, or a `container` that no `containers` entry has.",
    fixable: true,
    messages: {
      durableObjectMissing:
        '`exports` declares the Durable Object class "{{className}}", but the entry {{entry}} does not export it and no binding uses it. Cloudflare refuses to deploy a Durable Object class the script does not export (as for migrations: "Cannot apply new-class migration to class \'{{className}}\' that is not exported by script", code 10070). Export {{className}} by name from {{entry}}, or mark the entry "state": "deleted" if the class is gone.',
      notDurableObject:
        '`exports` declares "{{className}}" as a Durable Object, but the class the entry exports under that name extends {{base}} (from "{{baseModule}}"), which is not a Durable Object. Make it extend `DurableObject` (or an Agents SDK class), or declare it as "type": "worker" if it is an entrypoint.',
      workerMissing:
        '`exports` declares the entrypoint "{{className}}" ("type": "worker"), but the entry {{entry}} does not export it. Export a class extending `WorkerEntrypoint` named {{className}} from {{entry}}, or remove the entry.',
      workerIsClassOfOtherKind:
        '`exports` declares "{{className}}" as an entrypoint ("type": "worker"), but it extends {{base}} (from "{{baseModule}}"): a Durable Object or Workflow class is not an entrypoint. Use "type": "durable-object" for a Durable Object, or export a `WorkerEntrypoint` class.',
      containerUnknown:
        '`exports.{{className}}.container` names the container "{{container}}", but no `containers` entry of this config has that `name`. wrangler stops with "\\"exports.{{className}}.container\\" references a container named \\"{{container}}\\", but no container with that name is defined in \\"containers\\"." Add `"name": "{{container}}"` to the container entry, or fix the reference.',
    },
  },
  check(worker, context) {
    const bound = new Set<string>();
    const containerNames = new Set<string>();
    for (const env of allEnvironments(worker)) {
      for (const binding of env.durableObjects) if (!binding.scriptName && binding.className) bound.add(binding.className.value);
      for (const container of env.containers) if (container.name) containerNames.add(container.name.value);
    }
    const neverDeployed = !!harnessReason(context, worker);
    const checked = new Set<string>();
    for (const env of context.environments(worker)) {
      const exports = env.exports;
      if (!exports) continue;
      for (const declaration of exports.value) {
        const className = declaration.className.value;
        const type = declaration.type?.value;
        const live = isLiveDurableObjectExport(declaration);
        if (type === "durable-object" && live && declaration.container && !containerNames.has(declaration.container.value)) {
          const key = `container:${declaration.container.span.start}`;
          if (!checked.has(key)) {
            checked.add(key);
            context.report({ messageId: "containerUnknown", data: { className, container: declaration.container.value }, file: worker.file, span: declaration.container.span });
          }
        }
        if (!(type === "worker" || (type === "durable-object" && live))) continue;
        const found = lookUp(context, worker, env, className);
        if (!found) continue;
        // Once per entry and outcome: an inherited `exports` is the same text in every environment.
        const key = `${declaration.className.span.start}:${found.entry}:${found.target === "absent" ? "absent" : found.target.kind}`;
        if (checked.has(key)) continue;
        checked.add(key);
        const at = { file: worker.file, span: declaration.className.span };
        if (found.target === "absent") {
          // A bound class not exported is class-not-exported's finding; a config only tests use is never deployed.
          if (type === "durable-object" && !bound.has(className) && !neverDeployed) {
            context.report({ messageId: "durableObjectMissing", data: { className, entry: found.entry }, ...at, fixes: renameEntry(context, worker, env, declaration.className, "durable-object", exports.value) });
          }
          if (type === "worker") {
            context.report({ messageId: "workerMissing", data: { className, entry: found.entry }, ...at, severity: "warning", fixes: renameEntry(context, worker, env, declaration.className, "entrypoint", exports.value) });
          }
          continue;
        }
        if (found.target.kind !== "class") continue;
        const facts = context.classFacts(found.target.module, found.target.declaration);
        const root = facts.root;
        if (!root) continue;
        const related = [{ file: found.target.module.file, span: found.target.declaration.nameSpan, message: `${className} is declared here` }];
        if (type === "durable-object" && facts.kind === "not-durable-object") {
          context.report({ messageId: "notDurableObject", data: { className, base: root.name, baseModule: root.module }, ...at, related });
        } else if (type === "worker" && (isDurableObjectKind(facts.kind) || isWorkflowClass(facts))) {
          context.report({ messageId: "workerIsClassOfOtherKind", data: { className, base: root.name, baseModule: root.module }, ...at, related, severity: "warning" });
        }
      }
    }
  },
};
