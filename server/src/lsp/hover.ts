import * as path from "node:path";
import type { MarkupContent } from "vscode-languageserver";
import { classFacts, findBinding, workerOfSource, type ClassFacts } from "../inspect/bindingFacts";
import { targetAt } from "../inspect/targets";
import type { Environment, WorkerConfig } from "../project/model";
import type { ProjectView } from "../rules/rule";
import { classesNamed, deployedWorkerName } from "../facts/workerFacts";
import { isWorkflowClass, wrongWorkflowBase } from "../source/classKinds";
import { resolveExport } from "../source/exportGraph";
import { DEFAULT_MCP_BINDING, exportNamesOf, mcpAgentClass } from "../rules/mcpAgentBinding";
import type { McpServe, ModuleInfo } from "../source/model";
import { LineIndex } from "../text/positions";
import type { Range } from "../text/positions";

const KIND_LABEL: Record<string, string> = {
  agent: "Agents SDK agent",
  "durable-object": "Durable Object",
  partyserver: "partyserver Server",
  "not-durable-object": "not a Durable Object class",
  unknown: "class",
};

function where(project: ProjectView, file: string, start: number, base: string): string {
  const text = project.store.text(file) ?? "";
  const position = new LineIndex(text).positionAt(start);
  return `${path.relative(base, file).split(path.sep).join("/")}:${position.line + 1}`;
}

export function describeClass(project: ProjectView, facts: ClassFacts, probeCommand?: (binding: string, env: string) => string): string {
  const base = facts.worker.dir;
  const lines = [`**${facts.className}** · ${KIND_LABEL[facts.kind ?? "unknown"] ?? "class"}`, ""];
  lines.push(facts.declaration ? `- class: \`${where(project, facts.declaration.file, facts.declaration.span.start, base)}\`${facts.exportedFromEntry ? ", exported from the entry" : ", **not exported from the entry**"}` : "- class: **not found in the worker's sources**");
  if (facts.storage) lines.push(`- storage: ${facts.storage === "sqlite" ? "SQLite" : "KV (legacy)"}${facts.createdBy?.tag ? ` (migration \`${facts.createdBy.tag}\`)` : ""}`);
  else lines.push("- storage: **no migration creates this class**");
  const envs = [facts.worker.topLevel, ...facts.worker.environments];
  const bound = facts.bindings.map((b) => `\`${b.binding.name?.value}\` in ${b.env.label}`);
  const unbound = envs.filter((e) => !facts.bindings.some((b) => b.env === e)).map((e) => e.label);
  lines.push(`- bound as: ${bound.join(", ") || "nothing"}${unbound.length && bound.length ? `; **not in ${unbound.join(", ")}**` : ""}`);
  if (facts.routes.length) lines.push(`- Agents route: ${facts.routes.map((r) => `\`${r}\``).join(", ")}`);
  if (probeCommand && facts.bindings[0]?.binding.name) lines.push("", `[Probe this binding](${probeCommand(facts.bindings[0].binding.name.value, facts.bindings[0].env.name)})`);
  return lines.join("\n");
}

/** A Workflow's class: its base, where it is, whether the entry exports it, and every Workflow that runs it. */
export function describeWorkflowClass(project: ProjectView, worker: WorkerConfig, env: Environment, className: string): string {
  const base = worker.dir;
  const entry = project.sources(worker, env)?.entryModule;
  const exported = entry ? resolveExport(project.store, entry, className) : undefined;
  const located =
    exported?.kind === "class"
      ? { module: exported.module, declaration: exported.declaration }
      : classesNamed(project, worker, env, className).find((c) => !c.declaration.ambient);
  const facts = located ? project.classFacts(located.module, located.declaration) : undefined;
  const label = !facts
    ? "Workflow class"
    : isWorkflowClass(facts)
      ? "Workflow (extends WorkflowEntrypoint)"
      : wrongWorkflowBase(facts)
        ? `extends ${facts.root!.name}: **not a Workflow**`
        : "Workflow class (base not known)";
  const lines = [`**${className}** · ${label}`, ""];
  lines.push(
    located
      ? `- class: \`${where(project, located.module.file, located.declaration.nameSpan.start, base)}\`${exported ? ", exported from the entry" : ", **not exported from the entry**"}`
      : "- class: **not found in the worker's sources**",
  );
  const runs: string[] = [];
  for (const e of [worker.topLevel, ...worker.environments]) {
    for (const w of e.workflows) if (w.className.value === className) runs.push(`\`${w.name?.value ?? "?"}\` (binding \`${w.binding?.value ?? "?"}\`) in ${e.label}`);
  }
  lines.push(`- runs as Workflow: ${runs.join(", ") || "nothing"}`);
  return lines.join("\n");
}

