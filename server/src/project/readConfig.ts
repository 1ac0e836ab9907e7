import * as path from "node:path";
import { asArray, asObject, asString, property, type ConfigObject, type ConfigValue, type ParsedConfig } from "./configTree";
import { parseJsoncConfig } from "./jsoncTree";
import { parseTomlConfig } from "./tomlTree";
import type {
  AssetsConfig,
  CreatedClass,
  DurableObjectBinding,
  Environment,
  ExportDeclaration,
  Inherited,
  Located,
  MigrationEntry,
  OtherBinding,
  WorkerConfig,
} from "./model";

export function parseConfigText(file: string, text: string): ParsedConfig {
  return file.toLowerCase().endsWith(".toml") ? parseTomlConfig(text) : parseJsoncConfig(text);
}

export function readWorkerConfig(file: string, text: string): WorkerConfig {
  const parsed = parseConfigText(file, text);
  const root = parsed.root;
  const whole = { start: 0, end: text.length };
  const topLevel = readEnvironment(root, "", "the top level", whole, undefined);
  const environments: Environment[] = [];
  const envObject = asObject(property(root, "env")?.value);
  for (const entry of envObject?.properties ?? []) {
    const object = asObject(entry.value);
    if (!object) continue;
    environments.push(readEnvironment(object, entry.key, `env.${entry.key}`, entry.keySpan, topLevel));
  }
  return { file, dir: path.dirname(file), parsed, topLevel, environments };
}

/** A config file that is binary, too large, or vanished while being read: an empty worker with one problem. */
export function unreadableConfig(file: string): WorkerConfig {
  const worker = readWorkerConfig(file, "");
  worker.parsed.root = undefined;
  worker.parsed.problems.push({ message: "This file cannot be read as text (binary content, or larger than 8 MB), so nothing in it was checked.", span: { start: 0, end: 0 } });
  return worker;
}

function located(value: ConfigValue | undefined): Located<string> | undefined {
  const text = asString(value);
  return text === undefined || !value ? undefined : { value: text, span: value.span };
}

function locatedStrings(value: ConfigValue | undefined): Located<string>[] {
  const list: Located<string>[] = [];
  for (const item of asArray(value)?.items ?? []) {
    const entry = located(item);
    if (entry) list.push(entry);
  }
  return list;
}

/** Own value when the environment writes the key, else the top level's (for inheritable keys). */
function inherit<T>(
  own: ConfigObject | undefined,
  key: string,
  envName: string,
  parent: Inherited<T> | undefined,
  read: (value: ConfigValue) => T | undefined,
): Inherited<T> | undefined {
  const prop = property(own, key);
  if (prop) {
    const value = read(prop.value);
    if (value !== undefined) return { value, definedIn: envName, span: prop.value.span };
  }
  return parent;
}

