import type { Environment, MigrationEntry, WorkerConfig } from "../project/model";
import { asArray, property, asObject } from "../project/configTree";
import type { ConfigArray } from "../project/configTree";
import type { RuleContext } from "./rule";

/**
 * Migrations are inherited by environments unless overridden, so one `migrations` array may serve
 * several environments. Rules about the migrations themselves check each array once, where it is written.
 */
export interface MigrationSite {
  /** The environment whose text holds the array ("" = top level). */
  definedIn: Environment;
  entries: MigrationEntry[];
}

export function migrationSites(worker: WorkerConfig, context: RuleContext): MigrationSite[] {
  const sites = new Map<string, MigrationSite>();
  const all = [worker.topLevel, ...worker.environments];
  for (const env of context.environments(worker)) {
    const migrations = env.migrations;
    if (!migrations || sites.has(migrations.definedIn)) continue;
    const owner = all.find((e) => e.name === migrations.definedIn) ?? env;
    sites.set(migrations.definedIn, { definedIn: owner, entries: migrations.value });
  }
  return [...sites.values()];
}

/** The `migrations` array as read, for edits that append to it. */
export function migrationsArray(worker: WorkerConfig, owner: Environment): ConfigArray | undefined {
  const root = worker.parsed.root;
  const object = owner.name === "" ? root : asObject(property(asObject(property(root, "env")?.value), owner.name)?.value);
  return asArray(property(object, "migrations")?.value);
}

/** The next free tag, continuing the author's `v<N>` numbering when there is one. */
export function nextMigrationTag(entries: MigrationEntry[]): string {
  const tags = new Set(entries.map((e) => e.tag?.value).filter((t): t is string => !!t));
  let highest = 0;
  for (const tag of tags) {
    const match = /^v(\d+)$/i.exec(tag);
    if (match) highest = Math.max(highest, Number(match[1]));
  }
  let next = Math.max(highest, entries.length) + 1;
  while (tags.has(`v${next}`)) next++;
  return `v${next}`;
}
