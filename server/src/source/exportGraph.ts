import type { ClassDeclaration, ModuleInfo } from "./model";
import type { ModuleStore } from "./moduleStore";

export type ExportTarget =
  | { kind: "class"; module: ModuleInfo; declaration: ClassDeclaration }
  | { kind: "external"; module: string; name: string }
  | { kind: "value" };

/**
 * What `name` exported from `module` finally is at run time, following `export { A as B } from`,
 * imports re-exported, and `export *` chains; cycles end as not found. What the build erases is not
 * there: type-only exports and imports (`export type { A }`, `import type { A }`) and ambient classes
 * (`declare class A`).
 */
export function resolveExport(store: ModuleStore, module: ModuleInfo, name: string, seen = new Set<string>()): ExportTarget | undefined {
  const key = `${module.file}\0${name}`;
  if (seen.has(key)) return undefined;
  seen.add(key);
  for (const entry of module.exports) {
    if (entry.exported !== name || entry.typeOnly) continue;
    if (entry.from !== undefined) {
      if (entry.imported === "*") return { kind: "value" };
      return resolveImported(store, module, entry.from, entry.imported ?? name, seen);
    }
    return resolveLocal(store, module, entry.local ?? name, seen);
  }
  // `export *` never re-exports a default.
  if (name === "default") return undefined;
  for (const star of module.starExports) {
    if (star.typeOnly) continue;
    const resolution = store.resolver.resolve(module.file, star.from);
    if (resolution.kind !== "file") continue;
    const target = store.get(resolution.file);
    if (!target) continue;
    const found = resolveExport(store, target, name, seen);
    if (found) return found;
  }
  return undefined;
}

/** What a name declared or imported in `module` refers to. */
export function resolveLocal(store: ModuleStore, module: ModuleInfo, local: string, seen = new Set<string>()): ExportTarget | undefined {
  const declaration = module.classes.find((c) => c.name === local);
  if (declaration) return declaration.ambient ? undefined : { kind: "class", module, declaration };
  // `const X = Sentry.instrumentDurableObjectWithSentry(options, Base)`: X is Base, instrumented.
  const wrapped = module.wrappedClasses.find((w) => w.name === local);
  if (wrapped) {
    const key = `${module.file}\0wrapped ${local}`;
    if (seen.has(key)) return undefined;
    seen.add(key);
    return resolveLocal(store, module, wrapped.wraps, seen);
  }
  const binding = module.imports.find((i) => i.local === local);
  if (binding) {
    if (binding.typeOnly) return undefined;
    if (binding.imported === "*") return { kind: "value" };
    return resolveImported(store, module, binding.module, binding.imported, seen);
  }
  return { kind: "value" };
}

function resolveImported(store: ModuleStore, from: ModuleInfo, specifier: string, name: string, seen: Set<string>): ExportTarget | undefined {
  const resolution = store.resolver.resolve(from.file, specifier);
  if (resolution.kind === "external") return { kind: "external", module: resolution.module, name };
  if (resolution.kind === "missing") return undefined;
  const target = store.get(resolution.file);
  return target ? resolveExport(store, target, name, seen) : undefined;
}
