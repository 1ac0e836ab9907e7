import { modify, type FormattingOptions } from "jsonc-parser";
import type { ConfigArray, ConfigObject, ConfigValue } from "../project/configTree";
import type { Span } from "../text/positions";
import { lineEnding } from "../text/lineEnding";

/**
 * Inserting into JSONC without touching what is already written. jsonc-parser's `modify` reformats
 * every line an insertion touches (a one-line entry is spread out, a trailing comment moves to the
 * new item); here only the inserted text is formatted, in the style of its neighbours:
 * - after a last member that ends its line, the new member goes on a line of its own, at the same
 *   indentation, after any comment of that line (the comma goes right after the old member);
 * - in a one-line container, the new member is written inline, compactly.
 */

export interface OffsetEdit {
  span: Span;
  newText: string;
}

/** `{ "a": 1, "b": ["x"] }`: one-line JSON with the spacing people write. */
export function compactJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(compactJson).join(", ")}]`;
  if (value && typeof value === "object") {
    const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined);
    return entries.length ? `{ ${entries.map(([k, v]) => `${JSON.stringify(k)}: ${compactJson(v)}`).join(", ")} }` : "{}";
  }
  return JSON.stringify(value);
}

function unitOf(formatting: FormattingOptions): string {
  return formatting.insertSpaces ? " ".repeat(formatting.tabSize ?? 2) : "\t";
}

/** Multi-line JSON whose continuation lines start at `indent`. */
function blockJson(value: unknown, indent: string, formatting: FormattingOptions): string {
  return JSON.stringify(value, null, unitOf(formatting)).split("\n").join((formatting.eol ?? "\n") + indent);
}

function lineStartOf(text: string, offset: number): number {
  let start = offset;
  while (start > 0 && text[start - 1] !== "\n" && text[start - 1] !== "\r") start--;
  return start;
}

/** Where a member ends on its line: after a comma and a same-line comment, if the line ends there. */
function tailOf(text: string, end: number): { hasComma: boolean; lineEnd?: number } {
  let i = end;
  const skipBlanks = () => {
    while (text[i] === " " || text[i] === "\t") i++;
  };
  skipBlanks();
  const hasComma = text[i] === ",";
  if (hasComma) i++;
  skipBlanks();
  if (text.startsWith("//", i)) {
    while (i < text.length && text[i] !== "\n" && text[i] !== "\r") i++;
  } else if (text.startsWith("/*", i)) {
    const close = text.indexOf("*/", i + 2);
    if (close >= 0 && !/[\r\n]/.test(text.slice(i, close))) {
      i = close + 2;
      skipBlanks();
    }
  }
  const atLineEnd = i >= text.length || text[i] === "\n" || text[i] === "\r";
  return { hasComma, lineEnd: atLineEnd ? i : undefined };
}

interface Member {
  /** The member on lines of its own, continuation lines at `indent`. */
  block: (indent: string) => string;
  /** The member on one line. */
  inline: string;
  /** Plain values read best on one line even after a multi-line neighbour. */
  preferInline: boolean;
}

/** Appends members after `last` (the container's last member, spanning `lastStart`..`lastEnd`). */
function appendMembers(text: string, lastStart: number, lastEnd: number, containerEnd: number, members: Member[]): OffsetEdit[] {
  const tail = tailOf(text, lastEnd);
  const eol = lineEnding(text);
  if (tail.lineEnd !== undefined && tail.lineEnd < containerEnd - 1) {
    const lineStart = lineStartOf(text, lastStart);
    const indent = /^[ \t]*/.exec(text.slice(lineStart, lastStart))![0];
    const neighbourOnOneLine = !/[\r\n]/.test(text.slice(lastStart, lastEnd));
    const edits: OffsetEdit[] = [];
    if (!tail.hasComma) edits.push({ span: { start: lastEnd, end: lastEnd }, newText: "," });
    // Follow the neighbour: after a one-line member (or for a list of plain values) stay on one line when it fits.
    const lines = members.map((m) => `${eol}${indent}${(neighbourOnOneLine || m.preferInline) && indent.length + m.inline.length <= 100 ? m.inline : m.block(indent)}`);
    edits.push({ span: { start: tail.lineEnd, end: tail.lineEnd }, newText: `${lines.join(",")}${tail.hasComma ? "," : ""}` });
    return edits;
  }
  return [{ span: { start: lastEnd, end: lastEnd }, newText: `, ${members.map((m) => m.inline).join(", ")}` }];
}

export function appendArrayItem(text: string, array: ConfigArray, value: unknown, formatting: FormattingOptions, path: (string | number)[]): OffsetEdit[] {
  return appendArrayItems(text, array, [value], formatting, path);
}

/** Appends several items in one edit (separate edits at one offset would collide). */
export function appendArrayItems(text: string, array: ConfigArray, values: unknown[], formatting: FormattingOptions, path: (string | number)[]): OffsetEdit[] {
  const last = array.items[array.items.length - 1];
  // An empty array has no neighbour to disturb: it is replaced as a whole.
  if (!last) return viaModify(text, path, values, formatting, false);
  const members = values.map((value) => ({ block: (indent: string) => blockJson(value, indent, formatting), inline: compactJson(value), preferInline: isPlain(value) }));
  return appendMembers(text, last.span.start, last.span.end, array.span.end, members);
}

export function insertProperty(text: string, object: ConfigObject, key: string, value: unknown, formatting: FormattingOptions, path: (string | number)[]): OffsetEdit[] {
  const last = object.properties[object.properties.length - 1];
  if (!last) return viaModify(text, [...path, key], value, formatting, false);
  const name = JSON.stringify(key);
  return appendMembers(text, last.keySpan.start, last.value.span.end, object.span.end, [
    { block: (indent) => `${name}: ${blockJson(value, indent, formatting)}`, inline: `${name}: ${compactJson(value)}`, preferInline: isPlain(value) },
  ]);
}

/** Scalars and lists of scalars read best on one line. */
function isPlain(value: unknown): boolean {
  return !value || typeof value !== "object" || (Array.isArray(value) && value.every((v) => !v || typeof v !== "object"));
}

/** Empty containers have no neighbour to disturb: jsonc-parser's formatted insertion is fine there. */
function viaModify(text: string, path: (string | number)[], value: unknown, formatting: FormattingOptions, isArrayInsertion: boolean): OffsetEdit[] {
  return modify(text, path, value, { formattingOptions: formatting, isArrayInsertion }).map((e) => ({ span: { start: e.offset, end: e.offset + e.length }, newText: e.content }));
}

/** The value at a path of object keys, if every step exists. */
export function valueAt(root: ConfigObject | undefined, path: string[]): ConfigValue | undefined {
  let current: ConfigValue | undefined = root;
  for (const key of path) {
    if (current?.kind !== "object") return undefined;
    current = [...current.properties].reverse().find((p) => p.key === key)?.value;
  }
  return current;
}
