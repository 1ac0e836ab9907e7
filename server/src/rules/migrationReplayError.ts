import { harnessConfigs } from "../facts/harnessConfigs";
import { replayMigrations, type ReplayProblem } from "../project/migrationHistory";
import { deployOnly } from "./deployOnly";
import type { Rule } from "./rule";
import { migrationSites } from "./migrationSites";

function describe(problem: ReplayProblem): string {
  const tag = problem.entry.tag?.value ?? `#${problem.entry.index + 1}`;
  switch (problem.kind) {
    case "missing-tag":
      return `Migration entry ${problem.entry.index + 1} has no \`tag\`: wrangler needs one to know which migrations were applied. Add a unique tag.`;
    case "created-twice":
      return `Migration "${tag}" creates "${problem.className}", which an earlier migration already created. Applying it fails; remove the class from this entry (applied migrations are append-only).`;
    case "deleted-missing":
      return `Migration "${tag}" deletes "${problem.className}", which does not exist at that point of the history (never created, or already renamed or deleted). Deploy rejects it.`;
    case "renamed-missing":
      return `Migration "${tag}" renames "${problem.className}", which does not exist at that point of the history (never created, or already renamed or deleted). Deploy rejects it.`;
    case "renamed-onto-existing":
      return `Migration "${tag}" renames a class to "${problem.className}", but a class of that name already exists at that point. Deploy rejects it.`;
    case "transferred-onto-existing":
      return `Migration "${tag}" transfers a class in as "${problem.className}", but a class of that name already exists at that point. Deploy rejects it.`;
  }
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
  },
  check(worker, context) {
    for (const site of migrationSites(worker, context)) {
      for (const problem of replayMigrations(site.entries).problems) {
        const draft = { message: describe(problem), file: worker.file, span: problem.at.span };
        // wrangler dev replays creations, renames and deletions too, and refuses the same mistakes
        // ("Cannot apply ... migration to non-existent class"); tags and transfers it does not read.
        context.report(DEV_REPLAYED.has(problem.kind) ? draft : deployOnly(context, worker, draft, "wrangler dev and Miniflare do not read migration tags or transfers, nor refuse a rename onto an existing name."));
      }
    }
  },
};
