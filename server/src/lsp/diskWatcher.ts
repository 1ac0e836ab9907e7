import * as path from "node:path";
import type { FSWatcher } from "chokidar";
import { isConfigFileName, isSkippedFolder, isSourceFileName } from "../project/discover";
import { PROJECT_CONFIG_NAMES } from "../projectConfig";
import { isRunEvidenceFile } from "../facts/environmentUse";

/** What a change on disk means for the analysis: a file's text changed, or the set of files did. */
export interface DiskChanges {
  changed: string[];
  createdOrDeleted: string[];
}

/**
 * Watches the workspace folders on disk for clients that cannot watch files for the server (Neovim on
 * Linux declares no dynamic registration of `workspace/didChangeWatchedFiles`): without it, a git
 * checkout, `do-doctor check --fix` or a generator would leave stale findings until a restart.
 * Configs, sources and tsconfigs only; dependency, build and tool folders are never entered, nor are
 * links to folders (as the workspace walk). Events are gathered for `quietMs` and handed over at once.
 */
export class DiskWatcher {
  private watcher: FSWatcher | undefined;
  private pending: DiskChanges = { changed: [], createdOrDeleted: [] };
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly onChanges: (changes: DiskChanges) => void,
    private readonly onError: (message: string) => void,
    private readonly quietMs = 50,
  ) {}

  /** Watches these folders (and only these), replacing what was watched before. */
  watch(folders: string[]): void {
    this.close();
    if (folders.length === 0) return;
    // Loaded on use: clients that watch for the server never pay for it.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const chokidar = require("chokidar") as typeof import("chokidar");
    const roots = folders.map((folder) => path.resolve(folder));
    const watcher = chokidar.watch(roots, {
      ignoreInitial: true,
      followSymlinks: false,
      ignored: (file, stats) => {
        const root = roots.find((r) => file === r || file.startsWith(r + path.sep));
        const below = root ? path.relative(root, file).split(path.sep) : [];
        // A skipped folder anywhere below the root, or a file that is neither config nor source.
        if (below.slice(0, stats?.isFile() ? -1 : undefined).some(isSkippedFolder)) return true;
        return !!stats?.isFile() && !isWatchedFile(file);
      },
    });
    watcher.on("add", (file) => this.add("createdOrDeleted", file));
    watcher.on("unlink", (file) => this.add("createdOrDeleted", file));
    watcher.on("unlinkDir", (dir) => this.add("createdOrDeleted", dir));
    watcher.on("change", (file) => this.add("changed", file));
    watcher.on("error", (error) => this.onError(`do-doctor: watching files failed: ${error instanceof Error ? error.message : String(error)}`));
    this.watcher = watcher;
  }

  /** Resolves once the initial scan is done and events are delivered (tests wait for it). */
  ready(): Promise<void> {
    const watcher = this.watcher;
    return watcher ? new Promise((resolve) => watcher.once("ready", () => resolve())) : Promise.resolve();
  }

  close(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    void this.watcher?.close();
    this.watcher = undefined;
  }

  private add(kind: keyof DiskChanges, file: string): void {
    // Folders arrive as unlinkDir only; a file event for a skipped type never reaches here.
    this.pending[kind].push(file);
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      const changes = this.pending;
      this.pending = { changed: [], createdOrDeleted: [] };
      this.onChanges(changes);
    }, this.quietMs);
  }
}

function isWatchedFile(file: string): boolean {
  const name = path.basename(file);
  // Declaration files too: `wrangler types` run in a terminal rewrites worker-configuration.d.ts (env-types-stale).
  // READMEs, scripts and GitHub workflows say which environments run (env-missing-bindings).
  return isConfigFileName(name) || isSourceFileName(name) || /\.d\.[cm]?ts$/i.test(name) || /^tsconfig.*\.json$/.test(name) || PROJECT_CONFIG_NAMES.includes(name) || name === "package.json" || name === "pnpm-workspace.yaml" || isRunEvidenceFile(file);
}
