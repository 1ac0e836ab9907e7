import { harnessConfigs } from "../facts/harnessConfigs";
import { deployOnly } from "./deployOnly";
import type { Rule } from "./rule";
import { migrationSites } from "./migrationSites";

export const duplicateMigrationTag: Rule = {
  meta: {
    id: "duplicate-migration-tag",
    defaultSeverity: "error",
    facts: [harnessConfigs],
    description: "Two migration entries share a tag.",
    fixable: false,
  },
  check(worker, context) {
    for (const site of migrationSites(worker, context)) {
      const seen = new Map<string, number>();
      for (const entry of site.entries) {
        if (!entry.tag) continue;
        const first = seen.get(entry.tag.value);
        if (first === undefined) {
          seen.set(entry.tag.value, entry.index);
          continue;
        }
        context.report(
          deployOnly(
            context,
            worker,
            {
              message: `Migration tag "${entry.tag.value}" is used twice (entries ${first + 1} and ${entry.index + 1}). Tags identify applied migrations; deploy fails with "Migration tag precondition failed". Give this entry a new, unique tag.`,
              file: worker.file,
              span: entry.tag.span,
            },
            "wrangler dev and Miniflare do not read migration tags.",
          ),
        );
      }
    }
  },
};
