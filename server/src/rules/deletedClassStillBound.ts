import { harnessConfigs } from "../facts/harnessConfigs";
import { workerNames } from "../facts/workerNames";
import { replayMigrations } from "../project/migrationHistory";
import { deployOnly, ONLY_DEPLOY_FAILS, onlyDeployFailsMessage } from "./deployOnly";
import type { Rule } from "./rule";
import { migrationSites } from "./migrationSites";
import { deployedWorkerName } from "../facts/workerFacts";

export const deletedClassStillBound: Rule = {
  meta: {
    id: "deleted-class-still-bound",
    defaultSeverity: "error",
    facts: [harnessConfigs, workerNames],
    description: "A class deleted by a migration is still bound (in any environment, or by another worker's script_name).",
    fixable: false,
    messages: {
      stillBound:
        'Class "{{className}}" is deleted by a migration but still bound as "{{binding}}" in {{env}}. Deploy fails with "Cannot apply --delete-class migration to class \'{{className}}\' without also removing the binding that references it." Remove the binding, or the deletion if the class is still wanted.',
      stillBoundByOtherWorker:
        'Class "{{className}}" is deleted by a migration but still bound as "{{binding}}" in {{env}} of {{otherConfig}}. Deploy fails with "Cannot apply --delete-class migration to class \'{{className}}\' without also removing the binding that references it." Remove the binding, or the deletion if the class is still wanted.',
      [ONLY_DEPLOY_FAILS]: onlyDeployFailsMessage("wrangler dev and Miniflare run a deleted class that is still bound as a KV-backed one."),
    },
  },
  check(worker, context) {
    for (const site of migrationSites(worker, context)) {
      const history = replayMigrations(site.entries);
      if (history.deleted.size === 0) continue;
      // Only the deployments that apply this migrations array delete the class: an environment with
      // migrations of its own is another script with another history. With --env, only that deployment.
      const checked = context.environments(worker);
      const applying = checked.filter((e) => e.migrations?.definedIn === site.definedIn.name);
      const ownNames = new Set(applying.map((e) => deployedWorkerName(worker, e)).filter(Boolean));
      for (const other of context.workers) {
        for (const env of [other.topLevel, ...other.environments]) {
          for (const binding of env.durableObjects) {
            if (!binding.className) continue;
            const local = other === worker && !binding.scriptName && applying.includes(env);
            const remote = binding.scriptName && ownNames.has(binding.scriptName.value);
            if (!local && !remote) continue;
            const deletion = history.deleted.get(binding.className.value);
            if (!deletion) continue;
            context.report(
              deployOnly(context, other, deletedClassStillBound.meta, {
                messageId: other === worker ? "stillBound" : "stillBoundByOtherWorker",
                data: { className: binding.className.value, binding: binding.name?.value ?? "?", env: env.label, ...(other === worker ? {} : { otherConfig: other.file }) },
                file: other.file,
                span: binding.className.span,
                related: [{ file: worker.file, span: deletion.span, message: "deleted here" }],
              }),
            );
          }
        }
      }
    }
  },
};
