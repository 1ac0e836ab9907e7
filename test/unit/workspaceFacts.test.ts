import * as assert from "node:assert/strict";
import * as path from "node:path";
import { analyze, INTERNAL_ERROR_RULE, type AnalysisResult } from "../../server/src/analyze";
import { harnessConfigsOf } from "../../server/src/facts/harnessConfigs";
import { factOf, type WorkspaceFact } from "../../server/src/facts/workspaceFact";
import { listWorkspaceFiles } from "../../server/src/project/discover";
import { rules } from "../../server/src/rules/index";
import type { Rule } from "../../server/src/rules/rule";
import { ModuleStore } from "../../server/src/source/moduleStore";
import { createMemoryHost } from "../support/memoryHost";
import { PROJECT_ROOT } from "../support/ruleTester";

/**
 * A rule added with a workspace fact of its own gets correct re-checks from its declaration alone:
 * nothing in incremental.ts knows this fact. The fact reads a file that no worker's walk reaches and
 * no worker's folder holds, so without the declaration a re-check would keep stale findings.
 */

const FLAGS = "packages/flags/src/paused.ts";

/** Config file -> worker name, of the workspace below (the fact maps names to workers with it). */
const workersNamed: [string, string][] = ["a", "b", "c"].map((name) => [path.join(PROJECT_ROOT, `workers/${name}/wrangler.jsonc`), name]);

/** Worker names a shared module lists as paused (a test-only fact, read by no real rule). */
const pausedWorkers: WorkspaceFact<Set<string>> = {
  key: "test-paused-workers",
  compute(context) {
    const text = context.store.text(path.join(PROJECT_ROOT, FLAGS)) ?? "";
    return new Set([...text.matchAll(/"([\w-]+)"/g)].map((m) => m[1]));
  },
  affects({ before, now }) {
    const changed = new Set([...before, ...now].filter((name) => before.has(name) !== now.has(name)));
    return workersNamed.filter(([, name]) => changed.has(name)).map(([file]) => file);
  },
};

const pausedRule = (declared: boolean): Rule => ({
  meta: {
    id: "test-paused-worker",
    defaultSeverity: "warning",
    description: "A worker the shared module pauses (test only).",
    fixable: false,
    messages: { paused: "Worker {{name}} is paused." },
    ...(declared ? { facts: [pausedWorkers] } : {}),
  },
  check(worker, context) {
    const name = worker.topLevel.workerName?.value;
    if (name && factOf(context, pausedWorkers).has(name)) context.report({ messageId: "paused", data: { name }, file: worker.file, span: { start: 0, end: 1 } });
  },
});

function workspace(paused: string) {
  const files: Record<string, string> = { "package.json": `{ "name": "mono", "private": true }\n`, [FLAGS]: `export const paused = [${paused}];\n` };
  for (const name of ["a", "b", "c"]) {
    files[`workers/${name}/wrangler.jsonc`] = `{ "name": "${name}", "main": "src/index.ts" }\n`;
    files[`workers/${name}/src/index.ts`] = `export default { fetch() { return new Response("${name}"); } };\n`;
  }
  return createMemoryHost(PROJECT_ROOT, files);
}

const pausedFindings = (result: AnalysisResult) => result.findings.filter((f) => f.ruleId === "test-paused-worker" || f.ruleId === INTERNAL_ERROR_RULE).map((f) => `${f.ruleId} ${path.relative(PROJECT_ROOT, f.file)} ${f.message}`);

describe("workspace facts", () => {
  it("re-checks the workers a new rule's declared fact says changed, with nothing else changed", () => {
    const host = workspace(`"a"`);
    const store = new ModuleStore(host);
    const listing = listWorkspaceFiles([PROJECT_ROOT], host);
    const withRule = [...rules, pausedRule(true)];
    const first = analyze({ roots: [PROJECT_ROOT], host, store, listing, rules: withRule });
    assert.deepEqual(pausedFindings(first), ["test-paused-worker workers/a/wrangler.jsonc Worker a is paused."]);

    host.files.set(path.join(PROJECT_ROOT, FLAGS), `export const paused = ["b"];\n`);
    const next = analyze({ roots: [PROJECT_ROOT], host, store, listing, rules: withRule, incremental: { previous: first, changedFiles: [path.join(PROJECT_ROOT, FLAGS)] } });
    const fresh = analyze({ roots: [PROJECT_ROOT], host, rules: withRule });
    assert.deepEqual(pausedFindings(fresh), ["test-paused-worker workers/b/wrangler.jsonc Worker b is paused."]);
    assert.deepEqual(pausedFindings(next), pausedFindings(fresh));
    assert.deepEqual(next.findings, fresh.findings);
    // a (no longer paused) and b (paused now), not c: the fact's own answer, not everything.
    assert.equal(next.checkedWorkers, 2);

    // An edit the fact does not see (a comment) re-checks nothing.
    host.files.set(path.join(PROJECT_ROOT, FLAGS), `// still b\nexport const paused = ["b"];\n`);
    const quiet = analyze({ roots: [PROJECT_ROOT], host, store, listing, rules: withRule, incremental: { previous: next, changedFiles: [path.join(PROJECT_ROOT, FLAGS)] } });
    assert.equal(quiet.checkedWorkers, 0);
    assert.deepEqual(quiet.findings, analyze({ roots: [PROJECT_ROOT], host, rules: withRule }).findings);
  });

  it("fails a rule that reads a fact it does not declare", () => {
    const host = workspace(`"a"`);
    const undeclared = analyze({ roots: [PROJECT_ROOT], host, rules: [pausedRule(false)] });
    assert.equal(undeclared.findings.length, 3);
    for (const finding of undeclared.findings) {
      assert.equal(finding.ruleId, INTERNAL_ERROR_RULE);
      assert.match(finding.message, /test-paused-worker .*"test-paused-workers" without declaring it in meta\.facts/);
    }
    // Through a helper too: harness configs read by a rule that declares only its own fact.
    const viaHelper: Rule = { ...pausedRule(true), check: (_worker, context) => void harnessConfigsOf(context) };
    const result = analyze({ roots: [PROJECT_ROOT], host, rules: [viaHelper] });
    assert.ok(result.findings.length > 0 && result.findings.every((f) => f.ruleId === INTERNAL_ERROR_RULE && f.message.includes('"harness-configs"')), JSON.stringify(result.findings));
  });

  it("checks every worker again when the rules or their severities differ from the previous analysis", () => {
    const host = workspace(`"a"`);
    const store = new ModuleStore(host);
    const listing = listWorkspaceFiles([PROJECT_ROOT], host);
    const first = analyze({ roots: [PROJECT_ROOT], host, store, listing, rules: [...rules, pausedRule(true)], severities: { "test-paused-worker": "off" } });
    assert.deepEqual(pausedFindings(first), []);
    const changedFiles = [path.join(PROJECT_ROOT, "workers/c/src/index.ts")];
    const next = analyze({ roots: [PROJECT_ROOT], host, store, listing, rules: [...rules, pausedRule(true)], incremental: { previous: first, changedFiles } });
    assert.equal(next.checkedWorkers, 3);
    assert.deepEqual(pausedFindings(next), ["test-paused-worker workers/a/wrangler.jsonc Worker a is paused."]);
  });
});