function readEnvironment(
  object: ConfigObject | undefined,
  name: string,
  label: string,
  span: { start: number; end: number },
  parent: Environment | undefined,
): Environment {
  const durableObjectsProp = property(object, "durable_objects");
  const bindings: DurableObjectBinding[] = [];
  const bindingItems = asArray(property(asObject(durableObjectsProp?.value), "bindings")?.value)?.items ?? [];
  bindingItems.forEach((item, index) => {
    const binding = asObject(item);
    if (!binding) {
      // `"bindings": ["CoderAgent"]`: kept, so the mistake is reported rather than silently dropped.
      bindings.push({ span: item.span, environmentName: name, index, notAnObject: true });
      return;
    }
    bindings.push({
      span: binding.span,
      name: located(property(binding, "name")?.value),
      className: located(property(binding, "class_name")?.value),
      scriptName: located(property(binding, "script_name")?.value),
      environment: located(property(binding, "environment")?.value),
      environmentName: name,
      index,
    });
  });
  return {
    name,
    label,
    span,
    objectSpan: object?.span,
    workerName: inherit(object, "name", name, parent?.workerName, (v) => asString(v)),
    main: inherit(object, "main", name, parent?.main, (v) => located(v)),
    buildCommand: inherit(object, "build", name, parent?.buildCommand, (v) => located(property(asObject(v), "command")?.value)),
    compatibilityDate: inherit(object, "compatibility_date", name, parent?.compatibilityDate, (v) => located(v)),
    compatibilityFlags: inherit(object, "compatibility_flags", name, parent?.compatibilityFlags, (v) =>
      v.kind === "array" ? locatedStrings(v) : undefined,
    ),
    durableObjectsSpan: durableObjectsProp ? { start: durableObjectsProp.keySpan.start, end: durableObjectsProp.value.span.end } : undefined,
    durableObjects: bindings,
    migrations: inherit(object, "migrations", name, parent?.migrations, (v) => (v.kind === "array" ? readMigrations(v.items) : undefined)),
    exports: inherit(object, "exports", name, parent?.exports, (v) => (v.kind === "object" ? readExports(v) : undefined)),
    assets: inherit(object, "assets", name, parent?.assets, (v) => (v.kind === "object" ? readAssets(v) : undefined)),
    containerClasses: (asArray(property(object, "containers")?.value)?.items ?? []).flatMap((item) => {
      const className = located(property(asObject(item), "class_name")?.value);
      return className ? [className] : [];
    }),
    containers: (asArray(property(object, "containers")?.value)?.items ?? []).flatMap((item, index) => {
      const entry = asObject(item);
      if (!entry) return [];
      return [{ span: entry.span, index, className: located(property(entry, "class_name")?.value), name: located(property(entry, "name")?.value), image: located(property(entry, "image")?.value) }];
    }),
    services: (asArray(property(object, "services")?.value)?.items ?? []).flatMap((item) => {
      const entry = asObject(item);
      if (!entry) return [];
      return [
        {
          span: entry.span,
          binding: located(property(entry, "binding")?.value),
          service: located(property(entry, "service")?.value),
          entrypoint: located(property(entry, "entrypoint")?.value),
          environment: located(property(entry, "environment")?.value),
        },
      ];
    }),
    workflows: (asArray(property(object, "workflows")?.value)?.items ?? []).flatMap((item) => {
      const workflow = asObject(item);
      const className = located(property(workflow, "class_name")?.value);
      if (!workflow || !className || property(workflow, "script_name")) return [];
      return [{ span: workflow.span, binding: located(property(workflow, "binding")?.value), name: located(property(workflow, "name")?.value), className }];
    }),
    remoteWorkflows: (asArray(property(object, "workflows")?.value)?.items ?? []).flatMap((item) => {
      const workflow = asObject(item);
      const scriptName = located(property(workflow, "script_name")?.value);
      if (!workflow || !scriptName) return [];
      return [{ span: workflow.span, binding: located(property(workflow, "binding")?.value), className: located(property(workflow, "class_name")?.value), scriptName }];
    }),
    otherBindings: readOtherBindings(object),
  };
}

/** The keys wrangler reads in a migration entry (workers-utils `validateMigrations`); it only warns about others. */
export const MIGRATION_KEYS: ReadonlySet<string> = new Set(["tag", "new_classes", "new_sqlite_classes", "renamed_classes", "deleted_classes", "transferred_classes"]);

