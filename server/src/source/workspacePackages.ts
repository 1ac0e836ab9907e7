import * as path from "node:path";
import { parse as parseJsonc } from "jsonc-parser";
import type { FileHost } from "../host";

/**
 * The packages of a monorepo's workspace, by name: what `import { Base } from "@acme/shared/do"`
 * means without node_modules (the repository as cloned, or a workspace not installed yet). The
 * workspace is the nearest folder above the importing file whose package.json lists `workspaces`
 * (npm, yarn, bun) or that holds a pnpm-workspace.yaml; its globs (`packages/*`, `apps/*`,
 * `packages/*\/*`) name the package folders.
 *
 * Packages this tool recognizes by name are never resolved into sources (the Agents SDK, partyserver,
 * `@cloudflare/*`): their classes are known by module name, also inside their own monorepos.
 */
const RECOGNIZED_BY_NAME = /^(?:agents|agents-sdk|partyserver|partysocket|partykit|hono|@cloudflare\/[^/]+)$/;

/** Conditions wrangler's bundler matches for a worker, then the generic ones; `types` last, as a source of last resort. */
const CONDITIONS = ["workerd", "worker", "browser", "import", "module", "default", "types", "require", "node"];

/** How many folders a glob may expand to before the rest is left out: a workspace is not a disk. */
const MAX_PACKAGE_DIRS = 2000;

export class WorkspacePackages {
  /** Workspace root by folder (undefined: none above). */
  private readonly rootByDir = new Map<string, string | undefined>();
  /** Package folder by name, per workspace root. */
  private readonly packagesByRoot = new Map<string, Map<string, string>>();
  /** Each package's package.json, read once. */
  private readonly manifests = new Map<string, Manifest | undefined>();

  constructor(private readonly host: FileHost) {}

  /**
   * The files a bare specifier may mean inside the workspace above `fromDir`, best first (the
   * resolver keeps the first that exists); undefined when it names no workspace package.
   */
  candidates(fromDir: string, specifier: string): string[] | undefined {
    const { name, subpath } = splitSpecifier(specifier);
    if (!name || RECOGNIZED_BY_NAME.test(name)) return undefined;
    const root = this.rootOf(fromDir);
    if (!root) return undefined;
    const dir = this.packagesOf(root).get(name);
    if (!dir) return undefined;
    if (!this.manifests.has(dir)) this.manifests.set(dir, readJson(this.host, path.join(dir, "package.json")));
    const manifest = this.manifests.get(dir);
    if (!manifest) return undefined;
    const targets = manifest.exports !== undefined ? exportTargets(manifest.exports, subpath) : legacyTargets(manifest, subpath);
    return targets.map((target) => path.resolve(dir, target));
  }

  private rootOf(dir: string): string | undefined {
    if (this.rootByDir.has(dir)) return this.rootByDir.get(dir);
    let root: string | undefined;
    if (this.host.fileExists(path.join(dir, "pnpm-workspace.yaml")) || workspaceGlobs(readJson(this.host, path.join(dir, "package.json"))).length > 0) root = dir;
    else if (path.dirname(dir) !== dir && path.basename(dir) !== "node_modules") root = this.rootOf(path.dirname(dir));
    this.rootByDir.set(dir, root);
    return root;
  }

