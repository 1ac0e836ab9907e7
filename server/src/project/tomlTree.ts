import { parseTOML } from "toml-eslint-parser";
import type { ConfigObject, ConfigProperty, ConfigValue, ParsedConfig, SyntaxProblem } from "./configTree";

// The few node shapes of toml-eslint-parser's AST that the converter reads.
interface TomlNode {
  type: string;
  range: [number, number];
}
interface TomlKeyPart extends TomlNode {
  name?: string;
  value?: string;
}
interface TomlKey extends TomlNode {
  keys: TomlKeyPart[];
}
interface TomlKeyValue extends TomlNode {
  key: TomlKey;
  value: TomlContent;
}
interface TomlTable extends TomlNode {
  kind: "standard" | "array";
  key: TomlKey;
  body: TomlKeyValue[];
}
interface TomlContent extends TomlNode {
  kind?: string;
  value?: unknown;
  elements?: TomlContent[];
  body?: TomlKeyValue[];
}
interface TomlProgram {
  body: [{ body: (TomlKeyValue | TomlTable)[] }];
}
interface TomlParseError {
  message: string;
  index: number;
}

/** Broken lines blanked out before giving up: enough for a file being typed, bounded for garbage. */
const MAX_RECOVERIES = 20;

/**
 * Parses TOML into the shared config tree. On a syntax error the offending line is blanked out (same
 * length, so every offset stays true) and parsing is retried: a half-typed file still yields the rest.
 */
export function parseTomlConfig(text: string): ParsedConfig {
  const problems: SyntaxProblem[] = [];
  let attempt = text;
  for (let round = 0; round <= MAX_RECOVERIES; round++) {
    try {
      const program = parseTOML(attempt) as unknown as TomlProgram;
      return { format: "toml", text, root: convertProgram(program, text.length), problems };
    } catch (error) {
      // The parser recurses: hostile nesting overflows the stack. Blanking lines would not help.
      if (error instanceof RangeError) {
        return { format: "toml", text, root: undefined, problems: [{ message: "The configuration is nested too deeply to be read.", span: { start: 0, end: Math.min(1, text.length) } }] };
      }
      const parseError = error as TomlParseError;
      const index = typeof parseError.index === "number" ? Math.min(parseError.index, text.length) : 0;
      const message = String(parseError.message ?? error);
      // Later errors are mostly echoes of the first one: report that one only.
      if (problems.length === 0) {
        problems.push({ message: `TOML syntax error: ${message}.`, span: { start: index, end: Math.min(text.length, index + 1) } });
      }
      const blanked = blankLineAt(attempt, index);
      if (blanked === attempt) break;
      attempt = blanked;
    }
  }
  return { format: "toml", text, root: undefined, problems };
}

/** Blanks the line holding `index`, or the nearest non-blank line before it (errors at EOF). */
function blankLineAt(text: string, index: number): string {
  let start = Math.min(index, text.length);
  while (start > 0 && text[start - 1] !== "\n") start--;
  let end = start;
  while (end < text.length && text[end] !== "\n") end++;
  while (text.slice(start, end).trim() === "" && start > 0) {
    end = start - 1;
    start = end;
    while (start > 0 && text[start - 1] !== "\n") start--;
  }
  const blank = text.slice(start, end).replace(/[^\r\n]/g, " ");
  return text.slice(0, start) + blank + text.slice(end);
}

function keyName(part: TomlKeyPart): string {
  return part.type === "TOMLBare" ? String(part.name) : String(part.value);
}

function convertProgram(program: TomlProgram, length: number): ConfigObject {
  const root: ConfigObject = { kind: "object", span: { start: 0, end: length }, properties: [] };
  for (const item of program.body[0].body) {
    if (item.type === "TOMLTable") {
      const table = item as TomlTable;
      const target = tableTarget(root, table);
      if (!target) continue;
      for (const keyValue of table.body) addKeyValue(target, keyValue);
    } else {
      addKeyValue(root, item as TomlKeyValue);
    }
  }
  return root;
}

/** Finds or creates the object a `[a.b]` or `[[a.b]]` header opens. */
function tableTarget(root: ConfigObject, table: TomlTable): ConfigObject | undefined {
  const parts = table.key.keys;
  let current = root;
  for (let i = 0; i < parts.length; i++) {
    const part = parts[i];
    const last = i === parts.length - 1;
    const name = keyName(part);
    const keySpan = { start: part.range[0], end: part.range[1] };
    const existing = findProperty(current, name);
    if (last && table.kind === "array") {
      const entry: ConfigObject = { kind: "object", span: { start: table.range[0], end: table.range[1] }, properties: [] };
      if (existing && existing.value.kind === "array") {
        existing.value.items.push(entry);
        existing.value.span.end = Math.max(existing.value.span.end, table.range[1]);
      } else if (!existing) {
        current.properties.push({ key: name, keySpan, value: { kind: "array", span: { start: table.range[0], end: table.range[1] }, items: [entry] } });
      } else {
        return undefined;
      }
      return entry;
    }
    if (existing) {
      let value = existing.value;
      // `[[a]]` followed by `[a.b]` continues the last element of the array of tables.
      if (value.kind === "array" && value.items.length > 0) value = value.items[value.items.length - 1];
      if (value.kind !== "object") return undefined;
      if (last) value.span = { start: Math.min(value.span.start, table.range[0]), end: Math.max(value.span.end, table.range[1]) };
      current = value;
    } else {
      const span = last ? { start: table.range[0], end: table.range[1] } : { start: table.range[0], end: table.range[1] };
      const created: ConfigObject = { kind: "object", span, properties: [] };
      current.properties.push({ key: name, keySpan, value: created });
      current = created;
    }
  }
  return current;
}

function findProperty(object: ConfigObject, key: string): ConfigProperty | undefined {
  return object.properties.find((p) => p.key === key);
}

function addKeyValue(target: ConfigObject, keyValue: TomlKeyValue): void {
  const parts = keyValue.key.keys;
  let current = target;
  for (let i = 0; i < parts.length - 1; i++) {
    const name = keyName(parts[i]);
    const existing = findProperty(current, name);
    if (existing?.value.kind === "object") {
      current = existing.value;
    } else {
      const created: ConfigObject = { kind: "object", span: { start: keyValue.range[0], end: keyValue.range[1] }, properties: [] };
      current.properties.push({ key: name, keySpan: { start: parts[i].range[0], end: parts[i].range[1] }, value: created });
      current = created;
    }
  }
  const lastPart = parts[parts.length - 1];
  current.properties.push({
    key: keyName(lastPart),
    keySpan: { start: lastPart.range[0], end: lastPart.range[1] },
    value: convertValue(keyValue.value),
  });
}

function convertValue(node: TomlContent): ConfigValue {
  const span = { start: node.range[0], end: node.range[1] };
  if (node.type === "TOMLArray") return { kind: "array", span, items: (node.elements ?? []).map(convertValue) };
  if (node.type === "TOMLInlineTable") {
    const object: ConfigObject = { kind: "object", span, properties: [] };
    for (const keyValue of node.body ?? []) addKeyValue(object, keyValue);
    return object;
  }
  switch (node.kind) {
    case "string":
      return { kind: "string", span, value: String(node.value) };
    case "integer":
    case "float":
      return { kind: "number", span, value: Number(node.value) };
    case "boolean":
      return { kind: "boolean", span, value: Boolean(node.value) };
    default:
      return { kind: "other", span, value: String(node.value) };
  }
}
