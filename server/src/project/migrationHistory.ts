import type { Located, MigrationEntry, Storage } from "./model";

export interface LiveClass {
  storage: Storage;
  /** The class name string of the entry that created (or renamed / transferred it to) its current name. */
  createdBy: Located<string>;
  entry: MigrationEntry;
}

export type ReplayProblemKind = "missing-tag" | "created-twice" | "created-twice-in-entry" | "deleted-missing" | "renamed-missing" | "renamed-onto-existing" | "transferred-onto-existing";

export interface ReplayProblem {
  kind: ReplayProblemKind;
  className?: string;
  at: Located<string> | { span: { start: number; end: number } };
  entry: MigrationEntry;
}

export interface MigrationHistory {
  /** Classes alive after every migration, by name. */
  live: Map<string, LiveClass>;
  /** Classes deleted (and not created again later), by name, with the deleting string. */
  deleted: Map<string, Located<string>>;
  /** Names renamed away (and not created again later) -> the name their data moved to, as written in that rename. */
  renamedAway: Map<string, Located<string>>;
  problems: ReplayProblem[];
}

/**
 * Replays migrations in order, as the runtime applies them: creations, renames, deletions and
 * transfers in, noting every step that could not apply.
 */
export function replayMigrations(entries: MigrationEntry[]): MigrationHistory {
  const live = new Map<string, LiveClass>();
  const deleted = new Map<string, Located<string>>();
  const renamedAway = new Map<string, Located<string>>();
  const problems: ReplayProblem[] = [];
  for (const entry of entries) {
    if (!entry.tag || entry.tag.value.trim() === "") {
      problems.push({ kind: "missing-tag", at: entry.tag ?? { span: { start: entry.span.start, end: entry.span.start + 1 } }, entry });
    }
    for (const created of entry.created) {
      const name = created.className.value;
      const earlier = live.get(name);
      if (earlier) problems.push({ kind: earlier.entry === entry ? "created-twice-in-entry" : "created-twice", className: name, at: created.className, entry });
      live.set(name, { storage: created.storage, createdBy: created.className, entry });
      deleted.delete(name);
      renamedAway.delete(name);
    }
    for (const rename of entry.renamed) {
      if (!rename.from || !rename.to) continue;
      const source = live.get(rename.from.value);
      if (!source) {
        problems.push({ kind: "renamed-missing", className: rename.from.value, at: rename.from, entry });
        // Count the new name as created anyway: one mistake, one finding, no cascade.
        if (!live.has(rename.to.value)) live.set(rename.to.value, { storage: "sqlite", createdBy: rename.to, entry });
        continue;
      }
      if (live.has(rename.to.value)) {
        problems.push({ kind: "renamed-onto-existing", className: rename.to.value, at: rename.to, entry });
        continue;
      }
      live.delete(rename.from.value);
      live.set(rename.to.value, { storage: source.storage, createdBy: rename.to, entry });
      deleted.delete(rename.to.value);
      renamedAway.delete(rename.to.value);
      renamedAway.set(rename.from.value, rename.to);
    }
    for (const removed of entry.deleted) {
      if (!live.has(removed.value)) {
        problems.push({ kind: "deleted-missing", className: removed.value, at: removed, entry });
        continue;
      }
      live.delete(removed.value);
      deleted.set(removed.value, removed);
      renamedAway.delete(removed.value);
    }
    for (const transfer of entry.transferred) {
      if (!transfer.to) continue;
      if (live.has(transfer.to.value)) {
        problems.push({ kind: "transferred-onto-existing", className: transfer.to.value, at: transfer.to, entry });
        continue;
      }
      // The storage kind comes with the transferred class; SQLite is what new classes get.
      live.set(transfer.to.value, { storage: "sqlite", createdBy: transfer.to, entry });
      renamedAway.delete(transfer.to.value);
    }
  }
  return { live, deleted, renamedAway, problems };
}

/**
 * Where the data of a class renamed away now lives: the rename chain followed (A -> B -> C) to a live
 * class. Undefined when `name` was not renamed, or the chain ends in no live class (deleted later).
 */
export function renamedTarget(history: MigrationHistory, name: string): Located<string> | undefined {
  const seen = new Set<string>();
  let current = history.renamedAway.get(name);
  while (current && !history.live.has(current.value)) {
    if (seen.has(current.value)) return undefined;
    seen.add(current.value);
    current = history.renamedAway.get(current.value);
  }
  return current;
}
