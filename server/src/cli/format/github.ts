import type { Finding } from "../../findings";
import { displayPath } from "./relativePath";

// Workflow commands: data escapes %, CR and LF; properties also escape ':' and ','.
function escapeData(text: string): string {
  return text.replace(/%/g, "%25").replace(/\r/g, "%0D").replace(/\n/g, "%0A");
}

function escapeProperty(text: string): string {
  return escapeData(text).replace(/:/g, "%3A").replace(/,/g, "%2C");
}

const COMMAND = { error: "error", warning: "warning", info: "notice" } as const;

export function formatGithub(findings: Finding[], base: string): string {
  return findings
    .map((f) => {
      const props = [
        `file=${escapeProperty(displayPath(f.file, base))}`,
        `line=${f.range.start.line + 1}`,
        `col=${f.range.start.character + 1}`,
        `endLine=${f.range.end.line + 1}`,
        `endColumn=${f.range.end.character + 1}`,
        `title=${escapeProperty(f.ruleId)}`,
      ];
      return `::${COMMAND[f.severity]} ${props.join(",")}::${escapeData(f.message)}\n`;
    })
    .join("");
}
