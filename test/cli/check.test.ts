import * as crypto from "node:crypto";
import * as assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { PARSE_CACHE_MIN_SOURCES } from "../../server/src/cli/main";
import { copyToTemp, EXAMPLES, FIXTURES, REPO_ROOT } from "../support/fixtures";

const BIN = path.join(REPO_ROOT, "bin", "do-doctor.js");

function doDoctor(args: string[], cwd = REPO_ROOT, env: Record<string, string> = { DO_DOCTOR_CACHE: "off" }) {
  const result = spawnSync(process.execPath, [BIN, ...args], { cwd, encoding: "utf8", env: { ...process.env, NO_COLOR: "1", ...env } });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

interface JsonReport {
  findings: { ruleId: string; severity: string; message: string; file: string; range: { start: { line: number; character: number } }; fixes: { title: string }[] }[];
}

describe("do-doctor check (the built CLI, as a process)", function () {
  this.timeout(30_000);
  const example = path.join(EXAMPLES, "coder-agent");

  it("reports the bug report's problems in text with code frames and a summary, exit 1", () => {
    const { code, stdout, stderr } = doDoctor(["check", example]);
    assert.equal(code, 1, stderr);
    assert.match(stdout, /^wrangler\.jsonc:16:23  error  Durable Object class "CoderAgent" is not exported from the entry src\/server\.ts\./m);
    assert.match(stdout, /^> 16 \|\s+"class_name": "CoderAgent"$/m);
    assert.match(stdout, /^src\/client\/app\.tsx:7:13  error  .*agent-route-mismatch$/m);
    assert.match(stdout, /✖ 4 problems \(4 errors, 0 warnings\), 3 fixable with --fix/);
    assert.equal(stderr, "");
  });

  it("exits 0 on a healthy project", () => {
    const { code, stdout } = doDoctor(["check", path.join(FIXTURES, "healthy-toml")]);
    assert.equal(code, 0);
    assert.match(stdout, /No Durable Object problems found\./);
  });

  it("writes the documented JSON: relative forward-slash paths, 0-based ranges, fixes", () => {
    const { code, stdout } = doDoctor(["check", example, "--format", "json"]);
    assert.equal(code, 1);
    const report = JSON.parse(stdout) as JsonReport;
    const ids = report.findings.map((f) => `${f.ruleId} ${f.file}:${f.range.start.line}`).sort();
    assert.deepEqual(ids, [
      "agent-route-mismatch src/client/app.tsx:6",
      "class-not-exported src/coder-agent.ts:8",
      "class-not-exported wrangler.jsonc:15",
      "env-missing-durable-objects wrangler.jsonc:30",
    ]);
    const env = report.findings.find((f) => f.ruleId === "env-missing-durable-objects")!;
    assert.equal(env.severity, "error");
    assert.match(env.fixes[0].title, /Copy "CoderAgent" into env\.staging/);
  });

  it("writes SARIF 2.1.0 with rules and 1-based regions", () => {
    const { stdout } = doDoctor(["check", example, "--format", "sarif"]);
    const sarif = JSON.parse(stdout);
    assert.equal(sarif.version, "2.1.0");
    const run = sarif.runs[0];
    assert.equal(run.tool.driver.name, "do-doctor");
    assert.equal(run.results.length, 4);
    const config = run.results.find((r: { ruleId: string; locations: { physicalLocation: { artifactLocation: { uri: string } } }[] }) => r.ruleId === "class-not-exported" && r.locations[0].physicalLocation.artifactLocation.uri === "wrangler.jsonc");
    assert.deepEqual(config.locations[0].physicalLocation.region, { startLine: 16, startColumn: 23, endLine: 16, endColumn: 35 });
    assert.equal(run.tool.driver.rules[config.ruleIndex].id, "class-not-exported");
  });

  it("writes GitHub workflow annotations", () => {
    const { stdout } = doDoctor(["check", example, "--format", "github"]);
    const lines = stdout.trim().split("\n");
    assert.equal(lines.length, 4);
    assert.ok(lines.includes(lines.find((l) => l.startsWith("::error file=wrangler.jsonc,line=31,col=5,")) ?? ""), stdout);
    for (const line of lines) assert.match(line, /^::error file=[^,]+,line=\d+,col=\d+,endLine=\d+,endColumn=\d+,title=[a-z-]+::\S/);
  });

  it("--fix applies the safe fixes, keeps comments, and leaves the rest reported", () => {
    const dir = copyToTemp(example);
    try {
      const before = fs.readFileSync(path.join(dir, "wrangler.jsonc"), "utf8");
      const { code, stdout } = doDoctor(["check", ".", "--fix"], dir);
      assert.equal(code, 1, stdout);
      assert.match(stdout, /^Applied 2 fixes to src\/server\.ts, wrangler\.jsonc\./m);
      const after = fs.readFileSync(path.join(dir, "wrangler.jsonc"), "utf8");
      const comments = (text: string) => text.split("\n").filter((l) => l.trim().startsWith("//"));
      assert.deepEqual(comments(after), comments(before));
      assert.match(fs.readFileSync(path.join(dir, "src", "server.ts"), "utf8"), /\nexport \{ CoderAgent \} from "\.\/coder-agent";\n$/);
      const again = doDoctor(["check", ".", "--format", "json"], dir);
      const left = (JSON.parse(again.stdout) as JsonReport).findings.map((f) => f.ruleId);
      assert.deepEqual(left, ["agent-route-mismatch"]);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it("--env checks one environment only", () => {
    const { stdout } = doDoctor(["check", example, "--env", "staging", "--format", "json"]);
    const ids = (JSON.parse(stdout) as JsonReport).findings.map((f) => f.ruleId).sort();
    assert.deepEqual(ids, ["agent-route-mismatch", "env-missing-durable-objects"]);
  });

  it("--rule turns a rule off or changes its severity", () => {
    const off = doDoctor(["check", example, "--format", "json", "--rule", "env-missing-durable-objects=off", "--rule=agent-route-mismatch=warning"]);
    const findings = (JSON.parse(off.stdout) as JsonReport).findings;
    assert.ok(!findings.some((f) => f.ruleId === "env-missing-durable-objects"));
    assert.equal(findings.find((f) => f.ruleId === "agent-route-mismatch")?.severity, "warning");
  });

  it("reports a broken config as a finding, not a crash", () => {
    const { code, stdout, stderr } = doDoctor(["check", path.join(FIXTURES, "config-parse-error-jsonc")]);
    assert.equal(code, 1);
    assert.match(stdout, /config-parse-error/);
    assert.doesNotMatch(stdout + stderr, /\n\s+at .+:\d+:\d+/);
  });

  for (const [args, pattern] of [
    [["check", "--format", "xml"], /unknown format "xml"/],
    [["check", "no/such/folder"], /no such file or folder/],
    [["check", "--bogus"], /unknown option --bogus/],
    [["check", "--rule", "nope=off"], /unknown rule "nope"/],
    [["check", "EXAMPLE", "--env", "nope"], /no environment "nope".*known: staging/],
    [["check", "test/unit"], /no wrangler config/],
    [["frobnicate"], /unknown command "frobnicate"/],
  ] as const) {
    it(`usage error, exit 2: ${args.join(" ")}`, () => {
      const { code, stderr, stdout } = doDoctor(args.map((a) => (a === "EXAMPLE" ? example : a)));
      assert.equal(code, 2);
      assert.match(stderr, pattern);
      assert.equal(stdout, "");
      assert.doesNotMatch(stderr, /\n\s+at .+:\d+:\d+/);
    });
  }

  it("keeps module facts in a parse cache that follows the sources", () => {
    const dir = copyToTemp(example);
    const cacheDir = fs.mkdtempSync(path.join(require("node:os").tmpdir(), "do-doctor-cache-"));
    try {
      const run = () => doDoctor(["check", ".", "--format", "json"], dir, { DO_DOCTOR_CACHE: cacheDir });
      // Three sources are scanned quicker than a cache is read: nothing is written for them.
      run();
      assert.ok(!fs.existsSync(path.join(cacheDir, "modules.json")), "a small project writes no cache");
      // Enough sources for the cache to pay off (none of them reached from the entry, so unparsed).
      fs.mkdirSync(path.join(dir, "src", "filler"));
      for (let i = 0; i < PARSE_CACHE_MIN_SOURCES; i++) fs.writeFileSync(path.join(dir, "src", "filler", `f${i}.ts`), `export const f${i} = ${i};\n`);
      const cold = run();
      const cacheFile = path.join(cacheDir, "modules.json");
      const entries = () => Object.keys((JSON.parse(fs.readFileSync(cacheFile, "utf8")) as { entries: object }).entries).length;
      assert.equal(entries(), 3, "the three sources of the example are cached");
      assert.equal(run().stdout, cold.stdout, "a warm run reports the same");
      const entry = path.join(dir, "src", "server.ts");
      fs.appendFileSync(entry, `export { CoderAgent } from "./coder-agent";\n`);
      const edited = JSON.parse(run().stdout) as JsonReport;
      assert.ok(!edited.findings.some((f) => f.ruleId === "class-not-exported"), "an edited source is parsed again");
      assert.equal(entries(), 3, "the old entry of the edited file was dropped");
      const off = doDoctor(["check", ".", "--format", "json", "--no-cache"], dir, { DO_DOCTOR_CACHE: path.join(cacheDir, "unused") });
      assert.equal(off.code, 1);
      assert.ok(!fs.existsSync(path.join(cacheDir, "unused")), "--no-cache writes nothing");
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
      fs.rmSync(cacheDir, { recursive: true, force: true });
    }
  });

  it("compiles its bundle once: a V8 code cache beside it, named by the bundle's fingerprint, rebuilt when V8 rejects it", () => {
    // V8 checks only a cache's source length: a cache of another build must never be found by name.
    const fingerprint = fs.readFileSync(path.join(REPO_ROOT, "dist", "cli.js.id"), "utf8").trim();
    assert.equal(fingerprint, crypto.createHash("sha256").update(fs.readFileSync(path.join(REPO_ROOT, "dist", "cli.js"))).digest("hex").slice(0, 16));
    const cacheFile = path.join(REPO_ROOT, "dist", `cli.js.${fingerprint}.${process.version}-${process.arch}.v8cache`);
    fs.rmSync(cacheFile, { force: true });
    const plain = doDoctor(["check", example, "--format", "json"], REPO_ROOT, { DO_DOCTOR_CACHE: "off", DO_DOCTOR_CODE_CACHE: "off" });
    assert.equal(plain.code, 1);
    assert.ok(!fs.existsSync(cacheFile), "DO_DOCTOR_CODE_CACHE=off writes nothing");
    const first = doDoctor(["check", example, "--format", "json"]);
    assert.ok(fs.statSync(cacheFile).size > 10_000, "the first run leaves the compiled code");
    const second = doDoctor(["check", example, "--format", "json"]);
    fs.writeFileSync(cacheFile, "not V8's code cache");
    const third = doDoctor(["check", example, "--format", "json"]);
    for (const run of [first, second, third]) {
      assert.equal(run.code, 1);
      assert.equal(run.stdout, plain.stdout);
      assert.equal(run.stderr, "");
    }
    assert.ok(fs.statSync(cacheFile).size > 10_000, "a rejected cache is written again");
  });

  it("lists its rules and prints its version", () => {
    const rules = doDoctor(["rules"]);
    assert.equal(rules.code, 0);
    assert.match(rules.stdout, /^class-not-exported\s+error\s+fix\s+/m);
    const version = doDoctor(["--version"]);
    assert.match(version.stdout, /^\d+\.\d+\.\d+\n$/);
  });
});
