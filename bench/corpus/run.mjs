// `npm run corpus -- [--json] [--only owner/name] [--keep] <git dirs...>`
//
// Measures the built CLI on the real public projects named in bench/corpus/manifest.json.
// For every repository of the manifest: finds the given git dir that holds its commit, extracts
// that commit with `git archive` into a temporary folder, runs
// `bin/do-doctor.js check <root> --format json --no-cache` on the repository root (as an editor
// opening the clone would) and compares the findings with the hand-judged ones:
//   expected  real problems (true findings), found or not;
//   rejected  findings the tool gave that are false alarms, each with its class.
// A finding matches by (ruleId, file, line). An expected judgment holds `count` real findings (1
// unless it says more: one line can carry two, e.g. an environment lacking both its Durable Objects
// and its containers); a finding beyond that on its key is a duplicate and counts as false. Findings neither expected nor rejected are listed as "not judged".
// It is a measurement, not a test: exit 0 whatever the figures; 2 on a usage error or when a
// repository's commit is in none of the given dirs.
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { fileURLToPath } from "node:url";

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..");
let CLI = path.join(REPO, "bin", "do-doctor.js");
const DEFAULT_MANIFEST = path.join(REPO, "bench", "corpus", "manifest.json");
const USAGE = `usage: npm run corpus -- [--json] [--only owner/name]... [--keep] [--manifest FILE] [--cli FILE] <git dirs...>
  each git dir is a bare repository (as the search tool's fetch gives them) or a clone;
  --cli measures another build (default: this checkout's bin/do-doctor.js)`;

function usageError(message) {
  process.stderr.write(`${message}\n${USAGE}\n`);
  process.exit(2);
}

// ---------------------------------------------------------------- options
const options = { json: false, keep: false, only: [], manifest: DEFAULT_MANIFEST, dirs: [] };
const argv = process.argv.slice(2);
for (let i = 0; i < argv.length; i++) {
  const arg = argv[i];
  if (arg === "--json") options.json = true;
  else if (arg === "--keep") options.keep = true;
  else if (arg === "--only" || arg === "--manifest" || arg === "--cli") {
    const value = argv[++i];
    if (value === undefined) usageError(`${arg} needs a value`);
    if (arg === "--only") options.only.push(value);
    else if (arg === "--cli") CLI = path.resolve(value);
    else options.manifest = path.resolve(value);
  } else if (arg === "-h" || arg === "--help") {
    process.stdout.write(`${USAGE}\n`);
    process.exit(0);
  } else if (arg.startsWith("-")) usageError(`unknown option ${arg}`);
  else options.dirs.push(path.resolve(arg));
}
if (options.dirs.length === 0) usageError("no git dirs given");
if (!existsSync(CLI) || !existsSync(path.join(path.dirname(CLI), "..", "dist"))) usageError(`build first (npm run build): ${CLI}`);

let manifest;
try {
  manifest = JSON.parse(readFileSync(options.manifest, "utf8"));
} catch (error) {
  usageError(`cannot read the manifest ${options.manifest}: ${error.message}`);
}
let repos = manifest.repositories;
if (!Array.isArray(repos)) usageError("the manifest has no `repositories` array");
if (options.only.length) {
  const unknown = options.only.filter((name) => !repos.some((r) => r.repo === name));
  if (unknown.length) usageError(`not in the manifest: ${unknown.join(", ")}`);
  repos = repos.filter((r) => options.only.includes(r.repo));
}

// ---------------------------------------------------------------- git dirs
/** A clone's `.git` or the dir itself (bare). */
function gitDirOf(dir) {
  if (!existsSync(dir) || !statSync(dir).isDirectory()) return undefined;
  const dotGit = path.join(dir, ".git");
  return existsSync(dotGit) ? dotGit : dir;
}

function hasCommit(gitDir, commit) {
  return spawnSync("git", ["--git-dir", gitDir, "cat-file", "-e", `${commit}^{commit}`], { stdio: "ignore" }).status === 0;
}

