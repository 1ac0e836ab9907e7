import * as assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { analyze, type AnalysisResult, type AnalyzeOptions } from "../../server/src/analyze";
import type { Finding } from "../../server/src/findings";
import { applySafeFixes } from "../../server/src/cli/fixFiles";
import { createDiskHost } from "../../server/src/host";
import { parseConfigText } from "../../server/src/project/readConfig";
import { allFixtures, coderAgentExample, copyToTemp, EXAMPLES, FIXTURES, REPO_ROOT } from "../support/fixtures";
import { escapeRegExp } from "../../server/src/text/regExp";

function commentLines(text: string): string[] {
  return text.split(/\r?\n/).map((l) => l.trim()).filter((l) => l.startsWith("//") || l.startsWith("#") || l.startsWith("/*") || l.startsWith("*"));
}

function configFiles(dir: string): string[] {
  const found: string[] = [];
  const walk = (d: string) => {
    for (const entry of fs.readdirSync(d, { withFileTypes: true })) {
      const full = path.join(d, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (/^wrangler\.(jsonc?|toml)$/.test(entry.name)) found.push(full);
    }
  };
  walk(dir);
  return found;
}

describe("--fix on every fixture (real files in a temporary copy)", function () {
  // Spawns the CLI and loads the TypeScript parser to re-check edited sources: seconds on a busy machine.
  this.timeout(20_000);
  const cases = [...allFixtures(), coderAgentExample()].filter((f) => f.findings.length > 0);
  for (const fixture of cases) {
    it(`${fixture.name}: safe fixes leave configs parsing, comments kept, no safe fix left`, () => {
      const dir = copyToTemp(fixture.dir);
      try {
        const before = new Map(configFiles(dir).map((file) => [file, fs.readFileSync(file, "utf8")]));
        const initial = analyze({ roots: [dir], host: createDiskHost() });
        const report = applySafeFixes({ roots: [dir], host: createDiskHost() });
        const fixable = initial.findings.filter((f) => f.fixes.some((fix) => fix.safe));
        assert.equal(report.changedFiles.length > 0, fixable.length > 0, "files change exactly when a safe fix exists");
        assert.deepEqual(report.skippedFiles, []);
        for (const [file, text] of before) {
          const after = fs.readFileSync(file, "utf8");
          if (fixture.name.startsWith("config-parse-error")) continue;
          assert.deepEqual(parseConfigText(file, after).problems, [], `${path.basename(file)} parses after --fix:\n${after}`);
          for (const comment of commentLines(text)) assert.ok(commentLines(after).includes(comment), `comment kept: ${comment}`);
        }
        const left = report.result.findings.filter((f) => f.fixes.some((fix) => fix.safe));
        assert.deepEqual(left.map((f) => f.ruleId), [], "no finding with a safe fix is left");
        assert.ok(report.result.findings.length < initial.findings.length || fixable.length === 0);
      } finally {
        fs.rmSync(dir, { recursive: true, force: true });
      }
    });
  }

  it("never writes a file that keeps changing on disk after it was read", () => {
    const dir = copyToTemp(path.join(EXAMPLES, "coder-agent"));
    try {
      const config = path.join(dir, "wrangler.jsonc");
      const disk = createDiskHost();
      // Someone saves the config each time right after the analysis has read it.
      const racing = {
        ...disk,
        readFile(file: string) {
          const text = disk.readFile(file);
          if (file === config) fs.appendFileSync(config, "// edited meanwhile\n");
          return text;
        },
      };
      const report = applySafeFixes({ roots: [dir], host: racing });
      assert.deepEqual(report.skippedFiles, [config]);
      const text = fs.readFileSync(config, "utf8");
      assert.match(text, /\/\/ edited meanwhile\n$/);
      assert.doesNotMatch(text, /"staging": \{[^]*"durable_objects"/, "the stale config was not written");
      assert.match(fs.readFileSync(path.join(dir, "src", "server.ts"), "utf8"), /export \{ CoderAgent \}/, "other files were still fixed");
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it("applies a fix computed on the new text when a file changed once", () => {
    const dir = copyToTemp(path.join(EXAMPLES, "coder-agent"));
    try {
      const config = path.join(dir, "wrangler.jsonc");
      const disk = createDiskHost();
      let reads = 0;
      const racing = {
        ...disk,
        readFile(file: string) {
          const text = disk.readFile(file);
          if (file === config && ++reads === 1) fs.appendFileSync(config, "// edited meanwhile\n");
          return text;
        },
      };
      const report = applySafeFixes({ roots: [dir], host: racing });
      assert.deepEqual(report.skippedFiles, []);
      const text = fs.readFileSync(config, "utf8");
      assert.match(text, /\/\/ edited meanwhile\n$/);
      assert.match(text, /"staging": \{[^]*"durable_objects"/);
      assert.deepEqual(parseConfigText(config, text).problems, []);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it("keeps a UTF-8 byte order mark and the file mode", () => {
    const dir = copyToTemp(path.join(EXAMPLES, "coder-agent"));
    try {
      const config = path.join(dir, "wrangler.jsonc");
      fs.writeFileSync(config, "\ufeff" + fs.readFileSync(config, "utf8"));
      fs.chmodSync(config, 0o640);
      applySafeFixes({ roots: [dir], host: createDiskHost() });
      const bytes = fs.readFileSync(config);
      assert.deepEqual([...bytes.subarray(0, 3)], [0xef, 0xbb, 0xbf]);
      assert.match(bytes.toString("utf8"), /"staging": \{[^]*"durable_objects"/);
      assert.equal(fs.statSync(config).mode & 0o777, 0o640);
      assert.deepEqual(fs.readdirSync(dir).filter((n) => n.includes("do-doctor")), [], "no temporary file left");
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it("leaves a read-only file alone (even as root, where rename could override it) and says so", () => {
    const dir = copyToTemp(path.join(EXAMPLES, "coder-agent"));
    try {
      const config = path.join(dir, "wrangler.jsonc");
      const before = fs.readFileSync(config, "utf8");
      fs.chmodSync(config, 0o444);
      const report = applySafeFixes({ roots: [dir], host: createDiskHost() });
      assert.deepEqual(report.unwritableFiles, [{ file: config, reason: "it is read-only" }]);
      assert.equal(fs.readFileSync(config, "utf8"), before);
      assert.equal(fs.statSync(config).mode & 0o777, 0o444);
      assert.ok(report.changedFiles.includes(path.join(dir, "src", "server.ts")), "the writable source was still fixed");
      assert.ok(report.result.findings.some((f) => f.ruleId === "env-missing-bindings"), "the config's finding is still reported");
    } finally {
      fs.chmodSync(path.join(dir, "wrangler.jsonc"), 0o644);
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it("the CLI reports a read-only file on stderr in one line, exit 1, no stack trace", () => {
    const dir = copyToTemp(path.join(EXAMPLES, "coder-agent"));
    try {
      fs.chmodSync(path.join(dir, "wrangler.jsonc"), 0o444);
      const cli = spawnSync(process.execPath, [path.join(REPO_ROOT, "bin", "do-doctor.js"), "check", dir, "--fix", "--format", "json"], { encoding: "utf8", env: { ...process.env, DO_DOCTOR_CACHE: "off" } });
      assert.equal(cli.status, 1, cli.stderr);
      assert.match(cli.stderr, /^do-doctor: left .*wrangler\.jsonc alone: it is read-only\.\n$/);
      JSON.parse(cli.stdout);
    } finally {
      fs.chmodSync(path.join(dir, "wrangler.jsonc"), 0o644);
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it("writes through a symbolic link to the file it points at, keeping the link", () => {
    const dir = copyToTemp(path.join(EXAMPLES, "coder-agent"));
    try {
      const config = path.join(dir, "wrangler.jsonc");
      const shared = path.join(dir, "shared");
      fs.mkdirSync(shared);
      fs.renameSync(config, path.join(shared, "wrangler.jsonc"));
      fs.symlinkSync(path.join("shared", "wrangler.jsonc"), config);
      const report = applySafeFixes({ roots: [dir], host: createDiskHost() });
      assert.ok(report.changedFiles.includes(config));
      assert.ok(fs.lstatSync(config).isSymbolicLink(), "the link is still a link");
      assert.match(fs.readFileSync(path.join(shared, "wrangler.jsonc"), "utf8"), /"staging": \{[^]*"durable_objects"/, "the target was fixed");
      assert.deepEqual(fs.readdirSync(shared).filter((n) => n.includes("do-doctor")), [], "no temporary file left");
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it("keeps a UTF-16 file UTF-16, with CRLF line ends", () => {
    const dir = copyToTemp(path.join(EXAMPLES, "coder-agent"));
    try {
      const config = path.join(dir, "wrangler.jsonc");
      const text = fs.readFileSync(config, "utf8").replace(/\n/g, "\r\n");
      fs.writeFileSync(config, Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, "utf16le")]));
      applySafeFixes({ roots: [dir], host: createDiskHost() });
      const bytes = fs.readFileSync(config);
      assert.deepEqual([...bytes.subarray(0, 2)], [0xff, 0xfe]);
      const after = bytes.subarray(2).toString("utf16le");
      assert.match(after, /"staging": \{[^]*"durable_objects"/);
      assert.doesNotMatch(after.replace(/\r\n/g, ""), /\n/, "every line still ends in CRLF");
      assert.deepEqual(parseConfigText(config, after).problems, []);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it("a folder it cannot write into: the file is reported, the others are still fixed", function () {
    const dir = copyToTemp(path.join(EXAMPLES, "coder-agent"));
    const src = path.join(dir, "src");
    const server = path.join(src, "server.ts");
    const config = path.join(dir, "wrangler.jsonc");
    const before = { server: fs.readFileSync(server, "utf8"), config: fs.readFileSync(config, "utf8") };
    try {
      if (process.getuid?.() !== 0) {
        fs.chmodSync(src, 0o555);
        const report = applySafeFixes({ roots: [dir], host: createDiskHost() });
        assert.deepEqual(report.unwritableFiles.map((u) => u.file), [server]);
        assert.ok(report.changedFiles.includes(config));
        return;
      }
      // Root writes into a 0555 folder anyway: make the folder a read-only bind mount instead, in a
      // mount namespace of its own, and run the CLI there.
      const script = 'mount --bind "$1" "$1" && mount -o remount,bind,ro "$1" && exec "$2" "$3" check "$4" --fix --format json';
      const run = spawnSync("unshare", ["-m", "--propagation", "private", "sh", "-c", script, "sh", src, process.execPath, path.join(REPO_ROOT, "bin", "do-doctor.js"), dir], {
        encoding: "utf8",
        env: { ...process.env, DO_DOCTOR_CACHE: "off" },
      });
      if (run.error || /^(unshare|mount|sh): /m.test(run.stderr)) {
        // No mount namespaces here (an unprivileged container): nothing can stage the failure.
        this.skip();
      }
      assert.equal(run.status, 1, run.stderr);
      assert.match(run.stderr, new RegExp(`left ${escapeRegExp(server)} alone: `));
      assert.equal(fs.readFileSync(server, "utf8"), before.server, "the read-only file is untouched");
      assert.notEqual(fs.readFileSync(config, "utf8"), before.config, "the config outside the read-only folder is fixed");
      assert.ok((JSON.parse(run.stdout) as { findings: { ruleId: string }[] }).findings.some((f) => f.ruleId === "class-not-exported"), "what could not be written is still reported");
    } finally {
      fs.chmodSync(src, 0o755);
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it("offers nothing to --fix in a config with a syntax error (a partial tree places edits wrongly)", () => {
    const dir = copyToTemp(path.join(EXAMPLES, "coder-agent"));
    try {
      const config = path.join(dir, "wrangler.jsonc");
      const broken = fs.readFileSync(config, "utf8").replace('"name": "coder-agent"', '"name": "coder-agent');
      fs.writeFileSync(config, broken);
      const report = applySafeFixes({ roots: [dir], host: createDiskHost() });
      assert.equal(fs.readFileSync(config, "utf8"), broken, "the broken config is not touched");
      assert.ok(report.result.findings.some((f) => f.ruleId === "config-parse-error"));
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("--fix never repeats a fix and never writes a file that does not parse", () => {
  /** The real analysis plus one made-up finding whose fix is the given edit (a rule gone wrong). */
  const withFinding = (file: string, newText: (text: string) => { at: number; text: string }, title: string) => (options: AnalyzeOptions): AnalysisResult => {
    const result = analyze(options);
    const text = options.host.readFile(file) ?? "";
    const { at, text: inserted } = newText(text);
    const lines = text.slice(0, at).split("\n");
    const position = { line: lines.length - 1, character: lines[lines.length - 1].length };
    const finding: Finding = {
      ruleId: "made-up",
      severity: "warning",
      message: "a finding its own fix does not remove",
      file,
      range: { start: position, end: position },
      fixes: [{ title, edits: [{ file, range: { start: position, end: position }, newText: inserted }], isPreferred: true, safe: true }],
      related: [],
    };
    return { ...result, findings: [...result.findings, finding] };
  };

  it("the broken re-export chain: fixed once where it breaks, the entry untouched, nothing left", () => {
    const dir = copyToTemp(path.join(FIXTURES, "class-not-exported-broken-chain"));
    try {
      const entry = path.join(dir, "src", "index.ts");
      const before = fs.readFileSync(entry, "utf8");
      const report = applySafeFixes({ roots: [dir], host: createDiskHost() });
      assert.equal(fs.readFileSync(entry, "utf8"), before, "the entry keeps its one CoderAgent export");
      const agents = fs.readFileSync(path.join(dir, "src", "agents", "index.ts"), "utf8");
      assert.equal(agents.match(/export \{ CoderAgent \} from "\.\/coder";/g)?.length, 1, agents);
      assert.deepEqual(report.result.findings.filter((f) => f.ruleId === "class-not-exported"), []);
      assert.deepEqual(report.unremoved, []);
      const again = applySafeFixes({ roots: [dir], host: createDiskHost() });
      assert.deepEqual(again.changedFiles, [], "a second --fix has nothing to do");
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it("a fix that does not remove its finding is applied once, then reported instead of repeated", () => {
    const dir = copyToTemp(path.join(EXAMPLES, "coder-agent"));
    try {
      const readme = path.join(dir, "src", "server.ts");
      const check = withFinding(readme, (text) => ({ at: text.length, text: "// touched\n" }), "Touch the server");
      const report = applySafeFixes({ roots: [dir], host: createDiskHost() }, check);
      assert.equal(fs.readFileSync(readme, "utf8").match(/\/\/ touched/g)?.length, 1, "written once, not once per pass");
      assert.deepEqual(report.unremoved.map((u) => [u.finding.ruleId, u.title]), [["made-up", "Touch the server"]]);
      assert.ok(report.result.findings.some((f) => f.ruleId === "made-up"), "the finding is still reported");
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it("an edit that would leave a syntax error is not written, in a source or a config; the other fixes are", () => {
    for (const [file, edit] of [
      ["src/server.ts", (text: string) => ({ at: text.length, text: "export { CoderAgent\n" })],
      ["wrangler.jsonc", (text: string) => ({ at: text.indexOf("{") + 1, text: '"name": ' })],
    ] as const) {
      const dir = copyToTemp(path.join(EXAMPLES, "coder-agent"));
      try {
        const target = path.join(dir, file);
        const check = withFinding(target, edit, "Break the file");
        const report = applySafeFixes({ roots: [dir], host: createDiskHost() }, check);
        assert.deepEqual(report.refusedFixes.map((r) => [r.title, r.file]), [["Break the file", target]]);
        assert.match(report.refusedFixes[0].reason, /syntax error/);
        const after = fs.readFileSync(target, "utf8");
        assert.ok(!after.includes("export { CoderAgent\n") && !/\{"name": /.test(after), `not written:\n${after}`);
        assert.ok(report.appliedFixes > 0, "the sound fixes were still applied");
      } finally {
        fs.rmSync(dir, { recursive: true, force: true });
      }
    }
  });

  it("an edit that would export a name twice is not written", () => {
    const dir = copyToTemp(path.join(EXAMPLES, "coder-agent"));
    try {
      const server = path.join(dir, "src", "server.ts");
      fs.appendFileSync(server, "export const version = 1;\n");
      const check = withFinding(server, (text) => ({ at: text.length, text: "export { version };\n" }), "Export version again");
      const report = applySafeFixes({ roots: [dir], host: createDiskHost() }, check);
      assert.deepEqual(report.refusedFixes.map((r) => r.reason), ['the edit would export "version" twice']);
      assert.equal(fs.readFileSync(server, "utf8").match(/version/g)?.length, 1);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
