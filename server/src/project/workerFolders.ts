import * as path from "node:path";
import { isInside } from "../source/sourceIndex";
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

/** Folder names of tests: test, tests, __tests__, __mocks__, spec, e2e, e2e-tests, tests-e2e, interactive-dev-tests... */
const TEST_FOLDER = /^(__tests?__|__mocks__|tests?|specs?|e2e|[\w.-]+[-_](tests?|e2e)|(tests?|e2e)[-_][\w.-]+)$/i;

/** A folder of this name holds tests (their configs, clients and URLs are inputs, not the app's). */
export function isTestFolderName(name: string): boolean {
  return TEST_FOLDER.test(name);
}

/** The deepest folder holding all of `dirs` (the workspace folder, as far as the files tell). */
export function commonFolder(dirs: readonly string[]): string | undefined {
  if (dirs.length === 0) return undefined;
  let common = dirs[0];
  for (const dir of dirs) {
    while (common !== dir && !isInside(dir, common)) {
      const parent = path.dirname(common);
      if (parent === common) return common;
      common = parent;
    }
  }
  return common;
}
