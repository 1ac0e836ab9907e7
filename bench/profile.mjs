// Profiles a cold `do-doctor check` and prints the top self-time functions (and inclusive time of
// the engine's own functions), from a V8 .cpuprofile.
//
//   node bench/profile.mjs <folder> [--top N]          runs node --cpu-prof bin/do-doctor.js check <folder>
//   node bench/profile.mjs --file some.cpuprofile      summarizes an existing profile
import { spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { SourceMap } from "node:module";
import { fileURLToPath } from "node:url";

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

/** Self and total time per function (name + file + line) from a .cpuprofile. */
export function summarizeProfile(profile, top = 20) {
  const nodes = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const selfById = new Map();
  const deltas = profile.timeDeltas;
  for (let i = 0; i < profile.samples.length; i++) {
    const dt = (deltas[i + 1] ?? 0) / 1000;
    selfById.set(profile.samples[i], (selfById.get(profile.samples[i]) ?? 0) + dt);
  }
  const totalMs = [...selfById.values()].reduce((a, b) => a + b, 0);
  // Frames in the esbuild bundles are mapped back to server/src through their source maps.
  const maps = new Map();
  const mapFor = (file) => {
    if (!maps.has(file)) {
      let map;
      try {
        map = new SourceMap(JSON.parse(readFileSync(file + ".map", "utf8")));
      } catch {
        map = undefined;
      }
      maps.set(file, map);
    }
    return maps.get(file);
  };
  const keyOf = (n) => {
    const f = n.callFrame;
    let file = f.url ? f.url.replace(/^file:\/\//, "") : "";
    let line = f.lineNumber + 1;
    const map = file.startsWith(path.join(REPO, "dist")) ? mapFor(file) : undefined;
    const entry = map?.findEntry(f.lineNumber, f.columnNumber);
    if (entry?.originalSource) {
      file = entry.originalSource.replace(/^file:\/\//, "");
      file = path.resolve(path.join(REPO, "dist"), file);
      line = entry.originalLine + 1;
    }
    file = file.replace(REPO + "/", "");
    return `${f.functionName || "(anonymous)"}  ${file}${file ? `:${line}` : ""}`;
  };
  const self = new Map();
  const inclusive = new Map();
  for (const [id, ms] of selfById) {
    const n = nodes.get(id);
    self.set(keyOf(n), (self.get(keyOf(n)) ?? 0) + ms);
    // Inclusive: count each function once per sample stack.
    const seen = new Set();
    for (let cur = id; cur !== undefined; cur = parent.get(cur)) {
      const key = keyOf(nodes.get(cur));
      if (seen.has(key)) continue;
      seen.add(key);
      inclusive.set(key, (inclusive.get(key) ?? 0) + ms);
    }
  }
  const sort = (m) => [...m].sort((a, b) => b[1] - a[1]);
  return {
    totalMs,
    self: sort(self).slice(0, top).map(([fn, ms]) => ({ fn, ms: Math.round(ms), pct: +((100 * ms) / totalMs).toFixed(1) })),
    inclusive: sort(inclusive)
      .filter(([fn]) => /server\/src|dist\//.test(fn) && !/^\(|^(anonymous)/.test(fn))
      .slice(0, top)
      .map(([fn, ms]) => ({ fn, ms: Math.round(ms), pct: +((100 * ms) / totalMs).toFixed(1) })),
  };
}

export function printSummary(summary) {
  console.log(`total sampled: ${Math.round(summary.totalMs)} ms\n\ntop self time:`);
  for (const r of summary.self) console.log(`  ${String(r.ms).padStart(7)} ms ${String(r.pct).padStart(5)}%  ${r.fn}`);
  console.log(`\ntop inclusive time (engine functions):`);
  for (const r of summary.inclusive) console.log(`  ${String(r.ms).padStart(7)} ms ${String(r.pct).padStart(5)}%  ${r.fn}`);
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2);
  const topAt = args.indexOf("--top");
  const top = topAt >= 0 ? Number(args[topAt + 1]) : 20;
  const fileAt = args.indexOf("--file");
  let profilePath;
  if (fileAt >= 0) profilePath = args[fileAt + 1];
  else {
    const folder = args.find((a, i) => !a.startsWith("--") && args[i - 1] !== "--top");
    if (!folder) {
      console.error("usage: node bench/profile.mjs <folder> [--top N] | --file X.cpuprofile");
      process.exit(2);
    }
    const dir = mkdtempSync(path.join(os.tmpdir(), "do-doctor-prof-"));
    const cache = mkdtempSync(path.join(os.tmpdir(), "do-doctor-prof-cache-"));
    // Source maps make the bundle's frames point at server/src files.
    spawnSync(process.execPath, ["--enable-source-maps", "--cpu-prof", `--cpu-prof-dir=${dir}`, path.join(REPO, "bin", "do-doctor.js"), "check", folder, "--format", "json"], {
      stdio: ["ignore", "ignore", "inherit"],
      env: { ...process.env, DO_DOCTOR_CACHE: cache },
    });
    rmSync(cache, { recursive: true, force: true });
    profilePath = path.join(dir, readdirSync(dir).find((f) => f.endsWith(".cpuprofile")));
    console.log(`profile: ${profilePath}`);
  }
  printSummary(summarizeProfile(JSON.parse(readFileSync(profilePath, "utf8")), top));
}