/** What a named entrypoint is: the workers that deploy under the service's name (or this one), and what their entry exports under that name. */
export function describeEntrypoint(project: ProjectView, worker: WorkerConfig, env: Environment, name: string, service?: string): string {
  const lines = [`**${name}** · named entrypoint${service ? ` of worker \`${service}\`` : ""}`, ""];
  const targets: { worker: WorkerConfig; env: Environment }[] = [];
  if (!service) targets.push({ worker, env });
  else for (const w of project.workers) for (const e of [w.topLevel, ...w.environments]) if (deployedWorkerName(w, e) === service) targets.push({ worker: w, env: e });
  if (targets.length === 0) lines.push("- target: **no worker of this workspace deploys under this name** (not checked)");
  for (const target of targets.slice(0, 5)) {
    const entry = project.sources(target.worker, target.env)?.entryModule;
    const where = `${path.relative(worker.dir, target.worker.file).split(path.sep).join("/") || path.basename(target.worker.file)} (${target.env.label})`;
    if (!entry) {
      lines.push(`- ${where}: entry not found`);
      continue;
    }
    const exported = resolveExport(project.store, entry, name);
    const facts = exported?.kind === "class" ? project.classFacts(exported.module, exported.declaration) : undefined;
    const what = !exported
      ? "**not exported**"
      : exported.kind === "class"
        ? `class${facts?.root ? ` extending ${facts.root.name} (from "${facts.root.module}")` : ""}`
        : exported.kind === "external"
          ? `re-exported from "${exported.module}"`
          : "exported (a value)";
    lines.push(`- ${where}: ${what}`);
  }
  return lines.join("\n");
}

/**
 * An McpAgent handler (`X.serve("/mcp")`, `serveSSE`, `mount`): the Durable Object binding it looks up
 * by name, and what each environment of the worker has under that name.
 */
export function describeMcpServe(project: ProjectView, worker: WorkerConfig, module: ModuleInfo, serve: McpServe): string | undefined {
  const served = mcpAgentClass(project, module, serve.className);
  if (!served) return undefined;
  const call = `${serve.className}.${serve.method}()`;
  const lines = [`**${call}** · McpAgent handler of \`${served.name}\``, ""];
  if (serve.dynamicBinding) {
    lines.push("- binding: set by options not written as a literal (not checked)");
    return lines.join("\n");
  }
  const binding = serve.binding ?? DEFAULT_MCP_BINDING;
  lines.push(`- needs the Durable Object binding \`${binding}\`${serve.binding ? " (its `binding` option)" : " (the default; pass `{ binding }` to use another)"} bound to \`${served.name}\``);
  const entry = project.sources(worker, worker.topLevel)?.entryModule;
  const exportedAs = entry ? exportNamesOf(project, entry, served) : [];
  lines.push(exportedAs.length ? `- class: exported from the entry as ${exportedAs.map((n) => `\`${n}\``).join(", ")}` : "- class: **not exported from the entry**");
  for (const env of [worker.topLevel, ...worker.environments]) {
    const found = env.durableObjects.find((b) => b.name?.value === binding);
    let what: string;
    if (found) {
      const className = found.className?.value ?? "?";
      what = found.scriptName
        ? `binds \`${className}\` of worker \`${found.scriptName.value}\``
        : exportedAs.includes(className) || className === served.name
          ? `binds \`${className}\``
          : `binds \`${className}\`, **not ${served.name}**`;
    } else if (env.otherBindings.some((b) => b.name.value === binding)) {
      what = "**another kind of binding, not a Durable Object**";
    } else {
      what = "**missing**";
    }
    lines.push(`- ${env.label}: ${what}`);
  }
  return lines.join("\n");
}

export function hoverAt(project: ProjectView, file: string, offset: number, probeCommand?: (binding: string, env: string) => string): { contents: MarkupContent; range: Range } | undefined {
  const target = targetAt(project, file, offset);
  if (!target) return undefined;
  if (target.kind === "workflow") {
    const range = new LineIndex(project.store.text(file) ?? "").rangeOf(target.span);
    return { contents: { kind: "markdown", value: describeWorkflowClass(project, target.worker, target.env, target.workflow.className.value) }, range };
  }
  if (target.kind === "entrypoint") {
    const range = new LineIndex(project.store.text(file) ?? "").rangeOf(target.span);
    return { contents: { kind: "markdown", value: describeEntrypoint(project, target.worker, target.env, target.name, target.service?.service?.value) }, range };
  }
  if (target.kind === "mcp-serve") {
    const worker = workerOfSource(project, file);
    const value = worker && describeMcpServe(project, worker, target.module, target.serve);
    if (!value) return undefined;
    return { contents: { kind: "markdown", value }, range: new LineIndex(project.store.text(file) ?? "").rangeOf(target.span) };
  }
  let facts: ClassFacts | undefined;
  if (target.kind === "binding") {
    if (target.binding.scriptName || !target.binding.className) return undefined;
    facts = classFacts(project, target.worker, target.binding.className.value);
  } else if (target.kind === "migration-class") {
    facts = classFacts(project, target.worker, target.className);
  } else {
    const worker = workerOfSource(project, file);
    if (!worker) return undefined;
    if (target.kind === "env-use") {
      const found = findBinding(worker, target.use.binding);
      if (!found?.binding.className) return undefined;
      facts = classFacts(project, worker, found.binding.className.value);
    } else {
      facts = classFacts(project, worker, target.className);
      if (facts.bindings.length === 0) return undefined;
    }
  }
  const range = new LineIndex(project.store.text(file) ?? "").rangeOf(target.span);
  return { contents: { kind: "markdown", value: describeClass(project, facts, probeCommand) }, range };
}
