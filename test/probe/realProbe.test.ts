// Real probes: the projects' own wrangler 4.86.0 and agents 0.32.0 (test/probe-projects/node_modules,
// installed by scripts/test.mjs), one wrangler at a time. After each: nothing left behind.
import * as assert from "node:assert/strict";
import { spawn } from "node:child_process";
import * as fs from "node:fs";
import * as net from "node:net";
import * as os from "node:os";
import * as path from "node:path";
import { runProbe, type ProbeEvent, type ProbeOptions, type ProbeReport } from "../../server/src/probe/index";
import { EXAMPLES, REPO_ROOT } from "../support/fixtures";
import { assertNothingLeft, groupAlive, probeTempFolders, ProbeWatcher } from "./probeLeftovers";

const PROJECTS = path.join(REPO_ROOT, "test", "probe-projects");
const CLI = path.join(REPO_ROOT, "out", "server", "src", "cli", "bin.js");

function listing(dir: string): string[] {
  return fs.readdirSync(dir).sort();
}

interface Probed {
  report: ProbeReport;
  events: ProbeEvent[];
  ms: number;
}

async function probe(options: ProbeOptions, signal?: AbortSignal, onEvent?: (event: ProbeEvent) => void, portsHeldByTest: number[] = []): Promise<Probed> {
  const tempBefore = probeTempFolders();
  const projectBefore = listing(options.projectDir);
  const watcher = new ProbeWatcher().start();
  const events: ProbeEvent[] = [];
  const started = Date.now();
  try {
    const report = await runProbe({ timeoutMs: 60_000, ...options }, signal, (event) => {
      events.push(event);
      onEvent?.(event);
    });
    return { report, events, ms: Date.now() - started };
  } finally {
    await assertNothingLeft(watcher, tempBefore, assert.fail, portsHeldByTest);
    assert.deepEqual(listing(options.projectDir), projectBefore, "the probe wrote into the project");
  }
}

function explain(report: ProbeReport): string {
  return `${report.verdict}: ${report.sentence}\n${report.log.join("\n")}`;
}

