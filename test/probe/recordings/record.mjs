// Records real probe runs for test/probe/verdict.test.ts: wrangler's output (<case>.log) and the
// HTTP, WebSocket and env-report results (<case>.probe.json), one wrangler at a time.
//   node test/probe/recordings/record.mjs current   wrangler of test/probe-projects-current -> recordings/current/
//   node test/probe/recordings/record.mjs 4.86      wrangler of test/probe-projects         -> recordings/4.86/
//   node test/probe/recordings/record.mjs 4.86 healthy class-not-exported   only these cases
// Needs `npx tsc -p .` first (it runs out/server/src/probe). For the current wrangler on a Node older
// than 22.12, put a newer node on PATH (scripts/test.mjs exports DO_DOCTOR_PROBE_NODE: its folder is used).
import { cpSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..", "..");
const { runProbe } = createRequire(import.meta.url)(path.join(ROOT, "out", "server", "src", "probe", "index.js"));
const which = process.argv[2] === "4.86" ? "4.86" : "current";
const modules = path.join(ROOT, "test", which === "4.86" ? "probe-projects" : "probe-projects-current", "node_modules");
const out = path.join(ROOT, "test", "probe", "recordings", which);
if (process.env.DO_DOCTOR_PROBE_NODE) process.env.PATH = `${process.env.PATH}${path.delimiter}${path.dirname(process.env.DO_DOCTOR_PROBE_NODE)}`;

const CASES = [
  ["healthy", "healthy", {}],
  ["class-not-exported", "class-not-exported", {}],
  ["no-migration-sqlite", "no-migration", {}],
  ["env-missing-durable-objects", "env-missing-durable-objects", { environment: "staging" }],
  ["route-mismatch-agents", "binding-renamed", { path: "/agents/coder-agent/default" }],
  ["plain-do-rpc", "plain-do", {}],
  ["plain-do-fetch", "plain-do", { binding: "ECHO" }],
  ["partyserver-rooms", "partyserver-rooms", {}],
  ["auth-required", "agent-auth", {}],
  ["agent-own-route", "agent-own-route", {}],
  ["workflow-not-exported", "workflow-not-exported", {}],
  ["workflow-service", "workflow-service", {}],
  ["workflow-service-reports", "workflow-service", { binding: "REPORTS" }],
  ["workflow-service-staging", "workflow-service", { binding: "REPORTS", environment: "staging" }],
  ["service-entrypoint-missing", "service-entrypoint-missing", {}],
];

mkdirSync(out, { recursive: true });
// Further arguments name the cases to record (default: all of them).
const only = process.argv.slice(3);
for (const [name, project, options] of CASES.filter(([name]) => only.length === 0 || only.includes(name))) {
  const dir = mkdtempSync(path.join(os.tmpdir(), "do-doctor-record-"));
  try {
    cpSync(path.join(ROOT, "test", "probe-projects", project), dir, { recursive: true });
    symlinkSync(modules, path.join(dir, "node_modules"), "dir");
    const report = await runProbe({ timeoutMs: 90_000, ...options, projectDir: dir });
    // No machine paths in tracked files: the copy's folder, the repository and the temporary folder
    // become placeholders
    // (stack traces name the toolchain's node_modules by its real path, inside the repository).
    const clean = (text) => text.split(dir).join("<project>").split(ROOT).join("<repo>").split(os.tmpdir()).join("<tmp>").split(path.dirname(process.execPath)).join("<node>");
    writeFileSync(path.join(out, `${name}.log`), `${report.log.map(clean).join("\n")}\n`);
    const { http, websocket, envReport } = report;
    writeFileSync(path.join(out, `${name}.probe.json`), `${clean(JSON.stringify({ verdict: report.verdict, wranglerVersion: report.wranglerVersion, nodeVersion: report.nodeVersion, http, websocket, envReport }, null, 2))}\n`);
    console.log(`${name}: ${report.verdict} (wrangler ${report.wranglerVersion}, Node ${report.nodeVersion})`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
