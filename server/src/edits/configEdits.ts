import { createScanner, modify, SyntaxKind, type FormattingOptions } from "jsonc-parser";
import { property, type ConfigArray, type ConfigValue } from "../project/configTree";
import type { Environment, WorkerConfig } from "../project/model";
import type { EditDraft } from "../rules/rule";
import type { Span } from "../text/positions";
import { appendArrayItem, appendArrayItems, insertProperty, valueAt } from "./jsoncInsert";
import { endOfLine, findTableHeader, firstTableHeader, tomlInline, tomlKey, tomlTableBlock, type TomlData } from "./tomlText";
import { lineEnding } from "../text/lineEnding";

/**
 * Edits of wrangler configs that keep comments, order and indentation: JSONC through jsonc-parser's
 * `modify`, TOML by inserting small fragments where they belong.
 */

export function detectFormatting(text: string): FormattingOptions {
  const eol = lineEnding(text);
  const indented = /^([ \t]+)["'\w\[{]/m.exec(text);
  if (indented && indented[1].startsWith("\t")) return { insertSpaces: false, tabSize: 1, eol };
  const size = indented ? indented[1].length : 2;
  return { insertSpaces: true, tabSize: Math.min(size, 8) || 2, eol };
}

function envPath(env: Environment | undefined): string[] {
  return env && env.name ? ["env", env.name] : [];
}

/**
 * JSONC edits: append to the array at `path` (when `insertion`, path ends with -1) or set the
 * property at `path`. Insertions next to existing members go through jsoncInsert (only the new text
 * is formatted); replacing an existing value, or creating missing parents, falls back to `modify`.
 */
function jsoncEdits(worker: WorkerConfig, path: (string | number)[], value: unknown, insertion: boolean | "many"): EditDraft[] {
  const text = worker.parsed.text;
  const formatting = detectFormatting(text);
  const keys = path.filter((p): p is string => typeof p === "string");
  let edits: { span: Span; newText: string }[] | undefined;
  try {
    if (insertion) {
      const array = valueAt(worker.parsed.root, keys);
      if (array?.kind === "array") edits = insertion === "many" ? appendArrayItems(text, array, value as unknown[], formatting, keys) : appendArrayItem(text, array, value, formatting, keys);
    } else {
      const parent = valueAt(worker.parsed.root, keys.slice(0, -1));
      const exists = parent?.kind === "object" && parent.properties.some((p) => p.key === keys[keys.length - 1]);
      if (parent?.kind === "object" && !exists) edits = insertProperty(text, parent, keys[keys.length - 1], value, formatting, keys.slice(0, -1));
    }
    if (!edits && insertion === "many") return [];
    edits ??= modify(text, path, value, { formattingOptions: formatting, isArrayInsertion: insertion === true }).map((e) => ({
      span: { start: e.offset, end: e.offset + e.length },
      newText: e.content,
    }));
  } catch {
    // `modify` throws when a parent on the path has another type ("Can not add property to parent of
    // type null"): no fix then, and the rule still reports its finding.
    return [];
  }
  // Replacing a value (a wrong type, `bindings: { ... }`) would take the comments inside it along:
  // no fix rather than lose the user's words.
  if (edits.some((edit) => holdsComment(text.slice(edit.span.start, edit.span.end)))) return [];
  return edits.map((edit) => ({ file: worker.file, span: edit.span, newText: edit.newText }));
}

function holdsComment(text: string): boolean {
  const scanner = createScanner(text, false);
  for (let token = scanner.scan(); token !== SyntaxKind.EOF; token = scanner.scan()) {
    if (token === SyntaxKind.LineCommentTrivia || token === SyntaxKind.BlockCommentTrivia) return true;
  }
  return false;
}

/** Replaces a string value, keeping it a string. */
export function replaceStringValue(file: string, span: Span, value: string): EditDraft[] {
  return [{ file, span, newText: JSON.stringify(value) }];
}

/**
 * Appends an entry to an array of objects (`migrations`, `durable_objects.bindings`) of one
 * environment, creating the array when absent. `existing` is the array as read, if any. In TOML
 * several entries may be given: they go in as one edit (two insertions at the same offset would
 * need a separator between them).
 */
export function appendObjectToArray(
  worker: WorkerConfig,
  env: Environment | undefined,
  key: string[],
  entry: Record<string, TomlData> | Record<string, TomlData>[],
  existing: ConfigArray | undefined,
): EditDraft[] {
  const fullPath = [...envPath(env), ...key];
  if (wrongTypeOnPath(worker, fullPath, "array")) return [];
  const entries = Array.isArray(entry) ? entry : [entry];
  if (worker.parsed.format === "jsonc") {
    return existing ? jsoncEdits(worker, [...fullPath, -1], entries, "many") : jsoncEdits(worker, fullPath, entries, false);
  }
  const text = worker.parsed.text;
  const eol = lineEnding(text);
  if (existing && !isTableArray(text, existing)) {
    // An inline array `key = [ {...} ]` (or `key = []`): add to it in place; a `[[key]]` block after
    // it would define the key twice.
    return insertIntoInlineArray(worker, existing, entries.map(tomlInline).join(", "));
  }
  // `[[a.b.c]]` cannot extend a table written inline (`staging = { ... }`): no fix rather than a broken file.
  if (insideInlineTable(worker, fullPath.slice(0, -1))) return [];
  const block = entries.map((e) => tomlTableBlock(fullPath, e, true, eol)).join(eol);
  const separator = text.length === 0 || text.endsWith("\n") ? eol : eol + eol;
  return [{ file: worker.file, span: { start: text.length, end: text.length }, newText: separator + block }];
}

/**
 * Adds a string to a scalar array (`compatibility_flags`, `run_worker_first`) in the table at
 * `tablePath` ([] = top level), creating the key when absent. `existing` is the array's span as read.
 */
export function appendStringToArray(worker: WorkerConfig, tablePath: string[], key: string, value: string, existing: Span | undefined): EditDraft[] {
  if (worker.parsed.format === "jsonc") {
    return existing ? jsoncEdits(worker, [...tablePath, key, -1], value, true) : jsoncEdits(worker, [...tablePath, key], [value], false);
  }
  if (existing) {
    const array = findArrayAt(worker, existing);
    if (array) return insertIntoInlineArray(worker, array, JSON.stringify(value));
  }
  return insertTomlKey(worker, tablePath, key, [value]);
}

/** The table path of an environment: [] for the top level, ["env", name] otherwise. */
export function environmentPath(env: Environment): string[] {
  return envPath(env);
}

/** Sets `key = value` in a table (root or `env.x` or `assets`...), creating the table when absent. */
export function setTableKey(worker: WorkerConfig, tablePath: string[], key: string, value: TomlData | unknown): EditDraft[] {
  if (wrongTypeOnPath(worker, tablePath, "object")) return [];
  if (worker.parsed.format === "jsonc") return jsoncEdits(worker, [...tablePath, key], value, false);
  return insertTomlKey(worker, tablePath, key, value as TomlData);
}

function insertTomlKey(worker: WorkerConfig, tablePath: string[], key: string, value: TomlData): EditDraft[] {
  // TOML cannot set a key twice (`compatibility_flags = 1.5` then another line).
  if (wrongTypeOnPath(worker, [...tablePath, key], "absent")) return [];
  const text = worker.parsed.text;
  const eol = lineEnding(text);
  const line = `${tomlKey(key)} = ${tomlInline(value)}${eol}`;
  if (tablePath.length === 0) {
    const header = firstTableHeader(text);
    if (header !== undefined) {
      // After the last root key (not after the blank lines before the first table).
      const rootEnds = (worker.parsed.root?.properties ?? []).map((p) => p.value.span.end).filter((end) => end <= header);
      const at = rootEnds.length ? endOfLine(text, Math.max(...rootEnds)) : header;
      const prefix = at === text.length && !text.endsWith("\n") ? eol : "";
      return [{ file: worker.file, span: { start: at, end: at }, newText: prefix + line }];
    }
    const prefix = text.length === 0 || text.endsWith("\n") ? "" : eol;
    return [{ file: worker.file, span: { start: text.length, end: text.length }, newText: prefix + line }];
  }
  const header = findTableHeader(text, tablePath);
  if (header !== undefined) {
    const at = endOfLine(text, header);
    const prefix = at === text.length && !text.endsWith("\n") ? eol : "";
    return [{ file: worker.file, span: { start: at, end: at }, newText: prefix + line }];
  }
  const separator = text.length === 0 || text.endsWith("\n") ? eol : eol + eol;
  return [{ file: worker.file, span: { start: text.length, end: text.length }, newText: `${separator}[${tablePath.map(tomlKey).join(".")}]${eol}${line}` }];
}

export function findArrayAt(worker: WorkerConfig, span: Span): ConfigArray | undefined {
  let found: ConfigArray | undefined;
  const visit = (value: import("../project/configTree").ConfigValue | undefined): void => {
    if (!value || found) return;
    if (value.kind === "array") {
      if (value.span.start === span.start && value.span.end === span.end) found = value;
      value.items.forEach(visit);
    } else if (value.kind === "object") value.properties.forEach((p) => visit(p.value));
  };
  visit(worker.parsed.root);
  return found;
}

function insertIntoInlineArray(worker: WorkerConfig, array: ConfigArray, itemText: string): EditDraft[] {
  const text = worker.parsed.text;
  const close = array.span.end - 1;
  if (text[close] !== "]") return [];
  if (array.items.length === 0) return [{ file: worker.file, span: { start: close, end: close }, newText: itemText }];
  const last = array.items[array.items.length - 1];
  // After the last item (and a trailing comma, if the author left one).
  const between = text.slice(last.span.end, close);
  const trailingComma = /^\s*,/.test(between);
  if (trailingComma) {
    const commaAt = last.span.end + between.indexOf(",") + 1;
    return [{ file: worker.file, span: { start: commaAt, end: commaAt }, newText: ` ${itemText},` }];
  }
  return [{ file: worker.file, span: { start: last.span.end, end: last.span.end }, newText: `, ${itemText}` }];
}

/** Whether any table on the path is written as an inline table `{ ... }` in TOML. */
function insideInlineTable(worker: WorkerConfig, path: string[]): boolean {
  const text = worker.parsed.text;
  let current: import("../project/configTree").ConfigValue | undefined = worker.parsed.root;
  for (const key of path) {
    if (current?.kind !== "object") return false;
    current = current.properties.find((p) => p.key === key)?.value;
    if (current?.kind === "object" && text[current.span.start] === "{") return true;
  }
  return false;
}

/**
 * Whether a key on the path already holds something else than the edit expects (`durable_objects:
 * null`, `bindings = 42`, a TOML key that exists): an edit through it would fail, or define the key
 * twice. No fix then: the value's type is the user's to correct.
 */
function wrongTypeOnPath(worker: WorkerConfig, path: string[], last: "array" | "object" | "absent"): boolean {
  let current: ConfigValue | undefined = worker.parsed.root;
  for (let i = 0; i < path.length; i++) {
    if (current?.kind !== "object") return current !== undefined;
    const found: ConfigValue | undefined = property(current, path[i])?.value;
    if (!found) return false;
    const expected = i < path.length - 1 ? "object" : last;
    if (expected === "absent") return true;
    // `[[a]]` followed by `[a.b]` continues the array's last table in TOML; the array is then the path.
    const tableArray = found.kind === "array" && worker.parsed.format === "toml" && isTableArray(worker.parsed.text, found);
    if (found.kind !== expected && !(expected === "object" && tableArray)) return true;
    current = found.kind === "array" && expected === "object" ? found.items[found.items.length - 1] : found;
  }
  return false;
}

/** A TOML array written as `[[key]]` tables (not inline `key = [[...]]`, whose first item is an array). */
function isTableArray(text: string, array: ConfigArray): boolean {
  const first = array.items[0];
  return first?.kind === "object" && text.startsWith("[[", first.span.start);
}
