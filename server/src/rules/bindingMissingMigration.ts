import { harnessConfigs, harnessReason } from "../facts/harnessConfigs";
import { isPythonEntry } from "../facts/buildOutput";
import { appendObjectToArray, replaceStringValue } from "../edits/configEdits";
import { exportsDeclareDurableObjects, liveExportNamed } from "../project/exportsKey";
import { renamedTarget, replayMigrations, type LiveClass, type MigrationHistory } from "../project/migrationHistory";
import type { Environment, ExportDeclaration, MigrationEntry, WorkerConfig } from "../project/model";
import { suggestKey } from "./migrationUnknownKey";
import { asInformation, deployOnly, ONLY_DEPLOY_FAILS, onlyDeployFailsMessage } from "./deployOnly";
import type { FindingDraft, FixDraft, Rule, RuleContext } from "./rule";
import { migrationsArray, nextMigrationTag } from "./migrationSites";
import { classesNamed, deployedWorkerName, entryExports, localBindings, locallyBoundClasses } from "../facts/workerFacts";

/** The message id of a finding on a top level that every environment replaces with a binding to another worker. */
const DEV_TOP_LEVEL = "onlyTopLevelDeployFails";

/** What wrangler dev and the vitest pool do with a bound class no migration creates (measured: docs/facts.md). */
const DEV_NOTE =
  "wrangler dev and Miniflare need no migration: they run the class KV-backed, where a plain Durable Object works, while an Agent or a class using SQL fails (unless it only runs as a facet).";

