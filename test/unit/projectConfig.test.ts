import * as assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { findProjectConfig, globToRegExp, PROJECT_CONFIG_RULE, readProjectConfig } from "../../server/src/projectConfig";
import { copyToTemp, EXAMPLES, REPO_ROOT } from "../support/fixtures";
import { createMemoryHost } from "../support/memoryHost";
import { PROJECT_ROOT, runProject } from "../support/ruleTester";

const known = new Set(["class-not-exported", "binding-missing-migration", "env-missing-bindings"]);
const config = `{
  "name": "coder",
  "main": "src/index.ts",
  "durable_objects": { "bindings": [{ "name": "Legacy", "class_name": "Legacy" }] },
}
`;
const entry = `import { DurableObject } from "cloudflare:workers";\nexport class Legacy extends DurableObject {}\nexport default {};\n`;

describe("the project config (do-doctor.config.jsonc)", () => {
  it("matches ignore globs as gitignore and ESLint do", () => {
    const cases: [string, string, boolean][] = [
      ["fixtures/**", "fixtures/a/wrangler.jsonc", true],
      ["fixtures/**", "src/fixtures/a.ts", false],
      ["fixtures", "src/fixtures/a.ts", true],
      ["fixtures/", "fixtures/deep/x.ts", true],
      ["*.test.ts", "src/deep/a.test.ts", true],
      ["src/*.ts", "src/deep/a.ts", false],
      ["src/**/*.ts", "src/a.ts", true],
      ["./legacy/wrangler.toml", "legacy/wrangler.toml", true],
      ["a?c", "abc", true],
      ["a.c", "abc", false],
    ];
    for (const [glob, file, expected] of cases) assert.equal(globToRegExp(glob).test(file), expected, `${glob} ~ ${file}`);
  });

  it("reads rules, ignore and the unused-directive setting; reports what it cannot use and keeps the rest", () => {
    const good = readProjectConfig("/p/do-doctor.config.jsonc", `{ // comments allowed\n "rules": { "class-not-exported": "warning" }, "ignore": ["fixtures/**"], "reportUnusedDisableDirectives": "info", }`, known)!;
    assert.deepEqual(good.problems, []);
    assert.deepEqual(good.settings, { rules: { "class-not-exported": "warning" }, ignore: ["fixtures/**"], reportUnusedDisableDirectives: "info" });
    assert.ok(good.ignores("/p/fixtures/x/wrangler.jsonc") && !good.ignores("/p/src/x.ts") && !good.ignores("/elsewhere/fixtures/x"));
    const bad = readProjectConfig("/p/do-doctor.config.jsonc", `{ "rules": { "class-not-exportd": "off", "binding-missing-migration": "loud", "env-missing-bindings": "off" }, "ignore": "fixtures", "extends": "x" }`, known)!;
    assert.deepEqual(bad.settings.rules, { "env-missing-bindings": "off" }, "what is right still applies");
    const messages = bad.problems.map((p) => p.message).join("\n");
    for (const part of ['unknown key "extends"', 'unknown rule "class-not-exportd"', 'rule "binding-missing-migration" takes', '"ignore" must be a list of globs']) assert.ok(messages.includes(part), part);
    assert.ok(bad.problems.every((p) => p.ruleId === PROJECT_CONFIG_RULE && p.severity === "error"));
    const broken = readProjectConfig("/p/do-doctor.config.jsonc", `{ "rules": { `, known)!;
    assert.equal(broken.problems.length, 1);
    assert.match(broken.problems[0].message, /not valid JSON with comments/);
    assert.deepEqual(broken.settings.rules, {});
  });

  it("is found by walking up: the nearest file, or package.json's doDoctor key", () => {
    const host = createMemoryHost("/w", {
      "package.json": `{ "name": "root", "doDoctor": { "rules": { "class-not-exported": "off" } } }`,
      "apps/a/do-doctor.config.json": `{ "rules": { "class-not-exported": "info" } }`,
      "apps/a/wrangler.jsonc": "{}",
      "apps/b/wrangler.jsonc": "{}",
      "apps/c/package.json": `{ "name": "c" }`,
    });
    assert.equal(findProjectConfig("/w/apps/a", host, known)?.settings.rules["class-not-exported"], "info");
    assert.equal(findProjectConfig("/w/apps/b", host, known)?.settings.rules["class-not-exported"], "off");
    assert.equal(findProjectConfig("/w/apps/c", host, known)?.file, "/w/package.json", "a package.json without the key is passed by");
  });

  it("ignored configs are no workers, ignored files keep no findings, and its problems are findings", () => {
    const files = { "wrangler.jsonc": config, "src/index.ts": entry, "fixtures/broken/wrangler.jsonc": config.replace("src/index.ts", "missing.ts") };
    const plain = runProject(files).result.findings;
    assert.ok(plain.some((f) => f.file.includes("fixtures")), "the case needs findings in the ignored folder");
    const projectConfig = readProjectConfig(path.join(PROJECT_ROOT, "do-doctor.config.jsonc"), `{ "ignore": ["fixtures/**"], "rules": { "nope": "off" } }`, known);
    const { result } = runProject(files, undefined, { projectConfig });
    assert.deepEqual(result.findings.filter((f) => f.file.includes("fixtures")), []);
    assert.ok(!result.workers.some((w) => w.file.includes("fixtures")));
    assert.equal(result.findings.filter((f) => f.ruleId === PROJECT_CONFIG_RULE).length, 1);
  });

  it("the CLI applies it under --rule, and --print-config shows it", function () {
    // Four CLI processes: well past mocha's default 2 s on a busy machine.
    this.timeout(30_000);
    const dir = copyToTemp(path.join(EXAMPLES, "coder-agent"));
    try {
      fs.writeFileSync(path.join(dir, "do-doctor.config.jsonc"), `{\n  // the team's choices\n  "rules": { "class-not-exported": "off", "env-missing-bindings": "warning" }\n}\n`);
      const run = (...args: string[]) => spawnSync(process.execPath, [path.join(REPO_ROOT, "bin", "do-doctor.js"), ...args], { cwd: dir, encoding: "utf8", env: { ...process.env, DO_DOCTOR_CACHE: "off", NO_COLOR: "1" } });
      const findings = (args: string[]) => (JSON.parse(run("check", ".", "--format", "json", ...args).stdout) as { findings: { ruleId: string; severity: string }[] }).findings;
      const configured = findings([]);
      assert.ok(!configured.some((f) => f.ruleId === "class-not-exported"), "the project turned it off");
      assert.equal(configured.find((f) => f.ruleId === "env-missing-bindings")?.severity, "warning");
      assert.ok(findings(["--rule", "class-not-exported=error"]).some((f) => f.ruleId === "class-not-exported"), "--rule overrides the project");
      const printed = JSON.parse(run("check", ".", "--print-config").stdout) as { file: string; rules: Record<string, string> };
      assert.equal(printed.file, "do-doctor.config.jsonc");
      assert.deepEqual(printed.rules, { "class-not-exported": "off", "env-missing-bindings": "warning" });
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
