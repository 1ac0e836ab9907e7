import * as path from "node:path";
import { parse as parseJsonc } from "jsonc-parser";
import type { FileHost } from "../host";
import { WorkspacePackages } from "./workspacePackages";

export const SOURCE_EXTENSIONS = [".ts", ".tsx", ".mts", ".cts", ".js", ".jsx", ".mjs", ".cjs"];
/** `./x.js` in TypeScript sources means `./x.ts`: the compiler's rewrite, which wrangler's bundler follows. */
const JS_TO_TS: Record<string, string[]> = {
  ".js": [".ts", ".tsx"],
  ".jsx": [".tsx"],
  ".mjs": [".mts"],
  ".cjs": [".cts"],
};

export type Resolution = { kind: "file"; file: string } | { kind: "external"; module: string } | { kind: "missing"; module: string };

interface PathsConfig {
  baseUrl?: string;
  paths: { pattern: string; targets: string[] }[];
  /** Folder the `paths` targets are relative to. */
  pathsBase: string;
}

/** Resolves module specifiers the way wrangler's bundler would for a TypeScript worker, without node_modules (workspace packages by their package.json). */
export class ModuleResolver {
  private readonly tsconfigByDir = new Map<string, PathsConfig | undefined>();
  private readonly cache = new Map<string, Resolution>();
  private readonly workspace: WorkspacePackages;

  constructor(private readonly host: FileHost) {
    this.workspace = new WorkspacePackages(host);
  }

  resolve(fromFile: string, specifier: string): Resolution {
    const key = `${path.dirname(fromFile)}\0${specifier}`;
    let result = this.cache.get(key);
    if (!result) {
      result = this.resolveUncached(fromFile, specifier);
      this.cache.set(key, result);
    }
    return result;
  }

  /** Finds the source file a path means: exact, `.js` for `.ts`, added extension, or a folder's index. */
  resolveFilePath(base: string): string | undefined {
    const ext = path.extname(base).toLowerCase();
    if (SOURCE_EXTENSIONS.includes(ext) && this.host.fileExists(base)) return base;
    for (const replacement of JS_TO_TS[ext] ?? []) {
      const candidate = base.slice(0, -ext.length) + replacement;
      if (this.host.fileExists(candidate)) return candidate;
    }
    for (const extension of SOURCE_EXTENSIONS) {
      if (this.host.fileExists(base + extension)) return base + extension;
    }
    for (const extension of SOURCE_EXTENSIONS) {
      const index = path.join(base, "index" + extension);
      if (this.host.fileExists(index)) return index;
    }
    return undefined;
  }

  private resolveUncached(fromFile: string, specifier: string): Resolution {
    if (specifier.startsWith(".") || path.isAbsolute(specifier)) {
      const file = this.resolveFilePath(path.resolve(path.dirname(fromFile), specifier));
      return file ? { kind: "file", file } : { kind: "missing", module: specifier };
    }
    const config = this.pathsFor(path.dirname(fromFile));
    if (config) {
      for (const { pattern, targets } of config.paths) {
        const star = matchPattern(pattern, specifier);
        if (star === undefined) continue;
        for (const target of targets) {
          const file = this.resolveFilePath(path.resolve(config.pathsBase, target.replace("*", star)));
          if (file) return { kind: "file", file };
        }
      }
      if (config.baseUrl) {
        const file = this.resolveFilePath(path.resolve(config.baseUrl, specifier));
        if (file) return { kind: "file", file };
      }
    }
    // A package of the monorepo's own workspace, as its package.json exports it (no node_modules needed).
    for (const candidate of this.workspace.candidates(path.dirname(fromFile), specifier) ?? []) {
      const file = this.resolveFilePath(candidate);
      if (file) return { kind: "file", file };
    }
    return { kind: "external", module: specifier };
  }

  /** The nearest tsconfig.json's baseUrl and paths, following relative `extends`. */
  private pathsFor(dir: string): PathsConfig | undefined {
    if (this.tsconfigByDir.has(dir)) return this.tsconfigByDir.get(dir);
    let found: PathsConfig | undefined;
    const tsconfig = path.join(dir, "tsconfig.json");
    if (this.host.fileExists(tsconfig)) {
      found = this.readTsconfig(tsconfig, new Set());
    } else {
      const parent = path.dirname(dir);
      found = parent !== dir && !dir.endsWith(`${path.sep}node_modules`) ? this.pathsFor(parent) : undefined;
    }
    this.tsconfigByDir.set(dir, found);
    return found;
  }

  private readTsconfig(file: string, seen: Set<string>): PathsConfig | undefined {
    if (seen.has(file)) return undefined;
    seen.add(file);
    const text = this.host.readFile(file);
    if (text === undefined) return undefined;
    const json = parseJsonc(text, [], { allowTrailingComma: true }) as unknown;
    if (!json || typeof json !== "object") return undefined;
    const config = json as { extends?: unknown; compilerOptions?: { baseUrl?: unknown; paths?: unknown } };
    const dir = path.dirname(file);
    let inherited: PathsConfig | undefined;
    if (typeof config.extends === "string" && config.extends.startsWith(".")) {
      const parentFile = path.resolve(dir, config.extends.endsWith(".json") ? config.extends : config.extends + ".json");
      inherited = this.readTsconfig(parentFile, seen);
    }
    const options = config.compilerOptions ?? {};
    const baseUrl = typeof options.baseUrl === "string" ? path.resolve(dir, options.baseUrl) : inherited?.baseUrl;
    let paths = inherited?.paths ?? [];
    let pathsBase = inherited?.pathsBase ?? dir;
    if (options.paths && typeof options.paths === "object") {
      paths = Object.entries(options.paths as Record<string, unknown>).map(([pattern, targets]) => ({
        pattern,
        targets: Array.isArray(targets) ? targets.filter((t): t is string => typeof t === "string") : [],
      }));
      pathsBase = baseUrl ?? dir;
    }
    if (!baseUrl && paths.length === 0) return undefined;
    return { baseUrl, paths, pathsBase };
  }
}

function matchPattern(pattern: string, specifier: string): string | undefined {
  const star = pattern.indexOf("*");
  if (star < 0) return pattern === specifier ? "" : undefined;
  const prefix = pattern.slice(0, star);
  const suffix = pattern.slice(star + 1);
  if (specifier.length >= prefix.length + suffix.length && specifier.startsWith(prefix) && specifier.endsWith(suffix)) {
    return specifier.slice(prefix.length, specifier.length - suffix.length);
  }
  return undefined;
}
