import { harnessConfigs } from "../facts/harnessConfigs";
import { replayMigrations, type ReplayProblem } from "../project/migrationHistory";
import { deployOnly, ONLY_DEPLOY_FAILS, onlyDeployFailsMessage } from "./deployOnly";
import type { FindingDraft, Rule } from "./rule";
import { migrationSites } from "./migrationSites";

/** Each replay problem's message, by the problem's kind (ids are the kinds in camelCase). */
const MESSAGES = {
  missingTag: "Migration entry {{entry}} has no `tag`: wrangler needs one to know which migrations were applied. Add a unique tag.",
  createdTwice:
    'Migration "{{tag}}" creates "{{className}}", which an earlier migration already created. Applying it fails; remove the class from this entry (applied migrations are append-only).',
  deletedMissing:
    'Migration "{{tag}}" deletes "{{className}}", which does not exist at that point of the history (never created, or already renamed or deleted). Deploy rejects it.',
  renamedMissing:
    'Migration "{{tag}}" renames "{{className}}", which does not exist at that point of the history (never created, or already renamed or deleted). Deploy rejects it.',
  renamedOntoExisting: 'Migration "{{tag}}" renames a class to "{{className}}", but a class of that name already exists at that point. Deploy rejects it.',
  transferredOntoExisting: 'Migration "{{tag}}" transfers a class in as "{{className}}", but a class of that name already exists at that point. Deploy rejects it.',
  [ONLY_DEPLOY_FAILS]: onlyDeployFailsMessage("wrangler dev and Miniflare do not read migration tags or transfers, nor refuse a rename onto an existing name."),
};

function describe(problem: ReplayProblem): Pick<FindingDraft, "messageId" | "data"> {
  const messageId = problem.kind.replace(/-([a-z])/g, (_m, c: string) => c.toUpperCase());
  if (problem.kind === "missing-tag") return { messageId, data: { entry: problem.entry.index + 1 } };
  return { messageId, data: { tag: problem.entry.tag?.value ?? `#${problem.entry.index + 1}`, className: problem.className ?? "" } };
}

/** Problems wrangler dev's own replay refuses too (getDurableObjectClassNameToUseSQLiteMap, wrangler 4.86). */
const DEV_REPLAYED = new Set<ReplayProblem["kind"]>(["created-twice", "deleted-missing", "renamed-missing"]);

export const migrationReplayError: Rule = {
  meta: {
    id: "migration-replay-error",
    defaultSeverity: "error",
    facts: [harnessConfigs],
    description: "Replaying the migrations in order fails (created twice, renaming or deleting a class that does not exist, missing tag).",
    fixable: false,
    messages: MESSAGES,
  },
  check(worker, context) {
    for (const site of migrationSites(worker, context)) {
      for (const problem of replayMigrations(site.entries).problems) {
        const draft = { ...describe(problem), file: worker.file, span: problem.at.span };
        // wrangler dev replays creations, renames and deletions too, and refuses the same mistakes
        // ("Cannot apply ... migration to non-existent class"); tags and transfers it does not read.
        context.report(DEV_REPLAYED.has(problem.kind) ? draft : deployOnly(context, worker, migrationReplayError.meta, draft));
      }
    }
  },
};
