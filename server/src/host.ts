import * as fs from "node:fs";
import * as path from "node:path";

export interface DirEntry {
  name: string;
  /** A folder, or a symbolic link to one. */
  isDirectory: boolean;
  /** The entry is a symbolic link (or a Windows junction); isDirectory tells what it points at. */
  isSymbolicLink?: boolean;
}

/**
 * How the engine sees files. The CLI reads the disk; the language server overlays open buffers;
 * tests may use memory. Paths are absolute, in the platform's form.
 */
export interface FileHost {
  /** The file's text, or undefined when it does not exist, is a folder, or cannot be read as text. */
  readFile(file: string): string | undefined;
  /**
   * The file's text up to the first `marker` (ASCII), or all of it when the marker is not there;
   * undefined when readFile would be. For big files of which only the start matters (the project
   * part of a generated worker-configuration.d.ts); hosts without it are asked readFile.
   */
  readFileUntil?(file: string, marker: string): string | undefined;
  fileExists(file: string): boolean;
  directoryExists(dir: string): boolean;
  readDirectory(dir: string): DirEntry[];
  /**
   * The folder's real path (symbolic links resolved), to tell one folder reached along two paths;
   * undefined when it cannot be resolved. Hosts without links (memory) may leave it out.
   */
  realPath?(dir: string): string | undefined;
}

/** Files larger than this are treated as unreadable: no worker config or source is this big. */
export const MAX_FILE_BYTES = 8 * 1024 * 1024;

export function createDiskHost(): FileHost {
  return {
    readFile(file) {
      try {
        // No exception for a missing file: module resolution asks about many that do not exist.
        const stat = fs.statSync(file, { throwIfNoEntry: false });
        if (!stat || !stat.isFile() || stat.size > MAX_FILE_BYTES) return undefined;
        const buffer = fs.readFileSync(file);
        return decodeText(buffer);
      } catch {
        return undefined;
      }
    },
    readFileUntil(file, marker) {
      let fd: number | undefined;
      try {
        const stat = fs.statSync(file, { throwIfNoEntry: false });
        if (!stat || !stat.isFile() || stat.size > MAX_FILE_BYTES) return undefined;
        fd = fs.openSync(file, "r");
        // The first 64 KB (more than the bytes decodeText looks at for a NUL); all of it when the
        // marker is not there.
        let buffer = Buffer.alloc(Math.min(64 * 1024, stat.size));
        let length = 0;
        while (length < buffer.length) {
          const read = fs.readSync(fd, buffer, length, buffer.length - length, length);
          if (read <= 0) break;
          length += read;
        }
        buffer = buffer.subarray(0, length);
        let cut = buffer.indexOf(marker, 0, "latin1");
        if (cut < 0 && length < stat.size) {
          buffer = fs.readFileSync(file);
          cut = buffer.indexOf(marker, 0, "latin1");
        }
        // UTF-16 holds the marker in other bytes: the whole text, cut as a string.
        if (buffer.length >= 2 && ((buffer[0] === 0xff && buffer[1] === 0xfe) || (buffer[0] === 0xfe && buffer[1] === 0xff))) return cutAt(decodeText(fs.readFileSync(file)), marker);
        if (buffer.subarray(0, 8000).includes(0)) return undefined;
        return decodeText(cut >= 0 ? buffer.subarray(0, cut) : buffer);
      } catch {
        return undefined;
      } finally {
        if (fd !== undefined) fs.closeSync(fd);
      }
    },
    fileExists(file) {
      try {
        return fs.statSync(file, { throwIfNoEntry: false })?.isFile() ?? false;
      } catch {
        return false;
      }
    },
    directoryExists(dir) {
      try {
        return fs.statSync(dir, { throwIfNoEntry: false })?.isDirectory() ?? false;
      } catch {
        return false;
      }
    },
    readDirectory(dir) {
      try {
        return fs.readdirSync(dir, { withFileTypes: true }).map((entry) => {
          let isDirectory = entry.isDirectory();
          const isSymbolicLink = entry.isSymbolicLink();
          if (isSymbolicLink) {
            try {
              isDirectory = fs.statSync(path.join(dir, entry.name)).isDirectory();
            } catch {
              isDirectory = false;
            }
          }
          return { name: entry.name, isDirectory, isSymbolicLink };
        });
      } catch {
        return [];
      }
    },
    realPath(dir) {
      try {
        return fs.realpathSync.native(dir);
      } catch {
        return undefined;
      }
    },
  };
}

/** Decodes UTF-8 (dropping a BOM) and UTF-16 with a BOM; binary content yields undefined. */
export function decodeText(buffer: Buffer): string | undefined {
  if (buffer.length >= 2 && buffer[0] === 0xff && buffer[1] === 0xfe) return buffer.subarray(2).toString("utf16le");
  if (buffer.length >= 2 && buffer[0] === 0xfe && buffer[1] === 0xff) {
    const swapped = Buffer.from(buffer.subarray(2));
    swapped.swap16();
    return swapped.toString("utf16le");
  }
  const sample = buffer.subarray(0, Math.min(buffer.length, 8000));
  if (sample.includes(0)) return undefined;
  let text = buffer.toString("utf8");
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  return text;
}

/** `text` up to the first `marker`, or all of it. */
export function cutAt(text: string | undefined, marker: string): string | undefined {
  if (text === undefined) return undefined;
  const at = text.indexOf(marker);
  return at >= 0 ? text.slice(0, at) : text;
}

/** A host that answers from memory first (open editor buffers, tests) and falls back to another. */
export function createOverlayHost(base: FileHost, overlay: Map<string, string>): FileHost {
  return {
    readFile: (file) => (overlay.has(file) ? overlay.get(file) : base.readFile(file)),
    readFileUntil: (file, marker) => (overlay.has(file) ? cutAt(overlay.get(file), marker) : base.readFileUntil ? base.readFileUntil(file, marker) : cutAt(base.readFile(file), marker)),
    fileExists: (file) => overlay.has(file) || base.fileExists(file),
    directoryExists: (dir) => base.directoryExists(dir),
    readDirectory: (dir) => base.readDirectory(dir),
    realPath: base.realPath ? (dir) => base.realPath?.(dir) : undefined,
  };
}