const gitDirs = [];
for (const dir of options.dirs) {
  const gitDir = gitDirOf(dir);
  if (!gitDir) usageError(`not a directory: ${dir}`);
  gitDirs.push(gitDir);
}
// A repository may appear more than once (another commit, e.g. the parent of a fix): key by both.
const entryKey = (repo) => `${repo.repo}@${repo.commit}`;
const located = new Map();
const missing = [];
for (const repo of repos) {
  if (!/^[0-9a-f]{40}$/.test(repo.commit ?? "")) usageError(`${repo.repo}: commit must be 40 hex digits`);
  const found = gitDirs.find((d) => hasCommit(d, repo.commit));
  if (found) located.set(entryKey(repo), found);
  else missing.push(`${repo.repo} @ ${repo.commit}`);
}
if (missing.length) {
  process.stderr.write(`these commits are in none of the given git dirs (fetch the repositories, then pass their git dirs):\n${missing.map((m) => `  ${m}\n`).join("")}`);
  process.exit(2);
}

// ---------------------------------------------------------------- run
/**
 * The pathspecs that cover every blob of `commit` (under `paths`) present in the git dir: a fetched
 * snapshot may list its largest files (images, recordings, fixtures) without holding them, and
 * `git archive` refuses a tree with an absent blob. Whole folders where nothing is absent, single
 * files elsewhere. Returns undefined when nothing is absent.
 */
function presentPathspecs(gitDir, commit, paths) {
  const tree = spawnSync("git", ["--git-dir", gitDir, "ls-tree", "-r", "-t", "-z", commit, ...(paths?.length ? ["--", ...paths] : [])], { encoding: "utf8", maxBuffer: 256 * 1024 * 1024 });
  if (tree.status !== 0) return undefined;
  const entries = tree.stdout.split("\0").filter(Boolean).map((row) => {
    const tab = row.indexOf("\t");
    const [, type, object] = row.slice(0, tab).split(" ");
    return { type, object, path: row.slice(tab + 1) };
  });
  const blobs = entries.filter((e) => e.type === "blob");
  const check = spawnSync("git", ["--git-dir", gitDir, "cat-file", "--batch-check"], { input: blobs.map((b) => b.object).join("\n") + "\n", encoding: "utf8", maxBuffer: 256 * 1024 * 1024 });
  const answers = check.stdout.split("\n");
  const absent = new Set(blobs.filter((_, i) => answers[i]?.endsWith(" missing")).map((b) => b.path));
  if (absent.size === 0) return undefined;
  const holdsAbsent = new Set();
  for (const file of absent) for (let i = file.indexOf("/"); i > 0; i = file.indexOf("/", i + 1)) holdsAbsent.add(file.slice(0, i));
  const specs = [];
  for (const e of entries) {
    if (e.type === "commit" || absent.has(e.path)) continue;
    const parent = e.path.includes("/") ? e.path.slice(0, e.path.lastIndexOf("/")) : "";
    // an entry is named when its parent holds an absent file (or it is at the root) and it is not such a folder itself
    if ((parent === "" || holdsAbsent.has(parent)) && !(e.type === "tree" && holdsAbsent.has(e.path))) specs.push(`:(literal)${e.path}`);
  }
  return { specs, absent: absent.size };
}

/** The commit's tree (or only `paths` of it, for a historical snapshot of one project in a monorepo). */
function extract(gitDir, commit, paths, into) {
  const tar = path.join(into, "..", `${path.basename(into)}.tar`);
  let archive = spawnSync("git", ["--git-dir", gitDir, "archive", "--format=tar", `--output=${tar}`, commit, ...(paths?.length ? ["--", ...paths] : [])], { encoding: "utf8" });
  if (archive.status !== 0) {
    const present = presentPathspecs(gitDir, commit, paths);
    if (present) {
      if (!options.json) process.stderr.write(`  ${present.absent} file(s) of that commit are absent from ${gitDir}: extracting without them\n`);
      archive = spawnSync("git", ["--git-dir", gitDir, "archive", "--format=tar", `--output=${tar}`, commit, "--", ...present.specs], { encoding: "utf8" });
    }
  }
  if (archive.status !== 0) throw new Error(`git archive failed: ${archive.stderr}`);
  const untar = spawnSync("tar", ["-xf", tar, "-C", into], { encoding: "utf8" });
  rmSync(tar, { force: true });
  if (untar.status !== 0) throw new Error(`tar failed: ${untar.stderr}`);
}

