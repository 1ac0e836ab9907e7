import { appendObjectToArray } from "../edits/configEdits";
import { replayMigrations } from "../project/migrationHistory";
import type { Environment } from "../project/model";
import type { Rule } from "./rule";
import { migrationsArray, nextMigrationTag } from "./migrationSites";
import { classesNamed, entryExports, localBindings } from "./workerFacts";

export const bindingMissingMigration: Rule = {
  meta: {
    id: "binding-missing-migration",
    defaultSeverity: "error",
    description: "A bound class is created by no migration (nor the `exports` key).",
    fixable: true,
  },
  check(worker, context) {
    for (const env of context.environments(worker)) {
      const bindings = localBindings(env);
      if (bindings.length === 0) continue;
      if (env.exports) {
        const declared = new Set(env.exports.value.filter((e) => e.state?.value !== "deleted").map((e) => e.className.value));
        const deleted = new Set(env.exports.value.filter((e) => e.state?.value === "deleted").map((e) => e.className.value));
        for (const { binding, className } of bindings) {
          if (declared.has(className)) continue;
          context.report({
            message: deleted.has(className)
              ? `Durable Object class "${className}" is bound but \`exports\` declares it \`"state": "deleted"\`. Deploy fails with "Cannot apply --delete-class migration to class '${className}' without also removing the binding that references it." Remove the binding, or keep the class.`
              : `Durable Object class "${className}" is bound but not declared in \`exports\`: wrangler cannot create it. Add \`"${className}": { "type": "durable-object", "storage": "sqlite" }\` to \`exports\`.`,
            file: worker.file,
            span: binding.className!.span,
          });
        }
        continue;
      }
      const entries = env.migrations?.value ?? [];
      const history = replayMigrations(entries);
      for (const { binding, className } of bindings) {
        if (history.live.has(className) || history.deleted.has(className)) continue;
        // A class that does not exist is class-not-found's finding; a migration would not help.
        if (!entryExports(context, worker, env, className) && classesNamed(context, worker, env, className).length === 0) continue;
        const owner: Environment =
          env.migrations && env.migrations.definedIn !== "" ? (worker.environments.find((e) => e.name === env.migrations!.definedIn) ?? env) : worker.topLevel;
        const tag = nextMigrationTag(entries);
        const message =
          entries.length === 0
            ? `Durable Object class "${className}" is bound but the config has no \`migrations\`: the class is never created. wrangler dev only warns; requests to an Agent then fail with "The storage.kv (synchronous KV) API is only available for SQLite-backed Durable Objects...", and deploy fails with "Cannot create binding for class '${className}' because it is not currently configured to implement Durable Objects." Add a migration with \`new_sqlite_classes: ["${className}"]\`.`
            : `Durable Object class "${className}" is bound but no migration creates it. Deploy fails with "Cannot create binding for class '${className}' because it is not currently configured to implement Durable Objects. Ensure a --new-class migration has been applied to it." Add a new migration entry (tag "${tag}") with \`new_sqlite_classes: ["${className}"]\`; never edit an entry that was already deployed.`;
        context.report({
          message,
          file: worker.file,
          span: binding.className!.span,
          fixes: [
            {
              title: `Add migration "${tag}" creating ${className} (SQLite)`,
              edits: appendObjectToArray(worker, owner, ["migrations"], { tag, new_sqlite_classes: [className] }, migrationsArray(worker, owner)),
              preferred: true,
              safe: true,
            },
          ],
        });
      }
    }
  },
};
