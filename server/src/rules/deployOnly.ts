import { harnessClause, harnessReason } from "../facts/harnessConfigs";
import type { WorkerConfig } from "../project/model";
import type { FindingDraft, ProjectView } from "./rule";

/**
 * A finding about a failure that happens only at deploy. On a config that only a test harness uses
 * (never deployed) it is information, not an error: the message starts with why, and `devNote` says
 * what wrangler dev and Miniflare (the vitest pool) do instead. Elsewhere the draft is unchanged.
 */
export function deployOnly(context: ProjectView, worker: WorkerConfig, draft: FindingDraft, devNote: string): FindingDraft {
  const reason = harnessReason(context, worker);
  if (!reason) return draft;
  const clause = harnessClause(reason, worker);
  return { ...draft, severity: "info", message: `${clause[0].toUpperCase()}${clause.slice(1)}; ${devNote} Only a deploy would fail: ${draft.message}` };
}
