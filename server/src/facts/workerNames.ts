import type { Environment, WorkerConfig } from "../project/model";
import { deployedWorkerName } from "./workerFacts";
import type { WorkspaceFact } from "./workspaceFact";

/**
 * Which workers of the workspace refer to which by deployed name: a binding whose `script_name` names
 * another worker makes each worker's check read the other's config or entry (script-name-invalid reads
 * the named worker's entry; deleted-class-still-bound reports on bindings naming the deleting worker).
 */

/** One way a config names another worker. Adding a kind (services' `service`, Workflows' `script_name`) is one entry here. */
export interface NameReferenceKind {
  /** Where the reference is written, for readers. */
  readonly where: string;
  /** The worker names this environment refers to that way. */
  names(env: Environment): readonly (string | undefined)[];
}

export const NAME_REFERENCE_KINDS: readonly NameReferenceKind[] = [
  { where: "durable_objects.bindings[].script_name", names: (env) => env.durableObjects.map((b) => b.scriptName?.value) },
  { where: "workflows[].script_name", names: (env) => env.remoteWorkflows.map((w) => w.scriptName.value) },
  // service-entrypoint-missing reads the entry of the worker a service binding names.
  { where: "services[].service", names: (env) => env.services.map((s) => s.service?.value) },
];

/** A worker's names (each environment's deployed name) and the worker names it refers to. */
export interface WorkerNameEntry {
  names: readonly string[];
  references: readonly string[];
}

export interface WorkerNames {
  /** By config file. */
  byConfig: Map<string, WorkerNameEntry>;
}

/** Kept with each config: an unchanged config is reused by the next analysis, and asked again. */
const entries = new WeakMap<WorkerConfig, WorkerNameEntry>();

export function workerNameEntry(worker: WorkerConfig): WorkerNameEntry {
  let entry = entries.get(worker);
  if (!entry) {
    const envs = [worker.topLevel, ...worker.environments];
    entry = {
      names: envs.map((env) => deployedWorkerName(worker, env)).filter((n): n is string => !!n),
      references: envs.flatMap((env) => NAME_REFERENCE_KINDS.flatMap((kind) => kind.names(env))).filter((n): n is string => !!n),
    };
    entries.set(worker, entry);
  }
  return entry;
}

/**
 * The name ties as a workspace fact. A changed config reaches the workers referring to one of its
 * names and the workers it refers to (before or after the change: a rename or a removed reference
 * matters as much as an added one); a change in a worker's module walk reaches the workers referring
 * to it (they read its entry).
 */
export const workerNames: WorkspaceFact<WorkerNames> = {
  key: "worker-names",
  compute: (context) => ({ byConfig: new Map(context.workers.map((w) => [w.file, workerNameEntry(w)])) }),
  affects({ before, now, changedConfigs, reached }) {
    const versions = (file: string) => [before.byConfig.get(file), now.byConfig.get(file)].filter((e): e is WorkerNameEntry => !!e);
    const namesOf = (files: Iterable<string>) => new Set([...files].flatMap((file) => versions(file).flatMap((e) => e.names)));
    const referencesOf = (files: Iterable<string>) => new Set([...files].flatMap((file) => versions(file).flatMap((e) => e.references)));
    const changedNames = namesOf(changedConfigs);
    const changedReferences = referencesOf(changedConfigs);
    const reachedNames = namesOf(reached);
    const affected = new Set<string>();
    for (const file of new Set([...before.byConfig.keys(), ...now.byConfig.keys()])) {
      const all = versions(file);
      const refersToChanged = all.some((e) => e.references.some((n) => changedNames.has(n) || reachedNames.has(n)));
      const referredToByChanged = all.some((e) => e.names.some((n) => changedReferences.has(n)));
      if (refersToChanged || referredToByChanged) affected.add(file);
    }
    return affected;
  },
};