export const bindingMissingMigration: Rule = {
  meta: {
    id: "binding-missing-migration",
    defaultSeverity: "error",
    facts: [harnessConfigs],
    description: "A bound class is created by no migration (nor the `exports` key).",
    fixable: true,
    messages: {
      renamed:
        'Durable Object class "{{className}}" is bound, but a migration renamed it to "{{to}}": its objects and their data now live in "{{to}}". Bind "{{to}}" (set `class_name` to "{{to}}"). Deploy of this binding fails with "Cannot create binding for class \'{{className}}\' because it is not currently configured to implement Durable Objects."; a new migration creating "{{className}}" would make an empty namespace while the data stays in "{{to}}".',
      noMigrations:
        'Durable Object class "{{className}}" is bound but the config has no `migrations`: the class is never created. wrangler dev only warns; requests to an Agent then fail with "The storage.kv (synchronous KV) API is only available for SQLite-backed Durable Objects...", and deploy fails with "Cannot create binding for class \'{{className}}\' because it is not currently configured to implement Durable Objects." Add a migration with `new_sqlite_classes: ["{{className}}"]`.',
      notCreated:
        'Durable Object class "{{className}}" is bound but no migration creates it. Deploy fails with "Cannot create binding for class \'{{className}}\' because it is not currently configured to implement Durable Objects. Ensure a --new-class migration has been applied to it." Add a new migration entry (tag "{{tag}}") with `new_sqlite_classes: ["{{className}}"]`; never edit an entry that was already deployed.',
      notCreatedOrphan:
        'Durable Object class "{{className}}" is bound but no migration creates it, while migration "{{orphanTag}}" creates "{{orphan}}", which no source of this worker defines any more: was "{{orphan}}" renamed to "{{className}}"? Then add a migration renaming it (`renamed_classes: [{ "from": "{{orphan}}", "to": "{{className}}" }]`, tag "{{tag}}"), which keeps its objects and their data; a migration creating "{{className}}" would start it empty and leave "{{orphan}}" deployed but no longer exported, which the deploy refuses. Deploy as it stands fails with "Cannot create binding for class \'{{className}}\' because it is not currently configured to implement Durable Objects."',
      notInExports: 'Durable Object class "{{className}}" is bound but not declared in `exports`: wrangler cannot create it. Add `"{{className}}": { "type": "durable-object", "storage": "sqlite" }` to `exports`.',
      exportNoType:
        'Durable Object class "{{className}}" is bound but its `exports` entry has no `"type": "durable-object"`: it declares no Durable Object. Add `"type": "durable-object"` to it.',
      exportOtherType:
        'Durable Object class "{{className}}" is bound but `exports` declares it `"type": "{{type}}"`, which is not a Durable Object: no namespace is created for it. Declare it `"type": "durable-object"` with a `storage`.',
      exportDeleted:
        'Durable Object class "{{className}}" is bound but `exports` declares it `"state": "deleted"`. Deploy fails with "Cannot apply --delete-class migration to class \'{{className}}\' without also removing the binding that references it." Remove the binding, or keep the class.',
      exportRenamed:
        'Durable Object class "{{className}}" is bound but `exports` marks it renamed to "{{to}}": its objects and their data now live in "{{to}}". Bind "{{to}}" (set `class_name` to "{{to}}").',
      exportRenamedNotLive:
        'Durable Object class "{{className}}" is bound but `exports` marks it renamed to "{{to}}": its objects and their data now live in "{{to}}". Bind "{{to}}" (set `class_name` to "{{to}}"), and declare "{{to}}" live in `exports`.',
      exportRenamedNoTarget:
        'Durable Object class "{{className}}" is bound but `exports` marks it `"state": "renamed"`: the class is gone under this name. Bind the class it was renamed to.',
      exportTransferred:
        'Durable Object class "{{className}}" is bound but `exports` marks it `"state": "transferred"`: its namespace now belongs to another worker. Bind it there with `script_name`, or remove the binding.',
      exportOtherState:
        'Durable Object class "{{className}}" is bound but its `exports` entry has `"state": "{{state}}"`, which creates no class. Add `"{{className}}": { "type": "durable-object", "storage": "sqlite" }` to `exports`.',
      [ONLY_DEPLOY_FAILS]: onlyDeployFailsMessage(DEV_NOTE),
      [DEV_TOP_LEVEL]:
        'Every environment ({{environments}}) binds "{{binding}}" to the worker that owns the class ({{scripts}}, with `script_name`): the top level binds it locally, as a local-dev setup does, where wrangler dev needs no migration. Only deploying the top level would fail: {{finding}}',
    },
  },
  check(worker, context) {
    for (const env of context.environments(worker)) {
      const bindings = localBindings(env);
      if (bindings.length === 0) continue;
      // `exports` holding no Durable Object entry (entrypoint settings only) leaves the classes to
      // `migrations`, unless there are none: then wrangler asks for live `exports` entries.
      if (env.exports && (exportsDeclareDurableObjects(env.exports) || (env.migrations?.value.length ?? 0) === 0)) {
        for (const { binding, className } of bindings) {
          if (liveExportNamed(env.exports.value, className)) continue;
          const declaration = env.exports.value.find((e) => e.className.value === className);
          context.report(deployOnly(context, worker, bindingMissingMigration.meta, exportsFinding(worker, className, binding.className!.span, declaration, env.exports.value)));
        }
        continue;
      }
      const entries = env.migrations?.value ?? [];
      const history = replayMigrations(entries);
      for (const { binding, className } of bindings) {
        if (history.live.has(className) || history.deleted.has(className)) continue;
        // Listed under a misspelt creation key (`new_sqlite_class`): migration-unknown-key reports the
        // cause, with the fix that renames the key; a new migration would be the wrong fix.
        if (listedUnderMisspeltCreation(entries, className)) continue;
        const span = binding.className!.span;
        const renamed = renamedTarget(history, className);
        // A class that does not exist is class-not-found's finding; a migration would not help. A
        // renamed one is this rule's: its data moved, and the binding should follow it.
        // (A Python Worker's classes cannot be read: the config alone is judged.)
        const python = isPythonEntry(context.entryFile(worker, env));
        if (!renamed && !python && !entryExports(context, worker, env, className) && classesNamed(context, worker, env, className).length === 0) continue;
        const owner: Environment =
          env.migrations && env.migrations.definedIn !== "" ? (worker.environments.find((e) => e.name === env.migrations!.definedIn) ?? env) : worker.topLevel;
        const tag = nextMigrationTag(entries);
        const addMigration: FixDraft = {
          title: `Add migration "${tag}" creating ${className} (SQLite)`,
          edits: appendObjectToArray(worker, owner, ["migrations"], { tag, new_sqlite_classes: [className] }, migrationsArray(worker, owner)),
          preferred: true,
          safe: true,
        };
        if (renamed) {
          const to = renamed.value;
          const newExists = entryExports(context, worker, env, to) || classesNamed(context, worker, env, to).length > 0;
          context.report(
            deployOnly(context, worker, bindingMissingMigration.meta, {
                messageId: "renamed",
                data: { className, to },
                file: worker.file,
                span,
                fixes: [
                  { title: `Bind ${to} (the class ${className} was renamed to)`, edits: replaceStringValue(worker.file, span, to), preferred: true, safe: newExists },
                  { ...addMigration, title: `Add migration "${tag}" creating an empty ${className} (its data stays in ${to})`, preferred: false, safe: false },
                ],
                related: [{ file: worker.file, span: renamed.span, message: `renamed to "${to}" here` }],
              }),
          );
          continue;
        }
        const orphan = python ? undefined : onlyOrphanClass(context, worker, env, history);
        const draft: FindingDraft = orphan
          ? {
              messageId: "notCreatedOrphan",
              data: { className, tag, orphan: orphan.name, orphanTag: orphan.live.entry.tag?.value ?? `#${orphan.live.entry.index + 1}` },
              file: worker.file,
              span,
              fixes: [
                {
                  title: `Add migration "${tag}" renaming ${orphan.name} to ${className} (keeps its data)`,
                  edits: appendObjectToArray(worker, owner, ["migrations"], { tag, renamed_classes: [{ from: orphan.name, to: className }] }, migrationsArray(worker, owner)),
                  preferred: true,
                  safe: false,
                },
                { ...addMigration, title: `Add migration "${tag}" creating an empty ${className} (${orphan.name} stays deployed)`, preferred: false, safe: false },
              ],
              related: [{ file: worker.file, span: orphan.live.createdBy.span, message: `"${orphan.name}" is created here; no source defines it` }],
            }
          : { messageId: entries.length === 0 ? "noMigrations" : "notCreated", data: { className, tag }, file: worker.file, span, fixes: [addMigration] };
        const remote = env.name === "" ? boundElsewhereInEveryEnvironment(worker, binding.name!.value) : undefined;
        context.report(remote && !harnessReason(context, worker) ? devTopLevel(draft, binding.name!.value, remote) : deployOnly(context, worker, bindingMissingMigration.meta, draft));
      }
    }
  },
};

