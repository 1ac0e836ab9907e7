import * as crypto from "node:crypto";
import * as assert from "node:assert/strict";
import { spawn, spawnSync } from "node:child_process";
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
  findings: { ruleId: string; severity: string; message: string; messageId?: string; data?: Record<string, string | number>; file: string; range: { start: { line: number; character: number } }; fixes: { title: string }[] }[];
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
      "env-missing-bindings wrangler.jsonc:30",
    ]);
    const env = report.findings.find((f) => f.ruleId === "env-missing-bindings")!;
    assert.equal(env.severity, "error");
    assert.match(env.fixes[0].title, /Copy "CoderAgent" into env\.staging/);
    // Each finding names its message and the values of its placeholders.
    const config = report.findings.find((f) => f.ruleId === "class-not-exported" && f.file === "wrangler.jsonc")!;
    assert.equal(config.messageId, "durableObjectNotExported");
    assert.deepEqual(config.data, { className: "CoderAgent", entry: "src/server.ts", defaultNote: "" });
    for (const finding of report.findings) assert.ok(finding.messageId && finding.data, `${finding.ruleId} has no messageId/data`);
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
    const rule = run.tool.driver.rules[config.ruleIndex];
    assert.equal(rule.id, "class-not-exported");
    // The result's message by id and arguments: filled in as a SARIF consumer does, it is the text.
    assert.equal(config.message.id, "durableObjectNotExported");
    assert.deepEqual(config.message.arguments, ["CoderAgent", "src/server.ts", ""]);
    for (const result of run.results) {
      const format = run.tool.driver.rules[result.ruleIndex].messageStrings[result.message.id].text as string;
      const filled = format.replace(/\{\{|\}\}|\{(\d+)\}/g, (whole: string, index?: string) => (index !== undefined ? result.message.arguments[Number(index)] : whole[0]));
      assert.equal(filled, result.message.text, `${result.ruleId}/${result.message.id}`);
    }
    // Literal braces of a template are doubled; placeholders are numbered.
    const notAnObject = run.tool.driver.rules.find((r: { id: string }) => r.id === "binding-incomplete").messageStrings.notAnObject.text as string;
    assert.match(notAnObject, /in \{0\} is \{1\} instead of an object: .*\[\{2\}\].* Write it as \{\{ "name": "BINDING", "class_name": "ClassName" \}\}\./);
    for (const id of ["internal-error", "unused-disable-directive", "do-doctor-config-invalid"]) {
      assert.ok(run.tool.driver.rules.some((r: { id: string; messageStrings: object }) => r.id === id && Object.keys(r.messageStrings).length > 0), id);
    }
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
    assert.deepEqual(ids, ["agent-route-mismatch", "env-missing-bindings"]);
  });

  it("--rule turns a rule off or changes its severity", () => {
    const off = doDoctor(["check", example, "--format", "json", "--rule", "env-missing-durable-objects=off", "--rule=agent-route-mismatch=warning"]);
    const findings = (JSON.parse(off.stdout) as JsonReport).findings;
    assert.ok(!findings.some((f) => f.ruleId === "env-missing-bindings"));
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
    [["check", "--formt", "json"], /^do-doctor: unknown option --formt; did you mean --format\?\n$/],
    [["check", "--max-warning", "0"], /^do-doctor: unknown option --max-warning; did you mean --max-warnings\?\n$/],
    [["check", "--outputfile", "x"], /did you mean --output-file\?/],
    [["check", "--quite"], /did you mean --quiet\?/],
    [["check", "--env"], /^do-doctor: --env needs a value\n$/],
    [["check", "--fix=yes"], /--fix takes no value/],
    [["check", "--max-warnings", "many"], /--max-warnings takes a whole number/],
    [["check", "EXAMPLE", "--config", "no/such/config.jsonc"], /--config: no such file: no\/such\/config\.jsonc/],
    [["check", "EXAMPLE", "--config", "test/cli"], /--config takes a file, not a folder/],
    [["check", "EXAMPLE", "--config", "package.json"], /--config: package\.json has no "doDoctor" key/],
    [["check", "EXAMPLE", "--output-file", "test/cli"], /could not write --output-file test\/cli/],
    [["rules", "--format", "xml"], /unknown format "xml" for rules/],
    [["rules", "--formatt", "json"], /did you mean --format\?/],
    [["chek"], /^do-doctor: unknown command "chek"; did you mean check\?\n$/],
    [["lsp"], /lsp needs a transport/],
    [["lsp", "--stdoi"], /^do-doctor: unknown option --stdoi; did you mean --stdio\?\n$/],
    [["probe", "--remote-binding"], /^do-doctor: unknown option --remote-binding; did you mean --remote-bindings\?\n$/],
  ] as const) {
    it(`usage error, exit 2: ${args.join(" ")}`, () => {
      const { code, stderr, stdout } = doDoctor(args.map((a) => (a === "EXAMPLE" ? example : a)));
      assert.equal(code, 2);
      assert.match(stderr, pattern);
      assert.equal(stdout, "");
      assert.doesNotMatch(stderr, /\n\s+at .+:\d+:\d+/);
      assert.equal(stderr.split("\n").filter(Boolean).length, 1, `one line: ${stderr}`);
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

  it("--quiet reports errors only", () => {
    const args = ["check", example, "--rule", "agent-route-mismatch=warning", "--rule", "env-missing-bindings=info"];
    const loud = doDoctor(args);
    assert.match(loud.stdout, /agent-route-mismatch$/m);
    const quiet = doDoctor([...args, "--quiet"]);
    assert.equal(quiet.code, 1);
    assert.doesNotMatch(quiet.stdout, /agent-route-mismatch|env-missing-bindings/);
    assert.match(quiet.stdout, /✖ 2 problems \(2 errors, 0 warnings\), 2 fixable with --fix/);
    const json = (JSON.parse(doDoctor([...args, "--quiet", "--format", "json"]).stdout) as JsonReport).findings;
    assert.deepEqual(new Set(json.map((f) => f.severity)), new Set(["error"]));
  });

  it("--max-warnings N: exit 1 above N warnings (ESLint's -1: no limit), said on stderr", () => {
    const asWarnings = ["class-not-exported", "env-missing-bindings", "agent-route-mismatch"].flatMap((id) => ["--rule", `${id}=warning`]);
    const args = ["check", example, ...asWarnings];
    assert.equal(doDoctor(args).code, 0, "warnings alone pass");
    assert.equal(doDoctor([...args, "--max-warnings", "4"]).code, 0);
    assert.equal(doDoctor([...args, "--max-warnings=-1"]).code, 0);
    const over = doDoctor([...args, "--max-warnings", "3"]);
    assert.equal(over.code, 1);
    assert.equal(over.stderr, "do-doctor: 4 warnings found, more than --max-warnings 3 allows.\n");
    assert.match(over.stdout, /✖ 4 problems \(0 errors, 4 warnings\)/);
    const quiet = doDoctor([...args, "--max-warnings", "0", "--quiet"]);
    assert.equal(quiet.code, 1, "--quiet hides warnings, it does not stop them counting");
    assert.match(quiet.stdout, /No Durable Object problems found/);
  });

  it("--output-file writes the report there (folders made, atomically, no color), stdout gets nothing", () => {
    const dir = fs.mkdtempSync(path.join(require("node:os").tmpdir(), "do-doctor-out-"));
    try {
      for (const format of ["text", "json", "sarif", "github"]) {
        const file = path.join(dir, "reports", `report.${format}`);
        const expected = doDoctor(["check", example, "--format", format]);
        const written = doDoctor(["check", example, "--format", format, "--output-file", file], REPO_ROOT, { DO_DOCTOR_CACHE: "off", NO_COLOR: "" });
        assert.equal(written.code, 1, written.stderr);
        assert.equal(written.stdout, "");
        assert.equal(written.stderr, "");
        assert.equal(fs.readFileSync(file, "utf8"), expected.stdout);
      }
      // Relative to the working folder; an existing report is replaced whole.
      fs.writeFileSync(path.join(dir, "old.txt"), "x".repeat(100_000));
      assert.equal(doDoctor(["check", example, "--output-file", "old.txt"], dir).code, 1);
      assert.match(fs.readFileSync(path.join(dir, "old.txt"), "utf8"), /^wrangler\.jsonc:16:23  error/m);
      assert.doesNotMatch(fs.readFileSync(path.join(dir, "old.txt"), "utf8"), /xxx/);
      assert.deepEqual(fs.readdirSync(dir).sort(), ["old.txt", "reports"], "no temporary file left");
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it("--config FILE is used instead of the nearest project config (a .jsonc, or package.json's doDoctor)", () => {
    const dir = copyToTemp(example);
    const elsewhere = fs.mkdtempSync(path.join(require("node:os").tmpdir(), "do-doctor-config-"));
    try {
      fs.writeFileSync(path.join(dir, "do-doctor.config.jsonc"), `{ "rules": { "agent-route-mismatch": "off" } }\n`);
      fs.writeFileSync(path.join(elsewhere, "team.jsonc"), `{\n  // shared\n  "rules": { "class-not-exported": "off" }\n}\n`);
      fs.writeFileSync(path.join(elsewhere, "package.json"), JSON.stringify({ name: "x", doDoctor: { rules: { "env-missing-bindings": "info" } } }));
      const ids = (args: string[]) => (JSON.parse(doDoctor(["check", ".", "--format", "json", ...args], dir).stdout) as JsonReport).findings.map((f) => `${f.ruleId}:${f.severity}`).sort();
      assert.deepEqual(ids([]), ["class-not-exported:error", "class-not-exported:error", "env-missing-bindings:error"], "the nearest config");
      const named = path.join(elsewhere, "team.jsonc");
      assert.deepEqual(ids(["--config", named]), ["agent-route-mismatch:error", "env-missing-bindings:error"], "only --config's rules");
      assert.deepEqual(ids(["--config", path.join(elsewhere, "package.json")]), ["agent-route-mismatch:error", "class-not-exported:error", "class-not-exported:error", "env-missing-bindings:info"]);
      assert.deepEqual(ids(["--config", named, "--rule", "class-not-exported=warning"]), ["agent-route-mismatch:error", "class-not-exported:warning", "class-not-exported:warning", "env-missing-bindings:error"], "--rule still wins");
      const printed = JSON.parse(doDoctor(["check", ".", "--config", named, "--print-config"], dir).stdout) as { file: string; rules: Record<string, string> };
      assert.equal(path.resolve(dir, printed.file), named);
      assert.deepEqual(printed.rules, { "class-not-exported": "off" });
      // An invalid named config is a finding, as a found one is.
      fs.writeFileSync(named, `{ "rules": { "nope": "off" } }`);
      assert.ok(ids(["--config", named]).includes("do-doctor-config-invalid:error"));
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
      fs.rmSync(elsewhere, { recursive: true, force: true });
    }
  });

  it("rules --format json: id, default severity, fixable, description, docs page of every rule", () => {
    const { code, stdout } = doDoctor(["rules", "--format", "json"]);
    assert.equal(code, 0);
    const list = JSON.parse(stdout) as { id: string; defaultSeverity: string; fixable: boolean; description: string; docs: string; messages: Record<string, string> }[];
    const text = doDoctor(["rules"]).stdout.trim().split("\n");
    assert.equal(list.length, text.length);
    for (const rule of list) {
      assert.deepEqual(Object.keys(rule), ["id", "defaultSeverity", "fixable", "description", "docs", "messages"]);
      assert.ok(Object.keys(rule.messages).length > 0, `${rule.id} lists no messages`);
      assert.ok(fs.existsSync(path.join(REPO_ROOT, rule.docs)), rule.docs);
      assert.ok(text.some((line) => line.startsWith(`${rule.id} `) && line.includes(rule.description)), rule.id);
    }
    const classNotExported = list.find((r) => r.id === "class-not-exported")!;
    assert.deepEqual(classNotExported, { id: "class-not-exported", defaultSeverity: "error", fixable: true, description: classNotExported.description, docs: "docs/rules/class-not-exported.md", messages: classNotExported.messages });
    assert.match(classNotExported.messages.durableObjectNotExported, /^Durable Object class "\{\{className\}\}" is not exported from the entry \{\{entry\}\}/);
  });

  it("every option from before still works: --no-color, --report-unused-disable-directives, --print-config, --no-cache, --help, -h, --version, -v", () => {
    const dir = copyToTemp(example);
    try {
      fs.appendFileSync(path.join(dir, "src", "server.ts"), "// do-doctor-disable-next-line main-not-found\nexport const unrelated = 1;\n");
      const plain = doDoctor(["check", ".", "--no-color", "--no-cache"], dir);
      assert.equal(plain.code, 1);
      assert.doesNotMatch(plain.stdout, /\u001b\[/);
      assert.doesNotMatch(plain.stdout, /unused-disable-directive/);
      const unused = doDoctor(["check", ".", "--report-unused-disable-directives", "--format", "json"], dir);
      assert.equal((JSON.parse(unused.stdout) as JsonReport).findings.find((f) => f.ruleId === "unused-disable-directive")?.severity, "error");
      const printed = doDoctor(["check", ".", "--print-config", "--rule", "class-not-exported=off"], dir);
      assert.equal(printed.code, 0);
      assert.deepEqual(JSON.parse(printed.stdout), { file: null, rules: { "class-not-exported": "off" }, ignore: [] });
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
    for (const args of [["--help"], ["-h"], ["help"], ["check", "--help"], ["check", "-h"], ["rules", "--help"]]) {
      const help = doDoctor(args);
      assert.equal(help.code, 0, args.join(" "));
      for (const option of ["--max-warnings N", "--quiet", "--output-file FILE", "--config FILE", "--rule ID=SEVERITY", "--print-config"]) assert.ok(help.stdout.includes(option), `${args.join(" ")}: ${option}`);
    }
    const none = doDoctor([]);
    assert.equal(none.code, 2);
    assert.match(none.stdout, /^Usage:/m);
    for (const flag of ["--version", "-v"]) assert.match(doDoctor([flag]).stdout, /^\d+\.\d+\.\d+\n$/);
  });

  it("lsp takes the arguments VS Code's language client adds (--node-ipc --clientProcessId=PID) and answers", async () => {
    const child = spawn(process.execPath, [BIN, "lsp", "--node-ipc", `--clientProcessId=${process.pid}`], { cwd: REPO_ROOT, stdio: ["ignore", "pipe", "pipe", "ipc"] });
    let stderr = "";
    child.stderr!.setEncoding("utf8").on("data", (chunk: string) => (stderr += chunk));
    try {
      const reply = await new Promise<{ id?: number; result?: { capabilities?: object } }>((resolve, reject) => {
        child.on("message", (message: { id?: number }) => {
          if (message.id === 1) resolve(message);
        });
        child.on("exit", (code) => reject(new Error(`lsp exited with ${code}: ${stderr}`)));
        child.send({ jsonrpc: "2.0", id: 1, method: "initialize", params: { processId: process.pid, rootUri: null, capabilities: {} } });
      });
      assert.ok(reply.result?.capabilities, JSON.stringify(reply));
    } finally {
      child.kill();
    }
  });

  it("reads paths after --, and the same options in any order", () => {
    const a = doDoctor(["check", "--format", "json", "--", example]);
    const b = doDoctor(["check", example, "--format=json"]);
    assert.equal(a.code, 1);
    assert.equal(a.stdout, b.stdout);
  });
});
