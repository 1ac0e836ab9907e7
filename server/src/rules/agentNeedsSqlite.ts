import type { Rule } from "./rule";
import { migrationSites } from "./migrationSites";
import { classesNamed } from "./workerFacts";

export const agentNeedsSqlite: Rule = {
  meta: {
    id: "agent-needs-sqlite",
    defaultSeverity: "error",
    description: "An Agents SDK class (or a class using SQL storage) is created with `new_classes` (KV-backed) instead of `new_sqlite_classes`.",
    fixable: true,
  },
  check(worker, context) {
    for (const site of migrationSites(worker, context)) {
      for (const entry of site.entries) {
        for (const created of entry.created) {
          if (created.storage !== "kv") continue;
          const name = created.className.value;
          const located = classesNamed(context, worker, site.definedIn, name)[0];
          if (!located) continue;
          const facts = context.classFacts(located.module, located.declaration);
          if (facts.kind !== "agent" && !facts.usesSqlStorage) continue;
          const what = facts.kind === "agent" ? `"${name}" is an Agents SDK class` : `"${name}" uses SQL storage`;
          const keySpan = entry.keySpans["new_classes"];
          const onlyClass = entry.created.filter((c) => c.storage === "kv").length === 1 && !entry.keySpans["new_sqlite_classes"];
          const fixes =
            keySpan && onlyClass
              ? [
                  {
                    title: "Change new_classes to new_sqlite_classes (only if this migration was never deployed)",
                    edits: [{ file: worker.file, span: keySpan, newText: worker.parsed.text.slice(keySpan.start, keySpan.end).replace("new_classes", "new_sqlite_classes") }],
                    preferred: true,
                    safe: false,
                  },
                ]
              : [];
          context.report({
            message: `${what} but migration "${entry.tag?.value ?? entry.index}" creates it with \`new_classes\` (KV-backed storage). Every request to it fails with "The storage.kv (synchronous KV) API is only available for SQLite-backed Durable Objects...". Use \`new_sqlite_classes\` if this migration was never deployed; a deployed KV-backed class cannot be converted in place, so create a new SQLite class instead.`,
            file: worker.file,
            span: created.className.span,
            fixes,
          });
        }
      }
    }
  },
};
