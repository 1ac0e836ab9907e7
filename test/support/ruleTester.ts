import * as assert from "node:assert/strict";
import * as path from "node:path";
import { analyze, type AnalyzeOptions } from "../../server/src/analyze";
import { applyTextEdits } from "../../server/src/edits/applyEdits";
import type { Finding, Severity } from "../../server/src/findings";
import { parseConfigText } from "../../server/src/project/readConfig";
import { gitBaseOf } from "../../server/src/project/gitBase";
import { findRule } from "../../server/src/rules/index";
import { createMemoryHost } from "./memoryHost";

/** Where in-memory projects live; any absolute path would do. */
export const PROJECT_ROOT = path.resolve("/virtual/project");

export interface ValidCase {
  name: string;
  /** Project files, path relative to the project root -> text. */
  files: Record<string, string>;
  /** Check only this environment, as `--env` does. */
  env?: string;
  /** The configs at the git base (path relative to the project root -> text), as git would give them. */
  base?: Record<string, string>;
}

export interface ExpectedFinding {
  file: string;
  /** 1-based line of the finding's start. */
  line: number;
  /** The id of the rule's message (`meta.messages`) the finding uses. */
  messageId?: string;
  /** Values the finding's data must have (only the keys given are compared). */
  data?: Record<string, string | number>;
  /** Text the message must contain (each entry): for details a message id and data do not say. */
  message?: string | string[];
  /** The finding's severity, when it is not the rule's default (a deploy-time finding on a config never deployed is info). */
  severity?: Severity;
}

export interface InvalidCase extends ValidCase {
  findings: ExpectedFinding[];
  /**
   * Files after applying the preferred fix of the first finding (only the files that change).
   * `null` when the first finding must offer no fix.
   */
  output?: Record<string, string> | null;
}

export interface RuleCases {
  valid: ValidCase[];
  invalid: InvalidCase[];
}

/** Every table testRule was given, by rule id, and the findings of the rule each invalid case gave when it ran. */
const tables = new Map<string, RuleCases>();
const produced = new WeakMap<InvalidCase, Finding[]>();

/** The tables registered so far (each rule's test file registers its own when loaded). */
export function registeredTables(): ReadonlyMap<string, RuleCases> {
  return tables;
}

/** The findings of the rule an invalid case gives: from its test's run, or run now. */
export function findingsOfCase(ruleId: string, testCase: InvalidCase): Finding[] {
  let own = produced.get(testCase);
  if (!own) {
    own = runProject(testCase.files, testCase.env).result.findings.filter((f) => f.ruleId === ruleId);
    produced.set(testCase, own);
  }
  return own;
}

export function runProject(files: Record<string, string>, env?: string, extra: Partial<AnalyzeOptions> = {}) {
  const host = createMemoryHost(PROJECT_ROOT, files);
  return { host, result: analyze({ roots: [PROJECT_ROOT], host, environment: env, ...extra }) };
}

/** A git base over texts given by relative path (what readGitBase reads with real git). */
export function baseOf(base: Record<string, string> | undefined, label = "main"): Partial<AnalyzeOptions> {
  if (!base) return {};
  return { gitBase: gitBaseOf(label, new Map(Object.entries(base).map(([name, text]) => [path.join(PROJECT_ROOT, name), text]))) };
}

function relative(file: string): string {
  return path.relative(PROJECT_ROOT, file).split(path.sep).join("/");
}

function describeFindings(findings: Finding[]): string {
  return findings.map((f) => `  ${f.ruleId} ${relative(f.file)}:${f.range.start.line + 1} ${f.message}`).join("\n") || "  (none)";
}

/**
 * ESLint's RuleTester, for a whole project: valid cases give no finding of the rule; invalid ones give
 * exactly the listed findings, and their fix turns the files into `output`, after which the project
 * still parses and the fixed finding is gone.
 */
