import * as path from "node:path";
import type { FileHost } from "../host";
import type { ModuleInfo } from "./model";
import type { ParseCache } from "./parseCache";
import { parseModule } from "./parseModule";
import { ModuleResolver } from "./resolve";

/** Parsed modules cached by content: an unchanged file is never parsed twice. */
export class ModuleStore {
  resolver: ModuleResolver;
  private readonly cache = new Map<string, { text: string; info: ModuleInfo }>();
  private readonly texts = new Map<string, string | undefined>();
  /** Files whose text could not be parsed (nested too deeply for the stack), with why, by that text. */
  private readonly unreadable = new Map<string, { text: string; reason: string }>();

  constructor(
    readonly host: FileHost,
    /** Module facts from earlier runs (the CLI's disk cache); the language server keeps them in memory. */
    private readonly diskCache?: ParseCache,
  ) {
    this.resolver = new ModuleResolver(host);
  }

  /** The file's text for this analysis (read once per analysis). */
  text(file: string): string | undefined {
    if (!this.texts.has(file)) this.texts.set(file, this.host.readFile(file));
    return this.texts.get(file);
  }

  get(file: string): ModuleInfo | undefined {
    const text = this.text(file);
    if (text === undefined) return undefined;
    const cached = this.cache.get(file);
    if (cached && cached.text === text) return cached.info;
    let info = this.diskCache?.get(file, text);
    if (!info) {
      try {
        info = parseModule(file, text);
        this.diskCache?.set(file, text, info);
        this.unreadable.delete(file);
      } catch (error) {
        // Source nested thousands of levels deep (templates, JSX, parentheses) overflows the stack in
        // the scanner and in TypeScript's recursive parser alike. The file then counts as empty, and
        // source-unreadable says so on it, instead of every rule failing for each worker reaching it.
        // Not written to the disk cache: the next run must know it again.
        if (!(error instanceof RangeError)) throw error;
        info = emptyModule(file);
        this.unreadable.set(file, { text, reason: /call stack/i.test(error.message) ? "it is nested too deeply to parse" : error.message });
      }
    }
    this.cache.set(file, { text, info });
    return info;
  }

  /** Why this file's current text could not be parsed (then get() gave an empty module), if it could not. */
  unreadableReason(file: string): string | undefined {
    const entry = this.unreadable.get(file);
    return entry && entry.text === this.text(file) ? entry.reason : undefined;
  }

  /** How many files' parsed modules are kept (tests and the language server's memory report read it). */
  get cachedModules(): number {
    return this.cache.size;
  }

  /**
   * Drops what is kept for files deleted or renamed (`paths`, files or folders, as a watcher reports
   * them): the store outlives analyses in the language server, and entries of files that are gone
   * would otherwise stay for the whole session, each with its whole text. Files that still exist keep
   * theirs (a path reported as created, or deleted and created again). `isInside` (sourceIndex's,
   * passed in: that module imports this one) says whether a file is inside a folder.
   */
  forget(paths: readonly string[], isInside: (file: string, folder: string) => boolean): void {
    if (paths.length === 0) return;
    const exact = new Set(paths);
    // Paths the store knows as files are matched exactly; the others may be folders (a folder deleted
    // or renamed is one event): only those are compared by prefix, so deleting many files stays cheap.
    const folders = paths.filter((p) => !this.cache.has(p) && !this.texts.has(p) && !this.unreadable.has(p));
    const gone = (file: string) => (exact.has(file) || folders.some((folder) => isInside(file, folder))) && !this.host.fileExists(file);
    for (const file of this.cache.keys()) if (gone(file)) this.cache.delete(file);
    for (const file of this.unreadable.keys()) if (gone(file)) this.unreadable.delete(file);
    for (const file of this.texts.keys()) if (gone(file)) this.texts.delete(file);
  }

  /**
   * Starts an analysis. Without `changedFiles` everything read before is forgotten (files may have been
   * created, deleted or edited). With them (the language server, told by the editor what changed), only
   * those texts are read again, and module resolutions are kept unless a tsconfig, a package.json or pnpm-workspace.yaml changed: resolving
   * depends on which files exist, and creations and deletions always come without `changedFiles`.
   * Parsed modules stay cached by content either way.
   */
  beginAnalysis(changedFiles?: string[]): void {
    if (!changedFiles) {
      this.texts.clear();
      this.resolver = new ModuleResolver(this.host);
      return;
    }
    for (const file of changedFiles) this.texts.delete(file);
    // tsconfig paths, and the workspace's packages (their names and `exports`), decide resolutions.
    if (changedFiles.some((file) => /^(tsconfig.*\.json|package\.json|pnpm-workspace\.yaml)$/.test(path.basename(file)))) this.resolver = new ModuleResolver(this.host);
  }
}

/** What a file that could not be parsed contributes: nothing. */
export function emptyModule(file: string): ModuleInfo {
  return { file, imports: [], moduleRequests: [], exports: [], starExports: [], classes: [], envUses: [], agentRefs: [], routePrefixes: [], mcpServes: [], wrappedClasses: [], hasDefaultExport: false };
}
