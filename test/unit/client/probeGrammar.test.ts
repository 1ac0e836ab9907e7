import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { formatProbeEvent, formatProbeReport } from "../../../server/src/probe/reportText";
import type { ProbeReport } from "../../../server/src/probe/report";
import { REPO_ROOT } from "../../support/fixtures";

interface Pattern {
  match: string;
  name?: string;
  captures?: Record<string, { name: string }>;
}

/**
 * The scopes the grammar gives a line, tokenized as TextMate does with a flat pattern list: at each
 * position the earliest match wins (the first pattern on ties), and scanning resumes after it.
 */
function scopesOf(line: string, patterns: Pattern[]): string[] {
  const scopes: string[] = [];
  let position = 0;
  while (position <= line.length) {
    let best: { match: RegExpExecArray; pattern: Pattern } | undefined;
    for (const pattern of patterns) {
      // TextMate's Oniguruma and JavaScript agree on the constructs used here.
      const regex = new RegExp(pattern.match, "g");
      regex.lastIndex = position;
      const match = regex.exec(line);
      if (match && (!best || match.index < best.match.index)) best = { match, pattern };
    }
    if (!best) break;
    if (best.pattern.name) scopes.push(best.pattern.name);
    for (const [group, capture] of Object.entries(best.pattern.captures ?? {})) if (best.match[Number(group)] !== undefined) scopes.push(capture.name);
    position = best.match.index + Math.max(1, best.match[0].length);
  }
  return scopes;
}

describe("probe report grammar (syntaxes/) against the real report text", () => {
  const grammar = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, "syntaxes", "probe-report.tmLanguage.json"), "utf8")) as { scopeName: string; patterns: Pattern[] };
  const manifest = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, "package.json"), "utf8")) as { contributes: { grammars: { language: string; scopeName: string; path: string }[] } };

  it("is the grammar the manifest contributes", () => {
    const entry = manifest.contributes.grammars.find((g) => g.language === "do-doctor-probe")!;
    assert.equal(entry.scopeName, grammar.scopeName);
    assert.equal(path.normalize(entry.path), path.normalize("./syntaxes/probe-report.tmLanguage.json"));
    for (const pattern of grammar.patterns) assert.doesNotThrow(() => new RegExp(pattern.match), pattern.match);
  });

  it("marks verdicts, fixes, phases and wrangler errors", () => {
    const report: ProbeReport = {
      verdict: "class-not-exported",
      sentence: "Durable Object class CoderAgent is not exported from the entry src/server.ts.",
      fix: "Export CoderAgent by name from src/server.ts.",
      ruleId: "class-not-exported",
      evidence: ["wrangler: ✘ [ERROR] Your Worker depends on the following Durable Objects, which are not exported in your entrypoint file: CoderAgent."],
      timings: { readyMs: undefined, verdictMs: 3200 },
      wranglerVersion: "4.86.0",
      log: [],
      notes: [],
    };
    const lines = formatProbeReport(report).split("\n");
    const verdict = lines.find((l) => l.startsWith("Verdict:"))!;
    assert.ok(scopesOf(verdict, grammar.patterns).includes("markup.deleted.verdict.problem.do-doctor-probe"));
    assert.ok(scopesOf(verdict, grammar.patterns).includes("entity.name.tag.rule.do-doctor-probe"));
    assert.ok(scopesOf(lines.find((l) => l.startsWith("Fix:"))!, grammar.patterns).includes("markup.bold.do-doctor-probe"));
    assert.ok(scopesOf(lines.find((l) => l.includes("✘ [ERROR]"))!, grammar.patterns).includes("invalid.illegal.wrangler-error.do-doctor-probe"));
    assert.ok(scopesOf(lines[lines.length - 2], grammar.patterns).includes("comment.line.timings.do-doctor-probe"));
    const ok = formatProbeReport({ ...report, verdict: "ok", ruleId: undefined, fix: "" }).split("\n").find((l) => l.startsWith("Verdict:"))!;
    assert.deepEqual(scopesOf(ok, grammar.patterns), ["markup.inserted.verdict.ok.do-doctor-probe"]);
    assert.ok(scopesOf(formatProbeEvent({ kind: "phase", phase: "starting", message: "Starting wrangler 4.86.0 dev" }), grammar.patterns).includes("entity.name.section.phase.do-doctor-probe"));
    assert.ok(scopesOf(formatProbeEvent({ kind: "output", stream: "stderr", line: "▲ [WARNING] something" }), grammar.patterns).includes("markup.changed.wrangler-warning.do-doctor-probe"));
  });
});
