import { harnessReason, harnessConfigs } from "../facts/harnessConfigs";
import { appendObjectToArray, replaceStringValue } from "../edits/configEdits";
import type { TomlData } from "../edits/tomlText";
import type { Environment, MigrationEntry, WorkerConfig } from "../project/model";
import { baseConfig } from "./gitHistory";
import type { EditDraft, FixDraft, Rule, RuleContext } from "./rule";
import { migrationsArray, nextMigrationTag } from "./migrationSites";

/**
 * Applied migrations are history: Cloudflare records the tag of the last migration it applied to a
 * script, and wrangler uploads only the entries after that tag in the config's list
 * (`getMigrationsToUpload`). An entry that was deployed and is then edited, removed, re-tagged or
 * moved is skipped silently or breaks the next deploy. One version of the file cannot show that; the
 * config at the git base (see project/gitBase) can: entries present there are taken as deployed.
 */
export const migrationHistoryRewritten: Rule = {
  meta: {
    id: "migration-history-rewritten",
    defaultSeverity: "error",
    facts: [harnessConfigs],
    description: "A migration that was already in the config at the git base (so probably deployed) was edited, removed, re-tagged or moved.",
    fixable: true,
    messages: {
      changed:
        'Migration "{{tag}}" was in this config at {{base}} (as `{{was}}`), so it is probably deployed, and it has been edited since (now `{{now}}`). Cloudflare applies each tag once and wrangler uploads only the migrations after the deployed tag, so this edit is skipped silently: it never reaches a deployed Worker, while a fresh deploy (a new environment or account) would run the edited history. Restore the entry and add what you meant as a new migration with a new tag.',
      flipped:
        'Migration "{{tag}}" was in this config at {{base}}, so it is probably deployed, and there it created {{classes}} with `new_classes` (KV-backed); it now lists {{classes}} under `new_sqlite_classes`. The change is skipped silently: the deployed class stays KV-backed, and SQL calls on it fail with "This Durable Object is not backed by SQLite storage, so the SQL API is not available". A KV-backed class cannot be converted in place: restore the entry, then add a new migration creating a new class with `new_sqlite_classes`, move the data to it in code, bind the new class, and delete the old one with `deleted_classes` in a later migration.',
      removed:
        'Migration "{{tag}}" (`{{was}}`) was in this config at {{base}}, so it is probably deployed, and it has been removed. {{consequence}} Applied migrations are append-only: put it back; to undo what it did, add a new migration (e.g. `deleted_classes`).',
      retagged:
        'Migration "{{tag}}" was "{{baseTag}}" at {{base}}, where it was probably applied under that tag. {{consequence}} Give it back its tag "{{baseTag}}".',
      moved:
        'Migration "{{tag}}" was entry {{basePosition}} at {{base}} and is now entry {{position}}. wrangler uploads the migrations that follow the deployed tag\'s position in this list, so reordering applied migrations makes some run a second time (the deploy fails) and skips others silently. Keep applied migrations in their order; add new ones at the end.',
      removedAll:
        'The `migrations` of {{env}} were in this config at {{base}} (last tag "{{lastTag}}", so probably deployed) and have been removed. Cloudflare keeps the classes they created: once the script no longer exports one of them, the deploy fails ("New version of script does not export class ... which is depended on by existing Durable Objects", code 10064), and a fresh deploy (a new environment or account) creates none. Put the migrations back; to retire a class, add a migration with `deleted_classes`.',
      insertedBeforeApplied:
        'Migration "{{tag}}" is new since {{base}} but sits before "{{lastTag}}", which was already there (and probably deployed). wrangler uploads only the migrations after the deployed tag, so this one is skipped silently on every Worker already at "{{lastTag}}". Move it to the end of the list.',
    },
  },
  check(worker, context) {
    // A config only a test harness uses is never deployed: it has no applied history to keep.
    if (harnessReason(context, worker)) return;
    const base = baseConfig(context, worker);
    if (!base || !context.gitBase) return;
    const label = context.gitBase.label;
    for (const env of context.environments(worker)) {
      const now = env.migrations;
      const baseEnv = env.name === "" ? base.topLevel : base.environments.find((e) => e.name === env.name);
      // An environment new since the base, or one without migrations then, has no history to keep.
      const then = baseEnv?.migrations;
      if (!then || !baseEnv) continue;
      if (!now) {
        // The whole key removed (as `"migrations": []` would be, every entry is gone), reported once.
        const lastTag = [...then.value].reverse().find((e) => e.tag?.value)?.tag?.value;
        if (lastTag === undefined || then.definedIn !== env.name) continue;
        const anchor = env.name === "" ? (env.workerName?.definedIn === "" ? env.workerName.span : { start: 0, end: 0 }) : env.span;
        context.report({ messageId: "removedAll", data: { env: env.label, base: label, lastTag }, file: worker.file, span: anchor });
        continue;
      }
      const owner = worker.environments.find((e) => e.name === now.definedIn) ?? worker.topLevel;
      compare(context, worker, owner, now.value, now.span, base, then.value, label);
    }
  },
};

