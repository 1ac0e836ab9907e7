import * as path from "node:path";
import type { Environment, WorkerConfig } from "../project/model";
import type { ModuleStore } from "../source/moduleStore";
import { packageScripts } from "./runScripts";
import { SOURCE_EXTENSIONS } from "../source/resolve";
import { escapeRegExp } from "../text/regExp";

/**
 * A `main` the project's build writes (framework templates point `main` at `dist/_worker.js/index.js`,
 * `.open-next/worker.js`, `.svelte-kit/cloudflare/_worker.js`, `.output/server/index.mjs`...): before
 * the first build it does not exist, and that is not a mistake. When the build wraps a source entry
 * that can be found, class checks read that file instead.
 */
export interface BuildOutput {
  /** Why `main` counts as a build output, for messages ("dist/ is a known framework output"). */
  why: string;
  /** The source the build turns into `main`, whose exports the built worker keeps. */
  sourceEntry?: { file: string; via: string };
  /**
   * The Astro adapter's custom entry (`workerEntryPoint` in astro.config.*): its `createExports()`
   * returns the classes, and the built worker exports exactly `namedExports`.
   */
  astro?: { config: string; entry?: string; namedExports: string[] };
}

/** A build step that bundles or compiles its input, keeping its exports (not `cp wrapper.js dist/`, not a linter). */
const BUNDLER = /(^|[\s/])(esbuild|rollup|tsup|tsdown|rolldown|webpack|vite|ncc|parcel|bun\s+build|swc|tsc)(\s|$)/;

/** Output folders of frameworks and bundlers that Workers templates use for `main`. */
const KNOWN_OUTPUTS = ["dist", "build", ".open-next", ".svelte-kit", ".output", ".vercel/output", ".netlify", ".cloudflare", ".mastra/output", ".react-router", ".alchemy/out"];

/** Whether `main` (which does not exist) lies in a build output, and what the build starts from. */
export function mainBuildOutput(store: ModuleStore, worker: WorkerConfig, env: Environment): BuildOutput | undefined {
  const main = env.main?.value.value;
  if (!main) return undefined;
  const target = path.resolve(worker.dir, main);
  // A `main` above the config's folder (`../.alchemy/out/app/worker.js`, real: a worker built by
  // alchemy from the repository's root) is judged from the nearest folder holding both.
  let base = worker.dir;
  while (path.relative(base, target).startsWith("..") && path.dirname(base) !== base) base = path.dirname(base);
  const relative = path.relative(base, target).split(path.sep).join("/");
  if (relative.startsWith("..") || path.isAbsolute(relative)) return undefined;
  const packageDir = nearestPackageDir(store, worker.dir);
  const packageJson = packageDir ? store.text(path.join(packageDir, "package.json")) : undefined;
  return compute(store, worker, env, base, relative, packageDir, packageJson);
}

function compute(store: ModuleStore, worker: WorkerConfig, env: Environment, base: string, relative: string, packageDir: string | undefined, packageJson: string | undefined): BuildOutput | undefined {
  const commands: { text: string; via: string; dir: string }[] = [];
  if (env.buildCommand) commands.push({ text: env.buildCommand.value.value, via: "`build.command`", dir: worker.dir });
  for (const [name, script] of Object.entries(packageScripts(packageJson))) commands.push({ text: script, via: `the "${name}" script`, dir: packageDir ?? worker.dir });
  const why = whyBuildOutput(store, base, relative, commands);
  if (!why) return undefined;
  const astro = astroEntry(store, worker.dir);
  if (astro) return { why, astro };
  return { why, sourceEntry: sourceEntryOf(store, commands, path.resolve(worker.dir, relative)) };
}

function whyBuildOutput(store: ModuleStore, dir: string, relative: string, commands: { text: string; via: string; dir: string }[]): string | undefined {
  const known = KNOWN_OUTPUTS.find((folder) => relative.startsWith(`${folder}/`));
  if (known) return `${known}/ is a framework or bundler output folder`;
  const top = relative.split("/")[0];
  if (!relative.includes("/")) return undefined;
  for (const command of commands) {
    const written = new RegExp(`(^|[\\s="'])(\\./)?${escapeRegExp(top)}(/|["'\\s]|$)`).test(command.text);
    if (written && /(--out|-o\b|--dist|outdir|outfile|build)/i.test(command.text)) return `${top}/ is written by ${command.via}`;
  }
  if (ignoredByGit(store, dir, top)) return `${top}/ is ignored by .gitignore, as build outputs are`;
  return undefined;
}

