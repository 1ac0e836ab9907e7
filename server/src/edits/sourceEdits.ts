import * as path from "node:path";
import type { ClassDeclaration, ModuleInfo } from "../source/model";
import type { EditDraft } from "../rules/rule";
import { lineEnding } from "../text/lineEnding";

/** `class X` -> `export class X`, in place. */
export function addExportKeyword(file: string, declaration: ClassDeclaration): EditDraft {
  return { file, span: { start: declaration.insertExportAt, end: declaration.insertExportAt }, newText: "export " };
}

/** Appends a line at the end of a module, on its own line. */
export function appendLine(file: string, text: string, line: string): EditDraft {
  const eol = lineEnding(text);
  const prefix = text.length === 0 || text.endsWith("\n") ? "" : eol;
  return { file, span: { start: text.length, end: text.length }, newText: `${prefix}${line}${eol}` };
}

/** The specifier `from` would use for `target`, in the style the module already writes (`.js` or none). */
export function relativeSpecifier(from: ModuleInfo, target: string): string {
  let relative = path.relative(path.dirname(from.file), target).split(path.sep).join("/");
  if (!relative.startsWith(".")) relative = `./${relative}`;
  const usesJsExtensions = from.moduleRequests.some((r) => r.module.startsWith(".") && /\.[cm]?js$/.test(r.module));
  const ext = path.extname(relative);
  const stem = relative.slice(0, relative.length - ext.length);
  if (/^\.(ts|tsx|mts|cts)$/.test(ext)) {
    if (usesJsExtensions) return stem + ext.replace("t", "j").replace(/x$/, "");
    return stem.endsWith("/index") && stem !== "./index" ? stem.slice(0, -"/index".length) : stem;
  }
  return relative;
}
