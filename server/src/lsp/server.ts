import * as path from "node:path";
import {
  type CancellationToken,
  CodeActionKind,
  type DocumentDiagnosticParams,
  type DocumentDiagnosticReport,
  DocumentDiagnosticReportKind,
  LSPErrorCodes,
  ResponseError,
  DidChangeConfigurationNotification,
  DidChangeWatchedFilesNotification,
  FileChangeType,
  TextDocumentSyncKind,
  TextDocuments,
  type CodeLens,
  type Command,
  type Connection,
  type InitializeResult,
} from "vscode-languageserver";
import { TextDocument } from "vscode-languageserver-textdocument";
import type { Finding } from "../findings";
import { summarizeWorkers } from "../inspect/workersSummary";
import { packageVersion } from "../packageFiles";
import { LineIndex } from "../text/positions";
import { bindingGuardIn } from "../inspect/guardTarget";
import { codeActionsFor, FIX_ALL_KIND, guardAction } from "./codeActions";
import { hoverAt } from "./hover";
import { completionsAt, definitionAt } from "./navigation";
import { DiskWatcher } from "./diskWatcher";
import { MEMORY_REQUEST, memoryReport, type MemoryReport } from "./memoryUsage";
import { Session } from "./session";
import { readSettings } from "./settings";
import { pathToUri, uriToPath } from "./uris";

/** The command the client runs to probe a binding (code lens, hover link). */
export const PROBE_COMMAND = "doDoctor.probeBinding";
/** The extension's command that runs a project's `wrangler types` in a terminal ({ command, cwd }). */
export const TYPES_COMMAND = "doDoctor.runWranglerTypes";
/** Custom request: the workers summary for views. */
export const WORKERS_REQUEST = "doDoctor/workers";
/** Custom notification: an analysis finished; views refresh. */
export const DID_ANALYZE_NOTIFICATION = "doDoctor/didAnalyze";

const WATCHED_GLOBS = ["**/wrangler.{json,jsonc,toml}", "**/*.{ts,tsx,mts,cts,js,jsx,mjs,cjs}", "**/tsconfig*.json", "**/do-doctor.config.{json,jsonc}", "**/package.json", "**/pnpm-workspace.yaml",
  // Where a project says which environments run (env-missing-bindings): docs, scripts, GitHub workflows.
  "**/*.{md,mdx,sh,bash}", "**/{Makefile,justfile,Justfile}", "**/.github/workflows/*.{yml,yaml}"];

