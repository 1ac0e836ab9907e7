import * as path from "node:path";
import { addDurableObjectBinding } from "../edits/durableObjectEdits";
import { exportsDeclareDurableObjects } from "../project/exportsKey";
import { replayMigrations } from "../project/migrationHistory";
import type { Environment, WorkerConfig } from "../project/model";
import { migrationsArray, nextMigrationTag } from "./migrationSites";
import { isAgentsModule } from "../source/classKinds";
import { topLevelDevRun } from "../facts/runScripts";
import { resolveExport, resolveLocal } from "../source/exportGraph";
import type { ClassDeclaration, McpServe, ModuleInfo } from "../source/model";
import type { FixDraft, ProjectView, Rule, RuleContext } from "./rule";

/** The binding McpAgent's handlers look up when the options name none (agents, `McpAgent.serve`). */
export const DEFAULT_MCP_BINDING = "MCP_OBJECT";

/** The class `X` in `X.serve(...)` means in this module (through imports, under any alias), when its base chain ends at the Agents SDK's McpAgent. */
export function mcpAgentClass(context: ProjectView, module: ModuleInfo, name: string): ClassDeclaration | undefined {
  const target = resolveLocal(context.store, module, name);
  if (target?.kind !== "class") return undefined;
  const root = context.classFacts(target.module, target.declaration).root;
  return root && root.name === "McpAgent" && isAgentsModule(root.module) ? target.declaration : undefined;
}

interface Problem {
  messageId: "missing" | "notDurableObject" | "otherClass";
  module: ModuleInfo;
  serve: McpServe;
  binding: string;
  boundClass?: string;
  envs: string[];
  /** The class X and the entry it is served from (for the fix). */
  served: ClassDeclaration;
  entry: ModuleInfo;
}

export const mcpAgentBinding: Rule = {
  meta: {
    id: "mcp-agent-binding",
    defaultSeverity: "error",
    description: "An McpAgent handler (`X.serve`, `serveSSE`, `mount`) needs a Durable Object binding named `MCP_OBJECT` (or its `binding` option) that binds X.",
    fixable: true,
    messages: {
      missing:
        '{{call}} looks up the Durable Object binding "{{binding}}" in env, but {{config}} ({{envs}}) declares none so named: every request fails with "Could not find McpAgent binding for {{binding}}. Did you update your wrangler configuration?". Add `{ "name": "{{binding}}", "class_name": "{{className}}" }` to durable_objects.bindings (with a new_sqlite_classes migration), or pass `{ binding: "<name>" }` naming the binding that exists.',
      notDurableObject:
        '{{call}} looks up "{{binding}}" in env, which {{config}} ({{envs}}) declares as another kind of binding, not a Durable Object: every request fails with "Invalid McpAgent binding for {{binding}}. Make sure it\'s a Durable Object binding.". Bind {{className}} as a Durable Object under that name, or pass `{ binding: "<name>" }`.',
      otherClass:
        '{{call}} serves through the Durable Object binding "{{binding}}", which binds class "{{boundClass}}", not {{className}} ({{config}}, {{envs}}): the handler only looks the binding up by name, so these requests run {{boundClass}}, not {{className}}. Bind {{className}} under its own name and pass `{ binding: "<name>" }`, or point class_name at {{className}}.',
    },
  },
  check(worker, context) {
    const problems = new Map<string, Problem>();
    const topNames = new Set(worker.topLevel.durableObjects.flatMap((b) => (b.name ? [b.name.value] : [])));
    for (const env of context.environments(worker)) {
      const sources = context.sources(worker, env);
      const entry = sources?.entryModule;
      if (!entry) continue;
      for (const module of sources.modules) {
        for (const serve of module.mcpServes) {
          const served = serve.dynamicBinding ? undefined : mcpAgentClass(context, module, serve.className);
          if (!served) continue;
          const binding = serve.binding ?? DEFAULT_MCP_BINDING;
          const problem = judge(context, env, entry, served, binding, topNames);
          if (!problem) continue;
          if (env === worker.topLevel && problem.messageId === "missing" && !topLevelRuns(context, worker, binding)) continue;
          const key = `${module.file}:${serve.span.start}:${problem.messageId}:${problem.boundClass ?? ""}`;
          const known = problems.get(key);
          if (known) known.envs.push(env.label);
          else problems.set(key, { ...problem, module, serve, binding, envs: [env.label], served, entry });
        }
      }
    }
    const config = path.basename(worker.file);
    for (const { messageId, module, serve, binding, boundClass, envs, served, entry } of problems.values()) {
      context.report({
        messageId,
        data: { call: `${serve.className}.${serve.method}()`, binding, className: serve.className, boundClass: boundClass ?? "", config, envs: envs.join(", ") },
        file: module.file,
        span: serve.bindingSpan ?? serve.span,
        severity: messageId === "otherClass" ? "warning" : undefined,
        fixes: messageId === "missing" && envs.length === 1 && envs[0] === worker.topLevel.label ? addBindingFix(context, worker, binding, served, entry) : [],
        related: [{ file: worker.file, span: worker.topLevel.durableObjectsSpan ?? { start: 0, end: 0 }, message: `${config}: the worker's Durable Object bindings` }],
      });
    }
  },
};

