import * as path from "node:path";
import type { WorkerConfig } from "../project/model";
import type { ModuleStore } from "../source/moduleStore";
import { isInside } from "../source/sourceIndex";

/**
 * Whether anything in the project says a named environment is run: `--env <name>` (or `-e`,
 * `--env=<name>`, `CLOUDFLARE_ENV=<name>`, a workflow's `environment: <name>`) written in the config
 * itself (a comment such as "deployed with `wrangler deploy --env staging`"), in a package.json, a
 * Markdown, shell, Makefile or justfile, or a GitHub workflow, in the worker's folder or a folder
 * above it up to the repository's root (the folder holding `.git`; without one, the checked root). A
 * workflow choosing the environment at run time (`--env ${{ ... }}`, `--env $ENV`) counts for every
 * environment. Returns where it is written (a path relative to the worker's folder), or undefined.
 */
export function environmentRunEvidence(store: ModuleStore, worker: WorkerConfig, envName: string, roots: readonly string[]): string | undefined {
  const named = runPattern(envName);
  if (named.test(worker.parsed.text)) return path.basename(worker.file);
  for (const file of evidenceFiles(store, worker, roots)) {
    const text = store.text(file);
    if (text === undefined || text.length > MAX_EVIDENCE_BYTES) continue;
    if (named.test(text) || DYNAMIC_ENV.test(text)) return path.relative(worker.dir, file) || path.basename(file);
  }
  return undefined;
}

const MAX_EVIDENCE_BYTES = 512 * 1024;
/** Files that run or document commands, by name. */
const EVIDENCE_FILE = /^(?:package\.json|Makefile|justfile|Justfile|.*\.(?:md|mdx|sh|bash))$/;
/** An environment picked at run time: a variable or a workflow expression after `--env`, `-e` or CLOUDFLARE_ENV. */
const DYNAMIC_ENV = /(?:--env(?:=|[ \t]+)|(?:^|[ \t])-e[ \t]+|CLOUDFLARE_ENV=)["']?\$/m;

function runPattern(envName: string): RegExp {
  const name = envName.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  return new RegExp(`(?:--env(?:=|[ \\t]+)|(?:^|[ \\t"'\`])-e(?:=|[ \\t]+)|CLOUDFLARE_ENV=|WRANGLER_ENV=|environment:[ \\t]*)["'\`]?${name}(?![\\w.-])`, "m");
}

/** The files to read, nearest folder first. */
function evidenceFiles(store: ModuleStore, worker: WorkerConfig, roots: readonly string[]): string[] {
  const host = store.host;
  const top = repositoryTop(store, worker.dir) ?? roots.filter((root) => root === worker.dir || isInside(worker.dir, root)).sort((a, b) => a.length - b.length)[0] ?? worker.dir;
  const files: string[] = [];
  for (let dir = worker.dir; ; dir = path.dirname(dir)) {
    for (const entry of safeList(store, dir)) if (!entry.isDirectory && EVIDENCE_FILE.test(entry.name)) files.push(path.join(dir, entry.name));
    const workflows = path.join(dir, ".github", "workflows");
    if (host.directoryExists(workflows)) for (const entry of safeList(store, workflows)) if (!entry.isDirectory && /\.ya?ml$/i.test(entry.name)) files.push(path.join(workflows, entry.name));
    if (dir === top || path.dirname(dir) === dir || !isInside(dir, top)) break;
  }
  return files;
}

/** The nearest folder at or above `dir` holding `.git`, within 12 levels. */
function repositoryTop(store: ModuleStore, dir: string): string | undefined {
  let current = dir;
  for (let level = 0; level < 12; level++) {
    if (store.host.directoryExists(path.join(current, ".git")) || store.host.fileExists(path.join(current, ".git"))) return current;
    const parent = path.dirname(current);
    if (parent === current) return undefined;
    current = parent;
  }
  return undefined;
}

function safeList(store: ModuleStore, dir: string): { name: string; isDirectory: boolean }[] {
  try {
    return store.host.readDirectory(dir);
  } catch {
    return [];
  }
}

/**
 * The folder whose workers a file can tell that an environment runs (their folder or one above it
 * holds the file; a GitHub workflow speaks for the folder holding `.github`), or undefined for files
 * that are no such evidence. The language server re-checks those workers when the file changes.
 * package.json is left out: its change re-checks everything anyway.
 */
export function runEvidenceScope(file: string): string | undefined {
  const name = path.basename(file);
  const dir = path.dirname(file);
  if (/\.ya?ml$/i.test(name) && path.basename(dir) === "workflows" && path.basename(path.dirname(dir)) === ".github") return path.dirname(path.dirname(dir));
  return name !== "package.json" && EVIDENCE_FILE.test(name) ? dir : undefined;
}

/** Whether the file may hold such evidence (for file watchers). */
export function isRunEvidenceFile(file: string): boolean {
  return runEvidenceScope(file) !== undefined;
}