/**
 * When every named environment binds this name to a class of another worker (`script_name`), the
 * top level's local binding is a local-dev setup (real: mcp-server-cloudflare binds UserDetails
 * locally at the top level, to the owning worker in staging and production, and deploys only those):
 * the environments and the workers they name, else undefined.
 */
function boundElsewhereInEveryEnvironment(worker: WorkerConfig, bindingName: string): { environments: string[]; scripts: string[] } | undefined {
  if (worker.environments.length === 0) return undefined;
  const scripts = new Set<string>();
  for (const env of worker.environments) {
    const remote = env.durableObjects.find((b) => b.name?.value === bindingName && b.scriptName && b.scriptName.value !== deployedWorkerName(worker, env));
    if (!remote) return undefined;
    scripts.add(remote.scriptName!.value);
  }
  return { environments: worker.environments.map((e) => e.label), scripts: [...scripts] };
}

/**
 * The finding as information: only a deploy of the top level, which looks like a local-dev setup,
 * fails. No fix: environments inherit `migrations`, so a top-level migration would create the class in
 * every environment's worker too, beside the owning worker they bind.
 */
function devTopLevel(draft: FindingDraft, binding: string, remote: { environments: string[]; scripts: string[] }): FindingDraft {
  const data = { binding, environments: remote.environments.join(", "), scripts: remote.scripts.map((s) => `"${s}"`).join(", ") };
  return { ...asInformation(bindingMissingMigration.meta, draft, DEV_TOP_LEVEL, data), fixes: [] };
}

/**
 * The one class the migrations leave live that no source of the worker defines and no binding of
 * the worker names (real: a class renamed in the source and the binding, not in the
 * migrations), or undefined when there is none or more than one.
 */
function onlyOrphanClass(context: RuleContext, worker: WorkerConfig, env: Environment, history: MigrationHistory): { name: string; live: LiveClass } | undefined {
  const bound = locallyBoundClasses(worker);
  const orphans = [...history.live].filter(([name]) => !bound.has(name) && !entryExports(context, worker, env, name) && classesNamed(context, worker, env, name).length === 0);
  return orphans.length === 1 ? { name: orphans[0][0], live: orphans[0][1] } : undefined;
}

function listedUnderMisspeltCreation(entries: MigrationEntry[], className: string): boolean {
  return entries.some((entry) =>
    entry.unknownKeys.some((unknown) => {
      const meant = suggestKey(unknown.key);
      return (meant === "new_classes" || meant === "new_sqlite_classes") && unknown.classes.some((c) => c.value === className);
    }),
  );
}

/** A bound class that `exports` does not declare live: absent, a tombstone, or not a Durable Object entry. */
function exportsFinding(worker: WorkerConfig, className: string, span: FindingDraft["span"], declaration: ExportDeclaration | undefined, all: ExportDeclaration[]): FindingDraft {
  const base = { file: worker.file, span };
  if (!declaration) return { ...base, messageId: "notInExports", data: { className } };
  const type = declaration.type?.value;
  if (type !== "durable-object") {
    return type === undefined ? { ...base, messageId: "exportNoType", data: { className } } : { ...base, messageId: "exportOtherType", data: { className, type } };
  }
  const state = declaration.state?.value;
  if (state === "deleted") return { ...base, messageId: "exportDeleted", data: { className } };
  if (state === "renamed") {
    const to = declaration.renamedTo?.value;
    if (!to) return { ...base, messageId: "exportRenamedNoTarget", data: { className }, fixes: [] };
    const live = all.some((d) => d.className.value === to);
    return {
      ...base,
      messageId: live ? "exportRenamed" : "exportRenamedNotLive",
      data: { className, to },
      fixes: [{ title: `Bind ${to} (the class ${className} was renamed to)`, edits: replaceStringValue(worker.file, span, to), preferred: true, safe: false }],
    };
  }
  if (state === "transferred") return { ...base, messageId: "exportTransferred", data: { className } };
  return { ...base, messageId: "exportOtherState", data: { className, state: String(state) } };
}