describe("probe (real wrangler dev)", function () {
  this.timeout(90_000);
  this.slow(15_000);

  before(function () {
    if (!fs.existsSync(path.join(PROJECTS, "node_modules", "wrangler", "package.json"))) {
      throw new Error("test/probe-projects has no node_modules: run `npm ci` there (scripts/test.mjs does it)");
    }
    // A manual `wrangler dev` leaves .wrangler/ behind; without it, each test's listing check sees any the probe would leave.
    for (const dir of [...fs.readdirSync(PROJECTS, { withFileTypes: true }).filter((e) => e.isDirectory() && e.name !== "node_modules").map((e) => path.join(PROJECTS, e.name)), path.join(EXAMPLES, "coder-agent")]) {
      fs.rmSync(path.join(dir, ".wrangler"), { recursive: true, force: true });
    }
  });

  it("healthy: ok, with the env report and the cf_agent_identity frame", async () => {
    const { report, events, ms } = await probe({ projectDir: path.join(PROJECTS, "healthy") });
    assert.equal(report.verdict, "ok", explain(report));
    assert.equal(report.binding, "CoderAgent");
    assert.equal(report.wranglerVersion, "4.86.0");
    assert.equal(report.http?.status, 404);
    assert.equal(report.websocket?.status, 101);
    assert.match(report.websocket!.frames[0], /"type":"cf_agent_identity","name":"default","agent":"coder-agent"/);
    const env = report.envReport as { bindings: Record<string, { present: boolean; hasIdFromName: boolean; stubAnswer?: { status: number } }> };
    assert.deepEqual([env.bindings.CoderAgent.present, env.bindings.CoderAgent.hasIdFromName, env.bindings.CoderAgent.stubAnswer?.status], [true, true, 404]);
    assert.ok(report.timings.readyMs! > 0 && report.timings.readyMs! < report.timings.verdictMs);
    const phases = events.filter((e) => e.kind === "phase").map((e) => (e.kind === "phase" ? e.phase : ""));
    assert.deepEqual(phases, ["locating", "starting", "ready", "inspecting", "probing", "stopping"]);
    assert.ok(events.some((e) => e.kind === "output" && /Ready on http:\/\/127\.0\.0\.1:\d+/.test(e.line)));
    console.log(`      ready ${report.timings.readyMs} ms, verdict ${report.timings.verdictMs} ms, total ${ms} ms`);
  });

  it("class not exported: the verdict at once from the error block, while wrangler would keep running", async () => {
    const { report, ms } = await probe({ projectDir: path.join(PROJECTS, "class-not-exported") });
    assert.equal(report.verdict, "class-not-exported", explain(report));
    assert.equal(report.ruleId, "class-not-exported");
    assert.match(report.sentence, /CoderAgent is not exported from the entry src\/server\.ts/);
    assert.ok(report.evidence.some((e) => e.includes("You should export these objects from your entrypoint, src/server.ts.")), "the wrapper's path is shown as the user's entry");
    assert.equal(report.timings.readyMs, undefined);
    assert.ok(report.timings.verdictMs < 15_000, `verdict after ${report.timings.verdictMs} ms`);
    console.log(`      verdict ${report.timings.verdictMs} ms, total ${ms} ms`);
  });

  it("--env without durable_objects: binding-missing from the live env report", async () => {
    const { report } = await probe({ projectDir: path.join(PROJECTS, "env-missing-durable-objects"), environment: "staging" });
    assert.equal(report.verdict, "binding-missing", explain(report));
    assert.equal(report.ruleId, "env-missing-bindings");
    assert.equal(report.environment, "staging");
    const env = report.envReport as { keys: { name: string }[]; bindings: Record<string, { present: boolean }> };
    assert.equal(env.bindings.CoderAgent.present, false);
    assert.deepEqual(env.keys.map((k) => k.name), ["ENVIRONMENT"]);
    assert.equal(report.http?.status, 400);
  });

  it("binding renamed to CODER, URL still on coder-agent: route-mismatch naming the routed namespace", async () => {
    const { report } = await probe({ projectDir: path.join(PROJECTS, "binding-renamed"), path: "/agents/coder-agent/default" });
    assert.equal(report.verdict, "route-mismatch", explain(report));
    assert.equal(report.ruleId, "agent-route-mismatch");
    assert.equal(report.binding, "CODER");
    assert.match(report.sentence, /namespace "coder-agent".*\/agents\/coder\/<name> \(CODER\)/);
    assert.ok(report.evidence.some((e) => /does not match any Durable Object binding/.test(e)));
  });

  it("binding renamed, no --path: the route the client code uses is probed too, and mismatches", async () => {
    const { report } = await probe({ projectDir: path.join(PROJECTS, "binding-renamed") });
    assert.equal(report.verdict, "route-mismatch", explain(report));
    assert.equal(report.http?.status, 404, "the binding's own route /agents/coder/default is served (no onRequest: 404 Not implemented)");
    assert.ok(report.notes.some((n) => n.includes("/agents/coder-agent/default answered 400")), report.notes.join("\n"));
    assert.ok(report.evidence.some((e) => /does not match any Durable Object binding/.test(e)));
  });

  it("client under the default prefix, worker routing under api/agents: route-not-handled from the client's own route", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "do-doctor-client-prefix-"));
    try {
      fs.cpSync(path.join(PROJECTS, "healthy"), dir, { recursive: true });
      // The project's own wrangler and agents, as in the shared probe-projects folder.
      fs.symlinkSync(path.join(PROJECTS, "node_modules"), path.join(dir, "node_modules"), "dir");
      const server = path.join(dir, "src", "server.ts");
      fs.writeFileSync(server, fs.readFileSync(server, "utf8").replace("routeAgentRequest(request, env)", 'routeAgentRequest(request, env, { prefix: "api/agents" })'));
      fs.writeFileSync(path.join(dir, "src", "client.ts"), 'import { AgentClient } from "agents/client";\nexport const connect = () => new AgentClient({ agent: "coder-agent", host: location.host });\n');
      const { report } = await probe({ projectDir: dir });
      assert.equal(report.verdict, "route-not-handled", explain(report));
      assert.equal(report.http?.status, 404, "the binding's own route /api/agents/coder-agent/default reaches the agent (404 Not implemented)");
      assert.match(report.sentence, /connects under \/agents\/ \(its default prefix\) while the worker routes agents under \/api\/agents\//);
      assert.ok(report.evidence.some((e) => e.startsWith("GET /agents/coder-agent/default -> 404")), report.evidence.join("\n"));
      assert.equal(report.ruleId, "agent-route-mismatch");
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  for (const [label, assets, note] of [
    ["assets without a directory (the Vite plugin's form)", `{ "not_found_handling": "single-page-application", "run_worker_first": ["/agents/*"] }`, /assets has no directory \(the Vite plugin supplies one/],
    ["an assets directory not built yet", `{ "directory": "./dist/client", "not_found_handling": "single-page-application" }`, /assets directory \.\/dist\/client does not exist yet/],
  ] as const) {
    it(`${label}: wrangler dev would refuse to start; the probe stands in an empty folder and reaches the agent`, async () => {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), "do-doctor-assets-"));
      try {
        fs.cpSync(path.join(PROJECTS, "healthy"), dir, { recursive: true });
        fs.symlinkSync(path.join(PROJECTS, "node_modules"), path.join(dir, "node_modules"), "dir");
        const config = path.join(dir, "wrangler.jsonc");
        fs.writeFileSync(config, fs.readFileSync(config, "utf8").replace(/\n\}\s*$/, `,\n  "assets": ${assets}\n}\n`));
        const { report } = await probe({ projectDir: dir });
        assert.equal(report.verdict, "ok", explain(report));
        assert.ok(report.notes.some((n) => note.test(n)), report.notes.join("\n"));
        assert.ok(!fs.existsSync(path.join(dir, "dist")), "nothing is built or created in the project");
      } finally {
        fs.rmSync(dir, { recursive: true, force: true });
      }
    });
  }

  it("no migration: agent-error quoting the SQLite storage text", async () => {
    const { report } = await probe({ projectDir: path.join(PROJECTS, "no-migration") });
    assert.equal(report.verdict, "agent-error", explain(report));
    assert.equal(report.ruleId, "binding-missing-migration");
    assert.match(report.sentence, /The storage\.kv \(synchronous KV\) API is only available for SQLite-backed Durable Objects/);
    assert.equal(report.http?.status, 500);
  });

  it("wrangler absent: wrangler-not-found with the install command, nothing started", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "do-doctor-no-wrangler-"));
    try {
      fs.cpSync(path.join(PROJECTS, "healthy"), dir, { recursive: true });
      const { report, ms } = await probe({ projectDir: dir });
      assert.equal(report.verdict, "wrangler-not-found", explain(report));
      assert.match(report.fix, /npm install --save-dev wrangler/);
      assert.equal(report.log.length, 0);
      assert.ok(ms < 5000);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it("port busy: port-in-use when the forced --port is taken, and the holder keeps it", async () => {
    const holder = net.createServer();
    await new Promise<void>((resolve) => holder.listen(0, "127.0.0.1", () => resolve()));
    const port = (holder.address() as net.AddressInfo).port;
    try {
      const { report } = await probe({ projectDir: path.join(PROJECTS, "healthy"), extraWranglerArgs: ["--port", String(port)] }, undefined, undefined, [port]);
      assert.equal(report.verdict, "port-in-use", explain(report));
      assert.match(report.sentence, new RegExp(`127\\.0\\.0\\.1:${port} is already in use`));
    } finally {
      await new Promise<void>((resolve) => holder.close(() => resolve()));
    }
  });

  it("cancellation mid-start: rejects with AbortError after stopping the group", async () => {
    const controller = new AbortController();
    const started = Date.now();
    let abortedAt = 0;
    await assert.rejects(
      probe({ projectDir: path.join(PROJECTS, "healthy") }, controller.signal, (event) => {
        if (event.kind === "output" && !abortedAt) {
          abortedAt = Date.now();
          controller.abort();
        }
      }),
      (error: Error) => error.name === "AbortError",
    );
    assert.ok(abortedAt > 0, "wrangler printed something before the abort");
    console.log(`      aborted after ${abortedAt - started} ms, stopped ${Date.now() - abortedAt} ms later`);
  });

  it("timeout: a deadline shorter than wrangler's start gives timeout, and stops it", async () => {
    const { report, ms } = await probe({ projectDir: path.join(PROJECTS, "healthy"), timeoutMs: 1200 });
    assert.equal(report.verdict, "timeout", explain(report));
    assert.match(report.sentence, /did not become ready within 1 s/);
    assert.ok(ms < 10_000, `took ${ms} ms`);
  });

  it("parent exit: the 'exit' handler stops the group and the temporary folder goes too", async () => {
    const tempBefore = probeTempFolders();
    const projectDir = path.join(PROJECTS, "healthy");
    const projectBefore = listing(projectDir);
    const watcher = new ProbeWatcher().start();
    const script = `
      const { runProbe } = require(${JSON.stringify(path.join(REPO_ROOT, "out", "server", "src", "probe", "index.js"))});
      runProbe({ projectDir: ${JSON.stringify(projectDir)} }, undefined, (event) => {
        if (event.kind === "output" && /Starting local server|Your Worker has access/.test(event.line)) process.exit(0);
      });`;
    const exited = await new Promise<number | null>((resolve) => spawn(process.execPath, ["-e", script], { stdio: "ignore" }).on("close", resolve));
    assert.equal(exited, 0);
    assert.ok(watcher.groups.size > 0, "wrangler had started");
    // SIGINT at once; the reaper's SIGKILL and folder removal come after the grace period.
    const deadline = Date.now() + 12_000;
    while (Date.now() < deadline && (probeTempFolders().some((name) => !tempBefore.includes(name)) || [...watcher.groups].some(groupAlive))) {
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    await assertNothingLeft(watcher, tempBefore, assert.fail);
    assert.deepEqual(listing(projectDir), projectBefore, "the probe wrote into the project");
  });

  it("examples/coder-agent (the bug report's project): class-not-exported", async function () {
    const example = path.join(EXAMPLES, "coder-agent");
    if (!fs.existsSync(path.join(example, "node_modules", "wrangler"))) throw new Error("examples/coder-agent has no node_modules: run `npm ci` there");
    const { report } = await probe({ projectDir: example });
    assert.equal(report.verdict, "class-not-exported", explain(report));
    assert.match(report.fix, /export \{ CoderAgent \} from "\.\/coder-agent";/);
  });
});

