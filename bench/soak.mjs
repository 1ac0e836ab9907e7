// A long random editing session against one language server (`npm run bench -- --random-soak N`):
// N random edits of wrangler configs and sources (valid and broken), each followed by a hover that
// must be answered; every 10th edit waits until the server is idle and reads its RSS. At the end the
// edited texts are written to disk and a fresh `do-doctor check` must report exactly the
// diagnostics the server holds.
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import * as path from "node:path";
import { performance } from "node:perf_hooks";
import { fileURLToPath } from "node:url";
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

export async function randomSoak(mono, { repo, cli, env, edits, seed = 15 }) {
  const next = random(seed);
  const { configs, sources } = filesUnder(mono.root);
  const pick = (list, n) => Array.from({ length: n }, () => list[Math.floor(next() * list.length)]);
  const pool = [...new Set([...pick(configs, 20), ...pick(sources, 60)])];
  const originals = new Map(pool.map((file) => [file, readFileSync(file, "utf8")]));
  const texts = new Map(originals);
  const versions = new Map();
  const client = new BenchLspClient(repo, { env, debounceMs: 0 });
  const hoverMs = [];
  const rss = [];
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
        rss.push({ at: n, mb: procStatusMb(client.pid, "VmRSS") });
      }
      if (n % 1000 === 999) console.log(`    random soak: ${n + 1} edits, ${((performance.now() - started) / 1000).toFixed(0)} s, RSS ${rss.at(-1)?.mb?.toFixed(0)} MB`);
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
