#!/usr/bin/env node
// The extension in a real VS Code: installs the host (code-server on Node 24, Chromium; see
// scripts/vscode-host.mjs), builds, runs the extension-host suites through the code-server launcher
// (test/extension/runCodeServer.ts), packages the .vsix and runs the UI end-to-end tests on it
// (test/e2e/). Each part ends with a plain "N passed, N failed" line; the exit code is non-zero when
// anything failed. Node builtins only.
//
//   node scripts/test-vscode.mjs             both parts
//   node scripts/test-vscode.mjs extension   the extension-host suites only
//   node scripts/test-vscode.mjs e2e         the UI end-to-end tests only
import { spawn, spawnSync } from "node:child_process";
import { appendFileSync, existsSync, statSync } from "node:fs";
import path from "node:path";
import { ensureVsCodeHost, ROOT } from "./vscode-host.mjs";

const parts = process.argv.slice(2).filter((a) => a === "extension" || a === "e2e");
const wanted = (part) => parts.length === 0 || parts.includes(part);
const npm = process.platform === "win32" ? "npm.cmd" : "npm";
const npx = process.platform === "win32" ? "npx.cmd" : "npx";

function step(command, args, options = {}) {
  console.log(`\n$ ${command} ${args.join(" ")}${options.cwd ? `   (in ${path.relative(ROOT, options.cwd)})` : ""}`);
  const result = spawnSync(command, args, { stdio: "inherit", cwd: ROOT, ...options });
  if (result.status !== 0) {
    console.error(`\n${command} ${args.join(" ")} failed (${result.status ?? result.signal ?? result.error?.message})`);
    console.log("0 passed, 1 failed");
    if (process.env.DO_DOCTOR_COUNTS_FILE) appendFileSync(process.env.DO_DOCTOR_COUNTS_FILE, `${JSON.stringify({ passes: 0, failures: 1, pending: 0 })}\n`);
    process.exit(result.status || 1);
  }
}

/** Runs a test part, its output streamed; returns its counts from its closing "N passed, N failed" line. */
function testPart(label, command, args) {
  return new Promise((resolve) => {
    const started = Date.now();
    console.log(`\n== ${label}\n$ ${command} ${args.join(" ")}`);
    // The parts print their own counts; only this script reports them to scripts/test.mjs.
    const env = { ...process.env };
    delete env.DO_DOCTOR_COUNTS_FILE;
    const child = spawn(command, args, { cwd: ROOT, stdio: ["ignore", "pipe", "inherit"], env });
    let tail = "";
    child.stdout.on("data", (chunk) => {
      process.stdout.write(chunk);
      tail = (tail + chunk.toString()).slice(-4000);
    });
    const forward = (signal) => child.kill(signal);
    process.on("SIGINT", forward);
    process.on("SIGTERM", forward);
    child.on("close", (code, signal) => {
      process.off("SIGINT", forward);
      process.off("SIGTERM", forward);
      const counts = [...tail.matchAll(/^(\d+) passed, (\d+) failed(?:, (\d+) skipped)?/gm)].pop();
      const passed = counts ? Number(counts[1]) : 0;
      let failed = counts ? Number(counts[2]) : 0;
      if (code !== 0 && failed === 0) failed = 1;
      resolve({ label, passed, failed, skipped: counts?.[3] ? Number(counts[3]) : 0, code: code ?? (signal ? 1 : 0), seconds: Math.round((Date.now() - started) / 1000) });
    });
  });
}

const fresh = (dir) => {
  const marker = path.join(ROOT, dir, "node_modules", ".package-lock.json");
  return existsSync(marker) && statSync(marker).mtimeMs >= statSync(path.join(ROOT, dir, "package-lock.json")).mtimeMs;
};

const started = Date.now();
if (!fresh(".")) step(npm, ["ci", "--no-audit", "--no-fund"]);
// The probe test and the UI's probe run these projects' own wrangler, installed from their lockfiles.
for (const dir of ["test/probe-projects", "examples/coder-agent"]) {
  if (!fresh(dir)) step(npm, ["ci", "--no-audit", "--no-fund"], { cwd: path.join(ROOT, dir) });
}
try {
  const host = ensureVsCodeHost({ browser: true });
  process.env.DO_DOCTOR_NODE24 = host.node;
  process.env.DO_DOCTOR_CODE_SERVER = host.codeServer;
  process.env.DO_DOCTOR_CHROMIUM = host.chromium;
} catch (error) {
  console.error(`\n[vscode-host] failed: ${error instanceof Error ? error.message : String(error)}`);
  console.log("0 passed, 1 failed");
  if (process.env.DO_DOCTOR_COUNTS_FILE) appendFileSync(process.env.DO_DOCTOR_COUNTS_FILE, `${JSON.stringify({ passes: 0, failures: 1, pending: 0 })}\n`);
  process.exit(1);
}
step(npm, ["run", "build"]);
step(npx, ["tsc", "-p", "."]);

const results = [];
if (wanted("extension")) results.push(await testPart("extension-host suites in code-server", process.execPath, [path.join("out", "test", "extension", "runCodeServer.js")]));
if (wanted("e2e")) {
  // What the UI tests install is what ships: the .vsix `npm run package` makes.
  step(npm, ["run", "package"]);
  results.push(await testPart("UI end-to-end (the .vsix in code-server, Chromium)", npx, ["mocha", "--forbid-only", "--reporter", "./scripts/mocha-summary-reporter.cjs", "--timeout", "60000", "out/test/e2e/ui.e2e.js", "out/test/e2e/start.e2e.js"]));
}

console.log(`\n== VS Code tests, ${Math.round((Date.now() - started) / 1000)} s in all`);
for (const r of results) console.log(`${r.label}: ${r.seconds} s`);
for (const r of results) console.log(`${r.passed} passed, ${r.failed} failed${r.skipped ? `, ${r.skipped} skipped` : ""}   (${r.label})`);
if (process.env.DO_DOCTOR_COUNTS_FILE) {
  const sum = (key) => results.reduce((total, r) => total + r[key], 0);
  appendFileSync(process.env.DO_DOCTOR_COUNTS_FILE, `${JSON.stringify({ passes: sum("passed"), failures: sum("failed"), pending: sum("skipped") })}\n`);
}
process.exit(results.every((r) => r.code === 0 && r.failed === 0) ? 0 : 1);
