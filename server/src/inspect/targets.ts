import type { ProjectView } from "../analyze";
import type { DurableObjectBinding, Environment, ServiceBinding, WorkerConfig, WorkflowBinding } from "../project/model";
import type { EnvNamespaceUse, McpServe, ModuleInfo } from "../source/model";
import type { Span } from "../text/positions";

/** The Durable Object thing under a cursor, in a config or a source file. */
export type Target =
  | { kind: "binding"; worker: WorkerConfig; env: Environment; binding: DurableObjectBinding; part: "name" | "class_name"; span: Span }
  | { kind: "migration-class"; worker: WorkerConfig; className: string; span: Span }
  | { kind: "workflow"; worker: WorkerConfig; env: Environment; workflow: WorkflowBinding; span: Span }
  /** A service binding's `entrypoint`, or an `exports` entry of `"type": "worker"`: a named export of a worker's entry. */
  | { kind: "entrypoint"; worker: WorkerConfig; env: Environment; service?: ServiceBinding; name: string; span: Span }
  | { kind: "env-use"; module: ModuleInfo; use: EnvNamespaceUse; span: Span }
  /** `X.serve(...)`, `X.serveSSE(...)`, `X.mount(...)` (on X, or on the `binding` option's string): an McpAgent handler. */
  | { kind: "mcp-serve"; module: ModuleInfo; serve: McpServe; span: Span }
  | { kind: "class"; module: ModuleInfo; className: string; span: Span };

const inside = (span: Span | undefined, offset: number): span is Span => !!span && offset >= span.start && offset <= span.end;

export function targetAt(project: ProjectView, file: string, offset: number): Target | undefined {
  for (const worker of project.workers) {
    if (worker.file !== file) continue;
    for (const env of [worker.topLevel, ...worker.environments]) {
      for (const binding of env.durableObjects) {
        if (inside(binding.name?.span, offset)) return { kind: "binding", worker, env, binding, part: "name", span: binding.name!.span };
        if (inside(binding.className?.span, offset)) return { kind: "binding", worker, env, binding, part: "class_name", span: binding.className!.span };
      }
      for (const workflow of env.workflows) {
        if (inside(workflow.className.span, offset)) return { kind: "workflow", worker, env, workflow, span: workflow.className.span };
      }
      // A container's class is a Durable Object class of this worker: described as one.
      for (const container of env.containers) {
        if (inside(container.className?.span, offset)) return { kind: "migration-class", worker, className: container.className!.value, span: container.className!.span };
      }
      for (const service of env.services) {
        if (service.entrypoint && inside(service.entrypoint.span, offset)) return { kind: "entrypoint", worker, env, service, name: service.entrypoint.value, span: service.entrypoint.span };
      }
      if (env.migrations?.definedIn === env.name) {
        for (const entry of env.migrations.value) {
          const names = [...entry.created.map((c) => c.className), ...entry.deleted, ...entry.renamed.flatMap((r) => [r.from, r.to]), ...entry.transferred.map((t) => t.to)];
          for (const name of names) if (name && inside(name.span, offset)) return { kind: "migration-class", worker, className: name.value, span: name.span };
        }
      }
      if (env.exports?.definedIn === env.name) {
        for (const declaration of env.exports.value) {
          if (!inside(declaration.className.span, offset)) continue;
          if (declaration.type?.value === "worker") return { kind: "entrypoint", worker, env, name: declaration.className.value, span: declaration.className.span };
          return { kind: "migration-class", worker, className: declaration.className.value, span: declaration.className.span };
        }
      }
    }
    return undefined;
  }
  const module = project.store.get(file);
  if (!module) return undefined;
  for (const use of module.envUses) if (inside(use.span, offset)) return { kind: "env-use", module, use, span: use.span };
  for (const serve of module.mcpServes) {
    if (inside(serve.span, offset)) return { kind: "mcp-serve", module, serve, span: serve.span };
    if (inside(serve.bindingSpan, offset)) return { kind: "mcp-serve", module, serve, span: serve.bindingSpan };
  }
  for (const declaration of module.classes) {
    if (inside(declaration.nameSpan, offset)) return { kind: "class", module, className: declaration.name, span: declaration.nameSpan };
  }
  return undefined;
}
