import { harnessClause, harnessReason } from "../facts/harnessConfigs";
import type { Severity } from "../findings";
import type { WorkerConfig } from "../project/model";
import { formatMessage } from "./messages";
import type { FindingDraft, ProjectView, RuleMeta } from "./rule";

/** The message id a rule reports a deploy-time finding under on a config only a test harness uses. */
export const ONLY_DEPLOY_FAILS = "onlyDeployFails";

/**
 * The template of a rule's `onlyDeployFails` message: why the config is never deployed (`{{harness}}`),
 * what wrangler dev and Miniflare (the vitest pool) do instead (`devNote`, the rule's own words), and
 * the finding a deploy would give (`{{finding}}`, the rule's other message, rendered).
 */
export function onlyDeployFailsMessage(devNote: string): string {
  return `{{harness}}; ${devNote} Only a deploy would fail: {{finding}}`;
}

/**
 * A finding about a failure that happens only at deploy. On a config that only a test harness uses
 * (never deployed) it is information, not an error, reported as the rule's `onlyDeployFails` message,
 * whose data keeps the inner finding's (and its id, as `findingId`). Elsewhere the draft is unchanged.
 */
export function deployOnly(context: ProjectView, worker: WorkerConfig, meta: RuleMeta, draft: FindingDraft): FindingDraft {
  const reason = harnessReason(context, worker);
  if (!reason) return draft;
  const clause = harnessClause(reason, worker);
  return asInformation(meta, draft, ONLY_DEPLOY_FAILS, { harness: `${clause[0].toUpperCase()}${clause.slice(1)}` });
}

/**
 * A finding that happens only in a deploy the project does not seem to make, as information: reported
 * under the rule's message `messageId`, whose data keeps the inner finding's, its id (`findingId`) and
 * its text (`{{finding}}`), plus `data`.
 */
export function asInformation(meta: RuleMeta, draft: FindingDraft, messageId: string, data: Record<string, string | number>): FindingDraft {
  return wrapFinding(meta, draft, messageId, data, "info");
}

/** The same at another severity: a finding whose message adds a sentence of doubt around the inner one. */
export function wrapFinding(meta: RuleMeta, draft: FindingDraft, messageId: string, data: Record<string, string | number>, severity: Severity): FindingDraft {
  const template = draft.messageId !== undefined ? meta.messages[draft.messageId] : undefined;
  if (template === undefined) throw new Error(`rule ${meta.id} has no message "${draft.messageId}"`);
  if (meta.messages[messageId] === undefined) throw new Error(`rule ${meta.id} has no message "${messageId}"`);
  return {
    ...draft,
    severity,
    messageId,
    data: { ...draft.data, findingId: draft.messageId!, ...data, finding: formatMessage(template, draft.data) },
  };
}
