import type { Span } from "../text/positions";

/**
 * Removing one entry of a comma-separated list (a JSONC property, an array item, in JSONC or TOML)
 * without touching anything else: the comments around it stay, since they are the user's words and a
 * fix must never lose them (jsonc-parser's `modify` removes the comments between two properties
 * along with the property). `entries` are the spans of the list's entries, in order.
 */
export function removeListEntry(text: string, entries: Span[], index: number): { span: Span; newText: string }[] {
  const entry = entries[index];
  const after = /^[ \t]*,[ \t]*/.exec(text.slice(entry.end));
  if (after) {
    // `entry,` : the entry and its comma; the whole line when nothing else is left on it.
    let start = entry.start;
    let end = entry.end + after[0].length;
    const lineStart = text.lastIndexOf("\n", start - 1) + 1;
    const rest = /^[ \t]*(\r?\n|$)/.exec(text.slice(end));
    if (text.slice(lineStart, start).trim() === "" && rest) {
      start = lineStart;
      end += rest[0].length;
    }
    return [{ span: { start, end }, newText: "" }];
  }
  if (index === 0) return [{ span: entry, newText: "" }];
  // The last entry: the comma after the previous entry goes, with the entry; what lies between them
  // (comments, line breaks) stays.
  const previous = entries[index - 1];
  const comma = /^[ \t]*,/.exec(text.slice(previous.end));
  if (!comma) return [];
  const commaAt = previous.end + comma[0].length - 1;
  let start = entry.start;
  const lineStart = text.lastIndexOf("\n", start - 1) + 1;
  if (lineStart > commaAt && text.slice(lineStart, start).trim() === "" && /^[ \t]*(?=\r?\n|$)/.test(text.slice(entry.end))) {
    // Alone on its line: the line goes (from the line break before it), not just the entry.
    start = lineStart > 0 && text[lineStart - 1] === "\n" ? lineStart - (text[lineStart - 2] === "\r" ? 2 : 1) : lineStart;
    if (start <= commaAt) start = lineStart;
  } else {
    // `a, b }`: the blank before the entry goes with it.
    while (start > commaAt + 1 && (text[start - 1] === " " || text[start - 1] === "\t")) start--;
  }
  return [
    { span: { start: commaAt, end: commaAt + 1 }, newText: "" },
    { span: { start, end: entry.end }, newText: "" },
  ];
}
