import * as path from "node:path";
import type { WorkerConfig } from "./model";

/** Worker by config folder, per workers list: asked once per client file, so built once per list. */
const byDirCache = new WeakMap<readonly WorkerConfig[], Map<string, WorkerConfig>>();

/**
 * The worker whose config folder holds `file` most closely (monorepos nest workers), found by walking
 * up the file's folders; undefined when no worker folder holds it.
 */
export function deepestWorkerHolding(file: string, workers: readonly WorkerConfig[]): WorkerConfig | undefined {
  let byDir = byDirCache.get(workers);
  if (!byDir) {
    byDir = new Map(workers.map((w) => [w.dir, w]));
    byDirCache.set(workers, byDir);
  }
  for (let dir = path.dirname(file); ; dir = path.dirname(dir)) {
    const worker = byDir.get(dir);
    if (worker) return worker;
    if (path.dirname(dir) === dir) return undefined;
  }
}
