import type { TextEdit } from "../findings";
import { LineIndex, type Span } from "../text/positions";

export interface OffsetEdit {
  span: Span;
  newText: string;
}

/**
 * Applies edits given against the same original text. Edits at the same offset keep their given
 * order; overlapping edits are a caller error and throw rather than corrupt the text.
 */
export function applyOffsetEdits(text: string, edits: OffsetEdit[]): string {
  const ordered = edits.map((edit, order) => ({ edit, order })).sort((a, b) => a.edit.span.start - b.edit.span.start || a.order - b.order);
  let result = "";
  let cursor = 0;
  for (const { edit } of ordered) {
    if (edit.span.start < cursor) throw new Error("overlapping edits");
    if (edit.span.end > text.length || edit.span.start > edit.span.end) throw new Error("edit outside the text");
    result += text.slice(cursor, edit.span.start) + edit.newText;
    cursor = edit.span.end;
  }
  return result + text.slice(cursor);
}

/** Applies LSP-style edits (line/character ranges) for one file. */
export function applyTextEdits(text: string, edits: TextEdit[]): string {
  const lines = new LineIndex(text);
  return applyOffsetEdits(
    text,
    edits.map((edit) => ({ span: { start: lines.offsetAt(edit.range.start), end: lines.offsetAt(edit.range.end) }, newText: edit.newText })),
  );
}

/** Whether two spans touch: insertions at one offset count as colliding, since their order would matter. */
export function spansCollide(a: Span, b: Span): boolean {
  if (a.start === b.start) return true;
  return a.start < b.end && b.start < a.end;
}
