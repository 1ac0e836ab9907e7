import * as vscode from "vscode";
import { LanguageClient, TransportKind, type LanguageClientOptions, type ServerOptions } from "vscode-languageclient/node";
import { statusText, type TreeNode, type WorkerData } from "./durableObjectsTree";
import { DurableObjectsView } from "./durableObjectsView";
import { ProbeController } from "./probeController";
import { applyStartLayout } from "./startLayout";
import { SCHEMA_SCHEME, WranglerSchemaProvider } from "./wranglerSchema";
import type { ProbeReport } from "../server/src/probe/report";

/** What `activate` returns: a small API for extension-host tests and other extensions. */
export interface DoDoctorApi {
  /** Resolves once the language server answered `initialize`. */
  ready: Promise<void>;
  /** The Durable Objects view's current content. */
  viewSnapshot(): TreeNode[];
  /** The wrangler config-schema.json served to VS Code's JSON support for configs without `$schema`. */
  wranglerSchemaFile(): string | undefined;
  /** Runs "Probe Agent Binding" without prompts; resolves with the report. */
  probe(args: { configFile?: string; binding?: string; environment?: string }): Promise<ProbeReport | undefined>;
}

const SOURCE_SELECTOR = ["typescript", "typescriptreact", "javascript", "javascriptreact"].map((language) => ({ scheme: "file", language }));

let client: LanguageClient | undefined;

export async function activate(context: vscode.ExtensionContext): Promise<DoDoctorApi> {
  // First: VS Code's JSON support may ask for wrangler's schema as soon as a config opens.
  const schemas = new WranglerSchemaProvider();
  context.subscriptions.push(schemas, vscode.workspace.registerTextDocumentContentProvider(SCHEMA_SCHEME, schemas));

  const serverModule = context.asAbsolutePath("dist/cli.js");
  // glibc's malloc otherwise opens an arena per thread and keeps what it freed: with two arenas the
  // server's memory outside the JS heap stayed flat over a 10,000-edit soak (README, Performance).
  const env = { MALLOC_ARENA_MAX: process.env.MALLOC_ARENA_MAX ?? "2" };
  const serverOptions: ServerOptions = {
    run: { module: serverModule, args: ["lsp"], transport: TransportKind.ipc, options: { env } },
    debug: { module: serverModule, args: ["lsp"], transport: TransportKind.ipc, options: { env, execArgv: ["--nolazy", "--inspect=6019"] } },
  };
  const clientOptions: LanguageClientOptions = {
    documentSelector: [{ scheme: "file", pattern: "**/wrangler.{json,jsonc,toml}" }, ...SOURCE_SELECTOR],
    synchronize: {
      fileEvents: [
        vscode.workspace.createFileSystemWatcher("**/{wrangler.json,wrangler.jsonc,wrangler.toml,tsconfig*.json,do-doctor.config.json,do-doctor.config.jsonc,package.json,pnpm-workspace.yaml,*.ts,*.tsx,*.mts,*.cts,*.js,*.jsx,*.mjs,*.cjs}"),
        // Where a project says which environments run (env-missing-bindings): docs, scripts, GitHub workflows.
        vscode.workspace.createFileSystemWatcher("**/{*.md,*.mdx,*.sh,*.bash,Makefile,justfile,Justfile}"),
        vscode.workspace.createFileSystemWatcher("**/.github/workflows/*.{yml,yaml}"),
      ],
    },
    // clientCommands: this client runs the probe itself (hover links, code lens); other clients ask the server.
    // diagnostics: "push": the views and the Problems panel follow diagnostics of files not open, which
    // a pull client asks for only by polling; the server pulls for clients that prefer it.
    initializationOptions: { settings: vscode.workspace.getConfiguration("doDoctor"), clientCommands: ["doDoctor.probeBinding", "doDoctor.runWranglerTypes"], diagnostics: "push" },
    diagnosticCollectionName: "do-doctor",
    // Hovers link to "Probe this binding": trust that one command, nothing else.
    markdown: { isTrusted: { enabledCommands: ["doDoctor.probeBinding"] }, supportHtml: false },
  };
  client = new LanguageClient("doDoctor", "Durable Object Doctor", serverOptions, clientOptions);

  const view = new DurableObjectsView();
  context.subscriptions.push(vscode.window.createTreeView("doDoctor.durableObjects", { treeDataProvider: view, showCollapseAll: true }));

  const status = vscode.window.createStatusBarItem("doDoctor.status", vscode.StatusBarAlignment.Left, 10);
  status.name = "Durable Object Doctor";
  status.command = "doDoctor.durableObjects.focus";
  context.subscriptions.push(status);
  const updateStatus = () => {
    let errors = 0;
    let warnings = 0;
    for (const [, diagnostics] of vscode.languages.getDiagnostics()) {
      for (const d of diagnostics) {
        if (d.source !== "do-doctor") continue;
        if (d.severity === vscode.DiagnosticSeverity.Error) errors++;
        else if (d.severity === vscode.DiagnosticSeverity.Warning) warnings++;
      }
    }
    const { text, tooltip } = statusText(errors, warnings);
    status.text = text;
    status.tooltip = tooltip;
    status.show();
  };
  context.subscriptions.push(vscode.languages.onDidChangeDiagnostics(updateStatus));

  const refreshView = async () => {
    if (!client) return;
    try {
      view.update(await client.sendRequest<WorkerData[]>("doDoctor/workers"));
    } catch {
      // The server is restarting; the next analysis refreshes the view.
    }
  };

  const probe = new ProbeController(context, () => view.snapshot());
  context.subscriptions.push(
    probe,
    vscode.commands.registerCommand("doDoctor.probeBinding", (args?: unknown) => probe.run(probe.argsFrom(args))),
    vscode.commands.registerCommand("doDoctor.refreshView", refreshView),
    vscode.commands.registerCommand("doDoctor.runWranglerTypes", (args?: unknown) => runWranglerTypes(args)),
    vscode.commands.registerCommand("doDoctor.restartServer", async () => {
      await client?.restart();
    }),
  );

  const ready = client.start().then(() => {
    context.subscriptions.push(client!.onNotification("doDoctor/didAnalyze", () => void refreshView()));
    void vscode.commands.executeCommand("setContext", "doDoctor.active", true);
    updateStatus();
    void refreshView();
  });
  void applyStartLayout().catch(() => undefined);
  context.subscriptions.push({ dispose: () => void client?.stop() });

  return {
    ready,
    viewSnapshot: () => view.snapshot(),
    wranglerSchemaFile: () => schemas.current(),
    probe: (args) => probe.run({ ...args, interactive: false }),
  };
}

export async function deactivate(): Promise<void> {
  await client?.stop();
  client = undefined;
}

/**
 * env-types-stale's action: the project's own `wrangler types` (the package.json script or the
 * recorded command, as the server worked it out) in a terminal in the worker's folder, where the user
 * sees its output and any prompt. The terminal is returned for tests.
 */
function runWranglerTypes(args: unknown): vscode.Terminal | undefined {
  const { command, cwd } = (args ?? {}) as { command?: unknown; cwd?: unknown };
  if (typeof command !== "string" || typeof cwd !== "string") return undefined;
  const terminal = vscode.window.createTerminal({ name: "wrangler types", cwd });
  terminal.show();
  terminal.sendText(command);
  return terminal;
}
