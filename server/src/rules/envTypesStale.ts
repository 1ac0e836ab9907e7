import * as path from "node:path";
import type { FileHost } from "../host";
import { allEnvironments, type Environment, type WorkerConfig } from "../project/model";
import { generatedTypesOf } from "../facts/generatedTypes";
import { environmentInterfaceName, type DeclaredInterface, type DeclaredKind, type GeneratedEnvTypes } from "../source/generatedEnvTypes";
import type { Rule, RuleContext } from "./rule";

type BoundKind = Exclude<DeclaredKind, "other">;

const KIND_LABEL: Record<BoundKind, string> = {
  "durable-object": "Durable Object namespace",
  workflow: "Workflow",
  service: "service binding",
};

/** The bindings of one environment that `wrangler types` types by kind: name -> kind. */
function typedBindings(env: Environment): Map<string, BoundKind> {
  const bound = new Map<string, BoundKind>();
  for (const binding of env.durableObjects) if (binding.name) bound.set(binding.name.value, "durable-object");
  for (const other of env.otherBindings) {
    if (other.kind === "workflows") bound.set(other.name.value, "workflow");
    else if (other.kind === "services") bound.set(other.name.value, "service");
  }
  return bound;
}

/** Every name an environment binds, of any kind (a declared name bound as something else is not judged). */
function anyBindingNames(env: Environment): Set<string> {
  return new Set([...env.durableObjects.flatMap((b) => (b.name ? [b.name.value] : [])), ...env.otherBindings.map((b) => b.name.value)]);
}

/** The lockfile's package manager, looked for from the worker's folder up. */
function packageManager(dir: string, host: FileHost): "npm" | "pnpm" | "yarn" | "bun" {
  for (let at = dir; ; at = path.dirname(at)) {
    if (host.fileExists(path.join(at, "pnpm-lock.yaml"))) return "pnpm";
    if (host.fileExists(path.join(at, "yarn.lock"))) return "yarn";
    if (host.fileExists(path.join(at, "bun.lockb")) || host.fileExists(path.join(at, "bun.lock"))) return "bun";
    if (host.fileExists(path.join(at, "package-lock.json"))) return "npm";
    if (path.dirname(at) === at) return "npm";
  }
}

/**
 * The command that regenerates the file as the project does it: its package.json script that runs
 * exactly the recorded command (`cf-typegen`), else the recorded command through the package manager.
 */
export function regenerateCommand(worker: WorkerConfig, recorded: string, host: FileHost): string {
  const manager = packageManager(worker.dir, host);
  const text = host.readFile(path.join(worker.dir, "package.json"));
  if (text) {
    try {
      const scripts = (JSON.parse(text) as { scripts?: Record<string, unknown> }).scripts ?? {};
      const script = Object.entries(scripts).find(([, value]) => typeof value === "string" && value.trim() === recorded);
      if (script) return `${manager} run ${script[0]}`;
    } catch {
      // Not JSON: the recorded command through the package manager will do.
    }
  }
  const exec = { npm: "npx", pnpm: "pnpm exec", yarn: "yarn", bun: "bunx" }[manager];
  return `${exec} ${recorded}`;
}

export const envTypesStale: Rule = {
  meta: {
    id: "env-types-stale",
    defaultSeverity: "warning",
    description: "The `Env` types `wrangler types` generated declare a Durable Object, Workflow or service binding the config does not bind (or miss one it binds): regenerate them.",
    fixable: false,
    messages: {
      declaredNotBound:
        '{{typesFile}} declares {{kind}} "{{binding}}" in `{{iface}}`, but {{config}} does not bind it {{where}}: the code type-checks while `env.{{binding}}` is undefined at runtime ("Cannot read properties of undefined"). The generated types are stale: run `{{command}}`.',
      declaredAlways:
        '{{typesFile}} declares {{kind}} "{{binding}}" in `{{iface}}` as always present, but {{config}} does not bind it in {{where}}: there `env.{{binding}}` is undefined at runtime while the code type-checks. The generated types are stale: run `{{command}}` (it marks it optional).',
      boundNotDeclared:
        '{{config}} binds {{kind}} "{{binding}}" {{where}}, but `{{iface}}` in {{typesFile}} does not declare it: the generated types are stale. Run `{{command}}`.',
    },
  },
  check(worker, context) {
    for (const { file, types } of generatedTypesOf(worker, context)) checkFile(worker, context, file, types, types.main);
  },
};

