import { harnessConfigs } from "../facts/harnessConfigs";
import { deployOnly, ONLY_DEPLOY_FAILS, onlyDeployFailsMessage } from "./deployOnly";
import type { Rule } from "./rule";
import { migrationSites } from "./migrationSites";

export const duplicateMigrationTag: Rule = {
  meta: {
    id: "duplicate-migration-tag",
    defaultSeverity: "error",
    facts: [harnessConfigs],
    description: "Two migration entries share a tag.",
    fixable: false,
    messages: {
      duplicate:
        'Migration tag "{{tag}}" is used twice (entries {{first}} and {{second}}). Tags identify applied migrations; deploy fails with "Migration tag precondition failed". Give this entry a new, unique tag.',
      [ONLY_DEPLOY_FAILS]: onlyDeployFailsMessage("wrangler dev and Miniflare do not read migration tags."),
    },
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
          deployOnly(context, worker, duplicateMigrationTag.meta, {
            messageId: "duplicate",
            data: { tag: entry.tag.value, first: first + 1, second: entry.index + 1 },
            file: worker.file,
            span: entry.tag.span,
          }),
        );
      }
    }
  },
};
