// A long random editing session against one language server (`npm run bench -- --random-soak N`):
// N random edits of wrangler configs and sources (valid and broken), each followed by a hover that
// must be answered; every 10th edit waits until the server is idle and reads its RSS. At the end the
// edited texts are written to disk and a fresh `do-doctor check` must report exactly the
// diagnostics the server holds.
import { existsSync, mkdtempSync, readdirSync, readFileSync, realpathSync, rmSync, statSync, writeFileSync } from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { performance } from "node:perf_hooks";
import { fileURLToPath } from "node:url";
import { generateMonorepo } from "./generate.mjs";
import { BenchLspClient, uri } from "./lsp.mjs";
import { percentile, procStatusMb, runProcess } from "./measure.mjs";

/** A small deterministic PRNG (mulberry32): the same seed, the same session. */
function random(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function filesUnder(root) {
  const configs = [];
  const sources = [];
  const walk = (dir) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (/^wrangler\.(jsonc|json|toml)$/.test(entry.name)) configs.push(full);
      else if (/\.tsx?$/.test(entry.name)) sources.push(full);
    }
  };
  walk(root);
  return { configs: configs.sort(), sources: sources.sort() };
}

/** One random edit of `text`: back to the original, cut short, a line dropped or doubled, a planted finding, garbage. */
function mutate(original, text, isConfig, next) {
  const lines = text.split("\n");
  const line = Math.floor(next() * lines.length);
  const choice = next();
  if (choice < 0.3) return original;
  if (choice < 0.45) return text.slice(0, Math.floor(next() * text.length));
  if (choice < 0.6) return lines.filter((_, i) => i !== line).join("\n");
  if (choice < 0.7) return [...lines.slice(0, line + 1), lines[line], ...lines.slice(line + 1)].join("\n");
  if (choice < 0.85) {
    if (isConfig) return original.replace(/"name":\s*"([^"]+)"/, (_, name) => `"name": "${name}-x"`);
    return original.replace(/^(export async function [^\n]*\n)/m, `$1  const audit = env.NOT_BOUND.idFromName("x");\n`);
  }
  const garbage = isConfig ? ['"x": [', "}}", "[[durable_objects", '"main": 1,'] : ["}}", "export class {", "env.", "import { from"];
  lines.splice(line, 0, garbage[Math.floor(next() * garbage.length)]);
  return lines.join("\n");
}

/**
 * `execArgv`: the server's Node flags (it always gets `--expose-gc`, so that every `gcEvery` edits
 * the soak reads its memory after a full collection: what is kept, apart from garbage not yet
 * returned). `snapshotsAt`: edit numbers after which the server writes a heap snapshot into
 * `snapshotDir` (`--heapsnapshot-signal`), to be compared with bench/heapDiff.mjs.
 */
