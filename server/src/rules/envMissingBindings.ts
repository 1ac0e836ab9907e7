import { appendObjectToArray, setTableKey } from "../edits/configEdits";
import type { TomlData } from "../edits/tomlText";
import { asArray, asObject, asString, property, type ConfigArray, type ConfigObject, type ConfigValue } from "../project/configTree";
import { exportsDeclareDurableObjects, isLiveDurableObjectExport } from "../project/exportsKey";
import { replayMigrations } from "../project/migrationHistory";
import type { Environment, WorkerConfig } from "../project/model";
import type { Severity } from "../findings";
import { environmentRunEvidence } from "../facts/environmentUse";
import { bindingsCheckedBeforeUse } from "../facts/optionalBindings";
import { routeFacts, routeFactsOf } from "../facts/agentRoutes";
import { wrapFinding } from "./deployOnly";
import type { EditDraft, FindingDraft, Rule } from "./rule";

/**
 * The binding kinds that named environments do not inherit and that name something the worker's code
 * or deploy needs, with what identifies an entry. wrangler's config validation (`notInheritable`) warns
 * for each of them: `"<key>" exists at the top level, but not on "env.<name>". This is not what you
 * probably want, since "<key>" is not inherited by environments. Please add "<key>" to "env.<name>".`
 */
interface BindingKind {
  /** The top-level key. */
  key: string;
  /** Where the list is under the key (`durable_objects.bindings`). */
  arrayPath: string[];
  /** The property that identifies an entry (its binding name, or what it names). */
  idKey: string;
  /** "Durable Object binding", "Workflow binding"... */
  what: string;
  /**
   * Whether an environment that writes the key with other entries is reported too. Only when the entries
   * are bindings code reads by name; an environment's own list of containers or tail consumers may be
   * chosen on purpose, so those are reported only when the key is missing altogether (wrangler's case).
   */
  perEntry: boolean;
  /** The property naming the class the entry runs in this worker, for kinds whose class a migration creates. */
  classKey?: string;
  /** Entries are bindings the code reads as `env.<id>`: code that tests one before use makes leaving it out a choice. */
  readInCode?: boolean;
  severity?: Severity;
  /** What breaks, for an environment `env` that lacks the entry named `first` (`routesAgents`: the worker calls routeAgentRequest). */
  consequence(envName: string, first: string, routesAgents: boolean): string;
}

const KINDS: readonly BindingKind[] = [
  {
    key: "durable_objects",
    arrayPath: ["durable_objects", "bindings"],
    idKey: "name",
    what: "Durable Object binding",
    perEntry: true,
    readInCode: true,
    classKey: "class_name",
    consequence: (envName, first, routesAgents) =>
      routesAgents
        ? `with --env ${envName}, env.${first} is undefined. Requests to /agents/* get 400 and direct use fails with "TypeError: Cannot read properties of undefined (reading 'idFromName')"`
        : `with --env ${envName}, env.${first} is undefined, so using it fails with "TypeError: Cannot read properties of undefined (reading 'idFromName')"`,
  },
  {
    key: "workflows",
    arrayPath: ["workflows"],
    idKey: "binding",
    what: "Workflow binding",
    perEntry: true,
    readInCode: true,
    consequence: (envName, first) => `with --env ${envName}, env.${first} is undefined, so starting the Workflow fails with "TypeError: Cannot read properties of undefined (reading 'create')"`,
  },
  {
    key: "services",
    arrayPath: ["services"],
    idKey: "binding",
    what: "service binding",
    perEntry: true,
    readInCode: true,
    consequence: (envName, first) => `with --env ${envName}, env.${first} is undefined, so every call on it (fetch or RPC) fails with "TypeError: Cannot read properties of undefined"`,
  },
  {
    key: "containers",
    arrayPath: ["containers"],
    idKey: "class_name",
    what: "container",
    perEntry: false,
    classKey: "class_name",
    consequence: (envName, first) =>
      `deployed with --env ${envName}, the class ${first} runs without a container: \`ctx.container\` is undefined, and @cloudflare/containers' Container throws "Containers have not been enabled for this Durable Object class. Have you correctly setup your Wrangler config?"`,
  },
  {
    key: "tail_consumers",
    arrayPath: ["tail_consumers"],
    idKey: "service",
    what: "tail consumer",
    perEntry: false,
    severity: "warning",
    consequence: (envName) => `deployed with --env ${envName}, the Worker sends its logs and exceptions to no tail Worker`,
  },
];

/** A config value as plain data, for copying it elsewhere (`null` and unreadable values are left out). */
function plainData(value: ConfigValue): TomlData | undefined {
  if (value.kind === "object") {
    const object: Record<string, TomlData> = {};
    for (const prop of value.properties) {
      const inner = plainData(prop.value);
      if (inner !== undefined) object[prop.key] = inner;
    }
    return object;
  }
  if (value.kind === "array") return value.items.flatMap((item) => (plainData(item) === undefined ? [] : [plainData(item)!]));
  if (value.kind === "string" || value.kind === "number" || value.kind === "boolean") return value.value as TomlData;
  return undefined;
}

