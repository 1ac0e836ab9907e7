import * as fs from "node:fs";
import * as path from "node:path";
import * as vscode from "vscode";

/**
 * `npm start` (scripts/start.mjs) opens the playground with `DO_DOCTOR_START_LAYOUT=<folder>` in
 * code-server's environment, which its extension hosts inherit. In that window only, a new user meets
 * the config and the findings first: the Problems panel, then wrangler's config in the editor. Any
 * other window (the variable unset, or another folder) is left as the user arranged it.
 */
export async function applyStartLayout(env: NodeJS.ProcessEnv = process.env): Promise<boolean> {
  const wanted = env.DO_DOCTOR_START_LAYOUT;
  const folders = vscode.workspace.workspaceFolders ?? [];
  if (!wanted || folders.length !== 1 || folders[0].uri.scheme !== "file") return false;
  const root = folders[0].uri.fsPath;
  if (path.resolve(root) !== path.resolve(wanted)) return false;
  await vscode.commands.executeCommand("workbench.panel.markers.view.focus");
  const config = ["wrangler.jsonc", "wrangler.json", "wrangler.toml"].map((name) => path.join(root, name)).find((file) => fs.existsSync(file));
  if (config) await vscode.window.showTextDocument(vscode.Uri.file(config), { preview: false });
  return true;
}
