import * as path from "node:path";
import type { ProjectView } from "./facts/projectView";
import { runEvidenceScope } from "./facts/environmentUse";
import { factOf, type WorkspaceFact } from "./facts/workspaceFact";
import { isConfigFileName, listingPositions } from "./project/discover";
import type { Environment, WorkerConfig } from "./project/model";
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
  /** The enabled rules and their severities: findings kept from an analysis with others would be wrong. */
  rulesKey: string;
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

/** What a re-check reads of the previous analysis (analyze.ts's AnalysisResult). */
export interface PreviousAnalysis {
  workers: readonly WorkerConfig[];
  project: ProjectView;
  carry: Carry;
}

/**
 * The workers a set of changed files can affect, or undefined for all of them. What is generic is
 * here: a source affects the workers whose module walk reached it and the workers whose folder holds
 * it; a config affects its own worker; a tsconfig (module resolution) or another set of rules and
 * severities affects everything. What the checks read across workers is for the workspace facts the
 * enabled rules declare (RuleMeta.facts): each says which workers a change of it affects.
 */
export function affectedWorkers(previous: PreviousAnalysis, changedFiles: string[], workers: WorkerConfig[], context: ProjectView, facts: readonly WorkspaceFact<unknown>[], rulesKey: string): Set<string> | undefined {
  if (previous.carry.rulesKey !== rulesKey) return undefined;
  const before = previous.workers.map((w) => w.file).join("\0");
  if (before !== workers.map((w) => w.file).join("\0")) return undefined;
  if (changedFiles.some((file) => /^tsconfig.*\.json$/.test(path.basename(file)))) return undefined;
  // Another git base (a commit, a checkout) changes what every config is compared with.
  if (previous.project.gitBase !== context.gitBase) return undefined;
  const affected = new Set<string>();
  /** Workers whose module walk touches a changed source. */
  const reached = new Set<string>();
  const sources = changedFiles.filter((file) => !isConfigFileName(path.basename(file)));
  const changedConfigs = new Set(changedFiles.filter((file) => isConfigFileName(path.basename(file))));
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
    for (const file of sources) for (const worker of workers) if (isInside(file, worker.dir)) affected.add(worker.file);
  }
  for (const file of changedConfigs) affected.add(file);
  // A README, script or workflow that says how environments run speaks for the workers below it.
  for (const file of changedFiles) {
    const scope = runEvidenceScope(file);
    if (scope) for (const worker of workers) if (worker.dir === scope || isInside(worker.dir, scope)) affected.add(worker.file);
  }
  // Every declared fact is computed now (the next re-check compares with it), then asked what its change affects.
  const changes = facts.map((fact) => ({ fact, before: previous.carry.shared.get(fact.key), now: factOf(context, fact) }));
  for (const { fact, before, now } of changes) {
    // The previous analysis computed every fact its rules declared (the same rules, as rulesKey says).
    if (!previous.carry.shared.has(fact.key)) return undefined;
    const result = fact.affects({ before, now, changedFiles: new Set(changedFiles), changedConfigs, reached });
    if (result === "all") return undefined;
    for (const file of result) affected.add(file);
  }
  return affected;
}
