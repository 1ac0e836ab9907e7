import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { parseLogLine, stripAnsi, type OutputLine } from "../../server/src/probe/output";
import type { EnvReport } from "../../server/src/probe/report";
import { maskedFrame, readFrame, type HttpResult, type WebSocketResult } from "../../server/src/probe/routeProbe";
import { classifyProbe, classifyStartup, errorBlocks, liveBindings, type VerdictContext } from "../../server/src/probe/verdict";
import { REPO_ROOT } from "../support/fixtures";

const RECORDINGS = path.join(REPO_ROOT, "test", "probe", "recordings");

interface Recording {
  lines: OutputLine[];
  readyIndex?: number;
  http?: HttpResult;
  websocket?: WebSocketResult;
  envReport?: EnvReport;
}

function load(name: string): Recording {
  const lines = fs.readFileSync(path.join(RECORDINGS, `${name}.log`), "utf8").replace(/\n$/, "").split("\n").map(parseLogLine);
  const ready = lines.findIndex((line) => /Ready on http/.test(line.text));
  const probeFile = path.join(RECORDINGS, `${name}.probe.json`);
  const recording: Recording = { lines, readyIndex: ready >= 0 ? ready : undefined };
  if (fs.existsSync(probeFile)) {
    const probe = JSON.parse(fs.readFileSync(probeFile, "utf8")) as {
      http?: { url: string; status: number; bodyExcerpt: string };
      websocket?: { url: string; status?: number; frames: string[]; error?: string };
      envReport?: EnvReport;
    };
    if (probe.http) recording.http = { url: probe.http.url, status: probe.http.status, body: probe.http.bodyExcerpt };
    if (probe.websocket) recording.websocket = { ...probe.websocket, url: probe.websocket.url.replace(/^ws/, "http") };
    recording.envReport = probe.envReport;
  }
  return recording;
}

const base: VerdictContext = {
  configName: "wrangler.jsonc",
  main: "src/server.ts",
  binding: "CoderAgent",
  className: "CoderAgent",
  bindings: ["CoderAgent"],
  topLevelBindings: ["CoderAgent"],
  routePath: "/agents/coder-agent/default",
  staticFindings: [],
};

function classify(name: string, context: Partial<VerdictContext> = {}) {
  const recording = load(name);
  return classifyProbe({ ...recording, timeoutMs: 60_000 }, { ...base, ...context });
}

