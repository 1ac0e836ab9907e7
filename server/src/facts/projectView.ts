import type { GitBase } from "../project/gitBase";
import type { Environment, WorkerConfig } from "../project/model";
import type { ClassFacts } from "../source/classKinds";
import type { ClassDeclaration, ModuleInfo } from "../source/model";
import type { ModuleStore } from "../source/moduleStore";
import type { SourceIndex } from "../source/sourceIndex";
import type { WorkerSources } from "../source/workerSources";

/** The analysed project as rules and editor features read it. */
export interface ProjectView {
  readonly store: ModuleStore;
  readonly index: SourceIndex;
  /** Every worker config of the workspace (rules may look across workers: script_name, clients). */
  readonly workers: readonly WorkerConfig[];
  /** The checked folders (or config files), absolute. */
  readonly roots: readonly string[];
  /** The configs at the git base revision, when the caller read them (see project/gitBase). */
  readonly gitBase?: GitBase;
  /** The environments to check: all of them, or the one chosen with `--env`. */
  environments(worker: WorkerConfig): Environment[];
  /**
   * The entry file `main` means for this environment, if it exists; when `main` is a build output not
   * built yet, the source entry the build wraps, if one is known (see facts/buildOutput).
   */
  entryFile(worker: WorkerConfig, env: Environment): string | undefined;
  /** The modules reachable from that entry, or undefined when there is none. */
  sources(worker: WorkerConfig, env: Environment): WorkerSources | undefined;
  classFacts(module: ModuleInfo, declaration: ClassDeclaration): ClassFacts;
  /**
   * A value computed once per analysis and shared by every worker's check (workspace-wide facts such
   * as all routed namespaces): rules run per worker, and recomputing those per worker is quadratic.
   * In an incremental analysis (the language server's re-checks) `compute` also gets the previous
   * analysis's value and the files changed since, to update it rather than read the workspace again;
   * the update must give exactly what a fresh computation would. Rules read workspace facts through
   * `factOf` (facts/workspaceFact.ts), which keys this by the fact.
   */
  shared<T>(key: string, compute: (previous?: PreviousValue<T>) => T): T;
}

/** A shared value as the previous analysis left it, and what changed since (no file created or deleted). */
export interface PreviousValue<T> {
  value: T;
  changedFiles: ReadonlySet<string>;
}