export async function randomSoak(mono, { repo, cli, env, edits, seed = 15, execArgv = [], gcEvery = 100, snapshotsAt = [], snapshotDir, log = console.log }) {
  const next = random(seed);
  const { configs, sources } = filesUnder(mono.root);
  const pick = (list, n) => Array.from({ length: n }, () => list[Math.floor(next() * list.length)]);
  const pool = [...new Set([...pick(configs, 20), ...pick(sources, 60)])];
  const originals = new Map(pool.map((file) => [file, readFileSync(file, "utf8")]));
  const texts = new Map(originals);
  const versions = new Map();
  const snapshotting = snapshotsAt.length > 0 && snapshotDir;
  const client = new BenchLspClient(repo, { env, debounceMs: 0, cwd: snapshotting ? snapshotDir : undefined, execArgv: ["--expose-gc", ...(snapshotting ? ["--heapsnapshot-signal=SIGUSR2"] : []), ...execArgv] });
  const hoverMs = [];
  const rss = [];
  /** Memory after a full collection: { at, rss, heapUsed, heapTotal, external, arrayBuffers } in MB. */
  const afterGc = [];
  const snapshots = [];
  let answered = 0;
  let errors = 0;
  const started = performance.now();
  try {
    await client.initialize(mono.root);
    await client.waitFor(() => client.analyses > 0, "soak: first analysis");
    for (let n = 0; n < edits; n++) {
      const file = pool[Math.floor(next() * pool.length)];
      const isConfig = /wrangler\./.test(path.basename(file));
      if (!versions.has(file)) {
        versions.set(file, 1);
        await client.open(file, texts.get(file), isConfig ? (file.endsWith(".toml") ? "toml" : "jsonc") : "typescript");
      }
      const text = mutate(originals.get(file), texts.get(file), isConfig, next);
      texts.set(file, text);
      versions.set(file, versions.get(file) + 1);
      await client.change(file, text, versions.get(file));
      const asked = pool[Math.floor(next() * pool.length)];
      const t0 = performance.now();
      try {
        await Promise.race([
          client.connection.sendRequest("textDocument/hover", { textDocument: { uri: uri(asked) }, position: { line: 0, character: 0 } }),
          new Promise((_, reject) => setTimeout(() => reject(new Error("no answer in 60 s")), 60_000)),
        ]);
        answered++;
      } catch (error) {
        if (String(error?.message).startsWith("no answer")) throw new Error(`soak: hover ${n} unanswered`);
        errors++;
      }
      hoverMs.push(performance.now() - t0);
      if (n % 10 === 9) {
        await client.barrier(file);
        const m = await client.connection.sendRequest("doDoctor/memory", { gc: false });
        rss.push({ at: n, mb: procStatusMb(client.pid, "VmRSS"), heapTotal: m.heapTotal / MB, heapUsed: m.heapUsed / MB, external: m.external / MB, spaces: Object.fromEntries(Object.entries(m.spaces).map(([k, v]) => [k, v / MB])) });
      }
      if (n % gcEvery === gcEvery - 1) {
        const m = await client.connection.sendRequest("doDoctor/memory", { gc: true });
        if (m?.collected) afterGc.push({ at: n, rss: m.rss / MB, heapUsed: m.heapUsed / MB, heapTotal: m.heapTotal / MB, external: m.external / MB, arrayBuffers: m.arrayBuffers / MB });
      }
      if (snapshotting && snapshotsAt.includes(n + 1)) snapshots.push(await heapSnapshot(client, snapshotDir, n + 1));
      if (n % 1000 === 999) {
        const g = afterGc.at(-1);
        log(`    random soak: ${n + 1} edits, ${((performance.now() - started) / 1000).toFixed(0)} s, RSS ${rss.at(-1)?.mb?.toFixed(0)} MB${g ? `; after GC: RSS ${g.rss.toFixed(0)} MB, heapUsed ${g.heapUsed.toFixed(1)} MB, external ${g.external.toFixed(1)} MB, arrayBuffers ${g.arrayBuffers.toFixed(1)} MB` : ""}`);
      }
    }
    for (const file of versions.keys()) await client.barrier(file);
    // The server's diagnostics against a fresh check of the same texts on disk.
    const held = new Set();
    for (const [u, diagnostics] of client.diagnostics) for (const d of diagnostics) held.add(`${fileURLToPath(u)}|${d.code}|${d.range.start.line}:${d.range.start.character}|${d.message}`);
    for (const [file, text] of texts) writeFileSync(file, text);
    const run = await runProcess(process.execPath, [cli, "check", mono.root, "--format", "json"], { cwd: mono.root, env });
    const fresh = new Set(JSON.parse(run.stdout).findings.map((f) => `${path.resolve(mono.root, f.file)}|${f.ruleId}|${f.range.start.line}:${f.range.start.character}|${f.message}`));
    const missing = [...fresh].filter((k) => !held.has(k));
    const extra = [...held].filter((k) => !fresh.has(k));
    const firstK = rss.filter((s) => s.at < 1000).map((s) => s.mb);
    const lastK = rss.filter((s) => s.at >= edits - 1000).map((s) => s.mb);
    const mean = (xs) => xs.reduce((a, b) => a + b, 0) / Math.max(1, xs.length);
    const gcFirstK = afterGc.filter((s) => s.at < 1000);
    const gcLastK = afterGc.filter((s) => s.at >= edits - 1000);
    const gcMean = (list, key) => (list.length ? mean(list.map((s) => s[key])) : undefined);
    for (const [file, text] of originals) writeFileSync(file, text);
    return {
      edits,
      files: pool.length,
      answered,
      errors,
      hoverP50: percentile(hoverMs, 50),
      hoverP95: percentile(hoverMs, 95),
      rssFirstThousandMb: mean(firstK),
      rssLastThousandMb: mean(lastK),
      rssGrowthPct: (mean(lastK) / mean(firstK) - 1) * 100,
      peakRssMb: procStatusMb(client.pid, "VmHWM"),
      afterGc: {
        firstThousand: { rssMb: gcMean(gcFirstK, "rss"), heapUsedMb: gcMean(gcFirstK, "heapUsed"), externalMb: gcMean(gcFirstK, "external"), arrayBuffersMb: gcMean(gcFirstK, "arrayBuffers") },
        lastThousand: { rssMb: gcMean(gcLastK, "rss"), heapUsedMb: gcMean(gcLastK, "heapUsed"), externalMb: gcMean(gcLastK, "external"), arrayBuffersMb: gcMean(gcLastK, "arrayBuffers") },
        samples: afterGc,
      },
      rssSamples: rss,
      snapshots,
      findings: fresh.size,
      equalToFresh: missing.length === 0 && extra.length === 0,
      missing: missing.slice(0, 5),
      extra: extra.slice(0, 5),
      seconds: (performance.now() - started) / 1000,
    };
  } finally {
    await client.stop();
  }
}

