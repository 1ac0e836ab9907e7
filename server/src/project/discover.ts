import * as path from "node:path";
import type { FileHost } from "../host";
import { SOURCE_EXTENSIONS } from "../source/resolve";

/** wrangler's own order: in one folder the first of these that exists is the config it uses. */
export const CONFIG_NAMES = ["wrangler.json", "wrangler.jsonc", "wrangler.toml"];

/** Folders that hold dependencies, build output or tool state: never user sources or configs. */
const SKIPPED_DIRS = new Set([
  "node_modules",
  ".git",
  ".wrangler",
  "dist",
  ".open-next",
  ".next",
  ".svelte-kit",
  ".nuxt",
  ".output",
  ".turbo",
  ".cache",
  "coverage",
  ".vscode-test",
  "bower_components",
]);

/** A folder of this name holds no user sources or configs (dependencies, build output, tool state). */
export function isSkippedFolder(name: string): boolean {
  return SKIPPED_DIRS.has(name);
}

/**
 * Bounds for pathological trees (giant checkouts, folders nested without end): the walk stops there
 * and says so (WorkspaceFiles.cap), and the CLI and the language server tell the user.
 */
export const WALK_LIMITS: WalkLimits = { maxDepth: 24, maxFiles: 100_000 };

export interface WalkLimits {
  /** Folders deeper than this below a root are not listed. */
  maxDepth: number;
  /** Source files listed at most. */
  maxFiles: number;
}

/** The bound that cut a listing short. */
export interface WalkCap {
  kind: "depth" | "files";
  limit: number;
}

export interface WorkspaceFiles {
  /** The config wrangler would use in each folder that has one. */
  configs: string[];
  /** Every TypeScript/JavaScript source outside skipped folders (declaration files excluded). */
  sources: string[];
  /** True when a bound was hit and the listing is incomplete. */
  truncated: boolean;
  /** Which bound was hit first, when truncated. */
  cap?: WalkCap;
}

/** One line naming the bound a listing hit, for the CLI's note and the editor's warning. */
export function describeCap(cap: WalkCap): string {
  return cap.kind === "files"
    ? `the workspace has more than ${cap.limit.toLocaleString("en-US")} source files; only the first ${cap.limit.toLocaleString("en-US")} (in path order) were checked`
    : `folders nested more than ${cap.limit} levels below the checked folder were not listed; configs and sources in them were not checked`;
}

export function isConfigFileName(name: string): boolean {
  return CONFIG_NAMES.includes(name);
}

export function isSourceFileName(name: string): boolean {
  const lower = name.toLowerCase();
  if (/\.d\.[cm]?ts$/.test(lower)) return false;
  return SOURCE_EXTENSIONS.some((ext) => lower.endsWith(ext));
}

/**
 * Lists the configs and sources below the roots, each real folder once.
 *
 * Symbolic links to folders are not followed. A linked folder inside the workspace is listed once,
 * under its own path, when the walk reaches it there; a link that leaves the workspace (a linked
 * package, a shared checkout elsewhere, `/`) points at something that is not part of the workspace,
 * and following it could walk a whole disk or someone else's project (and report its configs).
 * pnpm's links live in node_modules, which is never listed anyway. Imports are not affected: module
 * resolution reads files through links, so code a worker imports through one is still checked; only
 * classes in a linked folder that no entry reaches are not looked up by folder. Links to files are
 * listed as files (one read each, bounded by the host's size limit).
 *
 * Folders are remembered by real path (root's real path joined with the names below it), so roots that
 * overlap, or name one folder along two paths, list it once.
 */
export function listWorkspaceFiles(roots: string[], host: FileHost, limits: WalkLimits = WALK_LIMITS): WorkspaceFiles {
  const result: WorkspaceFiles = { configs: [], sources: [], truncated: false };
  const seenDirs = new Set<string>();
  let count = 0;
  const hit = (kind: WalkCap["kind"], limit: number) => {
    result.truncated = true;
    result.cap ??= { kind, limit };
  };
  const walk = (dir: string, real: string, depth: number): boolean => {
    if (seenDirs.has(real)) return true;
    if (depth > limits.maxDepth) {
      hit("depth", limits.maxDepth);
      return true;
    }
    seenDirs.add(real);
    const entries = host.readDirectory(dir).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    const config = CONFIG_NAMES.find((name) => entries.some((e) => !e.isDirectory && e.name === name));
    if (config) result.configs.push(path.join(dir, config));
    for (const entry of entries) {
      const isSource = !entry.isDirectory && isSourceFileName(entry.name);
      const isFolder = entry.isDirectory && !SKIPPED_DIRS.has(entry.name) && !entry.isSymbolicLink;
      if (!isSource && !isFolder) continue;
      // Full: what is left may hold more sources (a folder may, a source does), so the listing stops short.
      if (count >= limits.maxFiles) {
        hit("files", limits.maxFiles);
        return false;
      }
      if (isFolder) {
        if (!walk(path.join(dir, entry.name), path.join(real, entry.name), depth + 1)) return false;
      } else {
        count++;
        result.sources.push(path.join(dir, entry.name));
      }
    }
    return true;
  };
  for (const root of roots) {
    const resolved = path.resolve(root);
    if (host.directoryExists(resolved)) {
      if (!walk(resolved, host.realPath?.(resolved) ?? resolved, 0)) break;
    } else if (isConfigFileName(path.basename(resolved)) && host.fileExists(resolved)) result.configs.push(resolved);
  }
  return result;
}

const positionsCache = new WeakMap<readonly string[], Map<string, number>>();

/**
 * Each file's place in a listing (a listing is not changed once made). Facts updated for a few changed
 * files are put back in listing order with it, the order a fresh pass over the listing gives.
 */
export function listingPositions(files: readonly string[]): Map<string, number> {
  let positions = positionsCache.get(files);
  if (!positions) {
    positions = new Map(files.map((file, i) => [file, i]));
    positionsCache.set(files, positions);
  }
  return positions;
}