function arrayAt(object: ConfigObject | undefined, path: string[]): ConfigArray | undefined {
  let current: ConfigValue | undefined = object;
  for (const key of path) current = property(asObject(current), key)?.value;
  return asArray(current);
}

interface Entry {
  id: string;
  object: ConfigObject;
}

function entriesOf(array: ConfigArray | undefined, kind: BindingKind): Entry[] {
  const entries: Entry[] = [];
  for (const item of array?.items ?? []) {
    const object = asObject(item);
    const id = asString(property(object, kind.idKey)?.value) ?? (kind.key === "containers" ? asString(property(object, "name")?.value) : undefined);
    // Once per id: an id written twice at the top level (duplicate-binding-name) is copied once.
    if (object && id !== undefined && !entries.some((e) => e.id === id)) entries.push({ id, object });
  }
  return entries;
}

function copyEdits(worker: WorkerConfig, env: Environment, envObject: ConfigObject, kind: BindingKind, missing: Entry[]): EditDraft[] {
  const data = missing.map((e) => plainData(e.object) as Record<string, TomlData>);
  const existing = arrayAt(envObject, kind.arrayPath);
  if (worker.parsed.format === "jsonc" && !existing) {
    if (kind.arrayPath.length === 2) {
      const outer = property(envObject, kind.arrayPath[0]);
      return outer ? setTableKey(worker, ["env", env.name, kind.arrayPath[0]], kind.arrayPath[1], data) : setTableKey(worker, ["env", env.name], kind.arrayPath[0], { [kind.arrayPath[1]]: data });
    }
    return setTableKey(worker, ["env", env.name], kind.key, data);
  }
  if (worker.parsed.format === "jsonc" && existing && existing.items.length === 0) {
    // `"bindings": []`: replaced by the full list (jsonc-parser keeps the rest of the file as it is).
    return setTableKey(worker, ["env", env.name, ...kind.arrayPath.slice(0, -1)], kind.arrayPath[kind.arrayPath.length - 1], data);
  }
  return appendObjectToArray(worker, env, kind.arrayPath, data, existing);
}

/**
 * The classes an environment's own `migrations` (or own `exports`) leave live, or undefined when it
 * inherits them from the top level (then every class the top level creates exists there too).
 */
function classesCreatedByOwnHistory(env: Environment): Set<string> | undefined {
  if (env.exports && env.exports.definedIn === env.name && exportsDeclareDurableObjects(env.exports)) return new Set(env.exports.value.filter((d) => isLiveDurableObjectExport(d)).map((d) => d.className.value));
  if (env.migrations && env.migrations.definedIn === env.name) return new Set(replayMigrations(env.migrations.value).live.keys());
  return undefined;
}

/**
 * Keys of an environment that bind something (or run something) of its own: an environment with any
 * of them is configured as a deploy target. `name`, `vars`, `routes`, `route` and settings are not.
 */
const BINDING_KEYS = [
  "durable_objects", "kv_namespaces", "d1_databases", "r2_buckets", "services", "queues", "workflows", "ai", "vectorize", "hyperdrive",
  "analytics_engine_datasets", "browser", "send_email", "mtls_certificates", "dispatch_namespaces", "images", "secrets_store_secrets",
  "containers", "tail_consumers", "unsafe", "pipelines", "version_metadata", "assets",
];

function hasOwnBindings(envObject: ConfigObject): boolean {
  return BINDING_KEYS.some((key) => property(envObject, key) !== undefined);
}

