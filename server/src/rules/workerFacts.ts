import type { DurableObjectBinding, Environment, WorkerConfig } from "../project/model";
import { isAgentsModule, isDurableObjectKind } from "../source/classKinds";
import { resolveExport } from "../source/exportGraph";
import type { LocatedClass } from "../source/sourceIndex";
import type { ProjectView } from "./rule";

/** Facts about a worker that several rules ask for. */

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

/** The worker name wrangler deploys this environment as: its own `name`, or `<name>-<env>`. */
export function deployedWorkerName(worker: WorkerConfig, env: Environment): string | undefined {
  const name = env.workerName;
  if (!name) return undefined;
  if (env.name === "" || name.definedIn === env.name) return name.value;
  return `${name.value}-${env.name}`;
}

/** Classes named `name` that this worker could mean: reachable from its entry, or inside its folder. */
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
  return found;
}

/** Names that could be meant instead of a wrong class name: Durable Object classes in reach, and class exports of the entry. */
export function durableObjectClassNames(context: ProjectView, worker: WorkerConfig, env: Environment): string[] {
  const names = new Set<string>();
  const sources = context.sources(worker, env);
  const candidates: LocatedClass[] = [];
  for (const module of sources?.modules ?? []) for (const declaration of module.classes) candidates.push({ module, declaration });
  const reached = new Set(sources?.modules);
  for (const located of context.index.classesUnder(worker.dir)) if (!reached.has(located.module)) candidates.push(located);
  for (const { module, declaration } of candidates) {
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
