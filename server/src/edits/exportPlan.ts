import { applyOffsetEdits } from "./applyEdits";
import { addExportKeyword, appendLine, relativeSpecifier } from "./sourceEdits";
import { createOverlayHost } from "../host";
import { resolveExport } from "../source/exportGraph";
import type { ExportEntry, ImportBinding, ModuleInfo } from "../source/model";
import { ModuleStore } from "../source/moduleStore";
import type { LocatedClass } from "../source/sourceIndex";
import type { EditDraft } from "../rules/rule";

/**
 * Edits that make `module` export `name` as the class `target`, repairing the export chain where it
 * breaks rather than at its head: an `export { A } from "./mid"` whose `./mid` lacks A is fixed in
 * `./mid` (or the module after it), since adding a second `export { A }` beside the broken one is a
 * duplicate export esbuild refuses. No edit ever adds a name a module already exports. Undefined when
 * no such edit exists (the name is taken by something else, the chain leads to a missing file and the
 * broken statement cannot be rewritten alone): a wrong fix is worse than none.
 */
export function planClassExport(store: ModuleStore, module: ModuleInfo, name: string, target: LocatedClass): EditDraft[] | undefined {
  const edits = ensureExport(store, module, name, target, new Set());
  if (!edits || edits.length === 0) return edits;
  return exportsAfter(store, module, name, target, edits) ? edits : undefined;
}

function sameClass(store: ModuleStore, module: ModuleInfo, name: string, target: LocatedClass): "yes" | "no" | "other" {
  const resolved = resolveExport(store, module, name);
  if (!resolved) return "no";
  return resolved.kind === "class" && resolved.module.file === target.module.file && resolved.declaration.name === target.declaration.name ? "yes" : "other";
}

function ensureExport(store: ModuleStore, module: ModuleInfo, name: string, target: LocatedClass, path: Set<string>): EditDraft[] | undefined {
  const state = sameClass(store, module, name, target);
  if (state === "yes") return [];
  // The name already means something else here: exporting the class under it would duplicate it.
  if (state === "other" || path.has(module.file)) return undefined;
  const onPath = new Set(path).add(module.file);
  const className = target.declaration.name;
  const explicit = module.exports.find((entry) => entry.exported === name);
  if (explicit) return repairExplicit(store, module, explicit, target, onPath);

  const text = store.text(module.file) ?? "";
  if (module.file === target.module.file) {
    // The class is declared here: `export class A`, or a list export beside an `export default class A`.
    if (name !== className) return [appendLine(module.file, text, `export { ${className} as ${name} };`)];
    return [target.declaration.hasExportModifier ? appendLine(module.file, text, `export { ${className} };`) : addExportKeyword(module.file, target.declaration)];
  }

  // Imported here but not exported: export the import, after making its source export it. Only a
  // value import: `import type` is erased by esbuild, and so would an `export { A }` of it be.
  const imported = module.imports.find((binding) => binding.local === name && binding.imported !== "*" && isValueImport(store, module, binding));
  if (imported) {
    const source = moduleAt(store, module, imported.module);
    const inner = source && ensureExport(store, source, imported.imported, target, onPath);
    if (inner) return [...inner, appendLine(module.file, text, `export { ${name} };`)];
  }

  // An `export *` chain reaches the declaring module: exporting the class there is enough.
  if (starReaches(store, module, name, target.module.file, onPath)) {
    const inner = ensureExport(store, target.module, name, target, onPath);
    if (inner) return inner;
  }

  const own = ensureExport(store, target.module, className, target, onPath);
  if (!own) return undefined;
  const specifier = relativeSpecifier(module, target.module.file);
  const list = name === className ? className : `${className} as ${name}`;
  return [...own, appendLine(module.file, text, `export { ${list} } from "${specifier}";`)];
}

/** An explicit `export { X as name } ...` that does not lead to the class: follow it to where it breaks. */
function repairExplicit(store: ModuleStore, module: ModuleInfo, entry: ExportEntry, target: LocatedClass, onPath: Set<string>): EditDraft[] | undefined {
  if (entry.from !== undefined) {
    if (entry.imported === "*") return undefined;
    const source = moduleAt(store, module, entry.from);
    const inner = source && ensureExport(store, source, entry.imported ?? entry.exported, target, onPath);
    if (inner) return inner;
    // The chain cannot be repaired further on (a missing file, a cycle, a name taken): point this
    // re-export at the declaring module instead, when the statement holds only this name.
    const own = ensureExport(store, target.module, target.declaration.name, target, onPath);
    const rewrite = own && rewriteReexport(store, module, entry, target);
    return rewrite ? [...own, rewrite] : undefined;
  }
  const local = entry.local ?? entry.exported;
  const imported = module.imports.find((binding) => binding.local === local && binding.imported !== "*");
  if (!imported || !isValueImport(store, module, imported)) return undefined;
  const source = moduleAt(store, module, imported.module);
  return source ? ensureExport(store, source, imported.imported, target, onPath) : undefined;
}

/**
 * Whether `binding` comes from an import statement that imports it as a value (not `import type`,
 * not `{ type A }`), read from the statement's text. Unsure is no: the caller then re-exports from the
 * declaring module, which is right either way.
 */
