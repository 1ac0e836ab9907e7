import type { Severity } from "../findings";
import type { GitBase } from "../project/gitBase";
import type { Environment, WorkerConfig } from "../project/model";
import type { ClassFacts } from "../source/classKinds";
import type { ClassDeclaration, ModuleInfo } from "../source/model";
import type { ModuleStore } from "../source/moduleStore";
import type { SourceIndex } from "../source/sourceIndex";
import type { WorkerSources } from "../source/workerSources";
import type { Span } from "../text/positions";
import type { MessageData } from "./messages";

export interface EditDraft {
  file: string;
  span: Span;
  newText: string;
}

export interface FixDraft {
  title: string;
  edits: EditDraft[];
  preferred?: boolean;
  safe?: boolean;
}

/**
 * What a finding says: one of the rule's message templates (`meta.messages`) and the values of its
 * placeholders. JSON and SARIF output carry both, so that tools match findings by id, not by text.
 */
export interface MessageRef {
  messageId: string;
  data?: MessageData;
}

/**
 * TRANSITIONAL: `{ message }` is the old form, kept only until every rule has a message table
 * (issue 12); new rules use `messageId` and `data`.
 */
export type FindingDraft = Partial<MessageRef> & { message?: string } & FindingPlace;

interface FindingPlace {
  file: string;
  span: Span;
  fixes?: FixDraft[];
  related?: { file: string; span: Span; message: string }[];
  /**
   * This finding's severity when it differs from the rule's default: a deploy-time error on a config
   * that is never deployed (a test harness's) is only information. A user's setting for the rule still wins.
   */
  severity?: Severity;
}

export interface RuleMeta {
  /** Stable, user-facing, kebab-case. */
  id: string;
  defaultSeverity: Severity;
  /** One line, for rule lists and `--help`. */
  description: string;
  /** Whether the rule can offer fixes. */
  fixable: boolean;
  /**
   * Every message the rule can report, by id, with `{{name}}` placeholders filled from the finding's
   * `data` (as typescript-eslint's `meta.messages`). Ids are stable: tools and tests match on them.
   */
  messages?: Readonly<Record<string, string>>;
}

/** The analysed project as rules and editor features read it. */
export interface ProjectView {
  readonly store: ModuleStore;
  readonly index: SourceIndex;
  /** Every worker config of the workspace (rules may look across workers: script_name, clients). */
  readonly workers: readonly WorkerConfig[];
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
   * the update must give exactly what a fresh computation would.
   */
  shared<T>(key: string, compute: (previous?: PreviousValue<T>) => T): T;
}

/** A shared value as the previous analysis left it, and what changed since (no file created or deleted). */
export interface PreviousValue<T> {
  value: T;
  changedFiles: ReadonlySet<string>;
}

export interface RuleContext extends ProjectView {
  report(finding: FindingDraft): void;
}

export interface Rule {
  meta: RuleMeta;
  check(worker: WorkerConfig, context: RuleContext): void;
}
