import * as path from "node:path";
import type { FileHost } from "../host";
import type { WorkerConfig } from "../project/model";
import { deepestWorkerHolding } from "../project/workerFolders";
import { isGeneratedEnvTypes, readGeneratedEnvTypes, readProjectPart, type GeneratedEnvTypes } from "../source/generatedEnvTypes";
import type { ProjectView } from "./projectView";

/** Declaration files of this worker that `wrangler types` may have written: its folder and its src/. */
function candidateFiles(worker: WorkerConfig, host: FileHost): string[] {
  const files: string[] = [];
  for (const dir of [worker.dir, path.join(worker.dir, "src")]) {
    for (const entry of host.readDirectory(dir)) {
      if (!entry.isDirectory && /\.d\.[cm]?ts$/i.test(entry.name)) files.push(path.join(dir, entry.name));
    }
  }
  return files;
}

/** Whether the file's recorded `--config` (if any) names this worker's config. */
function recordedFor(types: GeneratedEnvTypes, file: string, worker: WorkerConfig): boolean {
  if (!types.config) return true;
  return [worker.dir, path.dirname(file)].some((dir) => path.resolve(dir, types.config!) === worker.file);
}

/**
 * The `Env` types `wrangler types` wrote for this worker (in its folder or its src/, recorded for its
 * config, and not inside a deeper worker's folder), each with the interface holding every binding.
 */
export function generatedTypesOf(worker: WorkerConfig, context: ProjectView): { file: string; types: GeneratedEnvTypes & { main: NonNullable<GeneratedEnvTypes["main"]> } }[] {
  const host = context.store.host;
  const found: { file: string; types: GeneratedEnvTypes & { main: NonNullable<GeneratedEnvTypes["main"]> } }[] = [];
  for (const file of candidateFiles(worker, host)) {
    if (deepestWorkerHolding(file, context.workers) !== worker) continue;
    // Only the project part: the runtime types after it are most of the file.
    const text = readProjectPart(host, file);
    if (text === undefined || !isGeneratedEnvTypes(text)) continue;
    const types = readGeneratedEnvTypes(file, text);
    if (!types?.main || !recordedFor(types, file, worker)) continue;
    found.push({ file, types: { ...types, main: types.main } });
  }
  return found;
}
