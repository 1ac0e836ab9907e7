import { replaceStringValue } from "../edits/configEdits";
import { onlyNearName } from "../naming/nearestName";
import type { ContainerEntry, Environment, WorkerConfig } from "../project/model";
import { resolveExport } from "../source/exportGraph";
import type { FixDraft, Rule, RuleContext } from "./rule";

/**
 * The Durable Object classes wrangler links a container to: every class a migration or the `exports`
 * key names (wrangler's `getDurableObjectClassNameToUseSQLiteMap`) and every `durable_objects` binding's
 * class. Generous on purpose: a name in any of them is accepted.
 */
function durableObjectClassNames(env: Environment): Set<string> {
  const names = new Set<string>();
  for (const entry of env.migrations?.value ?? []) {
    for (const created of entry.created) names.add(created.className.value);
    for (const renamed of entry.renamed) if (renamed.to) names.add(renamed.to.value);
    for (const moved of entry.transferred) if (moved.to) names.add(moved.to.value);
  }
  for (const declaration of env.exports?.value ?? []) if (declaration.type?.value === "durable-object") names.add(declaration.className.value);
  return names;
}

/** Whether the entry exports `name` as a class known not to be a Durable Object. */
function knownNotDurableObject(context: RuleContext, worker: WorkerConfig, env: Environment, name: string): boolean {
  const entry = context.sources(worker, env)?.entryModule;
  const located = entry ? resolveExport(context.store, entry, name) : undefined;
  return located?.kind === "class" && context.classFacts(located.module, located.declaration).kind === "not-durable-object";
}

/**
 * "Change class_name to X" when exactly one Durable Object class of this worker's config (bound here,
 * or created by a migration or `exports`) is a near spelling, and no other container of the
 * environment runs it already. A guess about intent: offered, never applied unattended.
 */
function didYouMean(context: RuleContext, worker: WorkerConfig, env: Environment, container: ContainerEntry, created: Set<string>): FixDraft[] {
  const className = container.className!;
  const names = new Set(created);
  for (const binding of env.durableObjects) if (binding.className && !binding.scriptName) names.add(binding.className.value);
  for (const other of env.containers) if (other !== container && other.className) names.delete(other.className.value);
  const suggestion = onlyNearName(
    className.value,
    [...names].filter((name) => !knownNotDurableObject(context, worker, env, name)),
  );
  return suggestion ? [{ title: `Change class_name to "${suggestion}"`, edits: replaceStringValue(worker.file, className.span, suggestion), preferred: true }] : [];
}

export const containerClassInvalid: Rule = {
  meta: {
    id: "container-class-invalid",
    defaultSeverity: "error",
    description: "A `containers[].class_name` is no Durable Object class of this worker, is bound only from another worker (`script_name`), or is a class known not to be a Durable Object.",
    fixable: true,
    messages: {
      noDurableObject:
        'The container class_name {{className}} does not match any Durable Object of this worker ({{env}} binds no `durable_objects` class and creates no migration or `exports` class of that name). wrangler stops with "The container class_name {{className}} does not match any durable object class_name defined in your Wrangler config file. Note that the durable object must be defined in the same script as the container." Bind the class in `durable_objects` and create it in a migration (`new_sqlite_classes`), or fix `class_name`.',
      otherWorker:
        'The container names the Durable Object {{className}}, which {{env}} binds from the worker "{{scriptName}}" (`script_name`): a container runs on a Durable Object of its own worker only. wrangler stops with "You cannot configure a container on a Durable Object that is defined in another Worker." Move the `containers` entry to the config of "{{scriptName}}".',
      notDurableObject:
        'The container runs class {{className}}, which extends {{base}} (from "{{baseModule}}"): a container runs inside a Durable Object, so its class must extend `Container` from "@cloudflare/containers" (or `DurableObject` and use `ctx.container`).',
    },
  },
  check(worker, context) {
    for (const env of context.environments(worker)) {
      if (env.containers.length === 0) continue;
      const created = durableObjectClassNames(env);
      for (const container of env.containers) {
        const className = container.className;
        if (!className) continue;
        const bindings = env.durableObjects.filter((b) => b.className?.value === className.value);
        const own = bindings.find((b) => !b.scriptName);
        const external = bindings.find((b) => b.scriptName);
        if (!own && external) {
          context.report({
            messageId: "otherWorker",
            data: { className: className.value, env: env.label, scriptName: external.scriptName!.value },
            file: worker.file,
            span: className.span,
            related: [{ file: worker.file, span: external.span, message: `bound from "${external.scriptName!.value}" here` }],
          });
          continue;
        }
        if (!own && !created.has(className.value)) {
          context.report({
            messageId: "noDurableObject",
            data: { className: className.value, env: env.label },
            file: worker.file,
            span: className.span,
            fixes: didYouMean(context, worker, env, container, created),
          });
          continue;
        }
        // A class the entry exports whose base is known not to be a Durable Object (WorkerEntrypoint,
        // WorkflowEntrypoint...). Classes from packages we cannot read, and classes without a base, are not judged.
        const entry = context.sources(worker, env)?.entryModule;
        const located = entry ? resolveExport(context.store, entry, className.value) : undefined;
        if (located?.kind !== "class") continue;
        const facts = context.classFacts(located.module, located.declaration);
        if (facts.kind !== "not-durable-object" || !facts.root) continue;
        context.report({
          messageId: "notDurableObject",
          data: { className: className.value, base: facts.root.name, baseModule: facts.root.module },
          file: worker.file,
          span: className.span,
          related: [{ file: located.module.file, span: located.declaration.nameSpan, message: `${className.value} is declared here` }],
        });
      }
    }
  },
};
