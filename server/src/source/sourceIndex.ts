import * as path from "node:path";
import type { ClassDeclaration, ModuleInfo } from "./model";
import type { ModuleStore } from "./moduleStore";
import { CLIENT_HINT, SELF_HINT, TEST_FILE_NAME, TYPE_TEST_FILE_NAME } from "./recognizers";
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
  /** Classes by name, as far as asked: each name is looked up in the files whose text can declare it. */
  private readonly classByName = new Map<string, LocatedClass[]>();
  /** Classes under a folder, as far as asked. */
  private readonly classByFolder = new Map<string, LocatedClass[]>();
  /** The files whose text says "class" (only they can declare one), in listing order: listed on first use. */
  private classFiles: { file: string; text: string }[] | undefined;

  constructor(
    private readonly store: ModuleStore,
    readonly files: string[],
  ) {}

  private filesSayingClass(): { file: string; text: string }[] {
    if (!this.classFiles) {
      this.classFiles = [];
      for (const file of this.files) {
        const text = this.store.text(file);
        if (text && text.includes("class")) this.classFiles.push({ file, text });
      }
    }
    return this.classFiles;
  }

  /**
   * Classes declared anywhere in the workspace (or in `within`) under this exact name, in listing
   * order. A class's name is an identifier of its file's text (`class Name`, `const Name = class`),
   * written as is or with a unicode escape: only files whose text holds the name or a `\u` are read,
   * where a first version parsed every file that says "class" (7 MB of cloudflare/workers-sdk for 12 names).
   */
  classesNamed(name: string, within?: string): LocatedClass[] {
    let all = this.classByName.get(name);
    if (!all) {
      all = [];
      for (const { file, text } of this.filesSayingClass()) {
        if (!text.includes(name) && !text.includes("\\u")) continue;
        const module = this.store.get(file);
        for (const declaration of module?.classes ?? []) if (declaration.name === name) all.push({ module: module!, declaration });
      }
      this.classByName.set(name, all);
    }
    return within ? all.filter((c) => isInside(c.module.file, within)) : all;
  }

  /**
   * Every class declared under `dir` (for "did you mean" suggestions), in file order, each file's in
   * text order. Only the files under `dir` are read.
   */
  classesUnder(dir: string): readonly LocatedClass[] {
    let list = this.classByFolder.get(dir);
    if (!list) {
      list = [];
      for (const { file } of this.filesSayingClass()) {
        if (!isInside(file, dir)) continue;
        const module = this.store.get(file);
        if (!module || module.classes.length === 0) continue;
        for (const declaration of [...module.classes].sort((a, b) => a.nameSpan.start - b.nameSpan.start)) list.push({ module, declaration });
      }
      this.classByFolder.set(dir, list);
    }
    return list;
  }

  /**
   * Modules that name agents as a client would. Files named as tests count only when they may call
   * `SELF.fetch`, the one request judged in test code (agents: 3.9 MB of tests read for nothing).
   */
  clientReferences(): ModuleInfo[] {
    if (!this.clientModules) {
      this.clientModules = [];
      for (const file of this.files) {
        const text = this.store.text(file);
        if (!text || !CLIENT_HINT.test(text)) continue;
        if (TEST_FILE_NAME.test(file) && (TYPE_TEST_FILE_NAME.test(file) || !SELF_HINT.test(text))) continue;
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
