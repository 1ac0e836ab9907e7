// Shared by the extension-host suites (they run inside VS Code's extension host).
import * as fs from "node:fs";
import * as path from "node:path";
import * as vscode from "vscode";
import type { DoDoctorApi } from "../../src/extension";

export const EXTENSION_ID = "durable-object-doctor.durable-object-doctor";

export function extension(): vscode.Extension<DoDoctorApi> {
  const ext = vscode.extensions.getExtension<DoDoctorApi>(EXTENSION_ID);
  if (!ext) throw new Error(`extension ${EXTENSION_ID} is not loaded (extensionDevelopmentPath wrong?)`);
  return ext;
}

export async function api(): Promise<DoDoctorApi> {
  const value = await extension().activate();
  await value.ready;
  return value;
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Polls until `check` returns a truthy value; fails with `what` and the last state. */
export async function waitFor<T>(what: string, check: () => T | undefined | false | Promise<T | undefined | false>, timeoutMs = 15_000, describe?: () => string): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${describe ? `\n${describe()}` : ""}`);
    await sleep(100);
  }
}

export function folder(name: string): string {
  const found = vscode.workspace.workspaceFolders?.find((f) => f.name === name);
  if (!found) throw new Error(`no workspace folder "${name}"`);
  return found.uri.fsPath;
}

export function fileUri(folderName: string, relative: string): vscode.Uri {
  return vscode.Uri.file(path.join(folder(folderName), ...relative.split("/")));
}

export function ruleId(d: vscode.Diagnostic): string {
  return typeof d.code === "object" ? String(d.code.value) : String(d.code);
}

export function ours(uri: vscode.Uri): vscode.Diagnostic[] {
  return vscode.languages.getDiagnostics(uri).filter((d) => d.source === "do-doctor");
}

export function codes(uri: vscode.Uri): string[] {
  return ours(uri).map(ruleId).sort();
}

/** `ruleId relative/file:line` (1-based) for every do-doctor diagnostic under a folder. */
export function findingsUnder(dir: string): string[] {
  const found: string[] = [];
  for (const [uri, diagnostics] of vscode.languages.getDiagnostics()) {
    if (uri.scheme !== "file" || !(uri.fsPath === dir || uri.fsPath.startsWith(dir + path.sep))) continue;
    for (const d of diagnostics) if (d.source === "do-doctor") found.push(`${ruleId(d)} ${path.relative(dir, uri.fsPath).split(path.sep).join("/")}:${d.range.start.line + 1}`);
  }
  return found.sort();
}

export function rangeText(r: vscode.Range): string {
  return `${r.start.line}:${r.start.character}-${r.end.line}:${r.end.character}`;
}

export async function quickFixes(uri: vscode.Uri, range: vscode.Range): Promise<vscode.CodeAction[]> {
  return (await vscode.commands.executeCommand<vscode.CodeAction[]>("vscode.executeCodeActionProvider", uri, range, vscode.CodeActionKind.QuickFix.value)) ?? [];
}

export function diskText(uri: vscode.Uri): string {
  return fs.readFileSync(uri.fsPath, "utf8");
}

export async function documentText(uri: vscode.Uri): Promise<string> {
  return (await vscode.workspace.openTextDocument(uri)).getText();
}

/** The example's four findings, as `do-doctor check --format json` reports them (0-based ranges). */
export const EXAMPLE_FINDINGS = [
  { ruleId: "class-not-exported", file: "wrangler.jsonc", range: "15:22-15:34" },
  { ruleId: "env-missing-bindings", file: "wrangler.jsonc", range: "30:4-30:13" },
  { ruleId: "class-not-exported", file: "src/coder-agent.ts", range: "8:13-8:23" },
  { ruleId: "agent-route-mismatch", file: "src/client/app.tsx", range: "6:12-6:17" },
];

/** Waits until the example copy in `folderName` shows its four findings (the server's first analysis). */
export async function exampleReady(folderName: string): Promise<void> {
  await api();
  const dir = folder(folderName);
  await waitFor("the example's four findings", () => findingsUnder(dir).length === 4, 20_000, () => findingsUnder(dir).join("\n"));
}

/** Reverts and closes every editor and drops unsaved changes: suites start from disk. */
export async function closeAll(): Promise<void> {
  for (const document of vscode.workspace.textDocuments) {
    if (document.isDirty) {
      await vscode.window.showTextDocument(document);
      await vscode.commands.executeCommand("workbench.action.files.revert");
    }
  }
  await vscode.commands.executeCommand("workbench.action.closeAllEditors");
}
