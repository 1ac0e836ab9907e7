import * as path from "node:path";
import type { DirEntry, FileHost } from "../../server/src/host";

/** A project held in memory: `files` maps paths relative to `root` to their text. */
export function createMemoryHost(root: string, files: Record<string, string>): FileHost & { files: Map<string, string> } {
  const map = new Map<string, string>();
  for (const [name, text] of Object.entries(files)) map.set(path.join(root, name), text);
  const isDir = (dir: string) => {
    const prefix = dir.endsWith(path.sep) ? dir : dir + path.sep;
    for (const file of map.keys()) if (file.startsWith(prefix)) return true;
    return false;
  };
  return {
    files: map,
    readFile: (file) => map.get(file),
    fileExists: (file) => map.has(file),
    directoryExists: isDir,
    readDirectory(dir) {
      const prefix = dir.endsWith(path.sep) ? dir : dir + path.sep;
      const entries = new Map<string, DirEntry>();
      for (const file of map.keys()) {
        if (!file.startsWith(prefix)) continue;
        const [first, ...rest] = file.slice(prefix.length).split(path.sep);
        entries.set(first, { name: first, isDirectory: rest.length > 0 });
      }
      return [...entries.values()];
    },
  };
}
