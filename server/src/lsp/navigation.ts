import type { CompletionItem, Location } from "vscode-languageserver";
import { CompletionItemKind } from "vscode-languageserver";
import { classFacts, findBinding, workerOfSource } from "../inspect/bindingFacts";
import { targetAt } from "../inspect/targets";
import type { ProjectView } from "../facts/projectView";
import { deployedWorkerName, durableObjectClassNames, entryClassExports, workflowClassNames } from "../facts/workerFacts";
import { DEFAULT_MCP_BINDING, exportNamesOf, mcpAgentClass } from "../rules/mcpAgentBinding";
import type { McpServe, ModuleInfo } from "../source/model";
import type { Span } from "../text/positions";
import { resolveExport } from "../source/exportGraph";
import { LineIndex } from "../text/positions";
import { pathToUri } from "./uris";

function location(project: ProjectView, file: string, span: { start: number; end: number }): Location {
  return { uri: pathToUri(file), range: new LineIndex(project.store.text(file) ?? "").rangeOf(span) };
}

/** class_name / migration class -> the class; env.X -> the binding in the config. */
export function definitionAt(project: ProjectView, file: string, offset: number): Location | undefined {
  const target = targetAt(project, file, offset);
  if (!target) return undefined;
  if (target.kind === "binding" || target.kind === "migration-class" || target.kind === "workflow") {
    const className = target.kind === "binding" ? target.binding.className?.value : target.kind === "workflow" ? target.workflow.className.value : target.className;
    if (!className || (target.kind === "binding" && target.binding.scriptName)) return undefined;
    const facts = classFacts(project, target.worker, className);
    return facts.declaration ? location(project, facts.declaration.file, facts.declaration.span) : undefined;
  }
  if (target.kind === "entrypoint") {
    // The class (or value) the target worker's entry exports under that name; the first worker that has it.
    const service = target.service?.service?.value;
    for (const worker of service ? project.workers : [target.worker]) {
      for (const env of [worker.topLevel, ...worker.environments]) {
        if (service ? deployedWorkerName(worker, env) !== service : env !== target.env) continue;
        const entry = project.sources(worker, env)?.entryModule;
        const exported = entry ? resolveExport(project.store, entry, target.name) : undefined;
        if (exported?.kind === "class") return location(project, exported.module.file, exported.declaration.nameSpan);
      }
    }
    return undefined;
  }
  if (target.kind === "env-use" || target.kind === "mcp-serve") {
    // env.X -> its binding; an McpAgent handler -> the Durable Object binding it looks up.
    const name = target.kind === "env-use" ? target.use.binding : target.serve.dynamicBinding ? undefined : (target.serve.binding ?? DEFAULT_MCP_BINDING);
    const worker = workerOfSource(project, file);
    const found = worker && name !== undefined ? findBinding(worker, name) : undefined;
    return worker && found?.binding.name ? location(project, worker.file, found.binding.name.span) : undefined;
  }
  return undefined;
}

/**
 * Names inside `class_name` values, migration class lists, `exports` keys and service entrypoints:
 * classes of the kind the entry needs, of the worker it names (a service's target for `entrypoint`).
 */
export function completionsAt(project: ProjectView, file: string, offset: number): CompletionItem[] {
  const target = targetAt(project, file, offset);
  if (target?.kind === "mcp-serve") return mcpBindingCompletions(project, file, target.module, target.serve, target.span);
  if (!target || (target.kind !== "migration-class" && target.kind !== "workflow" && target.kind !== "entrypoint" && !(target.kind === "binding" && target.part === "class_name"))) return [];
  const worker = target.worker;
  const text = project.store.text(file) ?? "";
  const quoted = /^["']/.test(text.slice(target.span.start, target.span.start + 1));
  const range = new LineIndex(text).rangeOf(quoted ? { start: target.span.start + 1, end: Math.max(target.span.start + 1, target.span.end - 1) } : target.span);
  if (target.kind === "workflow") {
    return workflowClassNames(project, worker, target.env)
      .sort()
      .map((name) => ({ label: name, kind: CompletionItemKind.Class, detail: "Workflow class", textEdit: { range, newText: name } }));
  }
  if (target.kind === "entrypoint") {
    // The `WorkerEntrypoint` classes the target worker's entry exports (every worker deploying under that name).
    const service = target.service?.service?.value;
    const names = new Set<string>();
    for (const w of service ? project.workers : [worker]) {
      for (const env of [w.topLevel, ...w.environments]) {
        if (service ? deployedWorkerName(w, env) !== service : env !== target.env) continue;
        for (const name of entryClassExports(project, w, env, "entrypoint")) names.add(name);
      }
    }
    return [...names].sort().map((name) => ({ label: name, kind: CompletionItemKind.Class, detail: `WorkerEntrypoint${service ? ` of ${service}` : ""}`, textEdit: { range, newText: name } }));
  }
  return durableObjectClassNames(project, worker, worker.topLevel)
    .sort()
    .flatMap((name) => {
      const facts = classFacts(project, worker, name);
      // A class known to be something else (a WorkerEntrypoint, a Workflow) is never a Durable Object's.
      if (facts.kind === "not-durable-object") return [];
      return [
        {
          label: name,
          kind: CompletionItemKind.Class,
          detail: facts.kind === "agent" ? "Agents SDK agent" : facts.kind === "durable-object" ? "Durable Object" : "class",
          textEdit: { range, newText: name },
        },
      ];
    });
}

/** Inside the `binding` option of an McpAgent handler: the Durable Object bindings of the worker that bind its class. */
function mcpBindingCompletions(project: ProjectView, file: string, module: ModuleInfo, serve: McpServe, span: Span): CompletionItem[] {
  if (!serve.bindingSpan || span !== serve.bindingSpan) return [];
  const worker = workerOfSource(project, file);
  const served = mcpAgentClass(project, module, serve.className);
  const entry = worker && project.sources(worker, worker.topLevel)?.entryModule;
  if (!worker || !served || !entry) return [];
  const classNames = new Set([served.name, ...exportNamesOf(project, entry, served)]);
  const names = new Set<string>();
  for (const env of [worker.topLevel, ...worker.environments]) {
    for (const b of env.durableObjects) if (b.name && !b.scriptName && b.className && classNames.has(b.className.value)) names.add(b.name.value);
  }
  const range = new LineIndex(project.store.text(file) ?? "").rangeOf(span);
  return [...names].sort().map((name) => ({ label: name, kind: CompletionItemKind.Variable, detail: `Durable Object binding of ${served.name}`, textEdit: { range, newText: name } }));
}
