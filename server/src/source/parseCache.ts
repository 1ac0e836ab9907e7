import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import type { ModuleInfo } from "./model";

/**
 * Module facts kept on disk between runs of `do-doctor check`, keyed by file and content: a run whose
 * sources did not change never loads the TypeScript compiler. Entries not used in a run are dropped
 * when it saves, so the file tracks the project.
 */
export interface ParseCache {
  get(file: string, text: string): ModuleInfo | undefined;
  set(file: string, text: string, info: ModuleInfo): void;
  save(): void;
  readonly location: string;
  /** Hits and misses of this run, for tests and benchmarks. */
  readonly stats: { hits: number; misses: number };
}

interface CacheFile {
  version: string;
  entries: Record<string, ModuleInfo>;
}

/** Changes whenever the code that produces module facts changes (a rebuild), so a stale shape is never read. */
function codeVersion(): string {
  try {
    const stat = fs.statSync(__filename);
    return `${stat.size}-${Math.floor(stat.mtimeMs)}`;
  } catch {
    return "unknown";
  }
}

function keyOf(file: string, text: string): string {
  return sha1().update(file).update("\0").update(text).digest("base64url");
}

/**
 * Where the cache lives: `DO_DOCTOR_CACHE` if set ("off" disables it), else the nearest
 * `node_modules/.cache/do-doctor` above the checked folder (as babel and eslint loaders do), else the
 * user's cache folder.
 */
export function defaultCacheLocation(root: string): string | undefined {
  const configured = process.env.DO_DOCTOR_CACHE;
  if (configured === "off") return undefined;
  if (configured) return path.resolve(configured);
  for (let dir = path.resolve(root); ; dir = path.dirname(dir)) {
    if (fs.existsSync(path.join(dir, "node_modules"))) return path.join(dir, "node_modules", ".cache", "do-doctor");
    if (path.dirname(dir) === dir) break;
  }
  const base = process.env.XDG_CACHE_HOME || path.join(os.homedir(), ".cache");
  return path.join(base, "do-doctor", sha1().update(path.resolve(root)).digest("hex").slice(0, 12));
}

export function openParseCache(location: string): ParseCache {
  const file = path.join(location, "modules.json");
  const version = codeVersion();
  let stored: Record<string, ModuleInfo> = {};
  try {
    const parsed = JSON.parse(fs.readFileSync(file, "utf8")) as CacheFile;
    if (parsed.version === version && parsed.entries && typeof parsed.entries === "object") stored = parsed.entries;
  } catch {
    // No cache yet, or unreadable: start empty.
  }
  const used: Record<string, ModuleInfo> = {};
  let dirty = false;
  const stats = { hits: 0, misses: 0 };
  return {
    location,
    stats,
    get(name, text) {
      const key = keyOf(name, text);
      const info = stored[key];
      if (info) {
        stats.hits++;
        used[key] = info;
      } else stats.misses++;
      return info;
    },
    set(name, text, info) {
      used[keyOf(name, text)] = info;
      dirty = true;
    },
    save() {
      if (!dirty && Object.keys(used).length === Object.keys(stored).length) return;
      try {
        fs.mkdirSync(location, { recursive: true });
        const temp = `${file}.${process.pid}.tmp`;
        fs.writeFileSync(temp, JSON.stringify({ version, entries: used } satisfies CacheFile));
        fs.renameSync(temp, file);
      } catch {
        // A cache that cannot be written only costs speed next time.
      }
    },
  };
}

/** crypto is loaded on the first hash, not with the CLI (a run without the cache never needs it). */
function sha1(): import("node:crypto").Hash {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return (require("node:crypto") as typeof import("node:crypto")).createHash("sha1");
}