/** Wires the language server's features to a connection (stdio, IPC, or a test pipe). */
export function startServer(connection: Connection): void {
  const documents = new TextDocuments(TextDocument);
  const session = new Session(connection, documents);
  let canPullConfiguration = false;
  let canRegisterConfiguration = false;
  let canWatchDynamically = false;
  let hasWorkspaceFolders = false;
  /** The client runs `doDoctor.probeBinding` itself (the VS Code extension says so); others ask the server. */
  let clientRunsProbe = false;
  let clientRunsTypes = false;
  let watcher: DiskWatcher | undefined;
  const watchFolders = () => {
    if (canWatchDynamically) return;
    watcher ??= new DiskWatcher(
      (changes) => {
        if (changes.createdOrDeleted.length > 0) session.filesCreatedOrDeleted([...changes.createdOrDeleted, ...changes.changed]);
        else session.filesChanged(changes.changed);
      },
      (message) => connection.console.error(message),
    );
    watcher.watch(session.folderList);
  };

  const guarded = <P, R>(name: string, fallback: R, handler: (params: P) => R) => (params: P): R => {
    try {
      return handler(params);
    } catch (error) {
      connection.console.error(`do-doctor: ${name} failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
      return fallback;
    }
  };
  /**
   * A request that may wait for the re-check of the file it asks about. A request the client
   * cancelled (`$/cancelRequest`) answers RequestCancelled, as soon as the wait notices it.
   */
  const answering = <P, R>(name: string, fallback: R, handler: (params: P, token: CancellationToken) => Promise<R>) => async (params: P, token: CancellationToken): Promise<R> => {
    let result: R;
    try {
      result = await handler(params, token);
    } catch (error) {
      if (error instanceof ResponseError) throw error;
      connection.console.error(`do-doctor: ${name} failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
      result = fallback;
    }
    if (token.isCancellationRequested) throw new ResponseError(LSPErrorCodes.RequestCancelled, `${name} cancelled`);
    return result;
  };
  /** The client pulls diagnostics (LSP 3.17), and can be told to pull again. */
  let canRefreshDiagnostics = false;

  connection.onInitialize((params): InitializeResult => {
    const folders = params.workspaceFolders?.map((f) => uriToPath(f.uri)).filter((p): p is string => !!p) ?? [];
    const rootPath = params.rootUri ? uriToPath(params.rootUri) : (params.rootPath ?? undefined);
    session.setFolders(folders.length ? folders : rootPath ? [rootPath] : []);
    const options = params.initializationOptions as { settings?: unknown; clientCommands?: unknown } | undefined;
    session.settings = readSettings(options?.settings);
    clientRunsProbe = Array.isArray(options?.clientCommands) && options.clientCommands.includes(PROBE_COMMAND);
    clientRunsTypes = Array.isArray(options?.clientCommands) && options.clientCommands.includes(TYPES_COMMAND);
    canPullConfiguration = !!params.capabilities.workspace?.configuration;
    // Register only what the client says it can take dynamically (Neovim warns about the rest).
    canRegisterConfiguration = canPullConfiguration && !!params.capabilities.workspace?.didChangeConfiguration?.dynamicRegistration;
    canWatchDynamically = !!params.capabilities.workspace?.didChangeWatchedFiles?.dynamicRegistration;
    hasWorkspaceFolders = !!params.capabilities.workspace?.workspaceFolders;
    // Pull diagnostics for clients that announce them, unless told to push (the VS Code extension's
    // views and problem list follow pushed diagnostics of files not open).
    const diagnosticsMode = (options as { diagnostics?: unknown } | undefined)?.diagnostics;
    session.pullDiagnostics = !!params.capabilities.textDocument?.diagnostic && diagnosticsMode !== "push";
    canRefreshDiagnostics = !!params.capabilities.workspace?.diagnostics?.refreshSupport;
    return {
      capabilities: {
        textDocumentSync: TextDocumentSyncKind.Incremental,
        codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix, CodeActionKind.RefactorRewrite, FIX_ALL_KIND], resolveProvider: false },
        hoverProvider: true,
        definitionProvider: true,
        completionProvider: { triggerCharacters: ['"', "'"], resolveProvider: false },
        codeLensProvider: { resolveProvider: false },
        // A config edit changes findings in sources, and the other way round.
        ...(session.pullDiagnostics ? { diagnosticProvider: { identifier: "do-doctor", interFileDependencies: true, workspaceDiagnostics: true } } : {}),
        // Clients other than the extension run the probe through the server (the code lens's command).
        ...(clientRunsProbe ? {} : { executeCommandProvider: { commands: [PROBE_COMMAND] } }),
        workspace: { workspaceFolders: { supported: true, changeNotifications: true } },
      },
      serverInfo: { name: "do-doctor", version: packageVersion() },
    };
  });

  const pullSettings = async () => {
    if (!canPullConfiguration) return;
    try {
      const [settings] = (await connection.workspace.getConfiguration([{ section: "doDoctor" }])) as unknown[];
      session.settings = readSettings(settings);
    } catch {
      // The client could not answer: keep the current settings.
    }
    session.scheduleFull();
  };

  connection.onInitialized(() => {
    if (canRegisterConfiguration) void connection.client.register(DidChangeConfigurationNotification.type, { section: "doDoctor" });
    if (canWatchDynamically) {
      void connection.client.register(DidChangeWatchedFilesNotification.type, { watchers: WATCHED_GLOBS.map((globPattern) => ({ globPattern })) });
    } else watchFolders();
    if (hasWorkspaceFolders) connection.workspace.onDidChangeWorkspaceFolders((event) => {
      const removed = new Set(event.removed.map((f) => uriToPath(f.uri)));
      const added = event.added.map((f) => uriToPath(f.uri)).filter((p): p is string => !!p);
      session.setFolders([...session.folderList, ...added].filter((f) => !removed.has(f)));
      watchFolders();
    });
    void pullSettings();
  });

  connection.onExecuteCommand(async (params) => {
    if (params.command !== PROBE_COMMAND) return null;
    const [target] = (params.arguments ?? []) as { configFile?: string; binding?: string; environment?: string }[];
    if (!target?.configFile) return null;
    // Loaded on use: the probe engine runs the project's own wrangler dev (see server/src/probe).
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { runProbe } = require("../probe/index") as typeof import("../probe/index");
    void connection.window.showInformationMessage(`do-doctor: probing ${target.binding ?? "the binding"} with the project's wrangler dev...`);
    try {
      const report = await runProbe({ projectDir: path.dirname(target.configFile), configFile: target.configFile, binding: target.binding, environment: target.environment || undefined });
      const text = `do-doctor probe (${report.verdict}): ${report.sentence}${report.fix ? ` Fix: ${report.fix}` : ""}`;
      void (report.verdict === "ok" ? connection.window.showInformationMessage(text) : connection.window.showWarningMessage(text));
      return { verdict: report.verdict, sentence: report.sentence, fix: report.fix };
    } catch (error) {
      void connection.window.showErrorMessage(`do-doctor probe failed: ${error instanceof Error ? error.message : String(error)}`);
      return null;
    }
  });

  connection.onDidChangeConfiguration((change) => {
    if (canPullConfiguration) void pullSettings();
    else {
      session.settings = readSettings((change.settings as { doDoctor?: unknown } | undefined)?.doDoctor);
      session.scheduleFull();
    }
  });

  documents.onDidChangeContent((event) => session.documentChanged(event.document.uri, event.document.getText()));
  documents.onDidClose((event) => session.documentChanged(event.document.uri, undefined));

  connection.onDidChangeWatchedFiles((params) => {
    const structural = params.changes.filter((c) => c.type !== FileChangeType.Changed).map((c) => uriToPath(c.uri)).filter((p): p is string => !!p);
    if (structural.length > 0) session.filesCreatedOrDeleted(structural);
    else session.filesChanged(params.changes.map((c) => uriToPath(c.uri)).filter((p): p is string => !!p));
  });

  // A `command:` link is followed only by a client that runs the command (VS Code); elsewhere it is noise.
  const probeLink = (binding: string, env: string) => `command:${PROBE_COMMAND}?${encodeURIComponent(JSON.stringify([{ binding, environment: env }]))}`;

  // `do-doctor.runWranglerTypes` is the extension's (a terminal): offered only to a client that says it runs it.
  const typesCommand = (finding: Finding): Command | undefined => {
    if (!clientRunsTypes || finding.ruleId !== "env-types-stale" || typeof finding.data?.command !== "string" || typeof finding.data.cwd !== "string") return undefined;
    // `cwd` is the worker's folder relative to the types file.
    const cwd = path.resolve(path.dirname(finding.file), finding.data.cwd);
    return { title: `Run \`${finding.data.command}\``, command: TYPES_COMMAND, arguments: [{ command: finding.data.command, cwd }] };
  };

  connection.onCodeAction(
    answering("code actions", [], async (params, token) => {
      const file = uriToPath(params.textDocument.uri);
      if (!file) return [];
      const actions = codeActionsFor(params, await session.findingsFor(file, token), (f) => session.uriOf(f), (fixes) => session.screenFixAll(fixes), (f) => session.textOf(f), typesCommand);
      const project = await session.projectFor(file, token);
      if (project && params.range.start.line === params.range.end.line && params.range.start.character === params.range.end.character) {
        const index = new LineIndex(session.textOf(file) ?? "");
        const guard = bindingGuardIn(project, file, index.offsetAt(params.range.start));
        const action = guardAction(params, guard, guard && index.rangeOf(guard.span), params.textDocument.uri);
        if (action) actions.push(action);
      }
      return actions;
    }),
  );

  const offsetOf = (file: string, position: { line: number; character: number }) => new LineIndex(session.textOf(file) ?? "").offsetAt(position);

  connection.onHover(
    answering("hover", null, async (params, token) => {
      const file = uriToPath(params.textDocument.uri);
      const project = file && (await session.projectFor(file, token));
      if (!file || !project) return null;
      return hoverAt(project, file, offsetOf(file, params.position), clientRunsProbe ? probeLink : undefined) ?? null;
    }),
  );

  connection.onDefinition(
    answering("definition", null, async (params, token) => {
      const file = uriToPath(params.textDocument.uri);
      const project = file && (await session.projectFor(file, token));
      if (!file || !project) return null;
      return definitionAt(project, file, offsetOf(file, params.position)) ?? null;
    }),
  );

  connection.onCompletion(
    answering("completion", [], async (params, token) => {
      const file = uriToPath(params.textDocument.uri);
      const project = file && (await session.projectFor(file, token));
      if (!file || !project) return [];
      return completionsAt(project, file, offsetOf(file, params.position));
    }),
  );

  connection.onCodeLens(
    answering("code lens", [] as CodeLens[], async (params, token) => {
      const file = uriToPath(params.textDocument.uri);
      const project = file && (await session.projectFor(file, token));
      if (!file || !project) return [];
      const worker = project.workers.find((w) => w.file === file);
      if (!worker) return [];
      const lines = new LineIndex(worker.parsed.text);
      // Every binding the probe can prove: Durable Objects of this worker, its Workflows, service bindings.
      return [worker.topLevel, ...worker.environments].flatMap((env) => {
        const names = [
          ...env.durableObjects.filter((b) => !b.scriptName).map((b) => b.name),
          ...env.workflows.map((w) => w.binding),
          ...env.services.map((s) => s.binding),
        ];
        return names
          .filter((name): name is NonNullable<typeof name> => !!name)
          .map((name) => ({
            range: lines.rangeOf(name.span),
            command: {
              title: `Probe ${name.value}${env.name ? ` (${env.label})` : ""}`,
              command: PROBE_COMMAND,
              arguments: [{ configFile: file, binding: name.value, environment: env.name }],
            },
          }));
      });
    }),
  );

  connection.onRequest(
    WORKERS_REQUEST,
    guarded("workers", [] as unknown[], () => {
      const findings = session.allFindings();
      return session.projects().flatMap((project) => summarizeWorkers(project, findings).map((w) => ({ ...w, configUri: pathToUri(w.configFile) })));
    }),
  );

  connection.onRequest(
    MEMORY_REQUEST,
    guarded("memory", null as MemoryReport | null, (params: { gc?: boolean } | undefined): MemoryReport | null => memoryReport(params?.gc === true, session.cachedModules)),
  );

  connection.languages.diagnostics.on(
    answering<DocumentDiagnosticParams, DocumentDiagnosticReport>("document diagnostics", { kind: DocumentDiagnosticReportKind.Full, items: [] }, async (params, token) => {
      const report = await session.documentDiagnostics(params.textDocument.uri, params.previousResultId, token);
      return report.diagnostics ? { kind: DocumentDiagnosticReportKind.Full, resultId: report.resultId, items: report.diagnostics } : { kind: DocumentDiagnosticReportKind.Unchanged, resultId: report.resultId };
    }),
  );
  connection.languages.diagnostics.onWorkspace(
    answering("workspace diagnostics", { items: [] }, async (params, token) => {
      const reports = await session.workspaceDiagnostics(params.previousResultIds, token);
      return {
        items: reports.map((r) =>
          r.diagnostics
            ? { kind: DocumentDiagnosticReportKind.Full, uri: r.uri, version: null, resultId: r.resultId, items: r.diagnostics }
            : { kind: DocumentDiagnosticReportKind.Unchanged, uri: r.uri, version: null, resultId: r.resultId },
        ),
      };
    }),
  );
  session.onDiagnosticsChanged = () => {
    if (canRefreshDiagnostics) void connection.languages.diagnostics.refresh().catch(() => undefined);
  };

  session.onDidAnalyze(() => void connection.sendNotification(DID_ANALYZE_NOTIFICATION, { analyses: session.analyses, checkedWorkers: session.checkedWorkers, abandoned: session.abandoned }));
  connection.onShutdown(() => {
    watcher?.close();
    session.dispose();
  });

  documents.listen(connection);
  connection.listen();
}