/** The names the entry exports a class under (an import alias may rename it). */
export function exportNamesOf(context: ProjectView, entry: ModuleInfo, served: ClassDeclaration): string[] {
  const names = new Set<string>();
  for (const exported of entry.exports) {
    if (exported.exported === "default") continue;
    const target = resolveExport(context.store, entry, exported.exported);
    if (target?.kind === "class" && target.declaration === served) names.add(exported.exported);
  }
  return [...names];
}

/**
 * "Add the binding": `{ name: <binding>, class_name: <X as main exports it> }` in the top level's
 * `durable_objects.bindings`, plus a `new_sqlite_classes` migration when none creates X (McpAgent
 * stores its state in SQLite). Only when the config says nothing else about X's storage (no `exports`
 * key) and main exports X under one name. Applied unattended (`safe`) unless X is bound already under
 * another name: passing `{ binding: "<that name>" }` in code may then be what was meant.
 */
function addBindingFix(context: RuleContext, worker: WorkerConfig, binding: string, served: ClassDeclaration, entry: ModuleInfo): FixDraft[] {
  const top = worker.topLevel;
  if (exportsDeclareDurableObjects(top.exports)) return [];
  const names = exportNamesOf(context, entry, served);
  if (names.length !== 1) return [];
  const className = [...names][0];
  const entries = top.migrations?.value ?? [];
  const history = replayMigrations(entries);
  const owner = top.migrations && top.migrations.definedIn !== "" ? (worker.environments.find((e) => e.name === top.migrations!.definedIn) ?? top) : top;
  const tag = nextMigrationTag(entries);
  const created = history.live.has(className);
  const edits = addDurableObjectBinding(worker, top, { name: binding, className }, created ? undefined : { owner, existing: migrationsArray(worker, owner), tag });
  if (edits.length === 0) return [];
  const boundElsewhere = top.durableObjects.some((b) => !b.scriptName && b.className?.value === className);
  return [
    {
      title: created ? `Add the Durable Object binding ${binding} (class ${className})` : `Add the Durable Object binding ${binding} (class ${className}) and migration "${tag}" creating it (SQLite)`,
      edits,
      preferred: true,
      safe: !boundElsewhere,
    },
  ];
}

function judge(context: RuleContext, env: Environment, entry: ModuleInfo, served: ClassDeclaration, binding: string, topNames: Set<string>): Pick<Problem, "messageId" | "boundClass"> | undefined {
  const bound = env.durableObjects.find((b) => b.name?.value === binding);
  if (!bound) {
    // An environment missing a binding the top level has is env-missing-bindings's finding.
    if (env.name !== "" && topNames.has(binding)) return undefined;
    if (env.otherBindings.some((b) => b.name.value === binding)) return { messageId: "notDurableObject" };
    return { messageId: "missing" };
  }
  const boundClass = bound.className?.value;
  if (!boundClass || bound.scriptName) return undefined;
  // The class the entry exports under that name: X itself under another name (an import alias) is
  // fine; so is a subclass of X (it serves X's tools and more).
  const located = resolveExport(context.store, entry, boundClass);
  if (located?.kind !== "class" || located.declaration === served) return undefined;
  if (context.classFacts(located.module, located.declaration).bases.includes(served.name)) return undefined;
  return { messageId: "otherClass", boundClass };
}

/**
 * Whether a top level lacking `binding` is known to run. When only named environments bind it, the
 * top level may be a base nobody runs (real: kody's top level binds no Durable Object and its
 * scripts run wrangler through a wrapper choosing the environment): it is judged only when the
 * worker's own package runs it with plain `wrangler dev` (real: agentic's gateway, whose `pnpm dev`
 * does). Without any environment binding it, the top level is what runs.
 */
function topLevelRuns(context: RuleContext, worker: WorkerConfig, binding: string): boolean {
  const elsewhere = worker.environments.some((env) => env.durableObjects.some((b) => b.name?.value === binding));
  return !elsewhere || topLevelDevRun(context.store, worker) !== undefined;
}