function runCli(root) {
  const started = Date.now();
  const run = spawnSync(process.execPath, [CLI, "check", root, "--format", "json", "--no-cache"], {
    cwd: root,
    encoding: "utf8",
    maxBuffer: 256 * 1024 * 1024,
  });
  const seconds = (Date.now() - started) / 1000;
  if (run.status !== 0 && run.status !== 1) return { crashed: `exit ${run.status}: ${(run.stderr || run.stdout).trim().slice(0, 2000)}`, findings: [], seconds };
  try {
    return { findings: JSON.parse(run.stdout).findings, seconds };
  } catch (error) {
    return { crashed: `unreadable output: ${error.message}`, findings: [], seconds };
  }
}

const keyOf = (ruleId, file, line) => `${ruleId}\u0000${file}\u0000${line}`;

function emptyTally() {
  return { tp: 0, falseErrors: 0, falseWarnings: 0, falseInfos: 0, infos: 0, misses: 0, unjudged: 0, severityMismatches: 0, expectedErrors: 0, expectedErrorsFound: 0 };
}

function bump(map, key, field) {
  if (!map[key]) map[key] = emptyTally();
  map[key][field]++;
}

function judge(repo, findings) {
  const expected = new Map();
  const rejected = new Map();
  // Judgments sit on the config of the worker they concern; findings in files under no config's
  // folder (repository scripts, shared packages) sit on the repository itself.
  for (const holder of [repo, ...repo.configs]) {
    for (const e of holder.expected ?? []) expected.set(keyOf(e.ruleId, e.file, e.line), { ...e, config: holder.path });
    for (const r of holder.rejected ?? []) rejected.set(keyOf(r.ruleId, r.file, r.line), { ...r, config: holder.path });
  }
  const tally = emptyTally();
  const byRule = {};
  const byClass = {};
  const matched = new Map();
  const unjudged = [];
  const falseFindings = [];
  const mismatched = [];
  for (const f of findings) {
    const line = f.range.start.line + 1;
    const key = keyOf(f.ruleId, f.file, line);
    if (f.severity === "info") {
      tally.infos++;
      bump(byRule, f.ruleId, "infos");
    }
    const want = expected.get(key);
    if (want && (matched.get(key) ?? 0) < (want.count ?? 1)) {
      const first = !matched.has(key);
      matched.set(key, (matched.get(key) ?? 0) + 1);
      tally.tp++;
      if (first && want.severity === "error") tally.expectedErrorsFound++;
      bump(byRule, f.ruleId, "tp");
      if (want.severity && want.severity !== f.severity) {
        tally.severityMismatches++;
        bump(byRule, f.ruleId, "severityMismatches");
        mismatched.push({ ruleId: f.ruleId, file: f.file, line, severity: f.severity, expectedSeverity: want.severity });
      }
      continue;
    }
    const reject = rejected.get(key);
    if (want || reject) {
      const falseClass = want ? "duplicate finding" : reject.class ?? "unclassified";
      const field = f.severity === "error" ? "falseErrors" : f.severity === "warning" ? "falseWarnings" : "falseInfos";
      tally[field]++;
      bump(byRule, f.ruleId, field);
      bump(byClass, falseClass, field);
      falseFindings.push({ ruleId: f.ruleId, severity: f.severity, file: f.file, line, class: falseClass });
      continue;
    }
    tally.unjudged++;
    bump(byRule, f.ruleId, "unjudged");
    unjudged.push({ ruleId: f.ruleId, severity: f.severity, file: f.file, line, message: f.message });
  }
  const misses = [];
  for (const e of expected.values()) if (e.severity === "error") tally.expectedErrors++;
  let expectedCount = 0;
  for (const [key, e] of expected) {
    expectedCount += e.count ?? 1;
    const missing = (e.count ?? 1) - (matched.get(key) ?? 0);
    if (missing <= 0) continue;
    tally.misses += missing;
    bump(byRule, e.ruleId, "misses");
    misses.push({ ruleId: e.ruleId, file: e.file, line: e.line, severity: e.severity, reason: e.reason });
  }
  return { tally, byRule, byClass, unjudged, misses, falseFindings, mismatched, expectedCount };
}