export function testRule(ruleId: string, cases: RuleCases): void {
  const rule = findRule(ruleId);
  // A rule's test file may register several tables (one per binding kind): they add up.
  const earlier = tables.get(ruleId);
  tables.set(ruleId, earlier ? { valid: [...earlier.valid, ...cases.valid], invalid: [...earlier.invalid, ...cases.invalid] } : cases);
  describe(`rule ${ruleId}`, () => {
    it("is registered with its metadata", () => {
      assert.ok(rule, `rule ${ruleId} is not in rules/index.ts`);
      assert.match(rule.meta.id, /^[a-z]+(-[a-z]+)*$/);
      assert.ok(rule.meta.description.length > 10);
      assert.ok(Object.keys(rule.meta.messages).length > 0, "the rule has no messages");
    });
    for (const testCase of cases.valid) {
      it(`valid: ${testCase.name}`, () => {
        const { result } = runProject(testCase.files, testCase.env, baseOf(testCase.base));
        const own = result.findings.filter((f) => f.ruleId === ruleId);
        assert.equal(own.length, 0, `expected no ${ruleId} finding, got:\n${describeFindings(own)}`);
        const internal = result.findings.filter((f) => f.ruleId === "internal-error");
        assert.equal(internal.length, 0, describeFindings(internal));
      });
    }
    for (const testCase of cases.invalid) {
      it(`invalid: ${testCase.name}`, () => {
        const { host, result } = runProject(testCase.files, testCase.env, baseOf(testCase.base));
        const own = result.findings.filter((f) => f.ruleId === ruleId);
        produced.set(testCase, own);
        const actual = own.map((f) => `${relative(f.file)}:${f.range.start.line + 1}`).sort();
        const expected = testCase.findings.map((f) => `${f.file}:${f.line}`).sort();
        assert.deepEqual(actual, expected, `findings of ${ruleId}:\n${describeFindings(own)}`);
        const used = new Set<(typeof own)[number]>();
        for (const wanted of testCase.findings) {
          // Several findings on one line (one per kind): each wanted finding takes the first unused one whose message id and message fit.
          const parts = [wanted.message ?? []].flat();
          const atLine = own.filter((f) => !used.has(f) && relative(f.file) === wanted.file && f.range.start.line + 1 === wanted.line);
          const finding = atLine.find((f) => (wanted.messageId === undefined || f.messageId === wanted.messageId) && parts.every((part) => f.message.includes(part))) ?? atLine[0];
          used.add(finding);
          if (wanted.messageId !== undefined) assert.equal(finding.messageId, wanted.messageId, `message id of ${wanted.file}:${wanted.line}: ${finding.message}`);
          for (const [key, value] of Object.entries(wanted.data ?? {})) assert.equal(finding.data?.[key], value, `data.${key} of ${wanted.file}:${wanted.line}: ${finding.message}`);
          for (const part of [wanted.message ?? []].flat()) assert.ok(finding.message.includes(part), `message lacks "${part}": ${finding.message}`);
          assert.equal(finding.severity, wanted.severity ?? rule!.meta.defaultSeverity, `severity of ${wanted.file}:${wanted.line}`);
          assert.ok(finding.message.length > 20);
        }
        if (testCase.output === undefined) return;
        const first = own.find((f) => `${relative(f.file)}:${f.range.start.line + 1}` === expected[0]) ?? own[0];
        const fix = first.fixes.find((f) => f.isPreferred) ?? first.fixes[0];
        if (testCase.output === null) {
          assert.equal(fix, undefined, `expected no fix, got "${fix?.title}"`);
          return;
        }
        assert.ok(fix, `expected a fix for ${first.message}`);
        const after: Record<string, string> = { ...testCase.files };
        const byFile = new Map<string, typeof fix.edits>();
        for (const edit of fix.edits) byFile.set(edit.file, [...(byFile.get(edit.file) ?? []), edit]);
        const changed: Record<string, string> = {};
        for (const [file, edits] of byFile) {
          const name = relative(file);
          after[name] = applyTextEdits(host.readFile(file) ?? "", edits);
          changed[name] = after[name];
        }
        assert.deepEqual(changed, testCase.output, "files after the fix");
        for (const [name, text] of Object.entries(after)) {
          if (/wrangler\.(jsonc?|toml)$/.test(name)) assert.deepEqual(parseConfigText(name, text).problems, [], `${name} no longer parses after the fix`);
        }
        const { result: again } = runProject(after, testCase.env, baseOf(testCase.base));
        const left = again.findings.filter((f) => f.ruleId === ruleId && relative(f.file) === relative(first.file) && f.message === first.message);
        assert.equal(left.length, 0, `the fixed finding is still reported:\n${describeFindings(left)}`);
      });
    }
  });
}