function isValueImport(store: ModuleStore, module: ModuleInfo, binding: ImportBinding): boolean {
  const text = store.text(module.file) ?? "";
  for (const request of module.moduleRequests) {
    if (request.module !== binding.module) continue;
    const head = text.slice(0, request.span.start);
    const at = head.lastIndexOf("import");
    if (at < 0) continue;
    const clause = head.slice(at + "import".length).replace(/\bfrom\s*$/, "").trim();
    // Another statement lies between (this request is an `export ... from`), or the whole import is type-only.
    if (/[;]|\bexport\b/.test(clause) || /^type\s*[{*]/.test(clause) || /^type\s+[\w$]+\s*(,|$)/.test(clause)) continue;
    const braces = /\{([^}]*)\}/.exec(clause);
    for (const element of braces ? braces[1].split(",") : []) {
      const trimmed = element.trim();
      if (trimmed === "" || /^type\s/.test(trimmed)) continue;
      if (trimmed.split(/\s+as\s+/).pop()!.trim() === binding.local) return true;
    }
    const defaultName = clause.replace(/\{[^}]*\}/, "").replace(/\*\s*as\s+[\w$]+/, "").split(",")[0].trim();
    if (defaultName === binding.local) return true;
  }
  return false;
}

function moduleAt(store: ModuleStore, from: ModuleInfo, specifier: string): ModuleInfo | undefined {
  const resolution = store.resolver.resolve(from.file, specifier);
  return resolution.kind === "file" ? store.get(resolution.file) : undefined;
}

/** Whether `export *` statements alone lead from `module` to `file`, no module on the way naming `name` itself. */
function starReaches(store: ModuleStore, module: ModuleInfo, name: string, file: string, onPath: Set<string>): boolean {
  const seen = new Set<string>([module.file]);
  const queue = [module];
  while (queue.length > 0) {
    const current = queue.shift()!;
    for (const star of current.starExports) {
      const next = moduleAt(store, current, star.from);
      if (!next || seen.has(next.file) || (onPath.has(next.file) && next.file !== file)) continue;
      if (next.file === file) return true;
      seen.add(next.file);
      if (next.exports.some((entry) => entry.exported === name)) continue;
      queue.push(next);
    }
  }
  return false;
}

/**
 * `export { X as name } from "./broken"` -> `export { A as name } from "./declaring"`, when the braces
 * hold this one name (the others in a longer list still come from where they did).
 */
function rewriteReexport(store: ModuleStore, module: ModuleInfo, entry: ExportEntry, target: LocatedClass): EditDraft | undefined {
  const text = store.text(module.file) ?? "";
  const open = text.lastIndexOf("{", entry.span.start);
  const close = text.indexOf("}", entry.span.end);
  if (open < 0 || close < 0) return undefined;
  const inside = text.slice(open + 1, close).trim().replace(/,$/, "").trim();
  if (inside !== text.slice(entry.span.start, entry.span.end)) return undefined;
  const tail = /^\s*from\s*(["'])[^"'\r\n]*\1/.exec(text.slice(close + 1));
  if (!tail) return undefined;
  const quote = tail[1];
  const className = target.declaration.name;
  const list = entry.exported === className ? className : `${className} as ${entry.exported}`;
  const specifier = relativeSpecifier(module, target.module.file);
  return { file: module.file, span: { start: open, end: close + 1 + tail[0].length }, newText: `{ ${list} } from ${quote}${specifier}${quote}` };
}

/**
 * Applies the edits in memory and checks the result: the module then exports the class under `name`,
 * and no edited module exports any name more often than before.
 */
function exportsAfter(store: ModuleStore, module: ModuleInfo, name: string, target: LocatedClass, edits: EditDraft[]): boolean {
  const overlay = new Map<string, string>();
  const byFile = new Map<string, EditDraft[]>();
  for (const edit of edits) byFile.set(edit.file, [...(byFile.get(edit.file) ?? []), edit]);
  try {
    for (const [file, fileEdits] of byFile) overlay.set(file, applyOffsetEdits(store.text(file) ?? "", fileEdits));
  } catch {
    return false;
  }
  const after = new ModuleStore(createOverlayHost(store.host, overlay));
  for (const file of byFile.keys()) {
    const before = store.get(file);
    const edited = after.get(file);
    if (!before || !edited) return false;
    if (duplicateExportNames(edited).some((duplicate) => !duplicateExportNames(before).includes(duplicate))) return false;
  }
  const entry = after.get(module.file);
  const resolved = entry && resolveExport(after, entry, name);
  return resolved?.kind === "class" && resolved.module.file === target.module.file && resolved.declaration.name === target.declaration.name;
}

/** Names a module exports more than once (esbuild: "Multiple exports with the same name"). */
export function duplicateExportNames(module: ModuleInfo): string[] {
  const counts = new Map<string, number>();
  for (const entry of module.exports) counts.set(entry.exported, (counts.get(entry.exported) ?? 0) + 1);
  return [...counts].filter(([, count]) => count > 1).map(([exported]) => exported);
}
