import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { analyze } from "../../server/src/analyze";
import { applySafeFixes } from "../../server/src/cli/fixFiles";
import { createDiskHost } from "../../server/src/host";
import { parseConfigText } from "../../server/src/project/readConfig";
import { allFixtures, copyToTemp, EXAMPLES, readFixture } from "../support/fixtures";

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

describe("--fix on every fixture (real files in a temporary copy)", () => {
  const cases = [...allFixtures(), readFixture(path.join(EXAMPLES, "coder-agent"))].filter((f) => f.findings.length > 0);
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
});
