import { nearestName } from "../naming/nearestName";
import type { MigrationEntry, WorkerConfig } from "../project/model";
import { MIGRATION_KEYS } from "../project/readConfig";
import type { FixDraft, Rule } from "./rule";
import { migrationSites } from "./migrationSites";

const KNOWN_KEYS = [...MIGRATION_KEYS];

/** Slips seen in real configs that edit distance alone does not map (or maps to the wrong key). */
const KNOWN_SLIPS: Readonly<Record<string, string>> = {
  classes_with_sqlite: "new_sqlite_classes",
  sqlite_classes: "new_sqlite_classes",
  new_sqlite_durable_objects: "new_sqlite_classes",
  new_durable_objects: "new_classes",
  classes: "new_classes",
  rename_classes: "renamed_classes",
  delete_classes: "deleted_classes",
  transfer_classes: "transferred_classes",
};

export const migrationUnknownKey: Rule = {
  meta: {
    id: "migration-unknown-key",
    defaultSeverity: "error",
    description: "A migration entry has a key wrangler does not know (`new_sqlite_class`, `classes_with_sqlite`...): wrangler only warns and ignores it, so the class is never created.",
    fixable: true,
    messages: {
      didYouMean:
        'Migration "{{tag}}" has the key "{{key}}", which wrangler does not know: it only warns (Unexpected fields found in migrations field: "{{key}}") and nothing under it is applied{{consequence}}. Did you mean "{{suggestion}}"?',
      unknown:
        'Migration "{{tag}}" has the key "{{key}}", which wrangler does not know: it only warns (Unexpected fields found in migrations field: "{{key}}") and ignores it. A migration entry takes {{known}}.',
    },
  },
  check(worker, context) {
    for (const site of migrationSites(worker, context)) {
      for (const entry of site.entries) {
        for (const { key, span: keySpan } of entry.unknownKeys) {
          const tag = entry.tag?.value ?? `#${entry.index + 1}`;
          const suggestion = suggestKey(key);
          if (!suggestion) {
            // A key that resembles none (a comment field, a note) breaks nothing wrangler does: a warning, as wrangler's.
            context.report({ messageId: "unknown", data: { tag, key, known: KNOWN_KEYS.map((k) => `"${k}"`).join(", ") }, file: worker.file, span: keySpan, severity: "warning" });
            continue;
          }
          context.report({
            messageId: "didYouMean",
            data: { tag, key, suggestion, consequence: consequenceOf(suggestion) },
            file: worker.file,
            span: keySpan,
            fixes: renameKeyFix(worker, entry, key, keySpan, suggestion),
          });
        }
      }
    }
  },
};

/** The migration key an unknown one most likely meant, if any. */
export function suggestKey(key: string): string | undefined {
  const slip = KNOWN_SLIPS[key.toLowerCase()];
  if (slip) return slip;
  // Singular forms and near misses: new_class, new_sqlite_class, deleted_class, newClasses...
  return nearestName(key, KNOWN_KEYS) ?? nearestName(`${key}es`, KNOWN_KEYS) ?? nearestName(`${key}s`, KNOWN_KEYS);
}

function consequenceOf(key: string): string {
  switch (key) {
    case "new_classes":
    case "new_sqlite_classes":
      return ": the classes it lists are never created (a binding to them fails to deploy, and wrangler dev runs them without SQLite)";
    case "deleted_classes":
      return ": the classes it lists are not deleted";
    case "renamed_classes":
      return ": the classes are not renamed (their data stays under the old name)";
    case "transferred_classes":
      return ": the classes are not transferred";
    default:
      return "";
  }
}

/** Renames the key in place (its quotes and the value untouched); none when the entry already has the right key. */
function renameKeyFix(worker: WorkerConfig, entry: MigrationEntry, key: string, keySpan: { start: number; end: number }, suggestion: string): FixDraft[] {
  if (entry.keySpans[suggestion]) return [];
  const written = worker.parsed.text.slice(keySpan.start, keySpan.end);
  if (!written.includes(key)) return [];
  return [{ title: `Rename "${key}" to "${suggestion}"`, edits: [{ file: worker.file, span: keySpan, newText: written.replace(key, suggestion) }], preferred: true, safe: true }];
}