/** What an entry does, independent of how it is written (key order, format, list order). */
function meaning(entry: MigrationEntry): string {
  const sorted = (values: string[]) => [...values].sort();
  return JSON.stringify({
    kv: sorted(entry.created.filter((c) => c.storage === "kv").map((c) => c.className.value)),
    sqlite: sorted(entry.created.filter((c) => c.storage === "sqlite").map((c) => c.className.value)),
    deleted: sorted(entry.deleted.map((d) => d.value)),
    renamed: sorted(entry.renamed.map((r) => `${r.from?.value ?? ""}>${r.to?.value ?? ""}`)),
    transferred: sorted(entry.transferred.map((t) => `${t.fromScript?.value ?? ""}/${t.from?.value ?? ""}>${t.to?.value ?? ""}`)),
  });
}

/** An entry's text on one line, for quoting it in a message. */
function quote(config: WorkerConfig, entry: MigrationEntry): string {
  const text = config.parsed.text.slice(entry.span.start, entry.span.end).replace(/\s+/g, " ").trim();
  return text.length > 160 ? `${text.slice(0, 157)}...` : text;
}

function compare(
  context: RuleContext,
  worker: WorkerConfig,
  owner: Environment,
  current: MigrationEntry[],
  arraySpan: { start: number; end: number },
  base: WorkerConfig,
  applied: MigrationEntry[],
  label: string,
): void {
  const appliedTags = applied.map((e) => e.tag?.value).filter((t): t is string => !!t);
  if (appliedTags.length === 0) return;
  const appliedTagSet = new Set(appliedTags);
  const lastTag = appliedTags[appliedTags.length - 1];
  const currentByTag = new Map<string, MigrationEntry>();
  for (const entry of current) if (entry.tag && !currentByTag.has(entry.tag.value)) currentByTag.set(entry.tag.value, entry);
  const reportedEntries = new Set<MigrationEntry>();

  for (const then of applied) {
    const tag = then.tag?.value;
    if (!tag) continue;
    const now = currentByTag.get(tag);
    if (!now) {
      // The same content under a tag the base did not have: re-tagged.
      const retagged = current.find((e) => e.tag && !appliedTagSet.has(e.tag.value) && !reportedEntries.has(e) && meaning(e) === meaning(then));
      const consequence =
        tag === lastTag
          ? `It was the last applied tag: wrangler finds no "${tag}" in the list, warns "...has a migration tag "${tag}, which was not found in your ${fileName(worker)} file...", and sends every migration again, which re-creates classes that already exist: the next deploy fails.`
          : "Its changes were applied under the old tag; the new tag is never applied as such.";
      if (retagged?.tag) {
        reportedEntries.add(retagged);
        context.report({
          messageId: "retagged",
          data: { tag: retagged.tag.value, baseTag: tag, base: label, consequence },
          file: worker.file,
          span: retagged.tag.span,
          // Renaming an earlier tag is inconsistent but harmless to deployed Workers; the last one breaks the next deploy.
          severity: tag === lastTag ? undefined : "warning",
          fixes: [{ title: `Restore the tag "${tag}" it was deployed with`, edits: replaceStringValue(worker.file, retagged.tag.span, tag), preferred: true, safe: false }],
        });
        continue;
      }
      const removedConsequence =
        tag === lastTag
          ? `It was the last applied tag: wrangler finds no "${tag}" in the list, warns "...has a migration tag "${tag}, which was not found in your ${fileName(worker)} file...", and sends every migration again, which re-creates classes that already exist: the next deploy fails.`
          : "Deployed Workers keep what it did, but a fresh deploy (a new environment or account) replays the list without it.";
      context.report({
        messageId: "removed",
        data: { tag, was: quote(base, then), base: label, consequence: removedConsequence },
        file: worker.file,
        span: arraySpan,
      });
      continue;
    }
    reportedEntries.add(now);
    if (meaning(now) === meaning(then)) continue;
    const flipped = then.created
      .filter((c) => c.storage === "kv" && now.created.some((n) => n.storage === "sqlite" && n.className.value === c.className.value))
      .map((c) => `"${c.className.value}"`);
    const fixes = restoreFixes(worker, owner, current, now, base, then, flipped.length > 0);
    if (flipped.length > 0) {
      context.report({ messageId: "flipped", data: { tag, base: label, classes: flipped.join(", ") }, file: worker.file, span: now.tag!.span, fixes });
    } else {
      context.report({ messageId: "changed", data: { tag, base: label, was: quote(base, then), now: quote(worker, now) }, file: worker.file, span: now.tag!.span, fixes });
    }
  }

  // Order: the applied tags still present must keep their relative order.
  const kept = current.filter((e) => e.tag && appliedTagSet.has(e.tag.value) && currentByTag.get(e.tag.value) === e);
  const baseOrder = appliedTags.filter((t) => currentByTag.has(t));
  kept.forEach((entry, i) => {
    if (entry.tag!.value === baseOrder[i]) return;
    context.report({
      messageId: "moved",
      data: { tag: entry.tag!.value, base: label, basePosition: appliedTags.indexOf(entry.tag!.value) + 1, position: entry.index + 1 },
      file: worker.file,
      span: entry.tag!.span,
    });
  });

  // A new entry placed before the last applied one is never uploaded to a Worker already at that tag.
  const lastNow = currentByTag.get(lastTag);
  if (lastNow) {
    for (const entry of current) {
      if (entry.index >= lastNow.index) break;
      if (!entry.tag || appliedTagSet.has(entry.tag.value) || reportedEntries.has(entry)) continue;
      context.report({ messageId: "insertedBeforeApplied", data: { tag: entry.tag.value, base: label, lastTag }, file: worker.file, span: entry.tag.span });
    }
  }
}

