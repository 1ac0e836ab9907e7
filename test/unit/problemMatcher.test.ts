import * as assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { runCli } from "../../server/src/cli/main";
import { EXAMPLES, REPO_ROOT } from "../support/fixtures";

interface ProblemMatcher {
  name: string;
  owner: string;
  fileLocation: string[];
  pattern: { regexp: string; file: number; line: number; column: number; severity: number; message: number; code: number };
}

interface JsonFinding {
  ruleId: string;
  severity: string;
  message: string;
  file: string;
  range: { start: { line: number; character: number } };
}

const manifest = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, "package.json"), "utf8")) as { contributes: { problemMatchers: ProblemMatcher[] } };
const matcher = manifest.contributes.problemMatchers.find((m) => m.name === "do-doctor")!;
const example = path.join(EXAMPLES, "coder-agent");
// A warning and an info among the errors, so every severity the text format writes is matched.
const SEVERITY_ARGS = ["--rule", "agent-route-mismatch=warning", "--rule", "env-missing-bindings=info"];

/** VS Code's task problem matcher strips terminal colors from each line before matching (removeAnsiEscapeCodes). */
const stripAnsi = (line: string) => line.replace(/\u001b\[[0-9;]*[A-Za-z]/g, "");

function match(output: string) {
  const regexp = new RegExp(matcher.pattern.regexp);
  const { pattern } = matcher;
  return output
    .split("\n")
    .map((line) => regexp.exec(stripAnsi(line)))
    .filter((m): m is RegExpExecArray => m !== null)
    .map((m) => ({ file: m[pattern.file], line: Number(m[pattern.line]), column: Number(m[pattern.column]), severity: m[pattern.severity], message: m[pattern.message], code: m[pattern.code] }));
}

function cli(args: string[]) {
  const result = spawnSync(process.execPath, [path.join(REPO_ROOT, "bin", "do-doctor.js"), ...args], { cwd: REPO_ROOT, encoding: "utf8", env: { ...process.env, NO_COLOR: "1", DO_DOCTOR_CACHE: "off" } });
  return result.stdout;
}

describe("the do-doctor problem matcher (package.json) on the CLI's real text output", function () {
  this.timeout(30_000);
  const expected = (JSON.parse(cli(["check", example, "--format", "json", ...SEVERITY_ARGS])) as { findings: JsonFinding[] }).findings.map((f) => ({
    file: f.file,
    line: f.range.start.line + 1,
    column: f.range.start.character + 1,
    severity: f.severity,
    message: f.message,
    code: f.ruleId,
  }));

  it("is contributed as do-doctor, resolving paths against the task's folder", () => {
    assert.equal(matcher.owner, "do-doctor");
    assert.deepEqual(matcher.fileLocation, ["autoDetect", "${cwd}"]);
  });

  it("matches every finding line (file, line, column, severity, message, rule) and nothing else", () => {
    assert.equal(expected.length, 4);
    assert.deepEqual(new Set(expected.map((e) => e.severity)), new Set(["error", "warning", "info"]));
    const text = cli(["check", example, ...SEVERITY_ARGS]);
    assert.match(text, /> \d+ \|/, "the output has code frames");
    assert.deepEqual(match(text), expected);
  });

  it("matches the colored output a task's terminal gets, once VS Code strips the colors", async () => {
    let text = "";
    await runCli(["check", example, ...SEVERITY_ARGS], { stdout: (t) => (text += t), stderr: () => undefined, cwd: REPO_ROOT, colorStdout: true });
    assert.match(text, /\u001b\[/, "colored");
    assert.deepEqual(match(text), expected);
  });

  it("a clean run matches nothing", () => {
    const clean = cli(["check", path.join(REPO_ROOT, "test", "fixtures", "healthy-toml")]);
    assert.match(clean, /No Durable Object problems found/);
    assert.deepEqual(match(clean), []);
  });
});
