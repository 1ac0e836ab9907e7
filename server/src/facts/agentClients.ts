import * as path from "node:path";
import { isTestFolderName } from "../project/workerFolders";
import { resolveExport } from "../source/exportGraph";
import type { ClientAgentRef, ModuleInfo } from "../source/model";
import type { ModuleStore } from "../source/moduleStore";
import { exportsClient, TYPE_TEST_FILE_NAME } from "../source/recognizers";

/**
 * What the readers' client facts mean: whether a recognized client call is the Agents SDK's (known by
 * its import, not its name), and which files are tests rather than client code.
 */

/**
 * Whether a client call is the SDK's: its callee is imported from an entry point of the SDK that
 * exports it, directly, as a namespace (`client.AgentClient`), or through the project's own module
 * re-exporting it. A local `function useAgent()` is not the SDK's. URLs are not calls: true.
 */
export function isSdkClient(store: ModuleStore, module: ModuleInfo, ref: ClientAgentRef): boolean {
  if (ref.via === "url") return true;
  if (ref.callee === undefined) return false;
  const [local, member] = ref.callee.split(".");
  const binding = module.imports.find((i) => i.local === local && !i.typeOnly);
  if (!binding) return false;
  if (member !== undefined) return binding.imported === "*" && member === ref.via && exportsClient(binding.module, ref.via);
  if (binding.imported !== ref.via) return false;
  if (exportsClient(binding.module, ref.via)) return true;
  const resolution = store.resolver.resolve(module.file, binding.module);
  if (resolution.kind !== "file") return false;
  const target = store.get(resolution.file);
  const found = target ? resolveExport(store, target, binding.imported) : undefined;
  return found?.kind === "external" && found.name === ref.via && exportsClient(found.module, ref.via);
}

export type SourceRole = "client" | "test" | "type-test";

/**
 * Whether `file` is test code, judged from its name and the folders between `root` (the worker's or
 * the workspace's folder) and it. Test code uses clients and URLs as inputs and expectations (a negative test expects the 400 on
 * purpose); type tests are never run at all.
 */
export function sourceRole(file: string, root: string): SourceRole {
  const base = path.basename(file);
  if (TYPE_TEST_FILE_NAME.test(base)) return "type-test";
  if (/\.(?:test|spec|e2e)\.[cm]?[jt]sx?$/i.test(base)) return "test";
  // Folders below the project's root only: a workspace kept under ~/tests is not test code.
  const folders = path.relative(root, path.dirname(file)).split(/[\\/]/);
  return folders.some(isTestFolderName) ? "test" : "client";
}