describe("probe verdict classifier (recorded wrangler 4.86.0 output)", () => {
  it("ok: 404 Not implemented over HTTP, 101 with the cf_agent_identity frame", () => {
    const verdict = classify("healthy");
    assert.equal(verdict.verdict, "ok");
    assert.equal(verdict.fix, "");
    assert.match(verdict.sentence, /WebSocket 101 with the cf_agent_identity frame/);
    assert.ok(verdict.evidence.some((e) => e.includes('"type":"cf_agent_identity"')));
  });

  it("ok without an identity frame says so in a note", () => {
    const recording = load("healthy");
    const verdict = classifyProbe({ ...recording, websocket: { ...recording.websocket!, frames: [] } }, base);
    assert.equal(verdict.verdict, "ok");
    assert.ok(verdict.notes?.some((n) => /no cf_agent_identity frame/.test(n)));
  });

  it("route-not-handled when the binding's route works but the client connects under a prefix the worker does not route", () => {
    const recording = load("healthy");
    const mismatch = { route: "/agents/coder-agent/default", clientPrefix: "agents", defaultPrefix: true, via: "useAgent", agent: "coder-agent", routedPrefixes: ["api/agents"] };
    const context = { ...base, routePath: "/api/agents/coder-agent/default", clientPrefixMismatches: [mismatch] };
    const fallback = classifyProbe({ ...recording, clientAnswers: [{ route: mismatch.route, status: 404, body: "Not found" }] }, context);
    assert.equal(fallback.verdict, "route-not-handled");
    assert.equal(fallback.ruleId, "agent-route-mismatch");
    assert.match(fallback.sentence, /useAgent\(\{ agent: "coder-agent" \}\) connects under \/agents\/ \(its default prefix\) while the worker routes agents under \/api\/agents\//);
    assert.match(fallback.fix, /prefix: "api\/agents"/);
    // The agent's own 404 (no onRequest) means the request was routed after all; no answer means not probed.
    assert.equal(classifyProbe({ ...recording, clientAnswers: [{ route: mismatch.route, status: 404, body: "Not implemented" }] }, context).verdict, "ok");
    assert.equal(classifyProbe({ ...recording }, context).verdict, "ok");
  });

  it("class-not-exported from the error block, at once, naming the class and the entry", () => {
    const verdict = classify("class-not-exported", {
      staticFindings: [{ ruleId: "class-not-exported", message: "not exported", fixText: 'export { CoderAgent } from "./coder-agent";' }],
    });
    assert.equal(verdict.verdict, "class-not-exported");
    assert.equal(verdict.ruleId, "class-not-exported");
    assert.match(verdict.sentence, /^Durable Object class CoderAgent is not exported from the entry src\/server\.ts/);
    assert.match(verdict.fix, /add `export \{ CoderAgent \} from "\.\/coder-agent";`/);
    assert.ok(verdict.evidence.some((e) => e.includes("not exported in your entrypoint file: CoderAgent.")));
  });

  it("class-not-exported for a Workflow's class: the same check stops wrangler dev, said as a Workflow", () => {
    for (const toolchain of ["4.86", "current"]) {
      const verdict = classify(`${toolchain}/workflow-not-exported`, { main: "src/index.ts", className: "Ledger" });
      assert.equal(verdict.verdict, "class-not-exported", toolchain);
      assert.equal(verdict.ruleId, "class-not-exported");
      assert.match(verdict.sentence, /^Workflow class ReportWorkflow is not exported from the entry src\/index\.ts, so wrangler dev never starts serving/);
      assert.match(verdict.fix, /^Export ReportWorkflow by name from src\/index\.ts/);
      assert.ok(verdict.evidence.some((e) => e.includes("depends on the following Workflows, which are not exported in your entrypoint file: ReportWorkflow.")));
    }
  });

  it("classifyStartup decides on the first error block, before wrangler exits (it never does here)", () => {
    const { lines } = load("class-not-exported");
    const header = lines.findIndex((line) => line.text.startsWith("✘ [ERROR]"));
    assert.equal(classifyStartup(lines, base, header)?.verdict, undefined, "nothing decisive before the block");
    assert.equal(classifyStartup(lines, base, header + 1)?.verdict, "class-not-exported");
  });

  it("port-in-use from wrangler's Address already in use block", () => {
    const verdict = classify("port-in-use");
    assert.equal(verdict.verdict, "port-in-use");
    assert.match(verdict.sentence, /^Port 127\.0\.0\.1:18799 is already in use/);
  });

  it("startup-failed with nodejs-compat-missing when a Node built-in cannot be resolved", () => {
    const verdict = classify("nodejs-compat-missing");
    assert.equal(verdict.verdict, "startup-failed");
    assert.equal(verdict.ruleId, "nodejs-compat-missing");
    assert.match(verdict.sentence, /"path" is a Node\.js built-in/);
    assert.match(verdict.fix, /nodejs_compat/);
  });

  it("startup-failed for a migration naming an unknown class, with the static rule when it found it", () => {
    const verdict = classify("migration-class-unknown", { staticFindings: [{ ruleId: "migration-class-unknown", message: "CoderAgnet is defined nowhere" }] });
    assert.equal(verdict.verdict, "startup-failed");
    assert.equal(verdict.ruleId, "migration-class-unknown");
    assert.match(verdict.sentence, /Class extends value undefined/);
    assert.equal(classify("migration-class-unknown").ruleId, undefined, "no guess without the static finding");
  });

  it("config-error for a syntax error, with its line and column", () => {
    const verdict = classify("config-parse-error");
    assert.equal(verdict.verdict, "config-error");
    assert.equal(verdict.ruleId, "config-parse-error");
    assert.match(verdict.sentence, /wrangler cannot read wrangler\.jsonc: CommaExpected at line 4, column 26\./);
  });

  it("binding-missing from the env report for --env without durable_objects", () => {
    const verdict = classify("env-missing-durable-objects", { environment: "staging", bindings: [] });
    assert.equal(verdict.verdict, "binding-missing");
    assert.equal(verdict.ruleId, "env-missing-bindings");
    assert.match(verdict.sentence, /^env\.staging has no Durable Object binding CoderAgent: `durable_objects` is not inherited/);
    assert.ok(verdict.evidence.includes("env report: CoderAgent is absent"));
  });

  it("route-mismatch from the agents 0.32 log line, naming the routed namespace", () => {
    const verdict = classify("route-mismatch-agents", { binding: "CODER", bindings: ["CODER"], topLevelBindings: ["CODER"] });
    assert.equal(verdict.verdict, "route-mismatch");
    assert.equal(verdict.ruleId, "agent-route-mismatch");
    assert.match(verdict.sentence, /namespace "coder-agent".*serves \/agents\/coder\/<name> \(CODER\)/);
    assert.match(verdict.fix, /useAgent\(\{ agent: "coder" \}\).*rename the binding to CoderAgent/);
  });

  it("route-mismatch from partyserver's texts (agents <= 0.21)", () => {
    const recording = load("route-mismatch-partyserver");
    const verdict = classifyProbe(
      { ...recording, readyIndex: 0, http: { url: "http://127.0.0.1:8787/agents/coder-agent/default", status: 400, body: "Invalid request" } },
      { ...base, binding: "CODER", bindings: ["CODER"] },
    );
    assert.equal(verdict.verdict, "route-mismatch");
    assert.ok(verdict.evidence.some((e) => /Did you forget to add a durable object binding/.test(e)));
  });

  it("agent-error quoting the SQLite text when no migration creates the class", () => {
    const verdict = classify("no-migration-sqlite", { staticFindings: [{ ruleId: "binding-missing-migration", message: "no migrations" }] });
    assert.equal(verdict.verdict, "agent-error");
    assert.equal(verdict.ruleId, "binding-missing-migration");
    assert.match(verdict.sentence, /not SQLite-backed.*"The storage\.kv \(synchronous KV\) API is only available for SQLite-backed Durable Objects"/);
    assert.match(verdict.fix, /"new_sqlite_classes": \["CoderAgent"\]/);
  });

  it("agent-error names new_sqlite_classes when the class was created with new_classes", () => {
    const verdict = classify("no-migration-sqlite", { staticFindings: [{ ruleId: "agent-needs-sqlite", message: "KV-backed agent" }] });
    assert.equal(verdict.ruleId, "agent-needs-sqlite");
    assert.match(verdict.fix, /`new_sqlite_classes` instead of `new_classes`/);
  });

  it("route-not-handled when the worker answers 404 itself and refuses the upgrade", () => {
    const verdict = classify("route-not-handled");
    assert.equal(verdict.verdict, "route-not-handled");
    assert.match(verdict.fix, /routeAgentRequest/);
  });

  it("binding-not-namespace when env.X is not a Durable Object namespace", () => {
    const recording = load("healthy");
    const envReport: EnvReport = {
      keys: [{ name: "CoderAgent", kind: "string" }],
      bindings: { CoderAgent: { present: true, type: "string", hasIdFromName: false, hasGet: false } },
    };
    const verdict = classifyProbe({ ...recording, envReport }, base);
    assert.equal(verdict.verdict, "binding-not-namespace");
    assert.match(verdict.sentence, /^env\.CoderAgent is a string, not a Durable Object namespace/);
  });

  it("binding-missing from the bug report's TypeError when there is no env report", () => {
    const recording = load("healthy");
    const lines: OutputLine[] = [
      ...recording.lines,
      { stream: "stdout", text: "[wrangler:error] TypeError: Cannot read properties of undefined (reading 'idFromName')" },
    ];
    const verdict = classifyProbe(
      { lines, readyIndex: recording.readyIndex, http: { url: "http://x/agents/coder-agent/default", status: 500, body: "TypeError: Cannot read properties of undefined (reading 'idFromName')" } },
      base,
    );
    assert.equal(verdict.verdict, "binding-missing");
    assert.match(verdict.sentence, /calls idFromName\(\) on a Durable Object binding that does not exist/);
  });

  it("agent-error for any other 500, quoting wrangler's error line", () => {
    const recording = load("healthy");
    const lines: OutputLine[] = [...recording.lines, { stream: "stdout", text: "[wrangler:error] Error: boom in onRequest" }];
    const verdict = classifyProbe({ lines, readyIndex: recording.readyIndex, envReport: recording.envReport, http: { url: "u", status: 500, body: "Error: boom" }, websocket: { url: "u", status: 500, frames: [] } }, base);
    assert.equal(verdict.verdict, "agent-error");
    assert.match(verdict.sentence, /fails with HTTP 500: Error: boom in onRequest/);
  });

  it("websocket-failed when HTTP reaches the agent but the upgrade is refused", () => {
    const recording = load("healthy");
    const verdict = classifyProbe({ ...recording, websocket: { url: "u", status: 426, frames: [], error: "refused" } }, base);
    assert.equal(verdict.verdict, "websocket-failed");
    assert.match(verdict.sentence, /refused with HTTP 426/);
  });

  it("timeout when wrangler neither gets ready nor prints an error, and when a ready server never answers", () => {
    const lines = load("healthy").lines.slice(0, 6);
    assert.equal(classifyProbe({ lines, startTimedOut: true, timeoutMs: 30_000 }, base).verdict, "timeout");
    const recording = load("healthy");
    const hung = classifyProbe({ ...recording, envReport: undefined, http: { url: "u", body: "", error: "no answer", timedOut: true }, websocket: undefined }, base);
    assert.equal(hung.verdict, "timeout");
  });

  it("startup-failed when wrangler exits before ready without a known block", () => {
    const lines: OutputLine[] = [{ stream: "stderr", text: "something odd happened" }];
    const verdict = classifyProbe({ lines, exit: { code: 1, signal: null } }, base);
    assert.equal(verdict.verdict, "startup-failed");
    assert.match(verdict.sentence, /exited with code 1 before it was ready; its last words: something odd happened/);
  });

  it("sentences are one sentence and every non-ok verdict has a fix", () => {
    const cases: [string, Partial<VerdictContext>][] = [
      ["class-not-exported", {}],
      ["port-in-use", {}],
      ["nodejs-compat-missing", {}],
      ["config-parse-error", {}],
      ["env-missing-durable-objects", { environment: "staging", bindings: [] }],
      ["route-mismatch-agents", { binding: "CODER", bindings: ["CODER"] }],
      ["no-migration-sqlite", {}],
      ["route-not-handled", {}],
    ];
    for (const [name, context] of cases) {
      const verdict = classify(name, context);
      assert.notEqual(verdict.verdict, "ok", name);
      assert.ok(verdict.fix.length > 10, `${name} has a fix`);
      assert.ok(verdict.evidence.length > 0, `${name} has evidence`);
      assert.match(verdict.sentence, /[.)]$/, `${name}: ${verdict.sentence}`);
    }
  });
});

