import * as path from "node:path";

/**
 * How paths are spelled and compared on one platform: its `path` module (separators, drive letters,
 * `path.delimiter` of PATH) and whether two names differing only by case are the same file.
 *
 * The engine's path-facing helpers take one (default: the host's) so their tests run under both
 * flavours on any machine. Windows compares without case, as `path.win32.relative` does. macOS keeps
 * posix rules, as Node's own `path` does there: its default file system ignores case, but every path the
 * engine compares comes from one listing or one client, spelled the same way.
 */
export interface PathFlavour {
  readonly name: "posix" | "win32";
  readonly path: path.PlatformPath;
  readonly caseInsensitive: boolean;
}

export const POSIX_PATHS: PathFlavour = { name: "posix", path: path.posix, caseInsensitive: false };
export const WIN32_PATHS: PathFlavour = { name: "win32", path: path.win32, caseInsensitive: true };

/** The flavour of the machine this runs on. */
export const HOST_PATHS: PathFlavour = process.platform === "win32" ? WIN32_PATHS : POSIX_PATHS;

/** A key under which two spellings of one path meet (Windows: `C:\A` and `c:\a`). */
export function pathKey(file: string, flavour: PathFlavour = HOST_PATHS): string {
  return flavour.caseInsensitive ? file.toLowerCase() : file;
}

/** Whether two absolute, normalized paths name the same file under the flavour's rules. */
export function samePath(a: string, b: string, flavour: PathFlavour = HOST_PATHS): boolean {
  return a === b || (flavour.caseInsensitive && a.length === b.length && a.toLowerCase() === b.toLowerCase());
}
