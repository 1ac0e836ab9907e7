import type { ProjectView } from "../analyze";
import { liveExportNamed } from "../project/exportsKey";
import { agentNamespace, routePrefix } from "../naming/agentNamespace";
import { replayMigrations } from "../project/migrationHistory";
import type { DurableObjectBinding, Environment, Storage, WorkerConfig } from "../project/model";
import type { ClassKind } from "../source/classKinds";
import { resolveExport } from "../source/exportGraph";
import type { ModuleInfo } from "../source/model";
import { deepestWorkerHolding } from "../project/workerFolders";
import { isInside } from "../source/sourceIndex";
import type { Span } from "../text/positions";

export interface FileSpan {
  file: string;
  span: Span;
}

/** Everything worth knowing about one Durable Object class of a worker, for hovers and views. */
export interface ClassFacts {
  worker: WorkerConfig;
  className: string;
  declaration?: FileSpan;
  kind?: ClassKind;
  exportedFromEntry: boolean;
  storage?: Storage;
  createdBy?: FileSpan & { tag?: string };
  /** Each binding of the class, with the environment it is in. */
  bindings: { env: Environment; binding: DurableObjectBinding }[];
  /** Agents SDK routes, one per binding name: `/agents/coder-agent/:name`. */
  routes: string[];
}

function workerRoutePrefix(project: ProjectView, worker: WorkerConfig): string {
  for (const module of project.sources(worker, worker.topLevel)?.modules ?? []) {
    if (module.routePrefixes.length > 0) return routePrefix(module.routePrefixes[0].prefix);
  }
  return "agents";
}

export function classFacts(project: ProjectView, worker: WorkerConfig, className: string): ClassFacts {
  const env = worker.topLevel;
  const sources = project.sources(worker, env);
  let declaration: FileSpan | undefined;
  let kind: ClassKind | undefined;
  const entry = sources?.entryModule;
  const exported = entry ? resolveExport(project.store, entry, className) : undefined;
  let located: { module: ModuleInfo; name: string; span: Span } | undefined;
  if (exported?.kind === "class") located = { module: exported.module, name: exported.declaration.name, span: exported.declaration.nameSpan };
  if (!located) {
    for (const module of sources?.modules ?? []) {
      const found = module.classes.find((c) => c.name === className);
      if (found) located = { module, name: found.name, span: found.nameSpan };
    }
  }
  if (!located) {
    const found = project.index.classesNamed(className).find((c) => isInside(c.module.file, worker.dir));
    if (found) located = { module: found.module, name: found.declaration.name, span: found.declaration.nameSpan };
  }
  if (located) {
    declaration = { file: located.module.file, span: located.span };
    const decl = located.module.classes.find((c) => c.name === located!.name);
    if (decl) kind = project.classFacts(located.module, decl).kind;
  }
  const history = replayMigrations(env.migrations?.value ?? []);
  const live = history.live.get(className);
  // Only a live entry creates the class: tombstones (renamed, transferred, deleted) and workers do not.
  const exportDecl = env.exports ? liveExportNamed(env.exports.value, className) : undefined;
  const storage: Storage | undefined = live?.storage ?? (exportDecl ? (exportDecl.storage?.value === "legacy-kv" ? "kv" : "sqlite") : undefined);
  const createdBy = live ? { file: worker.file, span: live.createdBy.span, tag: live.entry.tag?.value } : exportDecl ? { file: worker.file, span: exportDecl.className.span } : undefined;
  const bindings: ClassFacts["bindings"] = [];
  for (const e of [worker.topLevel, ...worker.environments]) {
    for (const binding of e.durableObjects) if (binding.className?.value === className && !binding.scriptName) bindings.push({ env: e, binding });
  }
  const prefix = workerRoutePrefix(project, worker);
  const routes = [...new Set(bindings.map((b) => b.binding.name?.value).filter((n): n is string => !!n))].map((name) => `/${prefix}/${agentNamespace(name)}/:name`);
  return { worker, className, declaration, kind, exportedFromEntry: !!exported, storage, createdBy, bindings, routes };
}

/** The worker whose entry reaches `file` (or whose folder holds it). */
export function workerOfSource(project: ProjectView, file: string): WorkerConfig | undefined {
  for (const worker of project.workers) {
    for (const env of [worker.topLevel, ...worker.environments]) {
      if (project.sources(worker, env)?.modules.some((m) => m.file === file)) return worker;
    }
  }
  return deepestWorkerHolding(file, project.workers);
}

/** The binding named `name` in a worker: in the given environment first, then anywhere. */
export function findBinding(worker: WorkerConfig, name: string, envName = ""): { env: Environment; binding: DurableObjectBinding } | undefined {
  const all = [worker.topLevel, ...worker.environments];
  const ordered = [...all.filter((e) => e.name === envName), ...all.filter((e) => e.name !== envName)];
  for (const env of ordered) {
    const binding = env.durableObjects.find((b) => b.name?.value === name);
    if (binding) return { env, binding };
  }
  return undefined;
}
