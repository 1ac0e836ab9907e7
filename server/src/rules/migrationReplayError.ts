import { harnessConfigs } from "../facts/harnessConfigs";
import { replayMigrations, type ReplayProblem } from "../project/migrationHistory";
import type { MigrationEntry } from "../project/model";
import { onlyNearName } from "../naming/nearestName";
import { deployOnly, ONLY_DEPLOY_FAILS, onlyDeployFailsMessage } from "./deployOnly";
import type { FindingDraft, Rule } from "./rule";
import { migrationSites } from "./migrationSites";

/** Each replay problem's message, by the problem's kind (ids are the kinds in camelCase). */
const MESSAGES = {
  missingTag: "Migration entry {{entry}} has no `tag`: wrangler needs one to know which migrations were applied. Add a unique tag.",
  createdTwice:
    'Migration "{{tag}}" creates "{{className}}", which an earlier migration already created. Applying it fails; remove the class from this entry (applied migrations are append-only).',
  createdTwiceInEntry:
    'Migration "{{tag}}" creates "{{className}}" twice (listed twice in its `new_classes` / `new_sqlite_classes`). Applying it fails; list the class once (if this entry was already deployed, leave it and fix the list only in a new entry).',
  deletedMissing:
    'Migration "{{tag}}" deletes "{{className}}", which does not exist at that point of the history (never created, or already renamed or deleted). Deploy rejects it.',
  renamedMissing:
    'Migration "{{tag}}" renames "{{className}}", which does not exist at that point of the history (never created, or already renamed or deleted). Deploy rejects it.',
  renamedOntoExisting: 'Migration "{{tag}}" renames a class to "{{className}}", but a class of that name already exists at that point. Deploy rejects it.',
  transferredOntoExisting: 'Migration "{{tag}}" transfers a class in as "{{className}}", but a class of that name already exists at that point. Deploy rejects it.',
  prunedHistory:
    'Migration "{{tag}}" {{verb}} "{{className}}", which no earlier entry of this list creates: the list reads as a history whose first entries were removed after they were deployed. If so, a deploy applies it on top of the deployed state (wrangler warns that the deployed tag is missing from the list and sends the whole list), but `wrangler dev` with this config refuses it ("Cannot apply {{key}} migration to non-existent class {{className}}") and so does a first deploy under a new name or account. If {{className}} was never deployed, deploy rejects it too: remove it from the entry.',
  [ONLY_DEPLOY_FAILS]: onlyDeployFailsMessage("wrangler dev and Miniflare do not read migration tags or transfers, nor refuse a rename onto an existing name."),
};

/** The tag people give the first migration of a history. */
const FIRST_TAG = /^\s*v?0*1\s*$/i;

/** Every class name the entries before `entry` create, rename, delete or transfer. */
function namesBefore(entries: readonly MigrationEntry[], entry: MigrationEntry): Set<string> {
  const names = new Set<string>();
  for (const earlier of entries) {
    if (earlier === entry) break;
    for (const created of earlier.created) names.add(created.className.value);
    for (const rename of earlier.renamed) for (const name of [rename.from, rename.to]) if (name) names.add(name.value);
    for (const removed of earlier.deleted) names.add(removed.value);
    for (const transfer of earlier.transferred) if (transfer.to) names.add(transfer.to.value);
  }
  return names;
}

/**
 * A deletion or rename of a class no earlier entry names at all, nor a near spelling of it (a typo of
 * a class the list has is a plain mistake): the entries that created it were most likely removed
 * after they were deployed (a real project's production list is one `deleted_classes` entry), unless
 * the list starts with a first tag. What is deployed decides whether the deploy takes it, which the
 * config cannot tell: said as information.
 */
function isPrunedHistory(entries: readonly MigrationEntry[], problem: ReplayProblem): boolean {
  if ((problem.kind !== "deleted-missing" && problem.kind !== "renamed-missing") || problem.className === undefined) return false;
  // A list that starts with a first tag (`v1`, `1`, `0001`) claims to start the history: a deletion
  // in it is a rewritten entry (the deployed `v1` is taken as applied and the change never runs).
  if (FIRST_TAG.test(entries[0]?.tag?.value ?? "")) return false;
  const before = namesBefore(entries, problem.entry);
  return !before.has(problem.className) && onlyNearName(problem.className, before) === undefined;
}

function describe(problem: ReplayProblem): Pick<FindingDraft, "messageId" | "data"> {
  const messageId = problem.kind.replace(/-([a-z])/g, (_m, c: string) => c.toUpperCase());
  if (problem.kind === "missing-tag") return { messageId, data: { entry: problem.entry.index + 1 } };
  return { messageId, data: { tag: problem.entry.tag?.value ?? `#${problem.entry.index + 1}`, className: problem.className ?? "" } };
}

/** Problems wrangler dev's own replay refuses too (getDurableObjectClassNameToUseSQLiteMap, wrangler 4.86). */
const DEV_REPLAYED = new Set<ReplayProblem["kind"]>(["created-twice", "created-twice-in-entry", "deleted-missing", "renamed-missing"]);

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
        if (isPrunedHistory(site.entries, problem)) {
          const deletion = problem.kind === "deleted-missing";
          context.report({
            messageId: "prunedHistory",
            data: { tag: problem.entry.tag?.value ?? `#${problem.entry.index + 1}`, className: problem.className ?? "", verb: deletion ? "deletes" : "renames", key: deletion ? "deleted_classes" : "renamed_classes" },
            file: worker.file,
            span: problem.at.span,
            severity: "info",
          });
          continue;
        }
        const draft = { ...describe(problem), file: worker.file, span: problem.at.span };
        // wrangler dev replays creations, renames and deletions too, and refuses the same mistakes
        // ("Cannot apply ... migration to non-existent class"); tags and transfers it does not read.
        context.report(DEV_REPLAYED.has(problem.kind) ? draft : deployOnly(context, worker, migrationReplayError.meta, draft));
      }
    }
  },
};