describe("do-doctor probe (the CLI as a process)", function () {
  this.timeout(90_000);
  this.slow(15_000);

  function cli(args: string[], onStdout?: (text: string, child: ReturnType<typeof spawn>) => void) {
    return new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
      const child = spawn(process.execPath, [CLI, ...args], { cwd: REPO_ROOT, stdio: ["ignore", "pipe", "pipe"] });
      let stdout = "";
      let stderr = "";
      child.stdout.setEncoding("utf8").on("data", (chunk: string) => {
        stdout += chunk;
        onStdout?.(stdout, child);
      });
      child.stderr.setEncoding("utf8").on("data", (chunk: string) => (stderr += chunk));
      child.on("close", (code) => resolve({ code, stdout, stderr }));
    });
  }

  it("usage errors exit 2 without starting anything", async () => {
    const bad = await cli(["probe", "--format", "sarif"]);
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /unknown format "sarif" for probe/);
    assert.equal((await cli(["probe", "--timeout", "soon"])).code, 2);
    assert.equal((await cli(["probe", "--path", "agents/x"])).code, 2);
    const header = await cli(["probe", "--header", "no-colon"]);
    assert.equal(header.code, 2);
    assert.match(header.stderr, /--header takes "Name: value"/);
    const help = await cli(["probe", "--help"]);
    assert.equal(help.code, 0);
    assert.match(help.stdout, /--binding NAME/);
    assert.match(help.stdout, /--header "N: v".*repeatable/);
  });

  it("--format json prints the report; exit 1 for a verdict other than ok", async () => {
    const tempBefore = probeTempFolders();
    const watcher = new ProbeWatcher().start();
    const { code, stdout } = await cli(["probe", "test/probe-projects/class-not-exported", "--format", "json"]);
    await assertNothingLeft(watcher, tempBefore, assert.fail);
    assert.equal(code, 1);
    const report = JSON.parse(stdout) as ProbeReport;
    assert.equal(report.verdict, "class-not-exported");
    assert.equal(report.wranglerVersion, "4.86.0");
    assert.ok(Array.isArray(report.log) && report.log.length > 0);
  });

  it("text shows the phases, then the sentence, fix and evidence; SIGINT stops wrangler and exits 130", async () => {
    const tempBefore = probeTempFolders();
    const watcher = new ProbeWatcher().start();
    let sent = false;
    const { code, stdout, stderr } = await cli(["probe", "test/probe-projects/healthy"], (text, child) => {
      if (!sent && /Starting wrangler/.test(text) && /\| /.test(text)) {
        sent = true;
        child.kill("SIGINT");
      }
    });
    await assertNothingLeft(watcher, tempBefore, assert.fail);
    assert.equal(code, 130, stdout + stderr);
    assert.match(stderr, /probe cancelled; wrangler dev was stopped/);
    assert.ok(watcher.groups.size > 0, "wrangler had started");
  });

  it("text output of a finished probe", async () => {
    const { code, stdout } = await cli(["probe", "test/probe-projects/no-migration", "--timeout", "60"]);
    assert.equal(code, 1);
    assert.match(stdout, /^» Looking for the wrangler config/m);
    assert.match(stdout, /^» wrangler dev is ready on http:\/\/127\.0\.0\.1:\d+ after \d+\.\d s$/m);
    assert.match(stdout, /^Verdict: agent-error  \(do-doctor check rule: binding-missing-migration\)$/m);
    assert.match(stdout, /^Fix: Add a migration/m);
    assert.match(stdout, /^Evidence:\n  - env report: CoderAgent \(durable-object-namespace\)/m);
  });
});
