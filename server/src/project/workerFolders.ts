import { isInside } from "../source/sourceIndex";
import type { WorkerConfig } from "./model";
import { HOST_PATHS, pathKey, samePath, type PathFlavour } from "./pathFlavour";

/** Worker by config folder (its pathKey), per workers list and flavour: asked once per client file, so built once per list. */
const byDirCache = new WeakMap<readonly WorkerConfig[], Map<PathFlavour, Map<string, WorkerConfig>>>();

/**
 * The worker whose config folder holds `file` most closely (monorepos nest workers), found by walking
 * up the file's folders; undefined when no worker folder holds it.
 */
export function deepestWorkerHolding(file: string, workers: readonly WorkerConfig[], flavour: PathFlavour = HOST_PATHS): WorkerConfig | undefined {
  let byFlavour = byDirCache.get(workers);
  if (!byFlavour) byDirCache.set(workers, (byFlavour = new Map()));
  let byDir = byFlavour.get(flavour);
  if (!byDir) {
    byDir = new Map(workers.map((w) => [pathKey(w.dir, flavour), w]));
    byFlavour.set(flavour, byDir);
  }
  const { dirname } = flavour.path;
  for (let dir = dirname(file); ; dir = dirname(dir)) {
    const worker = byDir.get(pathKey(dir, flavour));
    if (worker) return worker;
    if (dirname(dir) === dir) return undefined;
  }
}

/** Folder names of tests: test, tests, __tests__, __mocks__, spec, e2e, e2e-tests, tests-e2e, interactive-dev-tests... */
const TEST_FOLDER = /^(__tests?__|__mocks__|tests?|specs?|e2e|[\w.-]+[-_](tests?|e2e)|(tests?|e2e)[-_][\w.-]+)$/i;

/** A folder of this name holds tests (their configs, clients and URLs are inputs, not the app's). */
export function isTestFolderName(name: string): boolean {
  return TEST_FOLDER.test(name);
}

/** The deepest folder holding all of `dirs` (the workspace folder, as far as the files tell). */
export function commonFolder(dirs: readonly string[], flavour: PathFlavour = HOST_PATHS): string | undefined {
  if (dirs.length === 0) return undefined;
  let common = dirs[0];
  for (const dir of dirs) {
    while (!samePath(common, dir, flavour) && !isInside(dir, common, flavour)) {
      const parent = flavour.path.dirname(common);
      if (parent === common) return common;
      common = parent;
    }
  }
  return common;
}
