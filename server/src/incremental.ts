import * as path from "node:path";
import type { AnalysisResult } from "./analyze";
import { changedHarnessConfigs, harnessConfigsOf, HARNESS_CONFIGS_KEY, type HarnessConfigs } from "./facts/harnessConfigs";
import { isConfigFileName, listingPositions } from "./project/discover";
import type { Environment, WorkerConfig } from "./project/model";
import { routeFactsOf, ROUTE_FACTS_KEY, sameRouting, type RouteFacts } from "./facts/agentRoutes";
import type { ProjectView } from "./rules/rule";
import { deployedWorkerName } from "./rules/workerFacts";
import type { ModuleStore } from "./source/moduleStore";
import type { ModuleResolver } from "./source/resolve";
import { isInside, SourceIndex, type LocatedClass } from "./source/sourceIndex";
import type { WorkerSources } from "./source/workerSources";

// What the language server's re-checks take over from the previous analysis, and which workers they check.

/**
 * Facts an incremental analysis takes over from the previous one instead of reading the workspace
 * again. An incremental analysis means no file was created or deleted (the store's contract too), so
 * what depends only on which files exist, or only on unchanged files, is still true.
 */
export interface Carry {
  store: ModuleStore;
  /** The store's resolver then: a new one (a tsconfig changed) means resolutions may differ. */
  resolver: ModuleResolver;
  /** The listing's sources then: the same array means the same listing. */
  sourceFiles: string[];
  /** Environment (of a config read once, reused while its text is the same) -> the entry file its `main` means. */
  entries: WeakMap<Environment, string | undefined>;
  /** Entry -> its reachable modules, and every file the walk resolved to (a change to any of them can change the walk). */
  sources: Map<string, { sources: WorkerSources; files: Set<string> }>;
  /** RuleContext.shared values. */
  shared: Map<string, unknown>;
  /** Classes by name, as far as asked (SourceIndex.classesNamed). */
  classes: Map<string, LocatedClass[]>;
}


/**
 * The workspace index, with class lookups taken over from the previous analysis: which classes a file
 * declares depends on its text alone, so only the changed files are read again.
 */
export class CarriedSourceIndex extends SourceIndex {
  constructor(
    private readonly storeOfIndex: ModuleStore,
    files: string[],
    private readonly classes: Map<string, LocatedClass[]>,
    private readonly previous: Map<string, LocatedClass[]> | undefined,
    private readonly changedFiles: ReadonlySet<string>,
  ) {
    super(storeOfIndex, files);
  }

  override classesNamed(name: string, within?: string): LocatedClass[] {
    let all = this.classes.get(name);
    if (!all) {
      const last = this.previous?.get(name);
      all = last ? this.updated(name, last) : super.classesNamed(name);
      this.classes.set(name, all);
    }
    return within ? all.filter((c) => isInside(c.module.file, within)) : all;
  }

  private updated(name: string, last: LocatedClass[]): LocatedClass[] {
    const positions = listingPositions(this.files);
    const changed = [...this.changedFiles].filter((file) => positions.has(file));
    if (changed.length === 0) return last;
    // The same lookup as a fresh one, on the changed files only; a stable sort keeps each file's own order.
    const now = new SourceIndex(this.storeOfIndex, changed).classesNamed(name);
    const kept = last.filter((c) => !this.changedFiles.has(c.module.file));
    return [...kept, ...now].sort((a, b) => positions.get(a.module.file)! - positions.get(b.module.file)!);
  }
}

export function touches(changedFiles: ReadonlySet<string>, files: ReadonlySet<string>): boolean {
  for (const file of changedFiles) if (files.has(file)) return true;
  return false;
}

/** Every file a worker's module walk resolved an import to (the modules, and files that could not be read). */
export function walkedFiles(store: ModuleStore, sources: WorkerSources): Set<string> {
  const files = new Set<string>([sources.entry]);
  for (const module of sources.modules) {
    files.add(module.file);
    for (const request of module.moduleRequests) {
      const resolution = store.resolver.resolve(module.file, request.module);
      if (resolution.kind === "file") files.add(resolution.file);
    }
  }
  return files;
}

/**
 * The workers a set of changed files can affect. A source affects the workers that reach it, hold it
 * in their folder, or own it as client code. A config affects its own worker and the workers tied to
 * it by `script_name` (either way: their checks read each other). Agent routing (namespaces from
 * every config, `routeAgentRequest` prefixes from every worker) is read across workers: when it moved,
 * every owner of client code is checked again. A worker whose `script_name` names a worker reaching a
 * changed source reads that worker's entry, so it is checked too. tsconfigs still mean everything.
 */
