import type { ModuleInfo } from "./model";
import type { ModuleStore } from "./moduleStore";

/** The modules a worker's entry reaches through imports and re-exports. */
export interface WorkerSources {
  entry: string;
  entryModule: ModuleInfo | undefined;
  /** Reachable modules, entry first, in breadth-first order. */
  modules: ModuleInfo[];
}

/** Enough for any real worker; a bound for generated or hostile trees. */
const MAX_MODULES = 20_000;

export function readWorkerSources(store: ModuleStore, entry: string): WorkerSources {
  const entryModule = store.get(entry);
  const modules: ModuleInfo[] = [];
  if (!entryModule) return { entry, entryModule, modules };
  const seen = new Set<string>([entry]);
  const queue: ModuleInfo[] = [entryModule];
  for (let next = queue.shift(); next; next = queue.shift()) {
    modules.push(next);
    if (modules.length >= MAX_MODULES) break;
    for (const request of next.moduleRequests) {
      const resolution = store.resolver.resolve(next.file, request.module);
      if (resolution.kind !== "file" || seen.has(resolution.file)) continue;
      seen.add(resolution.file);
      const module = store.get(resolution.file);
      if (module) queue.push(module);
    }
  }
  return { entry, entryModule, modules };
}
