import { harnessReason, harnessConfigs } from "../facts/harnessConfigs";
import type { MigrationEntry, WorkerConfig } from "../project/model";
import { sqliteNeed } from "./agentNeedsSqlite";
import { appliedAtBase } from "./gitHistory";
import type { FixDraft, Rule } from "./rule";
import { migrationSites } from "./migrationSites";

/**
 * `new_classes` creates a KV-backed Durable Object: not available on the Workers Free plan, and no
 * longer what Cloudflare recommends for new classes. Only information: a paid account may want it.
 * A class that needs SQLite (an Agent, a container, SQL) is agent-needs-sqlite's error instead.
 */
export const newClassesKvBacked: Rule = {
  meta: {
    id: "new-classes-kv-backed",
    defaultSeverity: "info",
    facts: [harnessConfigs],
    description: "A migration creates a plain Durable Object with `new_classes` (KV-backed storage) where `new_sqlite_classes` is the recommended default.",
    fixable: true,
    messages: {
      notDeployed:
        'Migration "{{tag}}" creates {{classes}} with `new_classes`: KV-backed Durable Objects. They are not available on the Workers Free plan (deploy fails with "In order to use Durable Objects with a free plan, you must create a namespace using a `new_sqlite_classes` migration." [code: 10097]), and SQLite-backed storage is Cloudflare\'s recommended default for new classes (same key-value API, plus SQL and point-in-time recovery). {{advice}}',
    },
  },
  check(worker, context) {
    // A config only a test harness uses is never deployed: its storage backend is Miniflare's business.
    if (harnessReason(context, worker)) return;
    for (const site of migrationSites(worker, context)) {
      for (const entry of site.entries) {
        const kv = entry.created.filter((c) => c.storage === "kv");
        if (kv.length === 0) continue;
        const plain = kv.filter((c) => !sqliteNeed(context, worker, site.definedIn, c.className.value));
        if (plain.length === 0) continue;
        const applied = appliedAtBase(context, worker, site.definedIn.name, entry);
        // Deployed already: the account has Durable Objects on KV storage, and the class cannot be converted.
        if (applied === true) continue;
        const known = applied === false;
        const advice = known
          ? `This migration is new since ${context.gitBase!.label}, so it was probably not deployed yet: use \`new_sqlite_classes\` unless KV-backed storage is what you want.`
          : "If this migration was never deployed, use `new_sqlite_classes`; once deployed, a KV-backed class cannot be converted in place (and the account is on a paid plan: keep it).";
        const fixes = keyRenameFix(worker, entry, kv.length === plain.length, known);
        // One finding per entry, on its `new_classes` key: the key is what the fix changes.
        context.report({
          messageId: "notDeployed",
          data: { tag: entry.tag?.value ?? `#${entry.index + 1}`, classes: plain.map((c) => `"${c.className.value}"`).join(", "), advice },
          file: worker.file,
          span: entry.keySpans["new_classes"] ?? plain[0].className.span,
          fixes,
        });
      }
    }
  },
};

/**
 * Renames `new_classes` to `new_sqlite_classes`: preferred when git says the migration was never
 * deployed; without git, offered but not preferred, and titled for the condition it needs.
 */
function keyRenameFix(worker: WorkerConfig, entry: MigrationEntry, allPlain: boolean, neverDeployed: boolean): FixDraft[] {
  const keySpan = entry.keySpans["new_classes"];
  if (!keySpan || !allPlain || entry.keySpans["new_sqlite_classes"]) return [];
  const written = worker.parsed.text.slice(keySpan.start, keySpan.end);
  const title = neverDeployed ? "Change new_classes to new_sqlite_classes (not deployed yet)" : "Change new_classes to new_sqlite_classes (only if this migration was never deployed)";
  return [{ title, edits: [{ file: worker.file, span: keySpan, newText: written.replace("new_classes", "new_sqlite_classes") }], preferred: neverDeployed, safe: false }];
}