const MB = 1024 * 1024;

/** Signals the server to write a heap snapshot and waits until the file is complete; returns its path. */
async function heapSnapshot(client, dir, at) {
  const before = new Set(readdirSync(dir));
  process.kill(client.pid, "SIGUSR2");
  for (;;) {
    await new Promise((r) => setTimeout(r, 500));
    const fresh = readdirSync(dir).filter((f) => f.endsWith(".heapsnapshot") && !before.has(f));
    if (fresh.length === 0) continue;
    const file = path.join(dir, fresh[0]);
    // The server answers again once the (synchronous) snapshot is written.
    await client.connection.sendRequest("doDoctor/memory", { gc: false });
    const size = statSync(file).size;
    console.log(`    heap snapshot at edit ${at}: ${file} (${(size / MB).toFixed(0)} MB)`);
    return { at, file };
  }
}

// Run alone: `node bench/soak.mjs [--workers 100] [--edits 2000] [--seed 15] [--gc-every 100]
// [--snapshots 1000,9000 --snapshot-dir <dir>] [--server-flag=<node flag> ...]` (after `npm run build`).
if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const argv = process.argv.slice(2);
  const option = (name, fallback) => (argv.includes(name) ? argv[argv.indexOf(name) + 1] : fallback);
  const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
  const tmp = realpathSync(mkdtempSync(path.join(os.tmpdir(), "do-doctor-soak-")));
  const mono = generateMonorepo(path.join(tmp, "mono"), { workers: Number(option("--workers", 100)) });
  const cache = path.join(tmp, "cache");
  const serverEnv = Object.fromEntries(argv.filter((a) => a.startsWith("--server-env=")).map((a) => a.slice("--server-env=".length).split("=")));
  const execArgv = argv.filter((a) => a.startsWith("--server-flag=")).map((a) => a.slice("--server-flag=".length));
  const snapshotsAt = option("--snapshots", "").split(",").filter(Boolean).map(Number);
  console.log(`random soak: ${mono.files} files, server flags ${JSON.stringify(execArgv)}, environment ${JSON.stringify(serverEnv)}`);
  try {
    const result = await randomSoak(mono, {
      repo,
      cli: path.join(repo, "bin", "do-doctor.js"),
      env: { ...process.env, DO_DOCTOR_CACHE: cache, NO_COLOR: "1", ...serverEnv },
      edits: Number(option("--edits", 2000)),
      seed: Number(option("--seed", 15)),
      gcEvery: Number(option("--gc-every", 100)),
      execArgv,
      snapshotsAt,
      snapshotDir: option("--snapshot-dir", undefined),
    });
    const { samples, ...gcSummary } = result.afterGc;
    const out = option("--json", undefined);
    if (out) writeFileSync(out, JSON.stringify(result, null, 2));
    const { rssSamples, ...summary } = result;
    console.log(JSON.stringify({ ...summary, afterGc: gcSummary }, (k, v) => (typeof v === "number" ? Number(v.toFixed(2)) : v), 2));
  } finally {
    if (existsSync(tmp)) rmSync(tmp, { recursive: true, force: true });
  }
}
