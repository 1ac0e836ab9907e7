import type { Span } from "../text/positions";
import type { ParsedConfig } from "./configTree";

/** A value read from a config together with where its text is. */
export interface Located<T> {
  value: T;
  span: Span;
}

export interface DurableObjectBinding {
  /** The object `{ name, class_name, ... }` in the config. */
  span: Span;
  name?: Located<string>;
  className?: Located<string>;
  scriptName?: Located<string>;
  environment?: Located<string>;
  /** The environment this binding is written in ("" for the top level). */
  environmentName: string;
  /** Position in its `bindings` array, for edits addressed by path. */
  index: number;
  /** The entry is not an object at all (a bare string, a number...). */
  notAnObject?: boolean;
}

export type Storage = "sqlite" | "kv";

export interface CreatedClass {
  className: Located<string>;
  storage: Storage;
}

export interface RenamedClass {
  span: Span;
  from?: Located<string>;
  to?: Located<string>;
}

export interface TransferredClass {
  span: Span;
  from?: Located<string>;
  fromScript?: Located<string>;
  to?: Located<string>;
}

export interface MigrationEntry {
  span: Span;
  index: number;
  tag?: Located<string>;
  /** Spans of the entry's keys as written (`new_classes` -> span), for edits that rename a key. */
  keySpans: Record<string, Span>;
  created: CreatedClass[];
  deleted: Located<string>[];
  renamed: RenamedClass[];
  transferred: TransferredClass[];
  /** Keys wrangler does not read (`new_sqlite_class`...), with the class names they list, if any. */
  unknownKeys: { key: string; span: Span; classes: Located<string>[] }[];
}

/** One entry of the declarative `exports` key (wrangler >= 4.107). */
export interface ExportDeclaration {
  span: Span;
  className: Located<string>;
  type?: Located<string>;
  storage?: Located<string>;
  state?: Located<string>;
  /** `renamed_to` of a `renamed` tombstone. */
  renamedTo?: Located<string>;
  /** `container`: the name of a `containers[]` entry this Durable Object runs. */
  container?: Located<string>;
}

/** One entry of `containers`: a container image run by a Durable Object class of this worker. */
export interface ContainerEntry {
  span: Span;
  index: number;
  className?: Located<string>;
  name?: Located<string>;
  /** A Dockerfile path (relative to the config) or a registry image reference. */
  image?: Located<string>;
}

/** One entry of `services`: a binding to another Worker (or this one), maybe to a named entrypoint. */
export interface ServiceBinding {
  span: Span;
  binding?: Located<string>;
  service?: Located<string>;
  entrypoint?: Located<string>;
  environment?: Located<string>;
}

/** One entry of `workflows` that runs a class of this worker (no `script_name`). */
export interface WorkflowBinding {
  /** The object `{ binding, name, class_name }` in the config. */
  span: Span;
  binding?: Located<string>;
  name?: Located<string>;
  className: Located<string>;
}

/** One entry of `workflows` that runs a class of another worker (`script_name`). */
export interface RemoteWorkflowBinding {
  span: Span;
  binding?: Located<string>;
  className?: Located<string>;
  scriptName: Located<string>;
}

/** A binding of another kind (KV, R2, D1, services, vars...): only its name matters here, for clashes. */
export interface OtherBinding {
  kind: string;
  name: Located<string>;
}

export interface AssetsConfig {
  span: Span;
  /** `directory`, relative to the config; the Vite plugin fills it in when it is left out. */
  directory?: Located<string>;
  notFoundHandling?: Located<string>;
  /** `run_worker_first`: a boolean or a list of route patterns. */
  runWorkerFirst?: Located<boolean | string[]>;
  binding?: Located<string>;
}

/** What a property set in a config applies to: where it is written and the value. */
export interface Inherited<T> {
  value: T;
  /** The environment whose text holds it ("" for the top level). */
  definedIn: string;
  /** The span of the whole property value (e.g. the array), for edits. */
  span: Span;
}

/**
 * One environment as wrangler would run it: the top level, or `env.<name>` with wrangler's inheritance
 * applied. `durable_objects` and other bindings are not inherited; `main`, flags, migrations and assets are.
 */
export interface Environment {
  /** "" for the top level. */
  name: string;
  /** Human label: "the top level" or "env.staging". */
  label: string;
  /** The span of the `staging` key under `env`, or of the whole file for the top level. */
  span: Span;
  /** The environment's object span (undefined for the top level when the root failed to parse). */
  objectSpan?: Span;
  workerName?: Inherited<string>;
  main?: Inherited<Located<string>>;
  /** `build.command`: what wrangler runs before building (it may write `main`). */
  buildCommand?: Inherited<Located<string>>;
  compatibilityDate?: Inherited<Located<string>>;
  compatibilityFlags?: Inherited<Located<string>[]>;
  /** Own `durable_objects` property, if written (not inherited). */
  durableObjectsSpan?: Span;
  durableObjects: DurableObjectBinding[];
  migrations?: Inherited<MigrationEntry[]>;
  exports?: Inherited<ExportDeclaration[]>;
  assets?: Inherited<AssetsConfig>;
  /** `containers[].class_name` as this environment writes them (each names a Durable Object class that runs a container). */
  containerClasses: Located<string>[];
  /** Own `containers` entries (not inherited). */
  containers: ContainerEntry[];
  /** Own `services` entries (not inherited). */
  services: ServiceBinding[];
  /** Workflows this worker runs itself (no `script_name`) and whose `class_name` is written. */
  workflows: WorkflowBinding[];
  /** `workflows` entries with `script_name`: the class runs in that worker. */
  remoteWorkflows: RemoteWorkflowBinding[];
  otherBindings: OtherBinding[];
}

export interface WorkerConfig {
  /** Absolute path of the config file. */
  file: string;
  /** The folder holding the config; relative paths in it are resolved from here. */
  dir: string;
  parsed: ParsedConfig;
  topLevel: Environment;
  /** Named environments, in the order written. */
  environments: Environment[];
}

export function allEnvironments(worker: WorkerConfig): Environment[] {
  return [worker.topLevel, ...worker.environments];
}