function configCounts(repo) {
  const withDo = repo.configs.filter((c) => c.durableObjects).length;
  return { configs: repo.configs.length, withDurableObjects: withDo, withoutDurableObjects: repo.configs.length - withDo, harnessOnly: repo.configs.filter((c) => c.harnessOnly).length };
}

function figures(tally, expectedCount, configs) {
  const judgedFalse = tally.falseErrors + tally.falseWarnings;
  const round = (n) => Math.round(n * 1000) / 1000;
  return {
    precision: tally.tp + judgedFalse === 0 ? null : round(tally.tp / (tally.tp + judgedFalse)),
    recall: expectedCount === 0 ? null : round(tally.tp / expectedCount),
    falseErrorsPer100Configs: configs === 0 ? null : round((100 * tally.falseErrors) / configs),
    falseWarningsPer100Configs: configs === 0 ? null : round((100 * tally.falseWarnings) / configs),
  };
}

function add(into, from) {
  for (const [k, v] of Object.entries(from)) {
    if (typeof v === "number") into[k] = (into[k] ?? 0) + v;
    else {
      into[k] ??= {};
      add(into[k], v);
    }
  }
}

const scratch = mkdtempSync(path.join(os.tmpdir(), "do-doctor-corpus-"));
const results = [];
const total = { tally: emptyTally(), byRule: {}, byClass: {}, counts: { configs: 0, withDurableObjects: 0, withoutDurableObjects: 0, harnessOnly: 0 }, expectedCount: 0, findings: 0, crashes: 0 };
const cleanup = () => {
  if (!options.keep) rmSync(scratch, { recursive: true, force: true });
};
process.on("SIGINT", () => {
  cleanup();
  process.exit(130);
});
try {
  for (const repo of repos) {
    const root = path.join(scratch, `${repo.repo.replace("/", "+")}@${repo.commit.slice(0, 12)}`);
    mkdirSync(root, { recursive: true });
    extract(located.get(entryKey(repo)), repo.commit, repo.paths, root);
    if (!options.json) process.stderr.write(`checking ${repo.repo} @ ${repo.commit.slice(0, 12)}${repo.paths ? ` (${repo.paths.join(", ")})` : ""} ...\n`);
    const run = runCli(root);
    const judged = judge(repo, run.findings);
    const counts = configCounts(repo);
    results.push({ repo: repo.repo, commit: repo.commit, paths: repo.paths, gitDir: located.get(entryKey(repo)), seconds: run.seconds, crashed: run.crashed, findings: run.findings.length, counts, ...judged, figures: figures(judged.tally, judged.expectedCount, counts.configs) });
    add(total.tally, judged.tally);
    add(total.byRule, judged.byRule);
    add(total.byClass, judged.byClass);
    add(total.counts, counts);
    total.expectedCount += judged.expectedCount;
    total.findings += run.findings.length;
    if (run.crashed) total.crashes++;
    if (!options.keep) rmSync(root, { recursive: true, force: true });
  }
} finally {
  cleanup();
}
total.figures = figures(total.tally, total.expectedCount, total.counts.configs);
total.entries = results.length;
total.repositories = new Set(results.map((r) => r.repo)).size;

// ---------------------------------------------------------------- report
const pct = (v) => (v === null ? "n/a" : `${(v * 100).toFixed(1)}%`);
const num = (v) => (v === null ? "n/a" : String(v));

