import type { CompletionItem, Location } from "vscode-languageserver";
import { CompletionItemKind } from "vscode-languageserver";
import { classFacts, findBinding, workerOfSource } from "../inspect/bindingFacts";
import { targetAt } from "../inspect/targets";
import type { ProjectView } from "../facts/projectView";
import { deployedWorkerName, durableObjectClassNames, workflowClassNames } from "../facts/workerFacts";
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
  if (target.kind === "env-use") {
    const worker = workerOfSource(project, file);
    const found = worker && findBinding(worker, target.use.binding);
    return worker && found?.binding.name ? location(project, worker.file, found.binding.name.span) : undefined;
  }
  return undefined;
}

/** Class names inside `class_name` values and migration class lists. */
export function completionsAt(project: ProjectView, file: string, offset: number): CompletionItem[] {
  const target = targetAt(project, file, offset);
  if (!target || (target.kind !== "migration-class" && target.kind !== "workflow" && !(target.kind === "binding" && target.part === "class_name"))) return [];
  const worker = target.worker;
  const text = project.store.text(file) ?? "";
  const quoted = /^["']/.test(text.slice(target.span.start, target.span.start + 1));
  const range = new LineIndex(text).rangeOf(quoted ? { start: target.span.start + 1, end: Math.max(target.span.start + 1, target.span.end - 1) } : target.span);
  if (target.kind === "workflow") {
    return workflowClassNames(project, worker, target.env)
      .sort()
      .map((name) => ({ label: name, kind: CompletionItemKind.Class, detail: "Workflow class", textEdit: { range, newText: name } }));
  }
  return durableObjectClassNames(project, worker, worker.topLevel)
    .sort()
    .map((name) => {
      const facts = classFacts(project, worker, name);
      return {
        label: name,
        kind: CompletionItemKind.Class,
        detail: facts.kind === "agent" ? "Agents SDK agent" : facts.kind === "durable-object" ? "Durable Object" : "class",
        textEdit: { range, newText: name },
      };
    });
}
