import * as path from "node:path";
import type { ClassDeclaration, ModuleInfo } from "./model";
import type { ModuleStore } from "./moduleStore";

export interface LocatedClass {
  module: ModuleInfo;
  declaration: ClassDeclaration;
}

const CLIENT_HINT = /useAgent|AgentClient|agentFetch|agents\//;

/**
 * Lookups across every source file of the workspace, not only those a worker reaches. A cheap text
 * test comes first, so only files that can matter are parsed.
 */
export class SourceIndex {
  private clientModules: ModuleInfo[] | undefined;
  private readonly classCache = new Map<string, LocatedClass[]>();

  constructor(
    private readonly store: ModuleStore,
    readonly files: string[],
  ) {}

  /** Classes declared anywhere in the workspace (or in `within`) under this exact name. */
  classesNamed(name: string, within?: string): LocatedClass[] {
    let all = this.classCache.get(name);
    if (!all) {
      all = [];
      for (const file of this.files) {
        const text = this.store.text(file);
        if (!text || !text.includes(name) || !text.includes("class")) continue;
        const module = this.store.get(file);
        for (const declaration of module?.classes ?? []) if (declaration.name === name && module) all.push({ module, declaration });
      }
      this.classCache.set(name, all);
    }
    return within ? all.filter((c) => isInside(c.module.file, within)) : all;
  }

  /** Every class declared under `dir` (for "did you mean" suggestions). */
  classesUnder(dir: string): LocatedClass[] {
    const found: LocatedClass[] = [];
    for (const file of this.files) {
      if (!isInside(file, dir)) continue;
      const text = this.store.text(file);
      if (!text || !text.includes("class")) continue;
      const module = this.store.get(file);
      for (const declaration of module?.classes ?? []) if (module) found.push({ module, declaration });
    }
    return found;
  }

  /** Modules that name agents as a client would. */
  clientReferences(): ModuleInfo[] {
    if (!this.clientModules) {
      this.clientModules = [];
      for (const file of this.files) {
        const text = this.store.text(file);
        if (!text || !CLIENT_HINT.test(text)) continue;
        const module = this.store.get(file);
        if (module && module.agentRefs.length > 0) this.clientModules.push(module);
      }
    }
    return this.clientModules;
  }
}

export function isInside(file: string, dir: string): boolean {
  const relative = path.relative(dir, file);
  return relative !== "" && !relative.startsWith("..") && !path.isAbsolute(relative);
}
