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
      const factsOf = (name: string) => {
        const located = classesNamed(context, worker, site.definedIn, name)[0];
        return located ? context.classFacts(located.module, located.declaration) : undefined;
      };
      for (const entry of site.entries) {
        const kvClasses = entry.created.filter((c) => c.storage === "kv");
        // Renaming the key converts every class it lists: only when all of them need SQLite.
        const keyRenameFixesAll =
          !entry.keySpans["new_sqlite_classes"] &&
          kvClasses.every((c) => {
            const facts = factsOf(c.className.value);
            return !!facts && (facts.kind === "agent" || facts.usesSqlStorage);
          });
        for (const created of kvClasses) {
          const name = created.className.value;
          const facts = factsOf(name);
          if (!facts) continue;
          if (facts.kind !== "agent" && !facts.usesSqlStorage) continue;
          const what = facts.kind === "agent" ? `"${name}" is an Agents SDK class` : `"${name}" uses SQL storage`;
          const keySpan = entry.keySpans["new_classes"];
          const fixes =
            keySpan && keyRenameFixesAll
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
            message: `${what} but migration "${entry.tag?.value ?? `#${entry.index + 1}`}" creates it with \`new_classes\` (KV-backed storage). Every request to it fails with "The storage.kv (synchronous KV) API is only available for SQLite-backed Durable Objects...". Use \`new_sqlite_classes\` if this migration was never deployed; a deployed KV-backed class cannot be converted in place, so create a new SQLite class instead.`,
            file: worker.file,
            span: created.className.span,
            fixes,
          });
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
        if (declaration.storage?.value !== "legacy-kv" || declaration.state?.value === "deleted") continue;
        const located = classesNamed(context, worker, env, declaration.className.value)[0];
        const facts = located ? context.classFacts(located.module, located.declaration) : undefined;
        if (!facts || (facts.kind !== "agent" && !facts.usesSqlStorage)) continue;
        const storage = declaration.storage;
        context.report({
          message: `"${declaration.className.value}" ${facts.kind === "agent" ? "is an Agents SDK class" : "uses SQL storage"} but \`exports\` declares it with "storage": "legacy-kv". Every request to it fails with "The storage.kv (synchronous KV) API is only available for SQLite-backed Durable Objects...". Use "sqlite" if it was never deployed; a deployed KV-backed class cannot be converted in place.`,
          file: worker.file,
          span: storage.span,
          fixes: [{ title: 'Change storage to "sqlite" (only if this class was never deployed)', edits: [{ file: worker.file, span: storage.span, newText: JSON.stringify("sqlite") }], preferred: true, safe: false }],
        });
      }
    }
  },
};