export function affectedWorkers(previous: AnalysisResult, changedFiles: string[], workers: WorkerConfig[], context: ProjectView): Set<string> | undefined {
  const before = previous.workers.map((w) => w.file).join("\0");
  if (before !== workers.map((w) => w.file).join("\0")) return undefined;
  if (changedFiles.some((file) => /^tsconfig.*\.json$/.test(path.basename(file)))) return undefined;
  // Another git base (a commit, a checkout) changes what every config is compared with.
  if (previous.project.gitBase !== context.gitBase) return undefined;
  const previousByFile = new Map(previous.workers.map((w) => [w.file, w]));
  const currentByFile = new Map(workers.map((w) => [w.file, w]));
  // Both versions of each worker: a rename or a removed binding matters as much as an added one.
  const versions = (file: string) => [previousByFile.get(file), currentByFile.get(file)].filter((w): w is WorkerConfig => !!w);
  const affected = new Set<string>();
  const routesBefore = previous.carry.shared.get(ROUTE_FACTS_KEY) as RouteFacts | undefined;
  const routesNow = routeFactsOf(context);
  /** Workers whose module walk touches a changed source. */
  const reached = new Set<string>();
  const sources = changedFiles.filter((file) => !isConfigFileName(path.basename(file)));
  if (sources.length > 0) {
    const changed = new Set(sources);
    for (const worker of previous.workers) {
      for (const env of [worker.topLevel, ...worker.environments]) {
        // Every file the walk resolved to, not only the modules: one that could not be read may now be.
        // A walk the previous analysis did not make (no rule asked) cannot be ruled out.
        const entry = previous.project.entryFile(worker, env);
        if (!entry) continue;
        const files = previous.carry.sources.get(entry)?.files;
        if (!files || touches(changed, files)) reached.add(worker.file);
      }
    }
    for (const file of reached) affected.add(file);
    for (const file of sources) {
      for (const worker of workers) if (isInside(file, worker.dir)) affected.add(worker.file);
      // The workers judging a client file's references, before and after the change (facts/agentRoutes.ts).
      for (const owner of routesBefore?.ownersByFile.get(file) ?? []) affected.add(owner);
      for (const owner of routesNow.ownersByFile.get(file) ?? []) affected.add(owner);
    }
  }
  for (const file of changedFiles) {
    if (!isConfigFileName(path.basename(file))) continue;
    affected.add(file);
    const changedNames = new Set(versions(file).flatMap(names));
    const changedRefs = new Set(versions(file).flatMap(scriptNames));
    for (const worker of workers) {
      const all = versions(worker.file);
      if (all.some((w) => scriptNames(w).some((n) => changedNames.has(n))) || all.some((w) => names(w).some((n) => changedRefs.has(n)))) affected.add(worker.file);
    }
  }
  if (!routesBefore || !sameRouting(routesBefore, routesNow)) {
    for (const owner of routesBefore?.judgedBy.keys() ?? []) affected.add(owner);
    for (const owner of routesNow.judgedBy.keys()) affected.add(owner);
  }
  // Which configs only a test harness uses (deploy-time findings are info there) follows the vitest
  // configs' text. Computed in every re-check so the next one can compare; a previous analysis
  // without it had no finding that asked.
  const harnessBefore = previous.carry.shared.get(HARNESS_CONFIGS_KEY) as HarnessConfigs | undefined;
  const harnessNow = harnessConfigsOf(context);
  // A change is rare (a vitest config edited) and also reaches other workers' findings about a
  // binding in that config (deleted-class-still-bound through script_name): everything is checked.
  if (harnessBefore && changedHarnessConfigs(harnessBefore, harnessNow).length > 0) for (const worker of workers) affected.add(worker.file);
  // script-name-invalid reads the entry of the worker a script_name names: a change in its walk
  // reaches the workers naming it (config changes have added both sides of each tie above).
  const reachedNames = new Set([...reached].flatMap((file) => versions(file).flatMap(names)));
  if (reachedNames.size > 0) for (const worker of workers) if (versions(worker.file).some((w) => scriptNames(w).some((n) => reachedNames.has(n)))) affected.add(worker.file);
  return affected;
}

/** Names and `script_name` references of a config, kept with it (a reused config is asked again). */
const namesCache = new WeakMap<WorkerConfig, { names: string[]; scriptNames: string[] }>();

function namesOf(worker: WorkerConfig): { names: string[]; scriptNames: string[] } {
  let entry = namesCache.get(worker);
  if (!entry) {
    const envs = [worker.topLevel, ...worker.environments];
    entry = {
      names: envs.map((env) => deployedWorkerName(worker, env)).filter((n): n is string => !!n),
      scriptNames: envs.flatMap((env) => env.durableObjects.map((b) => b.scriptName?.value)).filter((n): n is string => !!n),
    };
    namesCache.set(worker, entry);
  }
  return entry;
}

const names = (worker: WorkerConfig) => namesOf(worker).names;
const scriptNames = (worker: WorkerConfig) => namesOf(worker).scriptNames;