function fileName(worker: WorkerConfig): string {
  return worker.file.split(/[\\/]/).pop() ?? worker.file;
}

/**
 * Puts the entry back as it was at the base (its text, when both versions are the same format), and
 * appends what the edit added (new classes, deletions, renames) as a new migration. A storage flip is
 * not appended: an existing class cannot become SQLite-backed.
 */
function restoreFixes(worker: WorkerConfig, owner: Environment, current: MigrationEntry[], now: MigrationEntry, base: WorkerConfig, then: MigrationEntry, flipped: boolean): FixDraft[] {
  if (base.parsed.format !== worker.parsed.format) return [];
  const baseText = base.parsed.text.slice(then.span.start, then.span.end);
  const edits: EditDraft[] = [{ file: worker.file, span: now.span, newText: baseText }];
  const thenCreated = new Set(then.created.map((c) => c.className.value));
  const added: Record<string, TomlData> = {};
  const addedSqlite = now.created.filter((c) => c.storage === "sqlite" && !thenCreated.has(c.className.value)).map((c) => c.className.value);
  const addedKv = now.created.filter((c) => c.storage === "kv" && !thenCreated.has(c.className.value)).map((c) => c.className.value);
  const thenDeleted = new Set(then.deleted.map((d) => d.value));
  const addedDeleted = now.deleted.map((d) => d.value).filter((d) => !thenDeleted.has(d));
  const thenRenamed = new Set(then.renamed.map((r) => `${r.from?.value}>${r.to?.value}`));
  const addedRenamed = now.renamed.filter((r) => r.from && r.to && !thenRenamed.has(`${r.from.value}>${r.to.value}`)).map((r) => ({ from: r.from!.value, to: r.to!.value }));
  if (addedKv.length > 0) added.new_classes = addedKv;
  if (addedSqlite.length > 0) added.new_sqlite_classes = addedSqlite;
  if (addedRenamed.length > 0) added.renamed_classes = addedRenamed;
  if (addedDeleted.length > 0) added.deleted_classes = addedDeleted;
  const tag = then.tag!.value;
  if (Object.keys(added).length > 0 && !flipped) {
    const newTag = nextMigrationTag(current);
    const append = appendObjectToArray(worker, owner, ["migrations"], { tag: newTag, ...added }, migrationsArray(worker, owner));
    if (append.length > 0 && append.every((a) => a.span.start >= now.span.end || a.span.end <= now.span.start)) {
      return [{ title: `Restore migration "${tag}" as deployed and add migration "${newTag}" with the new changes`, edits: [...edits, ...append], preferred: true, safe: false }];
    }
  }
  return [{ title: `Restore migration "${tag}" as it was deployed`, edits, preferred: true, safe: false }];
}
