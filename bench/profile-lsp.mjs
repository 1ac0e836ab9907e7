// Profiles the language server's incremental re-diagnosis: starts `do-doctor lsp --stdio` on a
// generated monorepo (with --cpu-prof unless --no-prof), makes alternating config edits and source
// edits as bench/run.mjs does, prints p50/p95 from didChange to the matching publishDiagnostics and
// the profile's top functions. Only the edits are profiled worth reading: the initial load is in the
// profile too, so compare runs with the same options.
//
//   node bench/profile-lsp.mjs [--workers 100] [--edits 50] [--top 25] [--no-prof] [--dir <tree>]
//
// Build first (node scripts/build.mjs): the server runs from dist/.
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { performance } from "node:perf_hooks";
import { fileURLToPath } from "node:url";
import { generateMonorepo, renderConfig } from "./generate.mjs";
import { BenchLspClient } from "./lsp.mjs";
import { percentile } from "./measure.mjs";
import { printSummary, summarizeProfile } from "./profile.mjs";

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const argv = process.argv.slice(2);
const option = (name, fallback) => {
  const at = argv.indexOf(name);
  return at >= 0 && argv[at + 1] !== undefined ? argv[at + 1] : fallback;
};
const workers = Number(option("--workers", 100));
const edits = Number(option("--edits", 50));
const top = Number(option("--top", 25));
const profile = !argv.includes("--no-prof");

// The generated tree is kept between runs (generation is deterministic for a worker count).
const root = option("--dir", path.join(os.tmpdir(), `do-doctor-profile-lsp-${workers}`));
const generated = `${root}.json`;
let mono;
if (existsSync(generated)) mono = JSON.parse(readFileSync(generated, "utf8"));
else {
  rmSync(root, { recursive: true, force: true });
  mono = generateMonorepo(root, { workers });
  writeFileSync(generated, JSON.stringify(mono));
}

/** Monotonic microseconds, the clock V8's .cpuprofile timestamps use. */
const monoUs = () => Number(process.hrtime.bigint() / 1000n);
const windows = {};

/** The profile's samples taken between `from` and `to` (monotonic microseconds) only. */
function within(profile, from, to) {
  const samples = [];
  const timeDeltas = [0];
  let t = profile.startTime;
  for (let i = 0; i < profile.samples.length; i++) {
    t += profile.timeDeltas[i];
    if (t >= from && t <= to) {
      samples.push(profile.samples[i]);
      timeDeltas.push(profile.timeDeltas[i + 1] ?? 0);
    }
  }
  return { ...profile, samples, timeDeltas };
}

async function editSeries(client, { file, code, texts, counts, label }) {
  const latencies = [];
  const from = monoUs();
  let version = 1;
  for (let n = -2; n < edits; n++) {
    const which = (n + 2) % 2 === 0 ? 1 : 0;
    const t0 = performance.now();
    await client.change(file, texts[which], ++version);
    const t1 = await client.waitFor(() => client.count(file, code) === counts[which], `${label}: ${code} x${counts[which]}`);
    await client.barrier(file);
    if (n >= 0) latencies.push(t1 - t0);
  }
  if (version % 2 === 0) {
    await client.change(file, texts[0], ++version);
    await client.waitFor(() => client.count(file, code) === counts[0], `${label}: reset`);
    await client.barrier(file);
  }
  windows[label] = [from, monoUs()];
  const r = (v) => Math.round(v * 10) / 10;
  console.log(`${label}: p50 ${r(percentile(latencies, 50))} ms, p95 ${r(percentile(latencies, 95))} ms, max ${r(Math.max(...latencies))} ms (${latencies.length})`);
}

const profDir = mkdtempSync(path.join(os.tmpdir(), "do-doctor-lsp-prof-"));
const execArgv = profile ? ["--enable-source-maps", "--cpu-prof", `--cpu-prof-dir=${profDir}`] : [];
const cache = mkdtempSync(path.join(os.tmpdir(), "do-doctor-lsp-cache-"));
const client = new BenchLspClient(REPO, { env: { ...process.env, DO_DOCTOR_CACHE: cache }, execArgv });
try {
  const spec = [...mono.specs].reverse().find((s) => s.format === "jsonc");
  const configFile = path.join(mono.root, spec.dir, "wrangler.jsonc");
  const routeFile = path.join(mono.root, spec.dir, "src", "routes", "r000.ts");
  const t0 = performance.now();
  await client.initialize(mono.root);
  const planted = mono.expected["class-not-exported"] + mono.expected["env-missing-bindings"] + mono.expected["agent-route-mismatch"] + mono.expected["unknown-binding-in-code"];
  const total = () => [...client.diagnostics.values()].reduce((n, d) => n + d.length, 0);
  await client.waitFor(() => client.analyses > 0 && total() === planted, `initial diagnostics (${planted})`);
  console.log(`${workers} workers: loaded in ${Math.round(performance.now() - t0)} ms`);
  const configText = readFileSync(configFile, "utf8");
  const routeText = readFileSync(routeFile, "utf8");
  await client.open(configFile, configText, "jsonc");
  await client.open(routeFile, routeText, "typescript");
  await client.barrier(routeFile);
  const envBase = client.count(configFile, "env-missing-bindings");
  await editSeries(client, { label: "config edit", file: configFile, code: "env-missing-bindings", texts: [configText, renderConfig(spec, { extraEnv: true })], counts: [envBase, envBase + 1] });
  const broken = routeText.replace(/^(export async function handle0[^\n]*\n)/m, `$1  const audit = env.${spec.agent}s.idFromName(name);\n`);
  const codeBase = client.count(routeFile, "unknown-binding-in-code");
  await editSeries(client, { label: "source edit", file: routeFile, code: "unknown-binding-in-code", texts: [routeText, broken], counts: [codeBase, codeBase + 1] });
  const finalTotal = total();
  if (finalTotal !== planted) console.log(`WARNING: ${finalTotal} diagnostics after the edits, ${planted} planted`);
} finally {
  await client.stop();
  rmSync(cache, { recursive: true, force: true });
}
if (profile) {
  const file = readdirSync(profDir).find((f) => f.endsWith(".cpuprofile"));
  if (!file) console.log("no profile written (the server did not exit cleanly?)");
  else {
    console.log(`profile: ${path.join(profDir, file)}`);
    const whole = JSON.parse(readFileSync(path.join(profDir, file), "utf8"));
    for (const [label, [from, to]] of Object.entries(windows)) {
      console.log(`\n===== ${label}s only`);
      printSummary(summarizeProfile(within(whole, from, to), top));
    }
  }
}
