import * as path from "node:path";
import type { ClassDeclaration, ModuleInfo } from "./model";
import type { ModuleStore } from "./moduleStore";
import { CLIENT_HINT } from "./recognizers";

export interface LocatedClass {
  module: ModuleInfo;
  declaration: ClassDeclaration;
}


/**
 * Lookups across every source file of the workspace, not only those a worker reaches. A cheap text
 * test comes first, so only files that can matter are parsed.
 */
export class SourceIndex {
  private clientModules: ModuleInfo[] | undefined;
  /** Every class declared in the workspace, by name: built on first use, one pass over the files. */
  private classByName: Map<string, LocatedClass[]> | undefined;

  constructor(
    private readonly store: ModuleStore,
    readonly files: string[],
  ) {}

  private classIndex(): Map<string, LocatedClass[]> {
    if (!this.classByName) {
      this.classByName = new Map();
      for (const file of this.files) {
        const text = this.store.text(file);
        if (!text || !text.includes("class")) continue;
        const module = this.store.get(file);
        for (const declaration of module?.classes ?? []) {
          const list = this.classByName.get(declaration.name);
          if (list) list.push({ module: module!, declaration });
          else this.classByName.set(declaration.name, [{ module: module!, declaration }]);
        }
      }
    }
    return this.classByName;
  }

  /** Classes declared anywhere in the workspace (or in `within`) under this exact name. */
  classesNamed(name: string, within?: string): LocatedClass[] {
    const all = this.classIndex().get(name) ?? [];
    return within ? all.filter((c) => isInside(c.module.file, within)) : all;
  }

  /** Every class declared under `dir` (for "did you mean" suggestions), in file order. */
  classesUnder(dir: string): LocatedClass[] {
    const found: LocatedClass[] = [];
    for (const list of this.classIndex().values()) for (const located of list) if (isInside(located.module.file, dir)) found.push(located);
    const order = new Map(this.files.map((file, i) => [file, i]));
    return found.sort((a, b) => (order.get(a.module.file) ?? 0) - (order.get(b.module.file) ?? 0) || a.declaration.nameSpan.start - b.declaration.nameSpan.start);
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
