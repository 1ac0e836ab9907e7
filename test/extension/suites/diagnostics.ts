import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import * as vscode from "vscode";
import { EXAMPLE_FINDINGS, exampleReady, fileUri, findingsUnder, ours, rangeText, ruleId, waitFor } from "../helpers";

interface Expected {
  description: string;
  findings: { ruleId: string; file: string; line: number }[];
}

describe("diagnostics", () => {
  before(() => exampleReady("coder-agent"));

  it("shows the example's findings with their rule ids at their ranges, in the config and in the sources", () => {
    const actual = ["wrangler.jsonc", "src/coder-agent.ts", "src/client/app.tsx", "src/server.ts"].flatMap((file) =>
      ours(fileUri("coder-agent", file)).map((d) => ({ ruleId: ruleId(d), file, range: rangeText(d.range) })),
    );
    const key = (f: { ruleId: string; file: string; range: string }) => `${f.file} ${f.range} ${f.ruleId}`;
    assert.deepEqual(actual.map(key).sort(), EXAMPLE_FINDINGS.map(key).sort());
  });

  it("gives each diagnostic its severity, source, docs link and related locations", () => {
    const config = ours(fileUri("coder-agent", "wrangler.jsonc"));
    const notExported = config.find((d) => ruleId(d) === "class-not-exported");
    assert.ok(notExported);
    assert.equal(notExported.severity, vscode.DiagnosticSeverity.Error);
    assert.match(notExported.message, /not exported in your entrypoint file: CoderAgent/);
    const code = notExported.code as { value: string; target: vscode.Uri };
    assert.equal(code.target.scheme, "file");
    assert.ok(code.target.fsPath.endsWith(path.join("docs", "rules", "class-not-exported.md")), code.target.toString());
    assert.ok(fs.existsSync(code.target.fsPath), `the rule page ${code.target.fsPath} ships with the extension`);
    const related = notExported.relatedInformation ?? [];
    assert.equal(related.length, 1);
    assert.equal(related[0].location.uri.fsPath, fileUri("coder-agent", "src/coder-agent.ts").fsPath);
    assert.equal(related[0].location.range.start.line, 8);
    const envMissing = config.find((d) => ruleId(d) === "env-missing-bindings");
    assert.match(envMissing?.message ?? "", /reading 'idFromName'/);
  });

  it("gives every fixture exactly its expected findings (each fixture is its own workspace folder)", async () => {
    const fixtures = (vscode.workspace.workspaceFolders ?? []).filter((f) => f.uri.fsPath.includes(`${path.sep}fixtures${path.sep}`));
    assert.ok(fixtures.length >= 30, `fixtures in the workspace: ${fixtures.length}`);
    const expected = new Map(
      fixtures.map((f) => {
        const data = JSON.parse(fs.readFileSync(path.join(f.uri.fsPath, "expected.json"), "utf8")) as Expected;
        return [f.name, data.findings.map((x) => `${x.ruleId} ${x.file}:${x.line}`).sort()] as const;
      }),
    );
    const mismatches = () => fixtures.filter((f) => JSON.stringify(findingsUnder(f.uri.fsPath)) !== JSON.stringify(expected.get(f.name)));
    await waitFor("every fixture's findings", () => mismatches().length === 0, 20_000, () =>
      mismatches()
        .map((f) => `${f.name}: expected ${JSON.stringify(expected.get(f.name))}, got ${JSON.stringify(findingsUnder(f.uri.fsPath))}`)
        .join("\n"),
    );
  });
});
