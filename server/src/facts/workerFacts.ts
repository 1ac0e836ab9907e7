import { allEnvironments, type DurableObjectBinding, type Environment, type WorkerConfig } from "../project/model";
import { isAgentsModule, isContainerClass, isDurableObjectKind, isWorkflowClass, wrongWorkflowBase, type ClassFacts } from "../source/classKinds";
import { resolveExport } from "../source/exportGraph";
import { isInside, type LocatedClass } from "../source/sourceIndex";
import type { Span } from "../text/positions";
import { deepestWorkerHolding } from "../project/workerFolders";
import type { ModuleInfo } from "../source/model";
import type { ProjectView } from "./projectView";

/**
 * Facts about one worker that rules, hover and navigation ask for: read from its own config, module
 * walk and folder only (what reads across workers is a WorkspaceFact: see workspaceFact.ts).
 */

/** A binding to a class of this very worker (no `script_name`), with the names it needs. */
export interface LocalBinding {
  binding: DurableObjectBinding;
  name: string;
  className: string;
}

export function localBindings(env: Environment): LocalBinding[] {
  const list: LocalBinding[] = [];
  for (const binding of env.durableObjects) {
    if (binding.scriptName || !binding.name || !binding.className) continue;
    list.push({ binding, name: binding.name.value, className: binding.className.value });
  }
  return list;
}

/** The classes of this worker that some environment binds locally (no `script_name`). */
export function locallyBoundClasses(worker: WorkerConfig): Set<string> {
  return new Set(allEnvironments(worker).flatMap((env) => localBindings(env).map((b) => b.className)));
}

/** What a config entry runs a class of this worker as. */
export type ClassUse = "Durable Object" | "Workflow";

/** A config entry that runs a class of this very worker: a Durable Object binding or a Workflow, without `script_name`. */
export interface ClassReference {
  kind: ClassUse;
  className: string;
  /** The `class_name` string. */
  span: Span;
  /** The binding name code reads it by (`name` of a Durable Object binding, `binding` of a Workflow). */
  bindingName: string;
}

/** Every class this environment runs itself, as Durable Object bindings and Workflows declare them. */
export function localClassReferences(env: Environment): ClassReference[] {
  const list: ClassReference[] = localBindings(env).map(({ binding, name, className }) => ({ kind: "Durable Object", className, span: binding.className!.span, bindingName: name }));
  for (const workflow of env.workflows) {
    list.push({ kind: "Workflow", className: workflow.className.value, span: workflow.className.span, bindingName: workflow.binding?.value ?? workflow.className.value });
  }
  return list;
}

/** The worker name wrangler deploys this environment as: its own `name`, or `<name>-<env>`. */
export function deployedWorkerName(worker: WorkerConfig, env: Environment): string | undefined {
  const name = env.workerName;
  if (!name) return undefined;
  if (env.name === "" || name.definedIn === env.name) return name.value;
  return `${name.value}-${env.name}`;
}

/** Classes named `name` that this worker could mean: reachable from its entry, or inside its folder; else the class its entry exports as `name`. */
export function classesNamed(context: ProjectView, worker: WorkerConfig, env: Environment, name: string): LocatedClass[] {
  const found: LocatedClass[] = [];
  const seen = new Set<string>();
  for (const module of context.sources(worker, env)?.modules ?? []) {
    for (const declaration of module.classes) {
      if (declaration.name === name) {
        found.push({ module, declaration });
        seen.add(module.file);
      }
    }
  }
  for (const located of context.index.classesNamed(name, worker.dir)) {
    if (!seen.has(located.module.file)) found.push(located);
  }
  // No class declared under the name: the entry may export it under another one, such as an
  // instrumented class (`export const X = Sentry.instrumentDurableObjectWithSentry(options, XBase)`).
  if (found.length === 0) {
    const entry = context.sources(worker, env)?.entryModule;
    const target = entry ? resolveExport(context.store, entry, name) : undefined;
    if (target?.kind === "class") found.push({ module: target.module, declaration: target.declaration });
  }
  return found;
}

/** Classes of the modules the entry reaches, then the other classes in the worker's folder. */
function classesInReach(context: ProjectView, worker: WorkerConfig, env: Environment): LocatedClass[] {
  const sources = context.sources(worker, env);
  const candidates: LocatedClass[] = [];
  for (const module of sources?.modules ?? []) for (const declaration of module.classes) candidates.push({ module, declaration });
  const reached = new Set(sources?.modules);
  for (const located of context.index.classesUnder(worker.dir)) if (!reached.has(located.module)) candidates.push(located);
  return candidates;
}

/** Names that could be meant instead of a wrong class name: Durable Object classes in reach, and class exports of the entry. */
export function durableObjectClassNames(context: ProjectView, worker: WorkerConfig, env: Environment): string[] {
  const names = new Set<string>();
  const sources = context.sources(worker, env);
  for (const { module, declaration } of classesInReach(context, worker, env)) {
    const kind = context.classFacts(module, declaration).kind;
    if (isDurableObjectKind(kind) || kind === "unknown") names.add(declaration.name);
  }
  const entry = sources?.entryModule;
  if (entry) {
    for (const exported of entry.exports) {
      if (exported.exported !== "default" && resolveExport(context.store, entry, exported.exported)?.kind === "class") names.add(exported.exported);
    }
  }
  return [...names];
}

