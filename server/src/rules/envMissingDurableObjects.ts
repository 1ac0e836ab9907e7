import { appendObjectToArray, setTableKey } from "../edits/configEdits";
import type { TomlData } from "../edits/tomlText";
import type { DurableObjectBinding, Environment, WorkerConfig } from "../project/model";
import { asArray, asObject, property } from "../project/configTree";
import type { EditDraft, Rule } from "./rule";

function bindingData(binding: DurableObjectBinding): Record<string, TomlData> {
  const data: Record<string, TomlData> = {};
  if (binding.name) data.name = binding.name.value;
  if (binding.className) data.class_name = binding.className.value;
  if (binding.scriptName) data.script_name = binding.scriptName.value;
  if (binding.environment) data.environment = binding.environment.value;
  return data;
}

function copyEdits(worker: WorkerConfig, env: Environment, missing: DurableObjectBinding[]): EditDraft[] {
  const entries = missing.map(bindingData);
  if (worker.parsed.format === "jsonc" && env.durableObjects.length === 0) {
    const path = env.durableObjectsSpan ? ["env", env.name, "durable_objects"] : ["env", env.name];
    const key = env.durableObjectsSpan ? "bindings" : "durable_objects";
    const value = env.durableObjectsSpan ? entries : { bindings: entries };
    return setTableKey(worker, path, key, value);
  }
  const envObject = asObject(property(asObject(property(worker.parsed.root, "env")?.value), env.name)?.value);
  const existing = asArray(property(asObject(property(envObject, "durable_objects")?.value), "bindings")?.value);
  return appendObjectToArray(worker, env, ["durable_objects", "bindings"], entries, existing);
}

export const envMissingDurableObjects: Rule = {
  meta: {
    id: "env-missing-durable-objects",
    defaultSeverity: "error",
    description: "An environment lacks Durable Object bindings that the top level has (`durable_objects` is not inherited).",
    fixable: true,
    messages: {
      noDurableObjects:
        '{{env}} has no `durable_objects`, and it is not inherited from the top level: with --env {{envName}}, env.{{first}} is undefined. Requests to /agents/* get 400 and direct use fails with "TypeError: Cannot read properties of undefined (reading \'idFromName\')". Copy the bindings ({{names}}) into {{env}}.',
      missingBinding:
        '{{env}} lacks the Durable Object binding {{names}} that the top level has (`durable_objects` is not inherited): with --env {{envName}}, env.{{first}} is undefined and use fails with "TypeError: Cannot read properties of undefined (reading \'idFromName\')". Add it to {{env}}.',
      missingBindings:
        '{{env}} lacks the Durable Object bindings {{names}} that the top level has (`durable_objects` is not inherited): with --env {{envName}}, env.{{first}} is undefined and use fails with "TypeError: Cannot read properties of undefined (reading \'idFromName\')". Add them to {{env}}.',
    },
  },
  check(worker, context) {
    const top = worker.topLevel.durableObjects.filter((b) => b.name);
    if (top.length === 0) return;
    for (const env of context.environments(worker)) {
      if (env.name === "") continue;
      const present = new Set(env.durableObjects.map((b) => b.name?.value));
      // Once per name: a name bound twice at the top level (duplicate-binding-name) is copied once.
      const missing = top.filter((b, i) => !present.has(b.name!.value) && top.findIndex((o) => o.name!.value === b.name!.value) === i);
      if (missing.length === 0) continue;
      const names = missing.map((b) => `"${b.name!.value}"`).join(", ");
      const first = missing[0].name!.value;
      context.report({
        messageId: env.durableObjects.length === 0 ? "noDurableObjects" : missing.length > 1 ? "missingBindings" : "missingBinding",
        data: { env: env.label, envName: env.name, first, names },
        file: worker.file,
        span: env.span,
        fixes: [{ title: `Copy ${names} into ${env.label}`, edits: copyEdits(worker, env, missing), preferred: true, safe: true }],
        related: missing.map((b) => ({ file: worker.file, span: b.span, message: `top-level binding ${b.name!.value}` })),
      });
    }
  },
};