function readMigrations(items: ConfigValue[]): MigrationEntry[] {
  const entries: MigrationEntry[] = [];
  items.forEach((item, index) => {
    const object = asObject(item);
    if (!object) return;
    const created: CreatedClass[] = [
      ...locatedStrings(property(object, "new_classes")?.value).map((className) => ({ className, storage: "kv" as const })),
      ...locatedStrings(property(object, "new_sqlite_classes")?.value).map((className) => ({ className, storage: "sqlite" as const })),
    ];
    entries.push({
      span: object.span,
      index,
      tag: located(property(object, "tag")?.value),
      keySpans: Object.fromEntries(object.properties.map((p) => [p.key, p.keySpan])),
      unknownKeys: object.properties.filter((p) => !MIGRATION_KEYS.has(p.key)).map((p) => ({ key: p.key, span: p.keySpan, classes: locatedStrings(p.value) })),
      created,
      deleted: locatedStrings(property(object, "deleted_classes")?.value),
      renamed: (asArray(property(object, "renamed_classes")?.value)?.items ?? []).flatMap((entry) => {
        const pair = asObject(entry);
        return pair ? [{ span: pair.span, from: located(property(pair, "from")?.value), to: located(property(pair, "to")?.value) }] : [];
      }),
      transferred: (asArray(property(object, "transferred_classes")?.value)?.items ?? []).flatMap((entry) => {
        const move = asObject(entry);
        return move
          ? [
              {
                span: move.span,
                from: located(property(move, "from")?.value),
                fromScript: located(property(move, "from_script")?.value),
                to: located(property(move, "to")?.value),
              },
            ]
          : [];
      }),
    });
  });
  return entries;
}

function readExports(object: ConfigObject): ExportDeclaration[] {
  return object.properties.flatMap((prop) => {
    const entry = asObject(prop.value);
    if (!entry) return [];
    return [
      {
        span: { start: prop.keySpan.start, end: prop.value.span.end },
        className: { value: prop.key, span: prop.keySpan },
        type: located(property(entry, "type")?.value),
        storage: located(property(entry, "storage")?.value),
        state: located(property(entry, "state")?.value),
        renamedTo: located(property(entry, "renamed_to")?.value),
        container: located(property(entry, "container")?.value),
      },
    ];
  });
}

function readAssets(object: ConfigObject): AssetsConfig {
  const runWorkerFirstValue = property(object, "run_worker_first")?.value;
  let runWorkerFirst: Located<boolean | string[]> | undefined;
  if (runWorkerFirstValue?.kind === "boolean") runWorkerFirst = { value: Boolean(runWorkerFirstValue.value), span: runWorkerFirstValue.span };
  else if (runWorkerFirstValue?.kind === "array")
    runWorkerFirst = { value: locatedStrings(runWorkerFirstValue).map((l) => l.value), span: runWorkerFirstValue.span };
  return {
    span: object.span,
    directory: located(property(object, "directory")?.value),
    notFoundHandling: located(property(object, "not_found_handling")?.value),
    runWorkerFirst,
    binding: located(property(object, "binding")?.value),
  };
}

/** Binding kinds whose entries name their binding with `binding` (or `name` for some). */
const LIST_BINDING_KINDS: Record<string, string> = {
  kv_namespaces: "binding",
  r2_buckets: "binding",
  d1_databases: "binding",
  services: "binding",
  vectorize: "binding",
  hyperdrive: "binding",
  analytics_engine_datasets: "binding",
  workflows: "binding",
  dispatch_namespaces: "binding",
  mtls_certificates: "binding",
  send_email: "name",
  pipelines: "binding",
  secrets_store_secrets: "binding",
};
const SINGLE_BINDING_KINDS = ["ai", "browser", "images", "version_metadata", "assets"];

function readOtherBindings(object: ConfigObject | undefined): OtherBinding[] {
  const found: OtherBinding[] = [];
  for (const [kind, key] of Object.entries(LIST_BINDING_KINDS)) {
    for (const item of asArray(property(object, kind)?.value)?.items ?? []) {
      const name = located(property(asObject(item), key)?.value);
      if (name) found.push({ kind, name });
    }
  }
  const queues = asObject(property(object, "queues")?.value);
  for (const item of asArray(property(queues, "producers")?.value)?.items ?? []) {
    const name = located(property(asObject(item), "binding")?.value);
    if (name) found.push({ kind: "queues.producers", name });
  }
  for (const kind of SINGLE_BINDING_KINDS) {
    const name = located(property(asObject(property(object, kind)?.value), "binding")?.value);
    if (name) found.push({ kind, name });
  }
  for (const prop of asObject(property(object, "vars")?.value)?.properties ?? []) {
    found.push({ kind: "vars", name: { value: prop.key, span: prop.keySpan } });
  }
  return found;
}
