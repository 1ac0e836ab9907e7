import { harnessConfigs, harnessReason } from "../facts/harnessConfigs";
import { isLiveDurableObjectExport } from "../project/exportsKey";
import { replayMigrations } from "../project/migrationHistory";
import type { Environment, WorkerConfig } from "../project/model";
import { isContainerClass } from "../source/classKinds";
import { deployOnly, ONLY_DEPLOY_FAILS, onlyDeployFailsMessage } from "./deployOnly";
import type { Rule, RuleContext } from "./rule";
import { migrationSites } from "./migrationSites";
import { classesNamed, locallyBoundClasses } from "../facts/workerFacts";

const KV_ERROR = `Every request to it fails with "The storage.kv (synchronous KV) API is only available for SQLite-backed Durable Objects..."`;

/** Why a class must be SQLite-backed, and what happens when it is not; undefined when it need not be. */
interface SqliteNeed {
  /** `"X" is an Agents SDK class`, ... */
  what: string;
  consequence: string;
  /**
   * Only a deploy fails: `containers` names the class, but nothing known of the class itself needs
   * SQLite. wrangler dev runs such a container on a KV-backed class (wrangler's own multi-worker
   * containers test does, with a class extending DurableObject and `new_classes`).
   */
  deployOnly?: boolean;
}

export function sqliteNeed(context: RuleContext, worker: WorkerConfig, env: Environment, name: string): SqliteNeed | undefined {
  const located = classesNamed(context, worker, env, name)[0];
  const facts = located ? context.classFacts(located.module, located.declaration) : undefined;
  if (facts?.kind === "agent") return { what: `"${name}" is an Agents SDK class`, consequence: `${KV_ERROR}.` };
  const containerBase = !!facts && isContainerClass(facts);
  // Containers are declared in the config as much as in code: `containers[].class_name` is enough.
  const configured = [worker.topLevel, ...worker.environments].some((e) => e.containerClasses.some((c) => c.value === name));
  const consequence = "Containers run only on SQLite-backed Durable Objects, so it will not run.";
  if (containerBase) return { what: `"${name}" is a container class (it extends ${facts.root!.name} from ${facts.root!.module})`, consequence };
  if (facts?.usesSqlStorage) return { what: `"${name}" uses SQL storage`, consequence: `Its SQL calls fail with "SQL is not enabled for this Durable Object class...".` };
  if (configured) return { what: `"${name}" runs a container (\`containers\` names it)`, consequence, deployOnly: true };
  return undefined;
}

export const agentNeedsSqlite: Rule = {
  meta: {
    id: "agent-needs-sqlite",
    defaultSeverity: "error",
    facts: [harnessConfigs],
    description: "A class that needs SQLite storage (an Agents SDK class, a container class, a class using SQL) is created with `new_classes` (KV-backed) instead of `new_sqlite_classes`.",
    fixable: true,
    // Why the class needs SQLite (`{{what}}`, `{{consequence}}`) is data: an Agents SDK class, a
    // container class, a class using SQL. The ids tell apart where it is made KV-backed and whether the
    // config is ever deployed (which decides the advice).
    messages: {
      kvMigration:
        '{{what}} but migration "{{tag}}" creates it with `new_classes` (KV-backed storage). {{consequence}} Use `new_sqlite_classes` if this migration was never deployed; a deployed KV-backed class cannot be converted in place, so create a new SQLite class instead.',
      kvMigrationNeverDeployed:
        '{{what}} but migration "{{tag}}" creates it with `new_classes` (KV-backed storage). {{consequence}} Use `new_sqlite_classes`: this config is used only by tests and never deployed, so nothing was created KV-backed.',
      kvExports:
        '{{what}} but `exports` declares it with "storage": "legacy-kv". {{consequence}} Use "sqlite" if this class was never deployed; a deployed KV-backed class cannot be converted in place, so create a new SQLite class instead.',
      [ONLY_DEPLOY_FAILS]: onlyDeployFailsMessage(
        "wrangler dev runs a container on a KV-backed Durable Object (nothing known of the class itself needs SQLite), so tests are not affected.",
      ),
      kvExportsNeverDeployed:
        '{{what}} but `exports` declares it with "storage": "legacy-kv". {{consequence}} Use "sqlite": this config is used only by tests and never deployed, so nothing was created KV-backed.',
    },
  },
  check(worker, context) {
    // A config only a test harness uses is never deployed: converting the key is always safe there.
    const neverDeployed = !!harnessReason(context, worker);
    const onlyIf = (what: string) => (neverDeployed ? "" : ` (only if this ${what} was never deployed)`);
    const bound = locallyBoundClasses(worker);
    for (const site of migrationSites(worker, context)) {
      // A class a later entry deletes (and none creates again) that no binding names can run no
      // code: its SQL calls never happen (real: openhouse26 creates one KV-backed, then deletes it).
      const deleted = replayMigrations(site.entries).deleted;
      for (const entry of site.entries) {
        const kvClasses = entry.created.filter((c) => c.storage === "kv" && !(deleted.has(c.className.value) && !bound.has(c.className.value)));
        const needs = new Map(kvClasses.map((c) => [c, sqliteNeed(context, worker, site.definedIn, c.className.value)]));
        // Renaming the key converts every class it lists: only when all of them need SQLite.
        const keyRenameFixesAll = !entry.keySpans["new_sqlite_classes"] && kvClasses.every((c) => !!needs.get(c));
        for (const created of kvClasses) {
          const need = needs.get(created);
          if (!need) continue;
          const keySpan = entry.keySpans["new_classes"];
          const fixes =
            keySpan && keyRenameFixesAll
              ? [
                  {
                    title: `Change new_classes to new_sqlite_classes${onlyIf("migration")}`,
                    edits: [{ file: worker.file, span: keySpan, newText: worker.parsed.text.slice(keySpan.start, keySpan.end).replace("new_classes", "new_sqlite_classes") }],
                    preferred: true,
                    safe: neverDeployed,
                  },
                ]
              : [];
          const draft = {
            messageId: neverDeployed ? "kvMigrationNeverDeployed" : "kvMigration",
            data: { className: created.className.value, tag: entry.tag?.value ?? `#${entry.index + 1}`, what: need.what, consequence: need.consequence },
            file: worker.file,
            span: created.className.span,
            fixes,
          };
          context.report(need.deployOnly ? deployOnly(context, worker, agentNeedsSqlite.meta, draft) : draft);
        }
      }
    }
    // The declarative form: `"exports": { "CoderAgent": { "storage": "legacy-kv" } }` fails the same way.
    const seen = new Set<string>();
    for (const env of context.environments(worker)) {
      const exports = env.exports;
      if (!exports || seen.has(exports.definedIn)) continue;
      seen.add(exports.definedIn);
      for (const declaration of exports.value) {
        if (declaration.storage?.value !== "legacy-kv" || !isLiveDurableObjectExport(declaration)) continue;
        const need = sqliteNeed(context, worker, env, declaration.className.value);
        if (!need) continue;
        const storage = declaration.storage;
        const draft = {
          messageId: neverDeployed ? "kvExportsNeverDeployed" : "kvExports",
          data: { className: declaration.className.value, what: need.what, consequence: need.consequence },
          file: worker.file,
          span: storage.span,
          fixes: [{ title: `Change storage to "sqlite"${onlyIf("class")}`, edits: [{ file: worker.file, span: storage.span, newText: JSON.stringify("sqlite") }], preferred: true, safe: neverDeployed }],
        };
        context.report(need.deployOnly ? deployOnly(context, worker, agentNeedsSqlite.meta, draft) : draft);
      }
    }
  },
};