if (options.json) {
  process.stdout.write(`${JSON.stringify({ manifest: path.relative(REPO, options.manifest), cli: CLI, total, repositories: results }, null, 2)}\n`);
} else {
  const out = [];
  const head = ["repository", "cfg", "DO", "noDO", "found", "TP", "F.err", "F.warn", "info", "miss", "unjudged", "prec", "recall", "FW/100"];
  const label = (r) => (results.filter((o) => o.repo === r.repo).length > 1 ? `${r.repo}@${r.commit.slice(0, 9)}` : r.repo);
  const rows = results.map((r) => [label(r), r.counts.configs, r.counts.withDurableObjects, r.counts.withoutDurableObjects, r.findings, r.tally.tp, r.tally.falseErrors, r.tally.falseWarnings, r.tally.infos, r.tally.misses, r.tally.unjudged, pct(r.figures.precision), pct(r.figures.recall), num(r.figures.falseWarningsPer100Configs)]);
  rows.push(["TOTAL", total.counts.configs, total.counts.withDurableObjects, total.counts.withoutDurableObjects, total.findings, total.tally.tp, total.tally.falseErrors, total.tally.falseWarnings, total.tally.infos, total.tally.misses, total.tally.unjudged, pct(total.figures.precision), pct(total.figures.recall), num(total.figures.falseWarningsPer100Configs)]);
  const table = (header, body) => {
    const widths = header.map((h, i) => Math.max(String(h).length, ...body.map((row) => String(row[i]).length)));
    const line = (row) => row.map((c, i) => (i === 0 ? String(c).padEnd(widths[i]) : String(c).padStart(widths[i]))).join("  ");
    return [line(header), ...body.map(line)].join("\n");
  };
  out.push(table(head, rows));
  out.push("");
  out.push(`repositories ${total.repositories} (${total.entries} snapshots), configs ${total.counts.configs} (${total.counts.withDurableObjects} with Durable Objects, ${total.counts.withoutDurableObjects} without; ${total.counts.harnessOnly} test-harness only), findings ${total.findings}, crashes ${total.crashes}`);
  out.push(`precision ${pct(total.figures.precision)}, recall ${pct(total.figures.recall)}, false errors ${total.tally.falseErrors} (${num(total.figures.falseErrorsPer100Configs)} per 100 configs), false warnings ${total.tally.falseWarnings} (${num(total.figures.falseWarningsPer100Configs)} per 100 configs), severity mismatches ${total.tally.severityMismatches}, real errors found ${total.tally.expectedErrorsFound} of ${total.tally.expectedErrors}`);
  out.push("");
  out.push("by rule:");
  out.push(table(["rule", "TP", "F.err", "F.warn", "F.info", "info", "miss", "unjudged"], Object.entries(total.byRule).sort().map(([rule, t]) => [rule, t.tp, t.falseErrors, t.falseWarnings, t.falseInfos, t.infos, t.misses, t.unjudged])));
  out.push("");
  out.push("false alarms by class:");
  const classes = Object.entries(total.byClass).sort();
  out.push(classes.length ? table(["class", "F.err", "F.warn", "F.info"], classes.map(([c, t]) => [c, t.falseErrors, t.falseWarnings, t.falseInfos])) : "  none");
  for (const r of results) {
    if (r.crashed) out.push(`\n${label(r)}: THE CLI FAILED: ${r.crashed}`);
    if (r.misses.length) {
      out.push(`\n${label(r)}: misses (expected, not found):`);
      for (const m of r.misses) out.push(`  ${m.ruleId} ${m.file}:${m.line} (${m.severity}) ${m.reason}`);
    }
    if (r.mismatched.length) {
      out.push(`\n${label(r)}: found at another severity than expected:`);
      for (const m of r.mismatched) out.push(`  ${m.ruleId} ${m.file}:${m.line} ${m.severity}, expected ${m.expectedSeverity}`);
    }
    if (r.unjudged.length) {
      out.push(`\n${label(r)}: findings not yet judged (add them to expected or rejected):`);
      for (const u of r.unjudged) out.push(`  ${u.ruleId} ${u.severity} ${u.file}:${u.line} ${u.message.length > 400 ? `${u.message.slice(0, 400)}...` : u.message}`);
    }
  }
  process.stdout.write(`${out.join("\n")}\n`);
}
process.exit(0);
