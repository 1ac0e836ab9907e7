import * as fs from "node:fs";
import type { GitBase } from "../project/gitBase";
import { readGitBase } from "../git/readGitBase";

interface RootState {
  /** The base in force (kept while a newer one is read, so findings do not blink). */
  base?: GitBase;
  /** What the base was read for: the configs and the revision asked; another key reads it again. */
  key: string;
  loading: boolean;
  /** Bumped by every change of HEAD or refs: a read started before a change is read again. */
  generation: number;
}

/**
 * The git base of each workspace root for the language server: read with `git` in the background,
 * once per root and per change of HEAD or refs (watched in the repository's git folders), never on the
 * keystroke path. `onChange` is called when a base was read or changed, to re-check everything.
 */
export class GitBases {
  private readonly roots = new Map<string, RootState>();
  private readonly watchers = new Map<string, fs.FSWatcher>();
  private timer: NodeJS.Timeout | undefined;
  private generation = 0;
  /** Reads finished (tests and benchmarks wait on it). */
  reads = 0;

  constructor(
    private readonly onChange: () => void,
    private readonly log: (message: string) => void,
  ) {}

  /** The base for a root now (undefined until read, or when git cannot tell); starts a read when needed. */
  baseFor(root: string, configFiles: readonly string[], rev: string | undefined): GitBase | undefined {
    const key = `${rev ?? ""}\0${configFiles.join("\0")}`;
    let state = this.roots.get(root);
    if (!state) this.roots.set(root, (state = { key, loading: false, generation: -1 }));
    if (!state.loading && (state.key !== key || state.generation !== this.generation)) {
      state.key = key;
      state.loading = true;
      void this.read(root, state, configFiles, rev, this.generation);
    }
    return state.base;
  }

  /** Whether a read is under way (tests wait until none is). */
  get busy(): boolean {
    return [...this.roots.values()].some((s) => s.loading);
  }

  /** Forgets every root (folders changed). */
  clear(): void {
    this.roots.clear();
  }

  dispose(): void {
    if (this.timer) clearTimeout(this.timer);
    for (const watcher of this.watchers.values()) watcher.close();
    this.watchers.clear();
  }

  private async read(root: string, state: RootState, configFiles: readonly string[], rev: string | undefined, generation: number): Promise<void> {
    let base: GitBase | undefined;
    try {
      const outcome = await readGitBase({ cwd: root, configFiles, rev });
      base = outcome.base;
      if (outcome.base) for (const dir of outcome.gitDirs) this.watch(dir);
    } catch (error) {
      this.log(`do-doctor: reading the git base of ${root} failed: ${error instanceof Error ? error.message : String(error)}`);
    }
    this.reads++;
    if (this.roots.get(root) !== state) return;
    state.loading = false;
    state.generation = generation;
    const changed = !sameBase(state.base, base, configFiles);
    state.base = base;
    if (changed || generation !== this.generation) this.onChange();
  }

  /** HEAD (a checkout, a commit) and refs (a fetch moving origin/main) in a git folder. */
  private watch(gitDir: string): void {
    if (this.watchers.has(gitDir)) return;
    try {
      const watcher = fs.watch(gitDir, { recursive: false }, (_event, name) => {
        const file = String(name ?? "");
        if (file === "HEAD" || file === "packed-refs" || file === "refs") this.refsChanged();
      });
      watcher.on("error", () => watcher.close());
      this.watchers.set(gitDir, watcher);
      const refs = `${gitDir}/refs`;
      if (fs.existsSync(refs)) {
        const refsWatcher = fs.watch(refs, { recursive: true }, () => this.refsChanged());
        refsWatcher.on("error", () => refsWatcher.close());
        this.watchers.set(refs, refsWatcher);
      }
    } catch {
      // A git folder that cannot be watched: the base is read again when folders or configs change.
    }
  }

  private refsChanged(): void {
    if (this.timer) clearTimeout(this.timer);
    // A commit writes several files; one re-read after they settle.
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.generation++;
      this.onChange();
    }, 200);
  }
}

function sameBase(a: GitBase | undefined, b: GitBase | undefined, files: readonly string[]): boolean {
  if (!a || !b) return a === b;
  return a.label === b.label && files.every((f) => a.textAt(f) === b.textAt(f));
}
