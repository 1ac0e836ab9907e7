import { spawn, type ChildProcess } from "node:child_process";
import * as path from "node:path";
import { pathToFileURL } from "node:url";
import { createMessageConnection, StreamMessageReader, StreamMessageWriter, type MessageConnection } from "vscode-jsonrpc/node";
import type { Diagnostic, PublishDiagnosticsParams } from "vscode-languageserver-protocol";
import { REPO_ROOT } from "../support/fixtures";

export const uri = (file: string) => pathToFileURL(file).href;

/**
 * A plain LSP client over stdio, driving the real `do-doctor lsp --stdio` process: what Neovim or
 * Helix would do, nothing VS Code-specific.
 */
export class LspClient {
  readonly process: ChildProcess;
  readonly connection: MessageConnection;
  readonly diagnostics = new Map<string, Diagnostic[]>();
  readonly notifications: { method: string; params: unknown }[] = [];
  /** Methods the server registered dynamically. */
  readonly registrations: string[] = [];
  stderr = "";
  private waiters: { check: () => boolean; resolve: () => void }[] = [];

  constructor() {
    this.process = spawn(process.execPath, [path.join(REPO_ROOT, "bin", "do-doctor.js"), "lsp", "--stdio"], { stdio: ["pipe", "pipe", "pipe"] });
    this.process.stderr!.on("data", (chunk: Buffer) => (this.stderr += chunk.toString()));
    this.connection = createMessageConnection(new StreamMessageReader(this.process.stdout!), new StreamMessageWriter(this.process.stdin!));
    this.connection.onNotification("textDocument/publishDiagnostics", (params: PublishDiagnosticsParams) => {
      this.diagnostics.set(params.uri, params.diagnostics);
      this.notifications.push({ method: "textDocument/publishDiagnostics", params });
      this.poke();
    });
    this.connection.onNotification((method, params) => {
      this.notifications.push({ method, params });
      this.poke();
    });
    // Answer the server's requests as a minimal client does.
    this.connection.onRequest("workspace/configuration", (params: { items: unknown[] }) => params.items.map(() => ({ debounceMs: 20 })));
    this.connection.onRequest("client/registerCapability", (params: { registrations: { method: string }[] }) => {
      this.registrations.push(...params.registrations.map((r) => r.method));
      return null;
    });
    this.connection.onRequest("window/workDoneProgress/create", () => null);
    this.connection.listen();
  }

  private poke(): void {
    this.waiters = this.waiters.filter((w) => {
      if (!w.check()) return true;
      w.resolve();
      return false;
    });
  }

  /** Resolves when `check` holds after some notification; rejects after `ms`. */
  waitFor(check: () => boolean, what: string, ms = 10_000): Promise<void> {
    if (check()) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`timed out waiting for ${what}; diagnostics: ${JSON.stringify([...this.diagnostics].map(([u, d]) => [path.basename(u), d.map((x) => x.code)]))}\nstderr: ${this.stderr}`)), ms);
      this.waiters.push({ check, resolve: () => (clearTimeout(timer), resolve()) });
    });
  }

  codes(file: string): string[] {
    return (this.diagnostics.get(uri(file)) ?? []).map((d) => String(d.code)).sort();
  }

  async initialize(folder: string, capabilities: Record<string, unknown> = {}, initializationOptions?: unknown): Promise<unknown> {
    const result = await this.connection.sendRequest("initialize", {
      processId: process.pid,
      rootUri: uri(folder),
      workspaceFolders: [{ uri: uri(folder), name: path.basename(folder) }],
      capabilities: { workspace: { configuration: true, didChangeWatchedFiles: { dynamicRegistration: true }, workspaceFolders: true }, ...capabilities },
      ...(initializationOptions !== undefined ? { initializationOptions } : {}),
    });
    await this.connection.sendNotification("initialized", {});
    return result;
  }

  open(file: string, text: string, languageId = "jsonc", version = 1): Promise<void> {
    return this.connection.sendNotification("textDocument/didOpen", { textDocument: { uri: uri(file), languageId, version, text } });
  }

  change(file: string, text: string, version: number): Promise<void> {
    return this.connection.sendNotification("textDocument/didChange", { textDocument: { uri: uri(file), version }, contentChanges: [{ text }] });
  }

  close(file: string): Promise<void> {
    return this.connection.sendNotification("textDocument/didClose", { textDocument: { uri: uri(file) } });
  }

  async stop(): Promise<number | null> {
    if (this.process.exitCode !== null) return this.process.exitCode;
    const exited = new Promise<number | null>((resolve) => this.process.once("exit", (code) => resolve(code)));
    try {
      await this.connection.sendRequest("shutdown");
      await this.connection.sendNotification("exit");
    } catch {
      this.process.kill("SIGKILL");
    }
    const code = await Promise.race([exited, new Promise<null>((r) => setTimeout(() => r(null), 3000))]);
    if (this.process.exitCode === null) this.process.kill("SIGKILL");
    this.connection.dispose();
    return code;
  }
}
