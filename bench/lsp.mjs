// A plain LSP client over stdio for the benchmark, driving `node bin/do-doctor.js lsp --stdio` as
// test/lsp/lspClient.ts does (what Neovim or Helix would do), with timestamps on every diagnostic.
import { spawn } from "node:child_process";
import * as path from "node:path";
import { performance } from "node:perf_hooks";
import { createRequire } from "node:module";
import { pathToFileURL } from "node:url";

// vscode-jsonrpc is CommonJS; require it as test/lsp/lspClient.ts's compiled output does.
const { createMessageConnection, StreamMessageReader, StreamMessageWriter } = createRequire(import.meta.url)("vscode-jsonrpc/node");

export const uri = (file) => pathToFileURL(file).href;

export class BenchLspClient {
  constructor(repoRoot, { env, debounceMs = 0, execArgv = [], cwd } = {}) {
    this.process = spawn(process.execPath, [...execArgv, path.join(repoRoot, "bin", "do-doctor.js"), "lsp", "--stdio"], { stdio: ["pipe", "pipe", "pipe"], env: env ?? process.env, cwd });
    this.pid = this.process.pid;
    this.stderr = "";
    this.diagnostics = new Map();
    this.analyses = 0;
    this.waiters = [];
    this.process.stderr.on("data", (chunk) => (this.stderr += chunk.toString()));
    this.connection = createMessageConnection(new StreamMessageReader(this.process.stdout), new StreamMessageWriter(this.process.stdin));
    this.connection.onNotification("textDocument/publishDiagnostics", (params) => {
      this.diagnostics.set(params.uri, params.diagnostics);
      this.poke();
    });
    this.connection.onNotification("doDoctor/didAnalyze", (params) => {
      this.analyses = params?.analyses ?? this.analyses + 1;
      this.poke();
    });
    this.connection.onNotification(() => {});
    // No debounce: the bench measures the analysis, not the quiet time an editor waits for.
    this.connection.onRequest("workspace/configuration", (params) => params.items.map(() => ({ debounceMs })));
    this.connection.onRequest("client/registerCapability", () => null);
    this.connection.onRequest("window/workDoneProgress/create", () => null);
    this.connection.listen();
  }

  poke() {
    const now = performance.now();
    this.waiters = this.waiters.filter((w) => {
      if (!w.check()) return true;
      w.resolve(now);
      return false;
    });
  }

  /** Resolves with the time (performance.now()) at which `check` first held after a notification. */
  waitFor(check, what, ms = 600_000) {
    if (check()) return Promise.resolve(performance.now());
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms waiting for ${what}\nstderr: ${this.stderr.slice(-2000)}`)), ms);
      this.waiters.push({ check, resolve: (t) => (clearTimeout(timer), resolve(t)) });
    });
  }

  /** How many diagnostics with this code (rule id) the server last published for a file. */
  count(file, code) {
    return (this.diagnostics.get(uri(file)) ?? []).filter((d) => String(d.code) === code).length;
  }

  async initialize(folder) {
    await this.connection.sendRequest("initialize", {
      processId: process.pid,
      rootUri: uri(folder),
      workspaceFolders: [{ uri: uri(folder), name: path.basename(folder) }],
      capabilities: { workspace: { configuration: true, didChangeWatchedFiles: { dynamicRegistration: true }, workspaceFolders: true } },
    });
    await this.connection.sendNotification("initialized", {});
  }

  open(file, text, languageId) {
    return this.connection.sendNotification("textDocument/didOpen", { textDocument: { uri: uri(file), languageId, version: 1, text } });
  }

  change(file, text, version) {
    return this.connection.sendNotification("textDocument/didChange", { textDocument: { uri: uri(file), version }, contentChanges: [{ text }] });
  }

  /**
   * A request the server answers only after running any pending analysis (hover flushes the
   * debounced re-check first): when it returns, the server is idle and its diagnostics are current.
   */
  async barrier(file) {
    await this.connection.sendRequest("textDocument/hover", { textDocument: { uri: uri(file) }, position: { line: 0, character: 0 } });
  }

  async stop() {
    if (this.process.exitCode !== null) return;
    const exited = new Promise((resolve) => this.process.once("exit", resolve));
    try {
      await Promise.race([this.connection.sendRequest("shutdown"), new Promise((r) => setTimeout(r, 5000))]);
      await this.connection.sendNotification("exit");
    } catch {
      // already gone
    }
    await Promise.race([exited, new Promise((r) => setTimeout(r, 3000))]);
    if (this.process.exitCode === null) this.process.kill("SIGKILL");
    this.connection.dispose();
  }
}
