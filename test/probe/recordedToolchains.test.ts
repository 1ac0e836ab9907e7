// The classifier on real runs recorded with both toolchains (test/probe/recordings/4.86 and /current,
// written by record.mjs): the verdict from the recorded output must be the one the live probe gave.
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { parseLogLine } from "../../server/src/probe/output";
import type { EnvReport, ProbeOptions } from "../../server/src/probe/report";
import { verdictContext } from "../../server/src/probe/runProbe";
import { readTarget } from "../../server/src/probe/target";
import { classifyProbe } from "../../server/src/probe/verdict";
import { REPO_ROOT } from "../support/fixtures";

const RECORDINGS = path.join(REPO_ROOT, "test", "probe", "recordings");
const PROJECTS = path.join(REPO_ROOT, "test", "probe-projects");

/** Recording name -> the project and options it was recorded with (as in record.mjs). */
const CASES: Record<string, [string, Omit<ProbeOptions, "projectDir">]> = {
  healthy: ["healthy", {}],
  "class-not-exported": ["class-not-exported", {}],
  "no-migration-sqlite": ["no-migration", {}],
  "env-missing-durable-objects": ["env-missing-durable-objects", { environment: "staging" }],
  "route-mismatch-agents": ["binding-renamed", { path: "/agents/coder-agent/default" }],
  "plain-do-rpc": ["plain-do", {}],
  "plain-do-fetch": ["plain-do", { binding: "ECHO" }],
  "partyserver-rooms": ["partyserver-rooms", {}],
  "auth-required": ["agent-auth", {}],
  "agent-own-route": ["agent-own-route", {}],
  "workflow-not-exported": ["workflow-not-exported", {}],
  "workflow-service": ["workflow-service", {}],
  "workflow-service-reports": ["workflow-service", { binding: "REPORTS" }],
  "workflow-service-staging": ["workflow-service", { binding: "REPORTS", environment: "staging" }],
  "service-entrypoint-missing": ["service-entrypoint-missing", {}],
};

for (const toolchain of ["4.86", "current"]) {
  describe(`probe verdicts from recorded runs (${toolchain === "current" ? "wrangler 4.164.0 on Node 24" : "wrangler 4.86.0 on Node 20"})`, () => {
    for (const [name, [project, options]] of Object.entries(CASES)) {
      it(name, () => {
        const base = path.join(RECORDINGS, toolchain, name);
        const lines = fs.readFileSync(`${base}.log`, "utf8").replace(/\n$/, "").split("\n").map(parseLogLine);
        const recorded = JSON.parse(fs.readFileSync(`${base}.probe.json`, "utf8")) as {
          verdict: string;
          wranglerVersion: string;
          http?: { url: string; status: number; bodyExcerpt: string };
          websocket?: { url: string; status?: number; frames: string[]; error?: string };
          envReport?: EnvReport;
        };
        assert.equal(recorded.wranglerVersion, toolchain === "current" ? "4.164.0" : "4.86.0");
        const configFile = path.join(PROJECTS, project, "wrangler.jsonc");
        const target = readTarget(configFile, options);
        const ready = lines.findIndex((line) => /Ready on http/.test(line.text));
        const verdict = classifyProbe(
          {
            lines,
            ...(ready >= 0 ? { readyIndex: ready } : {}),
            ...(recorded.envReport ? { envReport: recorded.envReport } : {}),
            ...(recorded.http ? { http: { url: recorded.http.url, status: recorded.http.status, body: recorded.http.bodyExcerpt } } : {}),
            ...(recorded.websocket ? { websocket: { ...recorded.websocket, url: recorded.websocket.url.replace(/^ws/, "http") } } : {}),
            timeoutMs: 60_000,
          },
          verdictContext(configFile, target, options),
        );
        assert.equal(verdict.verdict, recorded.verdict, verdict.sentence);
        assert.doesNotMatch(fs.readFileSync(`${base}.log`, "utf8") + fs.readFileSync(`${base}.probe.json`, "utf8"), /\/work\/|\/root\/|\/home\/|\/tmp\//, "no machine path");
      });
    }
  });
}