function checkFile(worker: WorkerConfig, context: RuleContext, file: string, types: GeneratedEnvTypes, main: DeclaredInterface): void {
  const checked = new Set(context.environments(worker).map((env) => env.name));
  const all = allEnvironments(worker);
  const common = {
    typesFile: path.basename(file),
    config: path.basename(worker.file),
    command: regenerateCommand(worker, types.command, context.store.host),
  };
  // Where the command runs, relative to the types file (data stays free of absolute paths: it goes into JSON and SARIF).
  const cwd = path.relative(path.dirname(file), worker.dir).split(path.sep).join("/") || ".";
  const declaredNotBound = (iface: DeclaredInterface, member: DeclaredInterface["members"][number], where: string) =>
    context.report({ messageId: "declaredNotBound", data: { ...common, cwd, kind: KIND_LABEL[member.kind as BoundKind], binding: member.name, iface: iface.name, where }, file, span: member.nameSpan });
  const boundNotDeclared = (iface: DeclaredInterface, name: string, kind: BoundKind, where: string) =>
    context.report({ messageId: "boundNotDeclared", data: { ...common, cwd, kind: KIND_LABEL[kind], binding: name, iface: iface.name, where }, file, span: iface.nameSpan });

  /** One interface against one environment, both ways. */
  const compare = (iface: DeclaredInterface, env: Environment) => {
    const bound = anyBindingNames(env);
    for (const member of iface.members) {
      if (member.kind !== "other" && !bound.has(member.name)) declaredNotBound(iface, member, env.name === "" ? "at the top level" : `in ${env.label}`);
    }
    const declared = new Set(iface.members.map((m) => m.name));
    for (const [name, kind] of typedBindings(env)) if (!declared.has(name)) boundNotDeclared(iface, name, kind, env.name === "" ? "at the top level" : `in ${env.label}`);
  };

  if (types.perEnvironment.length === 0) {
    // One environment's types: the one the recorded command named, else the top level.
    const env = all.find((e) => e.name === (types.environment ?? ""));
    if (env && checked.has(env.name)) compare(main, env);
    return;
  }
  // Per-environment types: each environment's interface, and the base holding all of them.
  for (const iface of types.perEnvironment) {
    const env = worker.environments.find((e) => environmentInterfaceName(e.name) === iface.name);
    if (env && checked.has(env.name)) compare(iface, env);
  }
  if (checked.size !== all.length) return;
  const boundIn = all.map((env) => ({ env, names: anyBindingNames(env), typed: typedBindings(env) }));
  for (const member of main.members) {
    if (member.kind === "other") continue;
    const missing = boundIn.filter((b) => !b.names.has(member.name));
    if (missing.length === all.length) declaredNotBound(main, member, "in any environment");
    else if (missing.length > 0 && !member.optional) {
      context.report({
        messageId: "declaredAlways",
        data: { ...common, cwd, kind: KIND_LABEL[member.kind as BoundKind], binding: member.name, iface: main.name, where: missing.map((b) => b.env.label).join(", ") },
        file,
        span: member.nameSpan,
      });
    }
  }
  const declared = new Set(main.members.map((m) => m.name));
  const reported = new Set<string>();
  for (const { env, typed } of boundIn) {
    for (const [name, kind] of typed) {
      if (declared.has(name) || reported.has(name)) continue;
      reported.add(name);
      boundNotDeclared(main, name, kind, env.name === "" ? "at the top level" : `in ${env.label}`);
    }
  }
}
