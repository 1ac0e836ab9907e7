// Probe hygiene (issue 7): cycles in a row mixing verdicts, cancellations and timeouts, a project
// path with spaces, quotes and non-ASCII letters, and an instance name that must be URL-encoded.
// After every cycle: no process of any probe alive, its ports free, no temporary folder left.
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { runProbe, type ProbeOptions, type ProbeReport } from "../../server/src/probe/index";
import { REPO_ROOT } from "../support/fixtures";
import { assertNothingLeft, probeTempFolders, ProbeWatcher } from "./probeLeftovers";

const PROJECTS = path.join(REPO_ROOT, "test", "probe-projects");

/** One probe cycle, checked for leftovers whatever its outcome; resolves to the report or the error. */
async function cycle(options: ProbeOptions, abortAfterMs?: number): Promise<ProbeReport | Error> {
  const tempBefore = probeTempFolders();
  const watcher = new ProbeWatcher().start();
  const controller = new AbortController();
  const timer = abortAfterMs === undefined ? undefined : setTimeout(() => controller.abort(), abortAfterMs);
  try {
    return await runProbe({ timeoutMs: 60_000, ...options }, controller.signal);
  } catch (error) {
    return error as Error;
  } finally {
    if (timer) clearTimeout(timer);
    await assertNothingLeft(watcher, tempBefore, assert.fail, []);
  }
}

describe("probe hygiene (real wrangler dev, cycles in a row)", function () {
  this.timeout(240_000);
  this.slow(60_000);

  it("leaves nothing behind across ok, cancelled-at-start, timed-out and failing cycles", async () => {
    const healthy = path.join(PROJECTS, "healthy");
    const outcomes: string[] = [];
    const describe = (result: ProbeReport | Error) => (result instanceof Error ? result.name : result.verdict);
    outcomes.push(describe(await cycle({ projectDir: healthy }, 300)));
    outcomes.push(describe(await cycle({ projectDir: healthy })));
    outcomes.push(describe(await cycle({ projectDir: healthy, timeoutMs: 1500 })));
    outcomes.push(describe(await cycle({ projectDir: path.join(PROJECTS, "class-not-exported") })));
    outcomes.push(describe(await cycle({ projectDir: healthy }, 1500)));
    assert.deepEqual(outcomes, ["AbortError", "ok", "timeout", "class-not-exported", "AbortError"]);
  });

  it("runs from a folder with spaces, quotes and non-ASCII letters, and URL-encodes the instance name", async () => {
    // Inside test/probe-projects, so the probe finds wrangler by walking up, as in a monorepo.
    const odd = path.join(PROJECTS, `odd "quoted" folder ü ✓ 'x'`);
    fs.rmSync(odd, { recursive: true, force: true });
    fs.cpSync(path.join(PROJECTS, "healthy"), odd, { recursive: true, filter: (source) => !source.endsWith(`${path.sep}.wrangler`) });
    try {
      const result = await cycle({ projectDir: odd, instanceName: "room 1/ü?x=1" });
      assert.ok(!(result instanceof Error), String(result));
      assert.equal(result.verdict, "ok", `${result.sentence}\n${result.log.join("\n")}`);
      assert.match(result.http!.url, /\/agents\/coder-agent\/room%201%2F%C3%BC%3Fx%3D1$/);
      // Measured: agents 0.32 names the instance by the path segment as sent, still percent-encoded.
      assert.match(result.websocket!.frames[0], /"type":"cf_agent_identity","name":"room%201%2F%C3%BC%3Fx%3D1"/);
      assert.ok(!fs.existsSync(path.join(odd, ".wrangler")), "nothing written into the project");
    } finally {
      fs.rmSync(odd, { recursive: true, force: true });
    }
  });
});
