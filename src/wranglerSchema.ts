import * as fs from "node:fs";
import * as path from "node:path";
import * as vscode from "vscode";
import { wranglerConfigSchema } from "../server/src/probe/findWrangler";

/**
 * wrangler's own JSON schema for `wrangler.json` / `wrangler.jsonc` files that name none (`"$schema"`),
 * so every wrangler key gets completion and hover from VS Code's JSON support beside our diagnostics.
 *
 * package.json's `jsonValidation` associates those file names with `do-doctor-schema:/wrangler/config-schema.json`,
 * a document this provider serves: the `config-schema.json` of the project's installed wrangler, found
 * by walking up from the config (a workspace's node_modules cannot be named in a static contribution).
 * Nothing is written to the user's settings. A file with its own `"$schema"` keeps it: VS Code's JSON
 * language service uses a document's `$schema` instead of any association.
 *
 * One schema URL serves every file, so one install's schema is served at a time: the one of the
 * wrangler config last focused (when a workspace holds several wrangler versions, the focused file's
 * own). Without an installed wrangler, or with `doDoctor.wranglerSchema.enable` off, it serves `{}`,
 * which allows everything and adds nothing.
 */
export const SCHEMA_SCHEME = "do-doctor-schema";
export const WRANGLER_SCHEMA_URI = vscode.Uri.from({ scheme: SCHEMA_SCHEME, path: "/wrangler/config-schema.json" });

const EMPTY_SCHEMA = "{}";

export function isWranglerJson(uri: vscode.Uri): boolean {
  return uri.scheme === "file" && /^wrangler\.jsonc?$/.test(path.basename(uri.fsPath));
}

export class WranglerSchemaProvider implements vscode.TextDocumentContentProvider, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changed.event;
  /** The config-schema.json served, once chosen. */
  private schemaFile: string | undefined;
  private chosen = false;
  private readonly subscriptions: vscode.Disposable[] = [];

  constructor() {
    this.subscriptions.push(
      this.changed,
      vscode.window.onDidChangeActiveTextEditor((editor) => editor && this.follow(editor.document.uri)),
      vscode.workspace.onDidOpenTextDocument((document) => {
        if (!this.chosen) this.follow(document.uri);
      }),
      vscode.workspace.onDidChangeConfiguration((event) => {
        if (event.affectsConfiguration("doDoctor.wranglerSchema.enable")) this.changed.fire(WRANGLER_SCHEMA_URI);
      }),
      // npm install after the file was opened: the schema appears.
      vscode.workspace.onDidChangeWorkspaceFolders(() => this.refresh()),
    );
    const active = vscode.window.activeTextEditor?.document.uri;
    if (active) this.follow(active);
  }

  /** The schema file served now (for tests and the walkthrough). */
  current(): string | undefined {
    return this.schemaFile;
  }

  provideTextDocumentContent(): string {
    if (!vscode.workspace.getConfiguration("doDoctor").get<boolean>("wranglerSchema.enable", true)) return EMPTY_SCHEMA;
    if (!this.chosen) {
      const open = vscode.workspace.textDocuments.find((d) => isWranglerJson(d.uri));
      if (open) this.choose(open.uri, false);
    }
    if (!this.schemaFile) return EMPTY_SCHEMA;
    try {
      const text = fs.readFileSync(this.schemaFile, "utf8");
      JSON.parse(text);
      return text;
    } catch {
      // Unreadable or half-written (an install in progress): allow everything rather than warn.
      return EMPTY_SCHEMA;
    }
  }

  /** Serve the schema of the wrangler that `uri` (a wrangler config) would run with. */
  follow(uri: vscode.Uri): void {
    if (isWranglerJson(uri)) this.choose(uri, true);
  }

  refresh(): void {
    this.changed.fire(WRANGLER_SCHEMA_URI);
  }

  private choose(config: vscode.Uri, notify: boolean) {
    this.chosen = true;
    const next = wranglerConfigSchema(path.dirname(config.fsPath));
    if (next === this.schemaFile) return;
    this.schemaFile = next;
    if (notify) this.changed.fire(WRANGLER_SCHEMA_URI);
  }

  dispose(): void {
    for (const s of this.subscriptions.splice(0)) s.dispose();
  }
}
