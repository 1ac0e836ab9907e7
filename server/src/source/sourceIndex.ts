import * as path from "node:path";
import type { ClassDeclaration, ModuleInfo } from "./model";
import type { ModuleStore } from "./moduleStore";
import { CLIENT_HINT } from "./recognizers";
import { HOST_PATHS, type PathFlavour } from "../project/pathFlavour";

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
  /** Every class by each folder that holds its file, at any depth, in listing order: built on first use. */
  private classByFolder: Map<string, LocatedClass[]> | undefined;

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

  /**
   * Every class declared under `dir` (for "did you mean" suggestions), in file order. Asked once per
   * worker: an index by folder answers each in one lookup, where a scan of every class per worker
   * was workers x classes.
   */
  classesUnder(dir: string): readonly LocatedClass[] {
    if (!this.classByFolder) {
      this.classByFolder = new Map();
      for (const file of this.files) {
        const text = this.store.text(file);
        if (!text || !text.includes("class")) continue;
        const module = this.store.get(file);
        if (!module || module.classes.length === 0) continue;
        const located = [...module.classes].sort((a, b) => a.nameSpan.start - b.nameSpan.start).map((declaration) => ({ module, declaration }));
        for (let folder = path.dirname(file); ; folder = path.dirname(folder)) {
          const list = this.classByFolder.get(folder);
          if (list) list.push(...located);
          else this.classByFolder.set(folder, [...located]);
          if (path.dirname(folder) === folder) break;
        }
      }
    }
    return this.classByFolder.get(dir) ?? [];
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

/**
 * Whether `file` lies below `dir` (not `dir` itself). Both are absolute and normalized (path.resolve,
 * path.join): then a prefix test answers as path.relative would, at a fraction of its cost, and lookups
 * run it once per class and worker. On Windows names compare without case, as path.relative does
 * there (flavour: the host's unless a test says otherwise).
 */
export function isInside(file: string, dir: string, flavour: PathFlavour = HOST_PATHS): boolean {
  if (file.length <= dir.length) return false;
  if (flavour.caseInsensitive) {
    file = file.toLowerCase();
    dir = dir.toLowerCase();
  }
  if (!file.startsWith(dir)) return false;
  const sep = flavour.path.sep;
  // A root ends with its separator (`/`, `C:\`).
  return dir.endsWith(sep) || file[dir.length] === sep;
}
