import * as path from "node:path";
import { pathToFileURL } from "node:url";
import type { Finding } from "../../findings";
import type { Range } from "../../text/positions";
import { rules } from "../../rules/index";
import { INTERNAL_ERROR_RULE } from "../../analyze";
import { displayPath } from "./relativePath";

const LEVEL = { error: "error", warning: "warning", info: "note" } as const;

function region(range: Range) {
  return { startLine: range.start.line + 1, startColumn: range.start.character + 1, endLine: range.end.line + 1, endColumn: range.end.character + 1 };
}

/** SARIF 2.1.0, as code-scanning services read it: one run, rules with help, results with regions. */
export function formatSarif(findings: Finding[], base: string, version: string): string {
  const ruleList = [
    ...rules.map((r) => r.meta),
    { id: INTERNAL_ERROR_RULE, defaultSeverity: "error" as const, description: "A rule failed on this input; the other rules still ran.", fixable: false },
  ];
  const location = (file: string, range: Range) => ({
    physicalLocation: { artifactLocation: { uri: displayPath(file, base), uriBaseId: "SRCROOT" }, region: region(range) },
  });
  const sarif = {
    $schema: "https://json.schemastore.org/sarif-2.1.0.json",
    version: "2.1.0",
    runs: [
      {
        tool: {
          driver: {
            name: "do-doctor",
            semanticVersion: version,
            rules: ruleList.map((meta) => ({
              id: meta.id,
              shortDescription: { text: meta.description },
              help: { text: `See docs/rules/${meta.id}.md`, markdown: `See [docs/rules/${meta.id}.md](docs/rules/${meta.id}.md)` },
              defaultConfiguration: { level: LEVEL[meta.defaultSeverity] },
            })),
          },
        },
        originalUriBaseIds: { SRCROOT: { uri: pathToFileURL(base + path.sep).href } },
        columnKind: "utf16CodeUnits",
        results: findings.map((f) => ({
          ruleId: f.ruleId,
          ruleIndex: ruleList.findIndex((r) => r.id === f.ruleId),
          level: LEVEL[f.severity],
          message: { text: f.message },
          locations: [location(f.file, f.range)],
          relatedLocations: f.related.map((r, id) => ({ id, message: { text: r.message }, ...location(r.file, r.range) })),
          fixes: f.fixes.map((fix) => ({
            description: { text: fix.title },
            artifactChanges: groupByFile(fix.edits).map(([file, edits]) => ({
              artifactLocation: { uri: displayPath(file, base), uriBaseId: "SRCROOT" },
              replacements: edits.map((e) => ({ deletedRegion: region(e.range), insertedContent: { text: e.newText } })),
            })),
          })),
        })),
      },
    ],
  };
  return JSON.stringify(sarif, null, 2) + "\n";
}

function groupByFile<T extends { file: string }>(items: T[]): [string, T[]][] {
  const groups = new Map<string, T[]>();
  for (const item of items) groups.set(item.file, [...(groups.get(item.file) ?? []), item]);
  return [...groups];
}
