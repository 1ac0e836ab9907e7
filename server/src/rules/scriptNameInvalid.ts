import { workerNames } from "../facts/workerNames";
import * as path from "node:path";
import { removeListEntry } from "../edits/listEntries";
import { asArray, asObject, property } from "../project/configTree";
import type { DurableObjectBinding, Environment, WorkerConfig } from "../project/model";
import type { EditDraft, Rule } from "./rule";
import { deployedWorkerName, entryExports } from "../facts/workerFacts";

function removeScriptName(worker: WorkerConfig, env: Environment, binding: DurableObjectBinding): EditDraft[] {
  const text = worker.parsed.text;
  if (worker.parsed.format === "jsonc") {
    const root = worker.parsed.root;
    const envObject = env.name ? asObject(property(asObject(property(root, "env")?.value), env.name)?.value) : root;
    const bindings = asArray(property(asObject(property(envObject, "durable_objects")?.value), "bindings")?.value);
    const object = asObject(bindings?.items[binding.index]);
    if (!object) return [];
    const entries = object.properties.map((p) => ({ start: p.keySpan.start, end: p.value.span.end }));
    // The one the model read (later duplicates win); the comments around it stay.
    const index = object.properties.map((p) => p.key).lastIndexOf("script_name");
    if (index < 0) return [];
    return removeListEntry(text, entries, index).map((edit) => ({ file: worker.file, ...edit }));
  }
  const value = binding.scriptName!.span;
  const lineStart = text.lastIndexOf("\n", value.start - 1) + 1;
  const newline = text.indexOf("\n", value.end);
  const lineEnd = newline < 0 ? text.length : newline + 1;
  const line = text.slice(lineStart, lineEnd);
  // A line that holds nothing but `script_name = "..."` (and a comment about it) is removed whole.
  if (/^\s*script_name\s*=\s*("[^"]*"|'[^']*')\s*(#.*)?\r?\n?$/.test(line)) return [{ file: worker.file, span: { start: lineStart, end: lineEnd }, newText: "" }];
  // In an inline table `{ name = "X", class_name = "Y", script_name = "z" }`: the key, its value and one comma.
  const key = /(\s*,)?(\s*)(?:script_name|"script_name"|'script_name')\s*=\s*$/.exec(text.slice(lineStart, value.start));
  if (!key) return [];
  const keyStart = lineStart + key.index;
  if (key[1]) return [{ file: worker.file, span: { start: keyStart, end: value.end }, newText: "" }];
  const after = /^\s*,[ \t]*/.exec(text.slice(value.end));
  if (!after) return [];
  return [{ file: worker.file, span: { start: keyStart + key[2].length, end: value.end + after[0].length }, newText: "" }];
}

export const scriptNameInvalid: Rule = {
  meta: {
    id: "script-name-invalid",
    defaultSeverity: "error",
    facts: [workerNames],
    description: "A Durable Object or Workflow binding's `script_name` is a file path, the worker itself, or a workspace worker that does not export the class.",
    fixable: true,
    messages: {
      filePath:
        '`script_name` "{{scriptName}}" looks like a file path; it must be the name of a deployed worker. Deploy fails with "Cannot create binding for class in script \'{{scriptName}}\' that does not exist." Use the other worker\'s `name`, or remove `script_name` if the class is in this worker.',
      ownName:
        '`script_name` "{{scriptName}}" is this worker\'s own name: a binding to one of this worker\'s classes must not set `script_name` (and then needs a migration here). Deploy fails with "Cannot create binding for class in script \'{{scriptName}}\' that does not exist." Remove `script_name`.',
      notExportedThere:
        '`script_name` "{{scriptName}}" is the worker in {{otherConfig}}, whose entry does not export class "{{className}}". Export it there (and create it with a migration there), or fix `class_name`.',
      notExportedByAny:
        '`script_name` "{{scriptName}}" is the worker in {{otherConfig}}, whose entry does not export class "{{className}}" (nor do the {{others}} other workers of the workspace named "{{scriptName}}"). Export it there (and create it with a migration there), or fix `class_name`.',
      workflowFilePath:
        'Workflow `script_name` "{{scriptName}}" looks like a file path; it must be the name of the deployed worker whose entry exports the Workflow class. Use that worker\'s `name`, or remove `script_name` if the class is in this worker.',
      workflowNotExportedThere:
        'Workflow `script_name` "{{scriptName}}" is the worker in {{otherConfig}}, whose entry does not export class "{{className}}". Export it there, or fix `class_name`.',
      workflowNotExportedByAny:
        'Workflow `script_name` "{{scriptName}}" is the worker in {{otherConfig}}, whose entry does not export class "{{className}}" (nor do the {{others}} other workers of the workspace named "{{scriptName}}"). Export it there, or fix `class_name`.',
    },
  },
  check(worker, context) {
    for (const env of context.environments(worker)) {
      // Durable Object bindings and Workflows name the worker running their class the same way.
      const references = [
        ...env.durableObjects.map((binding) => ({ script: binding.scriptName, className: binding.className?.value, binding })),
        ...env.remoteWorkflows.map((workflow) => ({ script: workflow.scriptName, className: workflow.className?.value, binding: undefined })),
      ];
      for (const { script, className = "?", binding } of references) {
        if (!script) continue;
        if (/[\\/]/.test(script.value) || /\.(m?js|cjs|ts|mts)$/.test(script.value)) {
          context.report({
            messageId: binding ? "filePath" : "workflowFilePath",
            data: { scriptName: script.value },
            file: worker.file,
            span: script.span,
          });
          continue;
        }
        // (A Workflow naming its own worker is not judged: what wrangler does then is not measured.)
        if (binding && script.value === deployedWorkerName(worker, env)) {
          context.report({
            messageId: "ownName",
            data: { scriptName: script.value },
            file: worker.file,
            span: script.span,
            fixes: [{ title: "Remove script_name", edits: removeScriptName(worker, env, binding), preferred: true, safe: true }],
          });
          continue;
        }
        // Monorepos reuse worker names (fixtures, examples): any worker so named that exports the
        // class may be the one deployed under that name, so only when none does is it an error.
        const named: { other: WorkerConfig; target: Environment }[] = [];
        for (const other of context.workers) {
          if (other === worker) continue;
          const target = [other.topLevel, ...other.environments].find((e) => deployedWorkerName(other, e) === script.value);
          if (target && context.sources(other, target)?.entryModule) named.push({ other, target });
        }
        if (className === "?" || named.length === 0 || named.some(({ other, target }) => entryExports(context, other, target, className))) continue;
        const nearest = nearestWorker(worker, named);
        const otherConfig = path.relative(worker.dir, nearest.other.file).split(path.sep).join("/");
        context.report({
          ...(named.length > 1
            ? { messageId: binding ? "notExportedByAny" : "workflowNotExportedByAny", data: { scriptName: script.value, otherConfig, className, others: named.length - 1 } }
            : { messageId: binding ? "notExportedThere" : "workflowNotExportedThere", data: { scriptName: script.value, otherConfig, className } }),
          file: worker.file,
          span: script.span,
          related: named.map(({ other, target }) => ({ file: other.file, span: target.span, message: `worker "${script.value}"` })),
        });
      }
    }
  },
};

/** Of the candidates, the worker whose folder is closest to this one's (most leading path segments shared). */
function nearestWorker<T extends { other: WorkerConfig }>(worker: WorkerConfig, candidates: T[]): T {
  const shared = (dir: string) => {
    const a = worker.dir.split(/[\\/]/);
    const b = dir.split(/[\\/]/);
    let n = 0;
    while (n < a.length && n < b.length && a[n] === b[n]) n++;
    return n;
  };
  return candidates.reduce((best, c) => (shared(c.other.dir) > shared(best.other.dir) ? c : best));
}
