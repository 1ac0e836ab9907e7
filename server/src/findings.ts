import type { Range } from "./text/positions";

export type Severity = "error" | "warning" | "info";

/** A rule's severity as settings give it: a severity, or "off". */
export type SeveritySetting = Severity | "off";

export interface TextEdit {
  /** Absolute path inside the engine; front ends render it as they need. */
  file: string;
  range: Range;
  newText: string;
}

export interface Fix {
  title: string;
  edits: TextEdit[];
  /** The fix an editor should offer first. */
  isPreferred: boolean;
  /** Safe fixes are applied by `--fix` and `source.fixAll`; the others only when picked by hand. */
  safe: boolean;
}

export interface RelatedLocation {
  file: string;
  range: Range;
  message: string;
}

/** One problem, plain data: LSP diagnostics, CLI text, JSON and SARIF are all renderings of it. */
export interface Finding {
  ruleId: string;
  severity: Severity;
  message: string;
  /** The rule's message template this finding uses (rule meta.messages), and its placeholders' values. */
  messageId?: string;
  data?: Record<string, string | number>;
  file: string;
  range: Range;
  fixes: Fix[];
  related: RelatedLocation[];
}
