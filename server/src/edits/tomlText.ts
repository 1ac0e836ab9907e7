/** Writing small TOML fragments by hand: the edits stay local, and comments elsewhere stay put. */

export type TomlScalar = string | number | boolean;
export type TomlData = TomlScalar | TomlData[] | { [key: string]: TomlData };

export function tomlKey(key: string): string {
  return /^[A-Za-z0-9_-]+$/.test(key) ? key : JSON.stringify(key);
}

export function tomlInline(value: TomlData): string {
  if (Array.isArray(value)) return `[${value.map(tomlInline).join(", ")}]`;
  if (typeof value === "object") {
    const entries = Object.entries(value).map(([k, v]) => `${tomlKey(k)} = ${tomlInline(v)}`);
    return entries.length ? `{ ${entries.join(", ")} }` : "{}";
  }
  return typeof value === "string" ? tomlString(value) : String(value);
}

/**
 * A basic string. JSON's escapes are TOML's, except for a lone surrogate: JSON writes `\ud800`, which
 * TOML rejects ("Invalid code point"), so it is written as the character, as it was read.
 */
function tomlString(value: string): string {
  return JSON.stringify(value).replace(/(?<=(?:^|[^\\])(?:\\\\)*)\\u(d[89a-f][0-9a-f]{2})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
}

/** `[[a.b]]` followed by one `key = value` line per entry. */
export function tomlTableBlock(path: string[], entry: Record<string, TomlData>, arrayOfTables: boolean, eol: string): string {
  const header = path.map(tomlKey).join(".");
  const lines = [arrayOfTables ? `[[${header}]]` : `[${header}]`];
  for (const [key, value] of Object.entries(entry)) lines.push(`${tomlKey(key)} = ${tomlInline(value)}`);
  return lines.join(eol) + eol;
}

/** The offset just after the line holding `offset` (after its line break). */
export function endOfLine(text: string, offset: number): number {
  const newline = text.indexOf("\n", offset);
  return newline < 0 ? text.length : newline + 1;
}

/** Offset of a table header line `[a.b]` (not `[[...]]`), matched on its normalized key. */
export function findTableHeader(text: string, path: string[]): number | undefined {
  const wanted = path.join(".");
  const pattern = /^[ \t]*\[(?!\[)([^\]\n]*)\][ \t]*(?:#.*)?$/gm;
  for (let match = pattern.exec(text); match; match = pattern.exec(text)) {
    const key = match[1]
      .split(".")
      .map((part) => part.trim().replace(/^"(.*)"$|^'(.*)'$/, "$1$2"))
      .join(".");
    if (key === wanted) return match.index;
  }
  return undefined;
}

/** Offset of the first table header of any kind, where root-level keys must end. */
export function firstTableHeader(text: string): number | undefined {
  const match = /^[ \t]*\[/m.exec(text);
  return match ? match.index : undefined;
}