/** The one existing source file a build command names (`esbuild worker.ts --bundle --outfile=dist/worker.js`). */
function sourceEntryOf(store: ModuleStore, commands: { text: string; via: string; dir: string }[], output: string): BuildOutput["sourceEntry"] {
  for (const command of commands) {
    if (!command.text.includes(path.basename(output)) && !command.text.includes(path.basename(path.dirname(output)))) continue;
    const files = new Set<string>();
    // Only a bundler's input stands for `main`: a file copied into place (`cp src/wrapper.js
    // dist/index.js`) keeps imports relative to where it lands, a linter's arguments are no entry.
    for (const step of command.text.split(/&&|\|\||;/)) {
      if (!BUNDLER.test(step)) continue;
      for (const token of step.split(/[\s="']+/)) {
        if (!SOURCE_EXTENSIONS.includes(path.extname(token).toLowerCase())) continue;
        const file = path.resolve(command.dir, token);
        if (file !== output && store.host.fileExists(file)) files.add(file);
      }
    }
    if (files.size === 1) return { file: [...files][0], via: command.via };
  }
  return undefined;
}

/** The Astro Cloudflare adapter's `workerEntryPoint: { path, namedExports }`, read from astro.config.*. */
function astroEntry(store: ModuleStore, dir: string): BuildOutput["astro"] {
  for (const name of ["astro.config.mjs", "astro.config.ts", "astro.config.mts", "astro.config.js", "astro.config.cjs"]) {
    const file = path.join(dir, name);
    const text = store.text(file);
    if (text === undefined) continue;
    const block = /workerEntryPoint\s*:\s*\{([^}]*)\}/.exec(text);
    if (!block) return undefined;
    const entryPath = /\bpath\s*:\s*(["'`])([^"'`]+)\1/.exec(block[1])?.[2];
    const list = /\b(?:namedExports|exports)\s*:\s*\[([^\]]*)\]/.exec(block[1])?.[1] ?? "";
    const namedExports = [...list.matchAll(/(["'`])([^"'`]+)\1/g)].map((m) => m[2]);
    const entry = entryPath ? path.resolve(dir, entryPath) : undefined;
    return { config: file, entry: entry && store.host.fileExists(entry) ? entry : undefined, namedExports };
  }
  return undefined;
}

function nearestPackageDir(store: ModuleStore, dir: string): string | undefined {
  for (let current = dir; ; current = path.dirname(current)) {
    if (store.host.fileExists(path.join(current, "package.json"))) return current;
    if (path.dirname(current) === current) return undefined;
  }
}


/** A plain .gitignore line naming the folder (`dist`, `/dist`, `dist/`), in the config's folder or above it. */
function ignoredByGit(store: ModuleStore, dir: string, top: string): boolean {
  for (let current = dir; ; current = path.dirname(current)) {
    const text = store.text(path.join(current, ".gitignore"));
    if (text !== undefined) {
      const prefix = current === dir ? "" : `${path.relative(current, dir).split(path.sep).join("/")}/`;
      for (const raw of text.split(/\r?\n/)) {
        const line = raw.trim().replace(/\/$/, "");
        if (!line || line.startsWith("#") || line.startsWith("!")) continue;
        if (line === top || line === `/${prefix}${top}` || line === `${prefix}${top}`) return true;
      }
    }
    if (store.host.fileExists(path.join(current, ".git")) || store.host.directoryExists(path.join(current, ".git"))) return false;
    if (path.dirname(current) === current) return false;
  }
}

/** Python Workers: wrangler builds them with Pyodide; this tool reads JavaScript and TypeScript only. */
export function isPythonEntry(main: string | undefined): boolean {
  return !!main && /\.py$/i.test(main);
}
