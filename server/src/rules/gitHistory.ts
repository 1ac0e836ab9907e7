import type { GitBase } from "../project/gitBase";
import type { MigrationEntry, WorkerConfig } from "../project/model";
import { readWorkerConfig } from "../project/readConfig";
import type { ProjectView } from "./rule";

const parsedBases = new WeakMap<GitBase, Map<string, WorkerConfig | undefined>>();

/**
 * The worker's config as it was at the git base, parsed once per base; undefined without a base, when
 * the config did not exist there, or when that version does not parse cleanly (a half-read history
 * would invent differences).
 */
export function baseConfig(context: ProjectView, worker: WorkerConfig): WorkerConfig | undefined {
  const gitBase = context.gitBase;
  const text = gitBase?.textAt(worker.file);
  if (!gitBase || text === undefined) return undefined;
  let cache = parsedBases.get(gitBase);
  if (!cache) parsedBases.set(gitBase, (cache = new Map()));
  if (!cache.has(worker.file)) {
    // The file may have had another format at the base (wrangler.toml renamed to wrangler.jsonc).
    const config = readWorkerConfig(baseFileName(worker.file, text), text);
    cache.set(worker.file, config.parsed.root !== undefined && config.parsed.problems.length === 0 ? config : undefined);
  }
  return cache.get(worker.file);
}

/** A file name whose extension matches the base text's format (TOML or JSON). */
function baseFileName(file: string, text: string): string {
  const looksJson = /^\s*(\/\/[^\n]*\n\s*|\/\*[\s\S]*?\*\/\s*)*[{[]/.test(text);
  const isToml = file.endsWith(".toml");
  if (looksJson && isToml) return file.replace(/\.toml$/, ".jsonc");
  if (!looksJson && !isToml) return file.replace(/\.jsonc?$/, ".toml");
  return file;
}

/**
 * Whether a migration entry (by its tag) was already in the config at the git base, in the same
 * environment: true (so probably deployed), false (new since the base, or the config is), or undefined
 * when there is no git information.
 */
export function appliedAtBase(context: ProjectView, worker: WorkerConfig, envName: string, entry: MigrationEntry): boolean | undefined {
  if (!context.gitBase) return undefined;
  const tag = entry.tag?.value;
  if (context.gitBase.textAt(worker.file) === undefined) return false;
  const base = baseConfig(context, worker);
  if (!base || !tag) return undefined;
  const env = envName === "" ? base.topLevel : base.environments.find((e) => e.name === envName);
  // An environment new since the base is another script, never deployed with these migrations.
  if (!env) return false;
  return !!env.migrations?.value.some((e) => e.tag?.value === tag);
}
