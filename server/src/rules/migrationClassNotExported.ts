import { harnessConfigs } from "../facts/harnessConfigs";
import * as path from "node:path";
import { planClassExport } from "../edits/exportPlan";
import { exportsDeclareDurableObjects } from "../project/exportsKey";
import { replayMigrations, type LiveClass } from "../project/migrationHistory";
import { deployOnly, ONLY_DEPLOY_FAILS, onlyDeployFailsMessage } from "./deployOnly";
import type { Rule } from "./rule";
import { migrationSites } from "./migrationSites";
import { classesNamed, entryExports } from "../facts/workerFacts";

/** What wrangler dev and the vitest pool do instead (they never apply migrations). */
const DEV_NOTE = "wrangler dev and Miniflare apply no migrations and start only bound classes, so they do not notice.";

export const migrationClassNotExported: Rule = {
  meta: {
    id: "migration-class-not-exported",
    defaultSeverity: "error",
    facts: [harnessConfigs],
    description: "A class a migration creates (or renames or transfers to) is bound nowhere and not exported from `main`: deploy fails (10070).",
    fixable: true,
    // `{{verb}}`: "creates", "renames a class to" or "transfers in".
    messages: {
      notExported:
        'Migration "{{tag}}" {{verb}} class "{{className}}", which no binding uses and the entry {{entry}} does not export. Every class a migration keeps alive must be exported, bound or not: deploy fails with "Cannot apply new-class migration to class \'{{className}}\' that is not exported by script" (code 10070), or, once the migration was applied, with "New version of script does not export class \'{{className}}\' which is depended on by existing Durable Objects" (10064). Export it by name from {{entry}}; if the class is no longer wanted, delete it with a new migration entry (`deleted_classes`) instead (that deletes its data).',
      [ONLY_DEPLOY_FAILS]: onlyDeployFailsMessage(DEV_NOTE),
    },
  },
  check(worker, context) {
    // Bound classes are class-not-exported's findings, in whichever environment binds them.
    const bound = new Set<string>();
    for (const env of [worker.topLevel, ...worker.environments]) {
      for (const binding of env.durableObjects) if (!binding.scriptName && binding.className) bound.add(binding.className.value);
    }
    for (const site of migrationSites(worker, context)) {
      const env = site.definedIn;
      if (exportsDeclareDurableObjects(env.exports)) continue;
      const entry = context.sources(worker, env)?.entryModule;
      if (!entry) continue;
      const history = replayMigrations(site.entries);
      for (const [name, live] of history.live) {
        if (bound.has(name) || entryExports(context, worker, env, name)) continue;
        // A class defined nowhere is migration-class-unknown's finding.
        const candidates = classesNamed(context, worker, env, name);
        if (candidates.length === 0) continue;
        const sources = context.sources(worker, env)!;
        const target = candidates.find((c) => sources.modules.includes(c.module)) ?? candidates[0];
        const entryName = path.relative(worker.dir, entry.file).split(path.sep).join("/");
        const tag = live.entry.tag?.value ?? `#${live.entry.index + 1}`;
        const edits = planClassExport(context.store, entry, name, target);
        context.report(
          deployOnly(context, worker, migrationClassNotExported.meta, {
              messageId: "notExported",
              data: { tag, verb: verb(live), className: name, entry: entryName },
              file: worker.file,
              span: live.createdBy.span,
              fixes: edits && edits.length > 0 ? [{ title: `Export ${name} from ${entryName}`, edits, preferred: true, safe: true }] : [],
              related: [{ file: target.module.file, span: target.declaration.nameSpan, message: `${name} is declared here` }],
            }),
        );
      }
    }
  },
};

function verb(live: LiveClass): string {
  const at = live.createdBy.span.start;
  if (live.entry.renamed.some((r) => r.to?.span.start === at)) return "renames a class to";
  if (live.entry.transferred.some((t) => t.to?.span.start === at)) return "transfers in";
  return "creates";
}
