import { asArray, asObject, property, type ConfigArray } from "../project/configTree";
import type { Environment, WorkerConfig } from "../project/model";
import type { EditDraft } from "../rules/rule";
import { appendObjectToArray, environmentPath, setTableKey } from "./configEdits";

/** The `durable_objects.bindings` array of an environment as read, for edits that append to it. */
export function durableObjectBindingsArray(worker: WorkerConfig, env: Environment): ConfigArray | undefined {
  return asArray(property(durableObjectsObject(worker, env), "bindings")?.value);
}

function durableObjectsObject(worker: WorkerConfig, env: Environment) {
  const root = worker.parsed.root;
  const object = env.name === "" ? root : asObject(property(asObject(property(root, "env")?.value), env.name)?.value);
  return asObject(property(object, "durable_objects")?.value);
}

/**
 * The binding as an edit. In JSONC a missing `durable_objects` (or its `bindings`) is added as one
 * property holding the whole value, an insertion next to the others (jsonc-parser's `modify` would
 * rewrite the parent object to create both levels).
 */
function bindingEdits(worker: WorkerConfig, env: Environment, entry: { name: string; class_name: string }): EditDraft[] {
  const existing = durableObjectBindingsArray(worker, env);
  if (worker.parsed.format === "jsonc" && !existing) {
    const path = environmentPath(env);
    return durableObjectsObject(worker, env) ? setTableKey(worker, [...path, "durable_objects"], "bindings", [entry]) : setTableKey(worker, path, "durable_objects", { bindings: [entry] });
  }
  return appendObjectToArray(worker, env, ["durable_objects", "bindings"], entry, existing);
}

/**
 * Adds a Durable Object binding `{ name, class_name }` to an environment and, when `migration` is
 * given, a migration entry creating the class SQLite-backed in the environment that holds the
 * `migrations` array. Both may insert at the same offset (the end of a TOML file, or of the JSONC
 * root object): they are applied in the order given, the binding first. Empty when either edit
 * cannot be made without harm (a key of another type on the path, an inline TOML table).
 */
export function addDurableObjectBinding(
  worker: WorkerConfig,
  env: Environment,
  binding: { name: string; className: string },
  migration?: { owner: Environment; existing: ConfigArray | undefined; tag: string },
): EditDraft[] {
  const forBinding = bindingEdits(worker, env, { name: binding.name, class_name: binding.className });
  if (forBinding.length === 0) return [];
  if (!migration) return forBinding;
  const migrationEdits = appendObjectToArray(worker, migration.owner, ["migrations"], { tag: migration.tag, new_sqlite_classes: [binding.className] }, migration.existing);
  if (migrationEdits.length === 0) return [];
  // Two insertions at one offset are fine (kept in order); a replacement reaching into the other edit is not.
  const overlap = forBinding.some((a) => migrationEdits.some((b) => a.span.start < b.span.end && b.span.start < a.span.end));
  return overlap ? [] : [...forBinding, ...migrationEdits];
}
