import type { Severity } from "../findings";
import type { ProjectView } from "../facts/projectView";
import type { WorkspaceFact } from "../facts/workspaceFact";
import type { WorkerConfig } from "../project/model";
import type { Span } from "../text/positions";
import type { MessageData } from "./messages";

export type { PreviousValue, ProjectView } from "../facts/projectView";

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

/** A finding as a rule reports it: which of its messages, with what data, where. */
export type FindingDraft = MessageRef & FindingPlace;

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
  messages: Readonly<Record<string, string>>;
  /**
   * The workspace facts the rule reads beyond its own worker's config and module walk (agent routing,
   * which workers name which, harness configs...; see facts/). The language server's re-checks use
   * them to tell which workers an edit can change; reading a fact not declared here fails the rule.
   */
  facts?: readonly WorkspaceFact<unknown>[];
}

export interface RuleContext extends ProjectView {
  report(finding: FindingDraft): void;
}

export interface Rule {
  meta: RuleMeta;
  check(worker: WorkerConfig, context: RuleContext): void;
}
