import * as path from "node:path";
import { generatedTypesOf } from "../facts/generatedTypes";
import { topLevelDevRun } from "../facts/runScripts";
import { allBindingNames, ownModulesOfCheckedEnvironments, ownSourceModules } from "../facts/workerFacts";
import { nearestName } from "../naming/nearestName";
import type { WorkerConfig } from "../project/model";
import type { ModuleInfo } from "../source/model";
import { bindingPresence, testedBefore } from "../source/presenceChecks";
import { isInside } from "../source/sourceIndex";
import type { Span } from "../text/positions";
import type { Rule, RuleContext } from "./rule";

const IDENTIFIER = /^[\p{ID_Start}$_][\p{ID_Continue}$\u200c\u200d]*$/u;

export const unknownBindingInCode: Rule = {
  meta: {
    id: "unknown-binding-in-code",
    defaultSeverity: "error",
    description: "Code uses `env.X` as a Durable Object namespace, but X is not a Durable Object binding of the worker.",
    fixable: true,
    messages: {
      unknown: 'No Durable Object binding is named "{{binding}}" in {{config}}: `env.{{binding}}` is undefined here, so `{{method}}` fails with "TypeError: Cannot read properties of undefined (reading \'{{property}}\')". The Durable Object bindings are: {{bindings}}.',
      unknownSuggestion: 'No Durable Object binding is named "{{binding}}" in {{config}}: `env.{{binding}}` is undefined here, so `{{method}}` fails with "TypeError: Cannot read properties of undefined (reading \'{{property}}\')". Did you mean env.{{suggestion}}?',
      otherKind: '"{{binding}}" is a {{kind}} binding, not a Durable Object namespace: `env.{{binding}}` is undefined here, so `{{method}}` fails with "TypeError: Cannot read properties of undefined (reading \'{{property}}\')". The Durable Object bindings are: {{bindings}}.',
      topLevelLacks:
        'The top level of {{config}}, which the "{{script}}" script runs (`{{command}}`), has no Durable Object binding "{{binding}}": only {{environments}} bind it, and environments pass nothing to the top level. Under that script `env.{{binding}}` is undefined, so `{{method}}` fails with "TypeError: Cannot read properties of undefined (reading \'{{property}}\')". Add the binding to the top level too, or run the script with `--env <name>`.',
      typedNotBound:
        '{{typesFile}} declares "{{binding}}" a Durable Object namespace, but no binding of {{config}} has that name (the types are stale): `env.{{binding}}` is undefined here, so whatever takes it as a namespace fails with "TypeError: Cannot read properties of undefined (reading \'idFromName\')". Bind it in {{config}}, or stop using it and run `wrangler types`.',
      otherKindSuggestion: '"{{binding}}" is a {{kind}} binding, not a Durable Object namespace: `env.{{binding}}` is undefined here, so `{{method}}` fails with "TypeError: Cannot read properties of undefined (reading \'{{property}}\')". Did you mean env.{{suggestion}}?',
    },
  },
  check(worker, context) {
    const tester = presenceTester(context);
    const doNames = allBindingNames(worker);
    const otherKinds = new Map<string, string>();
    for (const env of [worker.topLevel, ...worker.environments]) for (const other of env.otherBindings) otherKinds.set(other.name.value, other.kind);
    for (const module of ownModulesOfCheckedEnvironments(context, worker)) {
      const candidates = module.envUses.filter((use) => !doNames.has(use.binding));
      const isTested = tester(module, candidates.map((use) => use.binding));
      for (const use of candidates) {
        if (isTested(use.binding, use.span.start)) continue;
        const kind = otherKinds.get(use.binding);
        // Code outside the worker's folder (a shared package's helper) serves other workers too: no
        // guess from this worker's only binding, and no edit of it for this worker's sake.
        const shared = !isInside(module.file, worker.dir);
        const suggestion = nearestName(use.binding, doNames) ?? (!shared && doNames.size === 1 && !kind ? [...doNames][0] : undefined);
        const property = use.method === "getAgentByName" || use.method === "getServerByName" ? "idFromName" : use.method;
        const data = { binding: use.binding, method: use.method, property, ...(kind ? { kind } : { config: configLabel(context, worker, module.file) }) };
        context.report({
          ...(suggestion
            ? { messageId: kind ? "otherKindSuggestion" : "unknownSuggestion", data: { ...data, suggestion } }
            : { messageId: kind ? "otherKind" : "unknown", data: { ...data, bindings: [...doNames].join(", ") || "none" } }),
          file: module.file,
          span: use.span,
          // `env.X` takes an identifier: a binding named otherwise (`my-do`, a half-typed `{X`) gets no edit.
          fixes: suggestion && IDENTIFIER.test(suggestion) && !shared ? [{ title: `Change to env.${suggestion}`, edits: [{ file: module.file, span: use.span, newText: suggestion }], preferred: true }] : [],
          related: shared ? [{ file: worker.file, span: { start: 0, end: 0 }, message: `${configLabel(context, worker, module.file)}'s worker reaches this code through its imports` }] : undefined,
        });
      }
    }
    reportTopLevelGaps(worker, context, doNames, tester);
    reportTypedNamespaces(worker, context, new Set([...doNames, ...otherKinds.keys()]));
  },
};

