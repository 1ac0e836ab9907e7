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

/** Bounds for pathological trees (symlink loops, giant checkouts): the walk stops there. */
const MAX_DEPTH = 24;
const MAX_FILES = 100_000;

export interface WorkspaceFiles {
  /** The config wrangler would use in each folder that has one. */
  configs: string[];
  /** Every TypeScript/JavaScript source outside skipped folders (declaration files excluded). */
  sources: string[];
  /** True when a bound was hit and the listing is incomplete. */
  truncated: boolean;
}

export function isConfigFileName(name: string): boolean {
  return CONFIG_NAMES.includes(name);
}

export function isSourceFileName(name: string): boolean {
  const lower = name.toLowerCase();
  if (/\.d\.[cm]?ts$/.test(lower)) return false;
  return SOURCE_EXTENSIONS.some((ext) => lower.endsWith(ext));
}

export function listWorkspaceFiles(roots: string[], host: FileHost): WorkspaceFiles {
  const result: WorkspaceFiles = { configs: [], sources: [], truncated: false };
  const seenDirs = new Set<string>();
  let count = 0;
  const walk = (dir: string, depth: number): void => {
    if (depth > MAX_DEPTH || seenDirs.has(dir)) {
      if (depth > MAX_DEPTH) result.truncated = true;
      return;
    }
    seenDirs.add(dir);
    const entries = host.readDirectory(dir).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    const config = CONFIG_NAMES.find((name) => entries.some((e) => !e.isDirectory && e.name === name));
    if (config) result.configs.push(path.join(dir, config));
    for (const entry of entries) {
      if (count >= MAX_FILES) {
        result.truncated = true;
        return;
      }
      if (entry.isDirectory) {
        if (!SKIPPED_DIRS.has(entry.name)) walk(path.join(dir, entry.name), depth + 1);
      } else if (isSourceFileName(entry.name)) {
        count++;
        result.sources.push(path.join(dir, entry.name));
      }
    }
  };
  for (const root of roots) {
    if (host.directoryExists(root)) walk(path.resolve(root), 0);
    else if (isConfigFileName(path.basename(root)) && host.fileExists(root)) result.configs.push(path.resolve(root));
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
