// Real repositories beside the synthetic series: `npm run bench -- --real <dir> [<dir> ...]`.
// The folders are checkouts the user made (nothing is fetched or committed), e.g. from a bare mirror:
//   mkdir -p /tmp/agents && git --git-dir=<mirror>/repo archive HEAD | tar -x -C /tmp/agents
// For each: its wrangler configs and source files (counted as the engine lists them: node_modules,
// dist, .git and other tool folders skipped), cold `do-doctor check` (fresh parse cache) and cached
// (the cache the cold run left), wall time and peak RSS, and the cost per source file (wall, and CPU
// time per file and per KB of source, which a machine loaded by other jobs does not inflate).
// Per source file, a real repository is compared with a synthetic monorepo of about as many sources,
// generated for it and checked alternately with it: a run's fixed costs (starting Node, loading the
// bundle, compiling the engine's hot code) are spread over its files, so a small run costs more per
// file whatever it reads (the synthetic series itself: ~1.3 ms per file at 400 files, ~0.4 at 5,000).
import { mkdtempSync, readdirSync, rmSync, statSync } from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { FILES_PER_WORKER, generateMonorepo } from "./generate.mjs";
import { median, runProcess } from "./measure.mjs";

const SKIPPED = new Set(["node_modules", ".git", ".wrangler", "dist", ".open-next", ".next", ".svelte-kit", ".nuxt", ".output", ".turbo", ".cache", "coverage", ".vscode-test", "bower_components"]);
const SOURCE = /\.(?:ts|tsx|mts|cts|js|jsx|mjs|cjs)$/i;
const CONFIG = /^wrangler\.(?:json|jsonc|toml)$/;
/** Declaration files are not sources to the engine (project/discover.ts). */
const DECLARATION = /\.d\.[cm]?ts$/i;

/** Configs, source files and their bytes under `root`, as the engine's listing sees them. */
export function countFiles(root) {
  let configs = 0;
  let sources = 0;
  let sourceBytes = 0;
  const walk = (dir) => {
    let entries;
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch {
      return;
    }
    for (const entry of entries) {
      if (entry.isSymbolicLink()) continue;
      if (entry.isDirectory()) {
        if (!SKIPPED.has(entry.name)) walk(path.join(dir, entry.name));
      } else if (CONFIG.test(entry.name)) configs++;
      else if (SOURCE.test(entry.name) && !DECLARATION.test(entry.name)) {
        sources++;
        try {
          sourceBytes += statSync(path.join(dir, entry.name)).size;
        } catch {
          // gone meanwhile
        }
      }
    }
  };
  walk(root);
  return { configs, sources, sourceBytes };
}

/**
 * Measures one real repository. `cli` is bin/do-doctor.js, `freshCache()` an empty parse-cache
 * folder, `cliEnv(cache)` the environment of a run with that cache.
 */
export async function measureReal(dir, { cli, runs, freshCache, cliEnv }) {
  const root = path.resolve(dir);
  const { configs, sources, sourceBytes } = countFiles(root);
  // The synthetic monorepo of the same size: one worker per FILES_PER_WORKER + 1 sources (its shared package's share).
  const matchedRoot = mkdtempSync(path.join(os.tmpdir(), "do-doctor-bench-matched-"));
  const workers = Math.max(1, Math.round(sources / (FILES_PER_WORKER + 1)));
  generateMonorepo(matchedRoot, { workers });
  const matchedSources = countFiles(matchedRoot).sources;
  const cold = [];
  const matched = [];
  let cache;
  let findings = 0;
  const check = async (folder, env) => {
    const run = await runProcess(process.execPath, [cli, "check", folder, "--format", "json"], { cwd: folder, env });
    if (run.exitCode !== 0 && run.exitCode !== 1) throw new Error(`do-doctor check ${folder} exited ${run.exitCode}:\n${run.stderr.slice(0, 2000)}`);
    return run;
  };
  try {
    for (let r = 0; r < runs; r++) {
      cache = freshCache();
      const run = await check(root, cliEnv(cache));
      findings = JSON.parse(run.stdout).findings.length;
      cold.push(run);
      matched.push(await check(matchedRoot, cliEnv(freshCache())));
    }
  } finally {
    rmSync(matchedRoot, { recursive: true, force: true });
  }
  const matchedCpuMs = matched.every((r) => r.cpuMs !== undefined) ? median(matched.map((r) => r.cpuMs)) : undefined;
  const cached = await runProcess(process.execPath, [cli, "check", root, "--format", "json"], { cwd: root, env: cliEnv(cache) });
  const coldMs = median(cold.map((r) => r.wallMs));
  // CPU time (user + sys, GNU time): comparable between runs on a shared machine, where wall time is not.
  const coldCpuMs = cold.every((r) => r.cpuMs !== undefined) ? median(cold.map((r) => r.cpuMs)) : undefined;
  return {
    name: path.basename(root),
    configs,
    sources,
    findings,
    coldMs,
    coldRssMb: median(cold.map((r) => r.peakRssMb)),
    cachedMs: cached.wallMs,
    cachedRssMb: cached.peakRssMb,
    msPerSource: coldMs / Math.max(1, sources),
    sourceBytes,
    coldCpuMs,
    cpuMsPerSource: coldCpuMs === undefined ? undefined : coldCpuMs / Math.max(1, sources),
    cpuMsPerKb: coldCpuMs === undefined ? undefined : coldCpuMs / Math.max(1, sourceBytes / 1024),
    /** The synthetic monorepo of about as many sources, checked alternately with this one. */
    matched: {
      workers,
      sources: matchedSources,
      coldMs: median(matched.map((r) => r.wallMs)),
      msPerSource: median(matched.map((r) => r.wallMs)) / Math.max(1, matchedSources),
      coldCpuMs: matchedCpuMs,
      cpuMsPerSource: matchedCpuMs === undefined ? undefined : matchedCpuMs / Math.max(1, matchedSources),
    },
  };
}
