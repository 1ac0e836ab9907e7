import type { PreviousValue, ProjectView } from "./projectView";

/**
 * A fact about the whole workspace that a worker's check reads beyond its own config and module walk
 * (which workers route agents, which workers name which, which configs only a test harness uses). It
 * is computed once per analysis, updated from the previous analysis when it can be, and says itself
 * which workers a change of it can change: the language server's re-checks (incremental.ts) know
 * facts only through this interface.
 */
export interface WorkspaceFact<T> {
  /** Unique among facts: the key of its value in an analysis (ProjectView.shared). */
  readonly key: string;
  /**
   * The value for this analysis. In a re-check, `previous` holds the last analysis's value and the
   * files changed since, to update it rather than read the workspace again; the result must be
   * exactly what a fresh computation gives.
   */
  compute(context: ProjectView, previous?: PreviousValue<T>): T;
  /**
   * The workers (config files) whose findings can differ because this fact changed from `before` to
   * `now` (both computed), or "all". Workers the re-check checks anyway (see FactChange) need not be
   * named again.
   */
  affects(change: FactChange<T>): Iterable<string> | "all";
}

/** What a re-check hands a fact: its two values and what changed in between. */
export interface FactChange<T> {
  before: T;
  now: T;
  /** Every changed file (no file was created or deleted). */
  changedFiles: ReadonlySet<string>;
  /** The changed wrangler configs: each worker is checked again anyway. */
  changedConfigs: ReadonlySet<string>;
  /**
   * Workers (config files) whose module walk resolved to a changed file, or could have: each is
   * checked again anyway, but a fact can say who reads them (a `script_name` reads another worker's entry).
   */
  reached: ReadonlySet<string>;
}

/** This analysis's value of a fact: computed on first use, shared by every worker's check. */
export function factOf<T>(context: ProjectView, fact: WorkspaceFact<T>): T {
  return context.shared<T>(fact.key, (previous) => fact.compute(context, previous));
}