export const envMissingBindings: Rule = {
  meta: {
    id: "env-missing-bindings",
    defaultSeverity: "error",
    facts: [routeFacts],
    description:
      "An environment lacks bindings the top level has (`durable_objects`, `workflows`, `services`, `containers`, `tail_consumers` are not inherited). Formerly env-missing-durable-objects.",
    fixable: true,
    messages: {
      noneDurableObjects: "{{env}} has no `durable_objects`, and it is not inherited from the top level: {{consequence}}. Copy the bindings ({{names}}) into {{env}}.",
      lacksDurableObjects:
        "{{env}} lacks the Durable Object binding{{plural}} {{names}} that the top level has (`durable_objects` is not inherited): {{consequence}}. Add {{them}} to {{env}}.",
      none: '{{env}} has no `{{key}}`, and it is not inherited from the top level (wrangler warns: "\\"{{key}}\\" is not inherited by environments"): {{consequence}}. Copy the {{what}}s ({{names}}) into {{env}}.',
      lacks: "{{env}} lacks the {{what}}{{plural}} {{names}} that the top level has (`{{key}}` is not inherited): {{consequence}}. Add {{them}} to {{env}}.",
      checkedInCode:
        "{{env}} lacks the {{what}}{{plural}} {{names}} that the top level has (`{{key}}` is not inherited), and the code tests {{tested}} for presence before every use: left out on purpose, it seems. If {{env}} should have {{them}}, copy {{them}} into {{env}}.",
      notKnownDeployed:
        "{{finding}} Nothing in the project says {{env}} is run: it has no bindings of its own, and no script, workflow, document or comment here runs `--env {{envName}}` (wrangler itself only warns when it is used). If it is deployed, this breaks it; if it is a leftover, remove it.",
    },
  },
  check(worker, context) {
    const root = worker.parsed.root;
    // Where the project says an environment is run, looked up once per environment and only when needed.
    const evidence = new Map<string, string | undefined>();
    const runBy = (name: string) => {
      if (!evidence.has(name)) evidence.set(name, environmentRunEvidence(context.store, worker, name, context.roots));
      return evidence.get(name);
    };
    const envs = asObject(property(root, "env")?.value);
    for (const kind of KINDS) {
      const top = entriesOf(arrayAt(root, kind.arrayPath), kind);
      if (top.length === 0) continue;
      for (const env of context.environments(worker)) {
        if (env.name === "") continue;
        const envObject = asObject(property(envs, env.name)?.value);
        if (!envObject) continue;
        const own = arrayAt(envObject, kind.arrayPath);
        const written = !!property(envObject, kind.key);
        if (written && !kind.perEntry) continue;
        const present = new Set(entriesOf(own, kind).map((e) => e.id));
        // A class this environment's own migrations (or `exports`) do not create is left out on purpose:
        // binding it there could not work (real: openagents' env.staging drops its container classes).
        const created = classesCreatedByOwnHistory(env);
        const classOf = (e: Entry) => (kind.classKey && !property(e.object, "script_name") ? asString(property(e.object, kind.classKey)?.value) : undefined);
        const lacking = top.filter((e) => !present.has(e.id) && !(created && classOf(e) !== undefined && !created.has(classOf(e)!)));
        if (lacking.length === 0) continue;
        // A binding the code tests for presence before every use is optional by design (real:
        // openagents' staging leaves out a service binding its scheduled job checks for).
        const optional = kind.readInCode ? bindingsCheckedBeforeUse(context, worker, env, lacking.map((e) => e.id)) : new Map();
        const missing = lacking.filter((e) => !optional.has(e.id));
        if (missing.length === 0) {
          const names = lacking.map((e) => `"${e.id}"`).join(", ");
          const site = optional.get(lacking[0].id)!;
          context.report({
            messageId: "checkedInCode",
            data: { env: env.label, key: kind.key, what: kind.what, names, plural: lacking.length > 1 ? "s" : "", them: lacking.length > 1 ? "them" : "it", tested: lacking.map((e) => `env.${e.id}`).join(", ") },
            file: worker.file,
            span: env.span,
            severity: "info",
            fixes: [{ title: `Copy ${names} into ${env.label}`, edits: copyEdits(worker, env, envObject, kind, lacking), safe: false }],
            related: [
              { file: site.file, span: site.span, message: `the code tests ${lacking[0].id} for presence here` },
              ...lacking.map((e) => ({ file: worker.file, span: e.object.span, message: `top-level ${kind.what} ${e.id}` })),
            ],
          });
          continue;
        }
        const names = missing.map((e) => `"${e.id}"`).join(", ");
        const none = !own || own.items.length === 0;
        const isDo = kind.key === "durable_objects";
        const routesAgents = isDo && (routeFactsOf(context).routing.get(worker.file)?.routes ?? false);
        const data = {
          env: env.label,
          key: kind.key,
          what: kind.what,
          names,
          plural: missing.length > 1 ? "s" : "",
          them: missing.length > 1 ? "them" : "it",
          consequence: kind.consequence(env.name, missing[0].id, routesAgents),
        };
        // An environment written as `{}` holds nothing of its own: a leftover as often as a setup
        // relying on inheritance, so what it lacks is a warning (it still breaks if deployed).
        const empty = envObject.properties.length === 0;
        const draft: FindingDraft = {
          messageId: isDo ? (none ? "noneDurableObjects" : "lacksDurableObjects") : none && !written ? "none" : "lacks",
          data,
          file: worker.file,
          span: env.span,
          severity: kind.severity ?? (empty ? "warning" : undefined),
          fixes: [{ title: `Copy ${names} into ${env.label}`, edits: copyEdits(worker, env, envObject, kind, missing), preferred: true, safe: true }],
          related: missing.map((e) => ({ file: worker.file, span: e.object.span, message: `top-level ${kind.what} ${e.id}` })),
        };
        // An environment of a name, vars or routes only, that nothing in the project runs, is as
        // often a leftover as a deploy target (real: env.staging holding only a name while CI
        // deploys the top level): what it lacks is a warning, as wrangler's own, saying why.
        const stub = !kind.severity && !empty && !hasOwnBindings(envObject);
        const unrun = stub && runBy(env.name) === undefined;
        context.report(unrun ? wrapFinding(envMissingBindings.meta, draft, "notKnownDeployed", { envName: env.name }, "warning") : draft);
      }
    }
  },
};
