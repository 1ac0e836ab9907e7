import * as assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import * as path from "node:path";
import { analyze } from "../../server/src/analyze";
import { createDiskHost } from "../../server/src/host";
import { jobsWorkerExample, REPO_ROOT } from "../support/fixtures";

const BIN = path.join(REPO_ROOT, "bin", "do-doctor.js");

interface JsonFinding {
  ruleId: string;
  severity: string;
  file: string;
  range: { start: { line: number } };
}

/** One line per finding: rule, severity, place (1-based line), and the message id when `withMessage` (rules with messages as data). */
const key = (f: { ruleId: string; messageId?: string; severity?: string; file: string; line: number }, withMessage = false) => `${f.ruleId}${withMessage && f.messageId ? `/${f.messageId}` : ""} ${f.severity} ${f.file}:${f.line}`;

describe("examples/jobs-worker through the built CLI", function () {
  this.timeout(30_000);
  const example = jobsWorkerExample();

  it("the engine gives exactly the expected findings, by rule and message id", () => {
    const result = analyze({ roots: [example.dir], host: createDiskHost() });
    const actual = result.findings.map((f) => key({ ...f, file: path.relative(example.dir, f.file).split(path.sep).join("/"), line: f.range.start.line + 1 }, true)).sort();
    assert.deepEqual(actual, example.findings.map((f) => key(f, true)).sort());
  });

  it("the CLI gives exactly the expected findings (rule, severity, place) in JSON, exit 1", () => {
    const result = spawnSync(process.execPath, [BIN, "check", example.dir, "--format", "json"], { encoding: "utf8", env: { ...process.env, NO_COLOR: "1", DO_DOCTOR_CACHE: "off" } });
    assert.equal(result.status, 1, result.stderr);
    const findings = (JSON.parse(result.stdout) as { findings: JsonFinding[] }).findings;
    const actual = findings.map((f) => key({ ...f, line: f.range.start.line + 1 })).sort();
    assert.deepEqual(actual, example.findings.map((f) => key(f)).sort());
  });

  it("the text report quotes wrangler's and workerd's own words", () => {
    const result = spawnSync(process.execPath, [BIN, "check", example.dir], { encoding: "utf8", env: { ...process.env, NO_COLOR: "1", DO_DOCTOR_CACHE: "off" } });
    assert.match(result.stdout, /Your Worker depends on the following Workflows, which are not exported in your entrypoint file: ReportWorkflow\./);
    assert.match(result.stdout, /A DurableObjectNamespace in the config referenced the class "AdminApi", but no such Durable Object class is exported from the worker/);
    assert.match(result.stdout, /✖ 4 problems \(4 errors, 0 warnings\)/);
  });
});
