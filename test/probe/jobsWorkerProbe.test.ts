// The real wrangler dev (4.86.0) on a Workflow's class not exported: the probe project
// workflow-not-exported (wrangler of test/probe-projects) and examples/jobs-worker (its own
// node_modules, @cloudflare/containers included; containers off, so no Docker is needed). Both
// installed by scripts/test.mjs. After each: nothing left behind.
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { analyze } from "../../server/src/analyze";
import { createDiskHost } from "../../server/src/host";
import { runProbe, type ProbeOptions, type ProbeReport } from "../../server/src/probe/index";
import { EXAMPLES, REPO_ROOT } from "../support/fixtures";
import { assertNothingLeft, probeTempFolders, ProbeWatcher } from "./probeLeftovers";

const PROJECT = path.join(REPO_ROOT, "test", "probe-projects", "workflow-not-exported");
const EXAMPLE = path.join(EXAMPLES, "jobs-worker");

async function probe(options: ProbeOptions): Promise<ProbeReport> {
  const tempBefore = probeTempFolders();
  const before = fs.readdirSync(options.projectDir).sort();
  const watcher = new ProbeWatcher().start();
  try {
    return await runProbe({ timeoutMs: 60_000, ...options });
  } finally {
    await assertNothingLeft(watcher, tempBefore, assert.fail);
    assert.deepEqual(fs.readdirSync(options.projectDir).sort(), before, "the probe wrote into the project");
  }
}

const explain = (report: ProbeReport) => `${report.verdict}: ${report.sentence}\n${report.log.join("\n")}`;

describe("probe (real wrangler dev): a Workflow's class not exported", function () {
  this.timeout(90_000);
  this.slow(15_000);

  before(function () {
    for (const dir of [PROJECT, EXAMPLE]) fs.rmSync(path.join(dir, ".wrangler"), { recursive: true, force: true });
  });

  it("workflow-not-exported: wrangler stops on the Workflow class, the verdict says Workflow", async () => {
    const report = await probe({ projectDir: PROJECT });
    assert.equal(report.verdict, "class-not-exported", explain(report));
    assert.equal(report.wranglerVersion, "4.86.0");
    assert.match(report.sentence, /^Workflow class ReportWorkflow is not exported from the entry src\/index\.ts/);
    assert.ok(report.evidence.some((e) => e.includes("Your Worker depends on the following Workflows, which are not exported in your entrypoint file: ReportWorkflow.")));
    assert.equal(report.timings.readyMs, undefined, "never ready");
  });

  it("examples/jobs-worker: wrangler dev says what do-doctor check says first", async function () {
    if (!fs.existsSync(path.join(EXAMPLE, "node_modules", "@cloudflare", "containers", "package.json"))) {
      throw new Error("examples/jobs-worker has no node_modules: run `npm ci` there (scripts/test.mjs does it)");
    }
    const report = await probe({ projectDir: EXAMPLE, extraWranglerArgs: ["--enable-containers=false"] });
    assert.equal(report.verdict, "class-not-exported", explain(report));
    assert.match(report.sentence, /^Workflow class ReportWorkflow is not exported/);
    // The static check names the same class at the Workflow's class_name.
    const findings = analyze({ roots: [EXAMPLE], host: createDiskHost() }).findings;
    assert.ok(findings.some((f) => f.ruleId === "class-not-exported" && path.basename(f.file) === "wrangler.jsonc" && f.message.includes('Workflow class "ReportWorkflow"')));
  });
});
