import type { ClassDeclaration, ModuleInfo } from "./model";
import type { ModuleStore } from "./moduleStore";
import { resolveExport, resolveLocal, type ExportTarget } from "./exportGraph";

/**
 * - durable-object: extends DurableObject from "cloudflare:workers"
 * - agent: an Agents SDK class (Agent, AIChatAgent, McpAgent): needs SQLite storage
 * - partyserver: extends partyserver's Server
 * - not-durable-object: extends something known not to be one (WorkerEntrypoint...)
 * - unknown: no base class (old-style objects are valid Durable Objects) or a base we cannot see
 */
export type ClassKind = "durable-object" | "agent" | "partyserver" | "not-durable-object" | "unknown";

export interface ClassFacts {
  kind: ClassKind;
  /** Base class names from the class upwards, as written (["BaseAgent", "Agent"]). */
  bases: string[];
  /** The class or one of its local bases touches SQLite storage. */
  usesSqlStorage: boolean;
  /** The package class the base chain ends at, when it ends in a package (`Container` from "@cloudflare/containers"). */
  root?: { module: string; name: string };
}

const AGENT_CLASSES = new Set(["Agent", "AIChatAgent", "McpAgent"]);
const NOT_DURABLE_OBJECTS = new Set(["WorkerEntrypoint", "WorkflowEntrypoint", "RpcTarget"]);

/** The Agents SDK's packages, current and former names. */
export function isAgentsModule(module: string): boolean {
  return /^(agents|agents-sdk)(\/|$)/.test(module) || /^@cloudflare\/(ai-chat|agents)(\/|$)/.test(module);
}

export function classifyExternal(module: string, name: string): ClassKind {
  if (module === "cloudflare:workers") {
    if (name === "DurableObject") return "durable-object";
    if (NOT_DURABLE_OBJECTS.has(name)) return "not-durable-object";
    return "unknown";
  }
  if (isAgentsModule(module) && AGENT_CLASSES.has(name)) return "agent";
  if (module === "partyserver" && name === "Server") return "partyserver";
  return "unknown";
}

const MAX_CHAIN = 32;

export function classifyClass(store: ModuleStore, module: ModuleInfo, declaration: ClassDeclaration): ClassFacts {
  const bases: string[] = [];
  let usesSqlStorage = declaration.usesSqlStorage;
  let current: { module: ModuleInfo; declaration: ClassDeclaration } = { module, declaration };
  const seen = new Set<ClassDeclaration>([declaration]);
  for (let depth = 0; depth < MAX_CHAIN; depth++) {
    const heritage = current.declaration.heritage;
    if (!heritage) return { kind: "unknown", bases, usesSqlStorage };
    bases.push(heritage.member ?? heritage.root);
    let target: ExportTarget | undefined;
    if (heritage.member) {
      // `ns.Base` with `import * as ns from "..."`.
      const namespace = current.module.imports.find((i) => i.local === heritage.root && i.imported === "*");
      if (!namespace) return { kind: "unknown", bases, usesSqlStorage };
      const resolution = store.resolver.resolve(current.module.file, namespace.module);
      if (resolution.kind === "external") target = { kind: "external", module: resolution.module, name: heritage.member };
      else if (resolution.kind === "file") {
        const inner = store.get(resolution.file);
        target = inner ? resolveExport(store, inner, heritage.member) : undefined;
      }
    } else {
      target = resolveLocal(store, current.module, heritage.root);
    }
    if (!target || target.kind === "value") return { kind: "unknown", bases, usesSqlStorage };
    if (target.kind === "external") return { kind: classifyExternal(target.module, target.name), bases, usesSqlStorage, root: { module: target.module, name: target.name } };
    if (seen.has(target.declaration)) return { kind: "unknown", bases, usesSqlStorage };
    seen.add(target.declaration);
    usesSqlStorage ||= target.declaration.usesSqlStorage;
    current = { module: target.module, declaration: target.declaration };
  }
  return { kind: "unknown", bases, usesSqlStorage };
}

export function isDurableObjectKind(kind: ClassKind): boolean {
  return kind === "durable-object" || kind === "agent" || kind === "partyserver";
}

/** A container-enabled Durable Object class: `Container` from @cloudflare/containers, `Sandbox` from @cloudflare/sandbox. */
export function isContainerClass(facts: ClassFacts): boolean {
  const root = facts.root;
  if (!root) return false;
  return (/^@cloudflare\/containers(\/|$)/.test(root.module) && root.name === "Container") || (/^@cloudflare\/sandbox(\/|$)/.test(root.module) && root.name === "Sandbox");
}

/** A class whose base chain ends at `WorkflowEntrypoint` from "cloudflare:workers". */
export function isWorkflowClass(facts: ClassFacts): boolean {
  return facts.root?.module === "cloudflare:workers" && facts.root.name === "WorkflowEntrypoint";
}

/**
 * Whether a Workflow's class is known to extend something other than `WorkflowEntrypoint`: its base
 * chain ends at another class of "cloudflare:workers" (DurableObject, WorkerEntrypoint...) or at a
 * Durable Object class of the Agents SDK or partyserver. A chain that ends in any other package (it may
 * wrap WorkflowEntrypoint, as `AgentWorkflow` does), that cannot be followed, or a class without any
 * base is not judged.
 */
export function wrongWorkflowBase(facts: ClassFacts): { module: string; name: string } | undefined {
  const root = facts.root;
  if (!root || isWorkflowClass(facts)) return undefined;
  if (root.module === "cloudflare:workers" || isDurableObjectKind(facts.kind)) return root;
  return undefined;
}