/** Names that could be meant instead of a wrong Workflow class name: WorkflowEntrypoint subclasses in reach, and class exports of the entry not known to be of another kind. */
export function workflowClassNames(context: ProjectView, worker: WorkerConfig, env: Environment): string[] {
  const names = new Set<string>();
  const sources = context.sources(worker, env);
  for (const { module, declaration } of classesInReach(context, worker, env)) {
    if (isWorkflowClass(context.classFacts(module, declaration))) names.add(declaration.name);
  }
  const entry = sources?.entryModule;
  if (entry) {
    for (const exported of entry.exports) {
      if (exported.exported === "default") continue;
      const target = resolveExport(context.store, entry, exported.exported);
      // A class of the entry whose base is not known to be of another kind (a Container is a Durable Object).
      if (target?.kind !== "class") continue;
      const facts = context.classFacts(target.module, target.declaration);
      if (!wrongWorkflowBase(facts) && !isContainerClass(facts)) names.add(exported.exported);
    }
  }
  return [...names];
}

/** Whether the entry exports something under `name` (a class, a re-export from a package, anything). */
export function entryExports(context: ProjectView, worker: WorkerConfig, env: Environment, name: string): boolean {
  const entry = context.sources(worker, env)?.entryModule;
  return !!entry && resolveExport(context.store, entry, name) !== undefined;
}

/** Every Durable Object binding name of a worker, in any environment. */
export function allBindingNames(worker: WorkerConfig): Set<string> {
  const names = new Set<string>();
  for (const env of [worker.topLevel, ...worker.environments]) for (const b of env.durableObjects) if (b.name) names.add(b.name.value);
  return names;
}

/** Whether the worker's code imports the Agents SDK (or partyserver-based agents). */
export function importsAgents(context: ProjectView, worker: WorkerConfig, env: Environment): { file: string; span: { start: number; end: number } } | undefined {
  for (const module of context.sources(worker, env)?.modules ?? []) {
    const request = module.moduleRequests.find((r) => isAgentsModule(r.module));
    if (request) return { file: module.file, span: request.span };
  }
  return undefined;
}

/** What a config entry runs a class export of `main` as: a Durable Object, a Workflow, or a named entrypoint (`WorkerEntrypoint`). */
export type ExportKind = "durable-object" | "workflow" | "entrypoint";

/** Whether a class's base chain is known to make it of that kind (a class of an unknown base is of none). */
export function isOfKind(facts: ClassFacts, kind: ExportKind): boolean {
  if (kind === "durable-object") return isDurableObjectKind(facts.kind) || isContainerClass(facts);
  if (kind === "workflow") return isWorkflowClass(facts);
  return facts.root?.module === "cloudflare:workers" && facts.root.name === "WorkerEntrypoint";
}

/**
 * The names `main` exports classes of that kind under (named exports only, in the order written):
 * what a did-you-mean fix or a completion may offer for a config entry of that kind.
 */
export function entryClassExports(context: ProjectView, worker: WorkerConfig, env: Environment, kind: ExportKind): string[] {
  const entry = context.sources(worker, env)?.entryModule;
  if (!entry) return [];
  const names: string[] = [];
  for (const exported of entry.exports) {
    if (exported.exported === "default" || names.includes(exported.exported)) continue;
    const target = resolveExport(context.store, entry, exported.exported);
    if (target?.kind === "class" && isOfKind(context.classFacts(target.module, target.declaration), kind)) names.push(exported.exported);
  }
  return names;
}

/**
 * The modules `env`'s entry reaches that are this worker's own code: its entry, and modules in its
 * folder, in a folder above it, or in a folder no worker config holds (a shared package). A module
 * inside another worker's folder, reached through a workspace import (`import { createLogger } from "@acme/logs"`, whose package is the
 * logs worker itself), is bundled along, but the `env.X` it reads belongs to that other worker's
 * handlers (real: wonder's services import the logs worker's helpers).
 */
export function ownSourceModules(context: ProjectView, worker: WorkerConfig, env: Environment): ModuleInfo[] {
  const sources = context.sources(worker, env);
  return (sources?.modules ?? []).filter((module) => {
    if (module === sources?.entryModule) return true;
    const holder = deepestWorkerHolding(module.file, context.workers);
    // The worker's own folder, or one above it (a config in `config/` whose `main` is `../src/index.ts`).
    return !holder || holder.dir === worker.dir || isInside(worker.dir, holder.dir);
  });
}

/** ownSourceModules of every environment checked (context.environments), each module once. */
export function ownModulesOfCheckedEnvironments(context: ProjectView, worker: WorkerConfig): ModuleInfo[] {
  const modules = new Set<ModuleInfo>();
  for (const env of context.environments(worker)) for (const module of ownSourceModules(context, worker, env)) modules.add(module);
  return [...modules];
}
