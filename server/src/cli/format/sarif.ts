import * as path from "node:path";
import { pathToFileURL } from "node:url";
import type { Finding } from "../../findings";
import type { Range } from "../../text/positions";
import { rules } from "../../rules/index";
import { INTERNAL_ERROR_META } from "../../analyze";
import { UNUSED_DIRECTIVE_META } from "../../directives";
import { PROJECT_CONFIG_META } from "../../projectConfig";
import { sarifArguments, sarifMessageString } from "../../rules/messages";
import type { RuleMeta } from "../../rules/rule";
import { displayPath } from "./relativePath";

const LEVEL = { error: "error", warning: "warning", info: "note" } as const;

function region(range: Range) {
  return { startLine: range.start.line + 1, startColumn: range.start.character + 1, endLine: range.end.line + 1, endColumn: range.end.character + 1 };
}

/** SARIF 2.1.0, as code-scanning services read it: one run, rules with help, results with regions. */
export function formatSarif(findings: Finding[], base: string, version: string): string {
  // The analysis's own findings are listed too, so that every result has its rule and message strings.
  const ruleList: RuleMeta[] = [...rules.map((r) => r.meta), INTERNAL_ERROR_META, UNUSED_DIRECTIVE_META, PROJECT_CONFIG_META];
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
              messageStrings: Object.fromEntries(Object.entries(meta.messages).map(([id, template]) => [id, { text: sarifMessageString(template) }])),
            })),
          },
        },
        originalUriBaseIds: { SRCROOT: { uri: pathToFileURL(base + path.sep).href } },
        columnKind: "utf16CodeUnits",
        results: findings.map((f) => ({
          ruleId: f.ruleId,
          ruleIndex: ruleList.findIndex((r) => r.id === f.ruleId),
          level: LEVEL[f.severity],
          message: sarifMessage(ruleList, f),
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

/**
 * A result's message: its id in the rule's `messageStrings` and the arguments that fill it, with the
 * rendered text as well (SARIF 2.1.0 §3.11.7: a message may give both; consumers that do not look the
 * id up show the text).
 */
function sarifMessage(ruleList: readonly RuleMeta[], finding: Finding): { text: string; id?: string; arguments?: string[] } {
  const template = finding.messageId !== undefined ? ruleList.find((r) => r.id === finding.ruleId)?.messages[finding.messageId] : undefined;
  if (template === undefined) return { text: finding.message };
  const args = sarifArguments(template, finding.data);
  return { text: finding.message, id: finding.messageId, ...(args.length > 0 ? { arguments: args } : {}) };
}

function groupByFile<T extends { file: string }>(items: T[]): [string, T[]][] {
  const groups = new Map<string, T[]>();
  for (const item of items) groups.set(item.file, [...(groups.get(item.file) ?? []), item]);
  return [...groups];
}
