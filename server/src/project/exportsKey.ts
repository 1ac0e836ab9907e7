import type { ExportDeclaration } from "./model";

/**
 * The declarative `exports` key (wrangler >= 4.107) lists live classes and tombstones side by side.
 * Only a `"type": "durable-object"` entry in state `created` (the default) or `expecting-transfer`
 * (the receiving side of a transfer) is a class the worker has. `renamed`, `transferred` and
 * `deleted` are tombstones of a class that is gone from this worker; `"type": "worker"` is an
 * entrypoint, not a Durable Object. (wrangler's schema and Miniflare's config strip the tombstones.)
 */
export function isLiveDurableObjectExport(declaration: ExportDeclaration): boolean {
  if (declaration.type?.value !== "durable-object") return false;
  const state = declaration.state?.value ?? "created";
  return state === "created" || state === "expecting-transfer";
}

/** The live Durable Object entry for `className`, if `exports` has one. */
export function liveExportNamed(declarations: readonly ExportDeclaration[], className: string): ExportDeclaration | undefined {
  return declarations.find((d) => d.className.value === className && isLiveDurableObjectExport(d));
}

/**
 * Whether `exports` declares the Durable Object lifecycle: some entry is `"type": "durable-object"`
 * (live or a tombstone). An `exports` of `"type": "worker"` entries only (entrypoint settings such as
 * `cache`) leaves it to `migrations`, which wrangler then uploads as usual: its "mutually exclusive"
 * error and its "no live `exports` entry" warning look at Durable Object entries alone.
 */
export function exportsDeclareDurableObjects(exports: { value: readonly ExportDeclaration[] } | undefined): boolean {
  return !!exports && exports.value.some((d) => d.type?.value === "durable-object");
}