  private packagesOf(root: string): Map<string, string> {
    let packages = this.packagesByRoot.get(root);
    if (packages) return packages;
    packages = new Map();
    const globs = [...workspaceGlobs(readJson(this.host, path.join(root, "package.json"))), ...pnpmGlobs(this.host.readFile(path.join(root, "pnpm-workspace.yaml")))];
    const dirs: string[] = [];
    for (const glob of globs) {
      if (glob.startsWith("!")) continue;
      this.expand(root, glob.replace(/^\.\//, "").replace(/\/+$/, "").split("/"), dirs);
    }
    for (const dir of dirs) {
      if (!this.manifests.has(dir)) this.manifests.set(dir, readJson(this.host, path.join(dir, "package.json")));
      const name = this.manifests.get(dir)?.name;
      if (typeof name === "string" && !packages.has(name)) packages.set(name, dir);
    }
    this.packagesByRoot.set(root, packages);
    return packages;
  }

  /** The folders a glob's parts match under `base` (`*` one folder, `**` any depth up to 4). */
  private expand(base: string, parts: string[], out: string[], depth = 0): void {
    if (out.length >= MAX_PACKAGE_DIRS) return;
    if (parts.length === 0 || (parts.length === 1 && parts[0] === "")) {
      if (this.host.fileExists(path.join(base, "package.json"))) out.push(base);
      return;
    }
    const [part, ...rest] = parts;
    if (part === "**") {
      this.expand(base, rest, out, depth);
      if (depth >= 4) return;
      for (const entry of this.host.readDirectory(base)) if (entry.isDirectory && isWalkable(entry.name)) this.expand(path.join(base, entry.name), parts, out, depth + 1);
      return;
    }
    if (!part.includes("*")) {
      const next = path.join(base, part);
      if (this.host.directoryExists(next)) this.expand(next, rest, out, depth);
      return;
    }
    const pattern = new RegExp(`^${part.split("*").map(escape).join("[^/]*")}$`);
    for (const entry of this.host.readDirectory(base)) {
      if (entry.isDirectory && isWalkable(entry.name) && pattern.test(entry.name)) this.expand(path.join(base, entry.name), rest, out, depth);
    }
  }
}

function isWalkable(name: string): boolean {
  return name !== "node_modules" && !name.startsWith(".");
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/** `@scope/name/sub/path` -> name `@scope/name`, subpath `./sub/path`; `name` -> subpath `.`. */
export function splitSpecifier(specifier: string): { name: string | undefined; subpath: string } {
  if (specifier.startsWith(".") || specifier.startsWith("/") || specifier.includes(":")) return { name: undefined, subpath: "." };
  const parts = specifier.split("/");
  const count = specifier.startsWith("@") ? 2 : 1;
  if (parts.length < count || parts.slice(0, count).some((p) => p === "")) return { name: undefined, subpath: "." };
  const rest = parts.slice(count).join("/");
  return { name: parts.slice(0, count).join("/"), subpath: rest ? `./${rest}` : "." };
}

interface Manifest {
  name?: unknown;
  exports?: unknown;
  main?: unknown;
  module?: unknown;
  types?: unknown;
  workspaces?: unknown;
}

function readJson(host: FileHost, file: string): Manifest | undefined {
  const text = host.readFile(file);
  if (text === undefined) return undefined;
  const value = parseJsonc(text, [], { allowTrailingComma: true }) as unknown;
  return value && typeof value === "object" && !Array.isArray(value) ? (value as Manifest) : undefined;
}

function workspaceGlobs(manifest: Manifest | undefined): string[] {
  const field = manifest?.workspaces;
  const list = Array.isArray(field) ? field : field && typeof field === "object" ? (field as { packages?: unknown }).packages : undefined;
  return Array.isArray(list) ? list.filter((item): item is string => typeof item === "string") : [];
}

/** The `packages:` list of a pnpm-workspace.yaml (block style, quoted or not). */
export function pnpmGlobs(text: string | undefined): string[] {
  if (!text) return [];
  const globs: string[] = [];
  let inPackages = false;
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.replace(/\s+#.*$/, "");
    if (/^packages\s*:/.test(line)) {
      inPackages = true;
      continue;
    }
    if (!inPackages) continue;
    const item = /^\s+-\s*(['"]?)(.+?)\1\s*$/.exec(line);
    if (item) globs.push(item[2]);
    else if (/^\S/.test(line)) inPackages = false;
  }
  return globs;
}

/** The targets `exports` gives `subpath`, in the order of CONDITIONS, with `./*` patterns filled. */
export function exportTargets(exports: unknown, subpath: string): string[] {
  const map = subpathMap(exports);
  if (!map) return [];
  let value = map[subpath];
  let star: string | undefined;
  if (value === undefined) {
    for (const [key, target] of Object.entries(map)) {
      const at = key.indexOf("*");
      if (at < 0) continue;
      const prefix = key.slice(0, at);
      const suffix = key.slice(at + 1);
      if (subpath.startsWith(prefix) && subpath.endsWith(suffix) && subpath.length >= prefix.length + suffix.length) {
        value = target;
        star = subpath.slice(prefix.length, subpath.length - suffix.length);
        break;
      }
    }
  }
  const targets: string[] = [];
  collectTargets(value, targets);
  return targets.map((target) => (star === undefined ? target : target.split("*").join(star))).filter((target) => target.startsWith("./"));
}

/** `exports` as a map of subpaths: a string or a conditions object is the package's "." alone. */
function subpathMap(exports: unknown): Record<string, unknown> | undefined {
  if (typeof exports === "string" || Array.isArray(exports)) return { ".": exports };
  if (!exports || typeof exports !== "object") return undefined;
  const keys = Object.keys(exports);
  return keys.length > 0 && keys.every((key) => key.startsWith(".")) ? (exports as Record<string, unknown>) : { ".": exports };
}

function collectTargets(value: unknown, out: string[]): void {
  if (typeof value === "string") {
    if (!out.includes(value)) out.push(value);
    return;
  }
  if (Array.isArray(value)) {
    for (const item of value) collectTargets(item, out);
    return;
  }
  if (!value || typeof value !== "object") return;
  const conditions = value as Record<string, unknown>;
  for (const condition of CONDITIONS) if (condition in conditions) collectTargets(conditions[condition], out);
}

/** Without `exports`: `module`, `main`, `types` (or `index`) for the package, the path itself for a subpath (a built `dist/` not there yet stays unresolved). */
function legacyTargets(manifest: Manifest, subpath: string): string[] {
  if (subpath !== ".") return [subpath];
  const fields = [manifest.module, manifest.main, manifest.types].filter((field): field is string => typeof field === "string");
  return [...fields.map((field) => (field.startsWith("./") ? field : `./${field}`)), "./index"];
}
