import * as path from "node:path";
import type { WorkerConfig } from "../project/model";
import { commonFolder, isTestFolderName } from "../project/workerFolders";
import type { ProjectView } from "./projectView";
import { isInside } from "../source/sourceIndex";
import { factOf, type WorkspaceFact } from "./workspaceFact";

/**
 * Wrangler configs that only a test harness uses, never deployed: the ones a vitest-pool-workers
 * config names (`cloudflareTest({ wrangler: { configPath } })`, `defineWorkersConfig` /
 * `defineWorkersProject` with `poolOptions.workers.wrangler.configPath`) below its own folder, and
 * configs inside test folders (`test/`, `tests/`, `__tests__/`, `e2e/`, `e2e-tests/`...).
 *
 * Real projects also point the pool at the config they deploy (`configPath: "./wrangler.jsonc"` next
 * to vitest.config.ts, the templates' layout): that config stays a deployed one. So does a config in a
 * folder with its own package.json (a package of its own, deployed from there).
 *
 * Deploy-time failures (no migration, duplicate tags...) do not happen to such configs: wrangler dev
 * and Miniflare need no migration (measured: see docs/facts.md). What breaks under the pool still does.
 */
export type HarnessReason = { kind: "vitest"; namedBy: string } | { kind: "test-folder"; folder: string };

export interface HarnessConfigs {
  /** Config file -> why only a test harness uses it. */
  byConfig: Map<string, HarnessReason>;
}

/**
 * Harness configs as a workspace fact. It depends on the workspace listing and on the text of the
 * vitest configs in it, which are few and small: computed afresh each analysis rather than updated.
 * A change is rare (a vitest config edited) and also reaches other workers' findings about a binding
 * in that config (deleted-class-still-bound through script_name): every worker is checked again.
 */
export const harnessConfigs: WorkspaceFact<HarnessConfigs> = {
  key: "harness-configs",
  compute: (context) => computeHarnessConfigs(context),
  affects: ({ before, now }) => (changedHarnessConfigs(before, now).length > 0 ? "all" : []),
};

/** This analysis's harness configs, computed once. */
export function harnessConfigsOf(context: ProjectView): HarnessConfigs {
  return factOf(context, harnessConfigs);
}

/** Why only a test harness uses this worker's config, or undefined when it may be deployed. */
export function harnessReason(context: ProjectView, worker: WorkerConfig): HarnessReason | undefined {
  return harnessConfigsOf(context).byConfig.get(worker.file);
}

/** The configs whose harness status differs between two analyses (both ways). */
export function changedHarnessConfigs(before: HarnessConfigs, now: HarnessConfigs): string[] {
  const changed: string[] = [];
  const describe = (reason: HarnessReason | undefined) => (reason ? JSON.stringify(reason) : "");
  for (const file of new Set([...before.byConfig.keys(), ...now.byConfig.keys()])) {
    if (describe(before.byConfig.get(file)) !== describe(now.byConfig.get(file))) changed.push(file);
  }
  return changed;
}

/** A clause for messages: why this config is never deployed. */
export function harnessClause(reason: HarnessReason, worker: WorkerConfig): string {
  if (reason.kind === "vitest") {
    const by = path.relative(worker.dir, reason.namedBy).split(path.sep).join("/");
    return `this config is used only by the vitest pool (${by} names it) and is never deployed`;
  }
  return `this config lies in a test folder (${reason.folder}/) and is used only by tests, never deployed`;
}

/** vitest.config.ts, vitest.workspace.mts, vitest.config.worker.ts, vite.config.ts (the pool can be set up there too). */
const VITEST_CONFIG = /^vite(st)?(\.[\w-]+)*\.(config|workspace)(\.[\w-]+)*\.[cm]?[jt]s$/i;

function computeHarnessConfigs(context: ProjectView): HarnessConfigs {
  const byConfig = new Map<string, HarnessReason>();
  const configs = new Map(context.workers.map((w) => [w.file, w]));
  const byDir = new Map(context.workers.map((w) => [w.dir, w]));
  const root = commonFolder([...context.workers.map((w) => w.dir), ...context.index.files.map((f) => path.dirname(f))]);
  for (const worker of context.workers) {
    const folder = testFolderOf(worker.dir, root);
    if (folder) byConfig.set(worker.file, { kind: "test-folder", folder });
  }
  for (const file of context.index.files) {
    if (!VITEST_CONFIG.test(path.basename(file))) continue;
    const text = context.store.text(file);
    if (!text || !text.includes("vitest-pool-workers")) continue;
    const dir = path.dirname(file);
    for (const named of configPaths(text)) {
      const target = path.resolve(dir, named);
      const worker = configs.get(target) ?? byDir.get(target);
      if (!worker || byConfig.has(worker.file)) continue;
      // The config the project deploys sits next to its vitest config, or in a package of its own.
      if (worker.dir === dir || !isInside(worker.dir, dir)) continue;
      if (context.store.host.fileExists(path.join(worker.dir, "package.json"))) continue;
      byConfig.set(worker.file, { kind: "vitest", namedBy: file });
    }
  }
  return { byConfig };
}

/** The first test folder between the workspace folder and `dir` (relative path up to it), if any. */
function testFolderOf(dir: string, root: string | undefined): string | undefined {
  if (root === undefined || !isInside(dir, root)) return undefined;
  const segments = path.relative(root, dir).split(path.sep).filter(Boolean);
  const at = segments.findIndex(isTestFolderName);
  return at < 0 ? undefined : segments.slice(0, at + 1).join("/");
}


/**
 * The `configPath` values a vitest config writes, where they are plain: a string literal, a template
 * literal without substitutions, `path.join|resolve(__dirname | import.meta.dirname, "...")`, or
 * `fileURLToPath(new URL("...", import.meta.url))`. Anything computed otherwise is not guessed.
 */
export function configPaths(text: string): string[] {
  const found: string[] = [];
  const property = /\bconfigPath\s*:\s*/g;
  for (let match = property.exec(text); match; match = property.exec(text)) {
    const rest = text.slice(match.index + match[0].length, match.index + match[0].length + 300);
    const literal = /^(["'`])([^"'`\\$\n]*)\1/.exec(rest);
    if (literal) {
      found.push(literal[2]);
      continue;
    }
    const joined = /^(?:path\.)?(?:join|resolve)\(\s*(?:__dirname|import\.meta\.dirname)\s*((?:,\s*(["'`])[^"'`\\$\n]*\2\s*)+)\)/.exec(rest);
    if (joined) {
      const parts = [...joined[1].matchAll(/(["'`])([^"'`\\$\n]*)\1/g)].map((m) => m[2]);
      found.push(path.join(...parts));
      continue;
    }
    const url = /^(?:url\.)?fileURLToPath\(\s*new URL\(\s*(["'`])([^"'`\\$\n]*)\1\s*,\s*import\.meta\.url\s*\)\s*\)/.exec(rest);
    if (url) found.push(url[2]);
  }
  return found;
}
