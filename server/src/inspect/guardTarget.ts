import * as path from "node:path";
import { bindingGuardAt, type BindingGuard } from "../edits/bindingGuard";
import type { ProjectView } from "../rules/rule";
import { workerOfSource } from "./bindingFacts";

/**
 * The binding guard for the use at `offset` in a worker's source, with the worker's config named as
 * `<folder>/<config>` (the folder tells monorepo workers apart) and the namespaces its config binds.
 */
export function bindingGuardIn(project: ProjectView, file: string, offset: number): BindingGuard | undefined {
  const text = project.store.text(file);
  if (text === undefined) return undefined;
  const worker = workerOfSource(project, file);
  const configName = worker ? path.join(path.basename(worker.dir), path.basename(worker.file)).split(path.sep).join("/") : "the wrangler config";
  const namespaces = worker ? [worker.topLevel, ...worker.environments].flatMap((env) => env.durableObjects.flatMap((b) => (b.name && !b.scriptName ? [b.name.value] : []))) : [];
  return bindingGuardAt(file, text, offset, { configName, namespaces: [...new Set(namespaces)] });
}