describe("probe output helpers", () => {
  it("strips wrangler's ANSI codes from error headers", () => {
    const raw = "\u001b[31m✘ \u001b[41;31m[\u001b[41;97mERROR\u001b[41;31m]\u001b[0m \u001b[1mYour Worker depends on the following Durable Objects\u001b[0m";
    assert.equal(stripAnsi(raw), "✘ [ERROR] Your Worker depends on the following Durable Objects");
    assert.equal(errorBlocks([{ stream: "stderr", text: stripAnsi(raw) }])[0].header, "Your Worker depends on the following Durable Objects");
  });

  it("reads server frames of every length form and masks client frames", () => {
    const short = Buffer.concat([Buffer.from([0x81, 5]), Buffer.from("hello")]);
    assert.deepEqual({ ...readFrame(short)!, payload: readFrame(short)!.payload.toString() }, { opcode: 1, payload: "hello", length: 7 });
    const text = "x".repeat(300);
    const medium = Buffer.concat([Buffer.from([0x81, 126, 1, 44]), Buffer.from(text)]);
    assert.equal(readFrame(medium)!.payload.toString(), text);
    assert.equal(readFrame(medium.subarray(0, 100)), undefined, "incomplete frame");
    const masked = maskedFrame(0x1, Buffer.from("hi"));
    assert.equal(masked[1] & 0x80, 0x80);
    assert.equal(readFrame(masked)!.payload.toString(), "hi");
  });
});

