import {
  CodeActionKind,
  DidChangeConfigurationNotification,
  DidChangeWatchedFilesNotification,
  FileChangeType,
  TextDocumentSyncKind,
  TextDocuments,
  type CodeLens,
  type Connection,
  type InitializeResult,
} from "vscode-languageserver";
import { TextDocument } from "vscode-languageserver-textdocument";
import { summarizeWorkers } from "../inspect/workersSummary";
import { packageVersion } from "../packageFiles";
import { LineIndex } from "../text/positions";
import { codeActionsFor, FIX_ALL_KIND } from "./codeActions";
import { hoverAt } from "./hover";
import { completionsAt, definitionAt } from "./navigation";
import { Session } from "./session";
import { readSettings } from "./settings";
import { pathToUri, uriToPath } from "./uris";

/** The command the client runs to probe a binding (code lens, hover link). */
export const PROBE_COMMAND = "doDoctor.probeBinding";
/** Custom request: the workers summary for views. */
export const WORKERS_REQUEST = "doDoctor/workers";
/** Custom notification: an analysis finished; views refresh. */
export const DID_ANALYZE_NOTIFICATION = "doDoctor/didAnalyze";

const WATCHED_GLOBS = ["**/wrangler.{json,jsonc,toml}", "**/*.{ts,tsx,mts,cts,js,jsx,mjs,cjs}", "**/tsconfig*.json"];

/** Wires the language server's features to a connection (stdio, IPC, or a test pipe). */
export function startServer(connection: Connection): void {
  const documents = new TextDocuments(TextDocument);
  const session = new Session(connection, documents);
  let canPullConfiguration = false;
  let canWatchDynamically = false;
  let hasWorkspaceFolders = false;

  const guarded = <P, R>(name: string, fallback: R, handler: (params: P) => R) => (params: P): R => {
    try {
      return handler(params);
    } catch (error) {
      connection.console.error(`do-doctor: ${name} failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
      return fallback;
    }
  };

  connection.onInitialize((params): InitializeResult => {
    const folders = params.workspaceFolders?.map((f) => uriToPath(f.uri)).filter((p): p is string => !!p) ?? [];
    const rootPath = params.rootUri ? uriToPath(params.rootUri) : (params.rootPath ?? undefined);
    session.setFolders(folders.length ? folders : rootPath ? [rootPath] : []);
    session.settings = readSettings((params.initializationOptions as { settings?: unknown } | undefined)?.settings);
    canPullConfiguration = !!params.capabilities.workspace?.configuration;
    canWatchDynamically = !!params.capabilities.workspace?.didChangeWatchedFiles?.dynamicRegistration;
    hasWorkspaceFolders = !!params.capabilities.workspace?.workspaceFolders;
    return {
      capabilities: {
        textDocumentSync: TextDocumentSyncKind.Incremental,
        codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix, FIX_ALL_KIND], resolveProvider: false },
        hoverProvider: true,
        definitionProvider: true,
        completionProvider: { triggerCharacters: ['"', "'"], resolveProvider: false },
        codeLensProvider: { resolveProvider: false },
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
    if (canPullConfiguration) void connection.client.register(DidChangeConfigurationNotification.type, { section: "doDoctor" });
    if (canWatchDynamically) {
      void connection.client.register(DidChangeWatchedFilesNotification.type, { watchers: WATCHED_GLOBS.map((globPattern) => ({ globPattern })) });
    }
    if (hasWorkspaceFolders) connection.workspace.onDidChangeWorkspaceFolders((event) => {
      const removed = new Set(event.removed.map((f) => uriToPath(f.uri)));
      const added = event.added.map((f) => uriToPath(f.uri)).filter((p): p is string => !!p);
      session.setFolders([...session.folderList, ...added].filter((f) => !removed.has(f)));
    });
    void pullSettings();
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

  const probeLink = (binding: string, env: string) => `command:${PROBE_COMMAND}?${encodeURIComponent(JSON.stringify([{ binding, environment: env }]))}`;

  connection.onCodeAction(
    guarded("code actions", [], (params) => {
      const file = uriToPath(params.textDocument.uri);
      if (!file) return [];
      return codeActionsFor(params, session.findingsFor(file), (f) => session.uriOf(f), (fixes) => session.screenFixAll(fixes));
    }),
  );

  const offsetOf = (file: string, position: { line: number; character: number }) => new LineIndex(session.textOf(file) ?? "").offsetAt(position);

  connection.onHover(
    guarded("hover", null, (params) => {
      const file = uriToPath(params.textDocument.uri);
      const project = file && session.projectFor(file);
      if (!file || !project) return null;
      return hoverAt(project, file, offsetOf(file, params.position), probeLink) ?? null;
    }),
  );

  connection.onDefinition(
    guarded("definition", null, (params) => {
      const file = uriToPath(params.textDocument.uri);
      const project = file && session.projectFor(file);
      if (!file || !project) return null;
      return definitionAt(project, file, offsetOf(file, params.position)) ?? null;
    }),
  );

  connection.onCompletion(
    guarded("completion", [], (params) => {
      const file = uriToPath(params.textDocument.uri);
      const project = file && session.projectFor(file);
      if (!file || !project) return [];
      return completionsAt(project, file, offsetOf(file, params.position));
    }),
  );

  connection.onCodeLens(
    guarded("code lens", [] as CodeLens[], (params) => {
      const file = uriToPath(params.textDocument.uri);
      const project = file && session.projectFor(file);
      if (!file || !project) return [];
      const worker = project.workers.find((w) => w.file === file);
      if (!worker) return [];
      const lines = new LineIndex(worker.parsed.text);
      return [worker.topLevel, ...worker.environments].flatMap((env) =>
        env.durableObjects
          .filter((b) => b.name && !b.scriptName)
          .map((binding) => ({
            range: lines.rangeOf(binding.name!.span),
            command: {
              title: `Probe ${binding.name!.value}${env.name ? ` (${env.label})` : ""}`,
              command: PROBE_COMMAND,
              arguments: [{ configFile: file, binding: binding.name!.value, environment: env.name }],
            },
          })),
      );
    }),
  );

  connection.onRequest(
    WORKERS_REQUEST,
    guarded("workers", [] as unknown[], () => {
      const findings = session.allFindings();
      return session.projects().flatMap((project) => summarizeWorkers(project, findings).map((w) => ({ ...w, configUri: pathToUri(w.configFile) })));
    }),
  );

  session.onDidAnalyze(() => void connection.sendNotification(DID_ANALYZE_NOTIFICATION, { analyses: session.analyses, checkedWorkers: session.checkedWorkers }));
  connection.onShutdown(() => session.dispose());

  documents.listen(connection);
  connection.listen();
}