/**
 * Uses of a binding some environments have but the top level lacks, where the worker's own package
 * runs the top level with `wrangler dev` (real: a gateway binding its Durable Objects only in
 * env.development and env.production while `pnpm dev` runs plain `wrangler dev`).
 */
function reportTopLevelGaps(worker: WorkerConfig, context: RuleContext, doNames: ReadonlySet<string>, tester: ReturnType<typeof presenceTester>): void {
  const top = worker.topLevel;
  if (worker.environments.length === 0 || !context.environments(worker).includes(top)) return;
  const topNames = new Set(top.durableObjects.flatMap((b) => (b.name ? [b.name.value] : [])));
  const modules = ownSourceModules(context, worker, top);
  const candidates = modules.flatMap((module) => module.envUses.filter((use) => doNames.has(use.binding) && !topNames.has(use.binding)).map((use) => ({ module, use })));
  if (candidates.length === 0) return;
  const run = topLevelDevRun(context.store, worker);
  if (!run) return;
  const gaps = candidates.filter(({ module, use }) => !tester(module, [use.binding])(use.binding, use.span.start));
  for (const { module, use } of gaps) {
    const environments = worker.environments.filter((e) => e.durableObjects.some((b) => b.name?.value === use.binding)).map((e) => e.label);
    const property = use.method === "getAgentByName" || use.method === "getServerByName" ? "idFromName" : use.method;
    context.report({
      messageId: "topLevelLacks",
      data: { binding: use.binding, method: use.method, property, config: configLabel(context, worker, module.file), script: run.script, command: run.command, environments: environments.join(", ") },
      file: module.file,
      span: use.span,
    });
  }
}

/**
 * Whether a use comes after its file tests the binding for presence (`if (!env.X) return`): it is
 * meant for when the binding is there. The file is read once for all the names asked of it.
 */
function presenceTester(context: RuleContext): (module: ModuleInfo, names: readonly string[]) => (binding: string, offset: number) => boolean {
  const byFile = new Map<string, ReturnType<typeof bindingPresence>>();
  return (module, names) => {
    if (names.length === 0) return () => false;
    if (!byFile.has(module.file)) {
      const text = context.store.text(module.file);
      byFile.set(module.file, text === undefined ? undefined : bindingPresence(module.file, text, [...new Set(module.envUses.map((use) => use.binding))]));
    }
    const presence = byFile.get(module.file);
    return (binding, offset) => testedBefore(presence, binding, offset);
  };
}

/**
 * Names the generated `Env` types declare as Durable Object namespaces while no environment binds
 * them, referenced in the worker's code without a test: the namespace is undefined wherever it goes,
 * handed to a library too (real: a RedwoodSDK app's `defineDurableSession({ sessionDurableObject:
 * env.SESSION_DURABLE_OBJECT })`, bound nowhere, failed every request). A namespace method on it is
 * already reported above; this finds the other references.
 */
function reportTypedNamespaces(worker: WorkerConfig, context: RuleContext, bound: ReadonlySet<string>): void {
  const typed = new Map<string, { file: string; span: Span }>();
  for (const { file, types } of generatedTypesOf(worker, context)) {
    for (const iface of [types.main, ...types.perEnvironment]) {
      for (const member of iface.members) if (member.kind === "durable-object" && !bound.has(member.name) && !typed.has(member.name)) typed.set(member.name, { file, span: member.nameSpan });
    }
  }
  if (typed.size === 0) return;
  const names = [...typed.keys()];
  for (const module of ownModulesOfCheckedEnvironments(context, worker)) {
    const text = context.store.text(module.file);
    const presence = text === undefined ? undefined : bindingPresence(module.file, text, names);
    if (!presence) continue;
    const methodUses = new Set(module.envUses.map((use) => use.span.start));
    for (const [binding, found] of presence) {
      for (const span of found.unchecked) {
        if (methodUses.has(span.start)) continue;
        context.report({
          messageId: "typedNotBound",
          data: { binding, typesFile: path.basename(typed.get(binding)!.file), config: configLabel(context, worker, module.file) },
          file: module.file,
          span,
          related: [{ ...typed.get(binding)!, message: `the generated types declare ${binding} a Durable Object namespace` }],
        });
      }
    }
  }
}

/**
 * The config as a message names it: its file name beside code of its own folder; from the checked
 * root for code elsewhere (a shared package's helper that several workers reach), so each worker's
 * finding there says which worker it is about.
 */
function configLabel(context: RuleContext, worker: WorkerConfig, file: string): string {
  if (isInside(file, worker.dir)) return path.basename(worker.file);
  const root = context.roots.find((r) => isInside(worker.file, r));
  return root ? path.relative(root, worker.file).split(path.sep).join("/") : path.basename(worker.file);
}