describe("probe verdicts for Workflow and service bindings (recorded and constructed env reports)", () => {
  const wfContext: Partial<VerdictContext> = {
    main: "src/index.ts",
    routePath: undefined,
    bindings: ["LEDGER"],
    topLevelBindings: ["LEDGER"],
    workflows: [{ binding: "REPORTS", className: "ReportWorkflow", name: "reports" }],
    topLevelWorkflows: ["REPORTS"],
    services: [{ binding: "SELF_API", service: "probe-workflow-service", entrypoint: "Api" }],
    topLevelServices: ["SELF_API"],
    workerName: "probe-workflow-service",
  };

  it("entrypoint-missing from workerd's startup line, with both toolchains (4.164 repeats it for its proxy binding)", () => {
    for (const toolchain of ["4.86", "current"]) {
      const { lines } = load(`${toolchain}/service-entrypoint-missing`);
      const verdict = classifyStartup(lines, { ...base, main: "src/index.ts", binding: "SELF_API", bindingKind: "service", workerName: "probe-service-entrypoint-missing" });
      assert.equal(verdict?.verdict, "entrypoint-missing", toolchain);
      assert.equal(verdict?.ruleId, "service-entrypoint-missing");
      assert.match(verdict!.sentence, /^Service binding "SELF_API" asks worker "probe-service-entrypoint-missing" for the entrypoint "Api", but its entry src\/index\.ts has no export of that name/);
      assert.doesNotMatch(verdict!.sentence, /core:user:|MINIFLARE_PROXY/);
    }
  });

  it("an entrypoint of another worker: the fix names that worker's entry, not this one's", () => {
    const lines = [{ stream: "stderr" as const, text: `✘ [ERROR] Worker "core:user:web"'s binding "BILLING" refers to service "core:user:billing" with a named entrypoint "Invoices", but "core:user:billing" has no such named entrypoint.` }];
    const verdict = classifyStartup(lines, { ...base, workerName: "web" });
    assert.equal(verdict?.verdict, "entrypoint-missing");
    assert.match(verdict!.sentence, /asks worker "billing" for the entrypoint "Invoices", but worker "billing"'s entry has no export of that name/);
    assert.match(verdict!.fix, /^Export a class extending `WorkerEntrypoint` named Invoices from worker "billing"'s entry/);
  });

  it("recorded: the Workflow binding ok (get answers instance.not_found), and missing under --env staging", () => {
    for (const toolchain of ["4.86", "current"]) {
      const ok = classify(`${toolchain}/workflow-service-reports`, { ...wfContext, binding: "REPORTS", bindingKind: "workflow", className: "ReportWorkflow" });
      assert.equal(ok.verdict, "ok", `${toolchain}: ${ok.sentence}`);
      assert.match(ok.sentence, /^REPORTS is bound in the top level to a live Workflow of ReportWorkflow: get\(\) of an instance that cannot exist answered "instance\.not_found"/);
      const missing = classify(`${toolchain}/workflow-service-staging`, { ...wfContext, environment: "staging", bindings: ["LEDGER"], workflows: [], services: [], binding: "REPORTS", bindingKind: "workflow" });
      assert.equal(missing.verdict, "binding-missing", toolchain);
      assert.equal(missing.ruleId, "env-missing-bindings");
      assert.match(missing.sentence, /`workflows` is not inherited/);
    }
  });

  it("the live bindings line of a recorded run lists every kind", () => {
    const { envReport } = load("current/workflow-service");
    assert.deepEqual(liveBindings(envReport!), [
      "REPORTS present (Workflow of ReportWorkflow; get answers)",
      "SELF_API present (Fetcher, worker probe-workflow-service, entrypoint Api: answers)",
      "LEDGER present (DurableObjectNamespace of Ledger)",
    ]);
  });

  const fetcher = { present: true, type: "object", constructorName: "Fetcher", hasIdFromName: true, hasGet: true };
  const report = (name: string, entry: EnvReport["bindings"][string]): EnvReport => ({ keys: [{ name, kind: entry.constructorName ?? entry.type }], bindings: { [name]: entry } });

  it("a Workflow binding name that is a Fetcher: binding-not-namespace, saying Workflow", () => {
    const { lines, readyIndex } = load("current/workflow-service-reports");
    const envReport = report("REPORTS", { ...fetcher, declaredKind: "workflow", isWorkflow: false });
    const verdict = classifyProbe({ lines, readyIndex, envReport }, { ...base, ...wfContext, binding: "REPORTS", bindingKind: "workflow" });
    assert.equal(verdict.verdict, "binding-not-namespace");
    assert.match(verdict.sentence, /^env\.REPORTS is a Fetcher, not a Workflow binding/);
  });

  it("a service binding whose worker is not running: service-not-running, never ok", () => {
    const { lines, readyIndex } = load("current/workflow-service-reports");
    const error = 'Worker "billing" not found. Make sure it is running locally.';
    const envReport = report("BILLING", { ...fetcher, declaredKind: "service", isFetcher: true, service: "billing", serviceRpc: { reachable: false, notRunning: true, error } });
    const verdict = classifyProbe({ lines, readyIndex, envReport }, { ...base, ...wfContext, binding: "BILLING", bindingKind: "service" });
    assert.equal(verdict.verdict, "service-not-running");
    assert.match(verdict.fix, /Start worker "billing" too/);
  });

  it("a service call failing without workerd's actor line: entrypoint-failed quoting the error, no Durable Object claim", () => {
    const { lines, readyIndex } = load("current/workflow-service-reports");
    const envReport = report("SELF_API", { ...fetcher, declaredKind: "service", isFetcher: true, service: "probe-workflow-service", entrypoint: "Helper", serviceRpc: { reachable: false, error: "internal error; reference = abc" } });
    const verdict = classifyProbe({ lines, readyIndex, envReport }, { ...base, ...wfContext, binding: "SELF_API", bindingKind: "service" });
    assert.equal(verdict.verdict, "entrypoint-failed");
    assert.doesNotMatch(verdict.sentence, /Durable Object/);
    assert.match(verdict.fix, /^Make Helper a class that extends `WorkerEntrypoint`/);
  });
});
