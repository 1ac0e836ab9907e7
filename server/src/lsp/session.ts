import * as path from "node:path";
import { MessageType, ShowMessageNotification, type CancellationToken, type Connection, type Diagnostic } from "vscode-languageserver";
import type { TextDocuments } from "vscode-languageserver";
import type { TextDocument } from "vscode-languageserver-textdocument";
import { analyze, type AnalysisResult } from "../analyze";
import { editsByFile, screenFixes, unremovedFindings } from "../edits/fixCheck";
import { applyTextEdits } from "../edits/applyEdits";
import type { Finding, Fix } from "../findings";
import { createDiskHost, createOverlayHost, type FileHost } from "../host";
import { describeCap, isConfigFileName, listWorkspaceFiles, type WorkspaceFiles } from "../project/discover";
import type { ProjectView } from "../rules/rule";
import { ModuleStore } from "../source/moduleStore";
import type { ParseCache } from "../source/parseCache";
import { isInside } from "../source/sourceIndex";
import { UNUSED_DIRECTIVE_RULE } from "../directives";
import { findProjectConfig, PROJECT_CONFIG_NAMES, type ProjectConfig } from "../projectConfig";
import { RULE_ALIASES, rules } from "../rules/index";
import { GIT_RULES } from "../git/readGitBase";
import { GitBases } from "./gitBases";
import { toDiagnostic } from "./diagnostics";
import { DEFAULT_SETTINGS, type ServerSettings } from "./settings";
import { analyzeInSlices, nextTurn, type AnalysisRun } from "./slicedAnalysis";
import { pathToUri, uriToPath } from "./uris";

/**
 * The server's state: workspace roots, open buffers laid over the disk, the parse cache, and the
 * latest analysis of each root. Edits are debounced into one re-check, which runs in slices between
 * requests (lsp/slicedAnalysis.ts) and is given up when a newer edit arrives; diagnostics are pushed
 * for every file with findings and cleared from files that no longer have any, or kept for clients
 * that pull them (LSP 3.17 `textDocument/diagnostic`, `workspace/diagnostic`).
 */
export class Session {
  settings: ServerSettings = DEFAULT_SETTINGS;
  private folders: string[] = [];
  private readonly overlay = new Map<string, string>();
  private readonly host: FileHost;
  private readonly store: ModuleStore;
  private readonly listings = new Map<string, WorkspaceFiles>();
  /** Each root's do-doctor.config.jsonc (undefined: none), read once until one changes. */
  private readonly projectConfigs = new Map<string, ProjectConfig | undefined>();
  /** Roots whose listing hit a bound and were told to the user: once per root and session, not per re-check. */
  private readonly cappedRoots = new Set<string>();
  private results = new Map<string, AnalysisResult>();
  private findingsByFile = new Map<string, Finding[]>();
  /** What was last sent per URI: unchanged files are not sent again (a re-check touches a few of thousands). */
  private published = new Map<string, Published>();
  /** Clients that pull diagnostics are not sent them: told to pull again (`refresh`) when they change. */
  pullDiagnostics = false;
  onDiagnosticsChanged: () => void = () => undefined;
  private nextResultId = 1;
  /** The re-check under way, and the files it was started for (`undefined`: all). */
  private running: { run: AnalysisRun; changed: Set<string> | undefined; done: Promise<void> } | undefined;
  private timer: NodeJS.Timeout | undefined;
  private pending = false;
  /** Files edited since the last analysis; `undefined` when everything must be checked again. */
  private changed: Set<string> | undefined = undefined;
  private readonly listeners: (() => void)[] = [];
  /** How many analyses ran, and how many worker checks they made; tests and benchmarks read them. */
  analyses = 0;
  checkedWorkers = 0;
  /** Each root's git base, read in the background (see GitBases). */
  readonly gitBases: GitBases;

  constructor(
    private readonly connection: Connection,
    private readonly documents: TextDocuments<TextDocument>,
  ) {
    this.host = createOverlayHost(createDiskHost(), this.overlay);
    this.store = new ModuleStore(this.host);
    this.gitBases = new GitBases(
      () => this.scheduleFull(),
      (message) => connection.console.error(message),
    );
  }

  get folderList(): string[] {
    return [...this.folders];
  }

  setFolders(folders: string[]): void {
    this.projectConfigs.clear();
    this.folders = [...new Set(folders.map((f) => path.resolve(f)))];
    this.listings.clear();
    this.gitBases.clear();
    this.scheduleFull();
  }

  /** Re-check everything (settings changed, folders changed, files created or deleted). */
  scheduleFull(): void {
    this.changed = undefined;
    this.schedule();
  }

  onDidAnalyze(listener: () => void): void {
    this.listeners.push(listener);
  }

  documentChanged(uri: string, text: string | undefined): void {
    const file = uriToPath(uri);
    if (!file) return;
    const known = this.overlay.has(file) || this.host.fileExists(file);
    if (text === undefined) this.overlay.delete(file);
    else this.overlay.set(file, text);
    // A buffer for a file not on disk yet is a new file for the listing; closing one that was never
    // saved deletes it.
    if (!known || !this.host.fileExists(file)) return this.filesCreatedOrDeleted([file]);
    this.filesChanged([file]);
  }

  filesChanged(files: string[]): void {
    // The project's own config (or package.json's "doDoctor") changes what every finding is.
    if (files.some((file) => isProjectConfigFile(file))) {
      this.projectConfigs.clear();
      return this.scheduleFull();
    }
    for (const file of files) this.changed?.add(file);
    this.schedule();
  }

  filesCreatedOrDeleted(files: string[]): void {
    if (files.some((file) => isProjectConfigFile(file))) this.projectConfigs.clear();
    // Parsed modules of files gone (deleted, renamed, an unsaved buffer closed) are never asked for again.
    this.store.forget(files, isInside);
    for (const root of [...this.listings.keys()]) {
      if (files.some((file) => file === root || isInside(file, root))) this.listings.delete(root);
    }
    this.scheduleFull();
  }

  schedule(): void {
    this.pending = true;
    this.abandonRunning();
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.flush(), this.settings.debounceMs);
  }

  /**
   * A re-check under way describes texts that just changed: it is given up at its next slice, and
   * the next one checks its files too.
   */
  private abandonRunning(): void {
    const running = this.running;
    if (!running) return;
    running.run.abandoned = true;
    this.running = undefined;
    this.abandoned++;
    this.changed = running.changed === undefined || this.changed === undefined ? undefined : new Set([...running.changed, ...this.changed]);
  }

  /** How many re-checks were given up for a newer edit; tests and benchmarks read it. */
  abandoned = 0;

  /** Starts the pending analysis now (before answering a request that needs fresh findings); resolves when it ends or is given up. */
  flush(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    if (!this.pending) return this.running?.done ?? Promise.resolve();
    this.pending = false;
    const run: AnalysisRun = { abandoned: false };
    const changed = this.changed;
    this.changed = new Set();
    const done = this.analyzeNow(run, changed).then(
      () => undefined,
      (error: unknown) => this.connection.console.error(`do-doctor: analysis failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`),
    );
    this.running = { run, changed, done: done.finally(() => {
      if (this.running?.run === run) this.running = undefined;
    }) };
    return this.running.done;
  }

  private roots(): string[] {
    const roots = [...this.folders];
    // Configs opened outside every folder (a single file in an editor without a workspace) still count.
    for (const file of this.overlay.keys()) {
      if (isConfigFileName(path.basename(file)) && !roots.some((root) => file === root || isInside(file, root))) roots.push(path.dirname(file));
    }
    return roots;
  }

  private async analyzeNow(run: AnalysisRun, changed: Set<string> | undefined): Promise<void> {
    // Requests that arrived with the edit go first.
    await nextTurn();
    if (run.abandoned) return;
    const results = new Map<string, AnalysisResult>();
    if (this.settings.enable) {
      for (const root of this.roots()) {
        try {
          let listing = this.listings.get(root);
          if (!listing) {
            listing = listWorkspaceFiles([root], this.host);
            this.listings.set(root, listing);
            if (listing.cap && !this.cappedRoots.has(root)) {
              this.cappedRoots.add(root);
              // A notification, not a request: nothing to answer, and clients without message boxes log it.
              void this.connection.sendNotification(ShowMessageNotification.type, { type: MessageType.Warning, message: `Durable Object Doctor: in ${root}, ${describeCap(listing.cap)}.` });
            }
          }
          const previous = this.results.get(root);
          const changedHere = changed && [...changed].filter((file) => file === root || isInside(file, root));
          if (previous && changedHere && changedHere.length === 0) {
            results.set(root, previous);
            continue;
          }
          const incremental = previous && changedHere ? { previous, changedFiles: changedHere } : undefined;
          let projectConfig = this.projectConfigs.get(root);
          if (!this.projectConfigs.has(root)) {
            projectConfig = findProjectConfig(root, this.host, KNOWN_RULE_IDS);
            this.projectConfigs.set(root, projectConfig);
          }
          // The project's do-doctor.config.jsonc first; the user's editor settings override it.
          const unused = this.settings.reportUnusedDisableDirectivesSet ? this.settings.reportUnusedDisableDirectives : (projectConfig?.settings.reportUnusedDisableDirectives ?? this.settings.reportUnusedDisableDirectives);
          const severities = { ...projectConfig?.settings.rules, ...this.settings.rules };
          // Read in the background; until it is, the rules that need it say nothing.
          const gitBase = GIT_RULES.every((id) => severities[id] === "off") ? undefined : this.gitBases.baseFor(root, listing.configs, this.settings.gitBase ?? projectConfig?.settings.gitBase);
          const result = await analyzeInSlices({ roots: [root], host: this.host, store: this.store, listing, severities, incremental, reportUnusedDirectives: unused === "off" ? undefined : unused, projectConfig, gitBase }, run);
          if (!result) return;
          this.checkedWorkers += result.checkedWorkers;
          results.set(root, result);
        } catch (error) {
          // One bad root never takes the server down: keep its previous findings and say why.
          this.connection.console.error(`do-doctor: analysis of ${root} failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
          const previous = this.results.get(root);
          if (previous) results.set(root, previous);
        }
        if (run.abandoned) return;
      }
    }
    if (run.abandoned) return;
    this.analyses++;
    this.results = results;
    this.publish();
    for (const listener of this.listeners) listener();
  }

  private publish(): void {
    const byFile = new Map<string, Finding[]>();
    for (const result of this.results.values()) {
      for (const finding of result.findings) {
        const list = byFile.get(finding.file);
        if (list) list.push(finding);
        else byFile.set(finding.file, [finding]);
      }
    }
    this.findingsByFile = byFile;
    const uris = this.openUris();
    const next = new Map<string, Published>();
    let changedAny = false;
    for (const [file, findings] of byFile) {
      const uri = uris.get(file) ?? pathToUri(file);
      const last = this.published.get(uri);
      // Reused workers keep their Finding objects: the same ones in the same order are the same diagnostics.
      if (last && sameItems(last.findings, findings)) {
        next.set(uri, last);
        continue;
      }
      const diagnostics = findings.map(toDiagnostic);
      const json = JSON.stringify(diagnostics);
      if (last?.json === json) {
        next.set(uri, { ...last, findings });
        continue;
      }
      next.set(uri, { findings, json, diagnostics, resultId: String(this.nextResultId++) });
      changedAny = true;
      if (!this.pullDiagnostics) void this.connection.sendDiagnostics({ uri, diagnostics });
    }
    for (const uri of this.published.keys()) {
      if (next.has(uri)) continue;
      changedAny = true;
      if (!this.pullDiagnostics) void this.connection.sendDiagnostics({ uri, diagnostics: [] });
    }
    this.published = next;
    if (changedAny && this.pullDiagnostics) this.onDiagnosticsChanged();
  }

  /**
   * A pulled document's diagnostics, once the analysis covers its text. `unchanged` when the client
   * already has them (its `previousResultId`); a file without findings reports none under a fixed id.
   */
  async documentDiagnostics(uri: string, previousResultId: string | undefined, token?: CancellationToken): Promise<{ resultId: string; diagnostics?: Diagnostic[] }> {
    const file = uriToPath(uri);
    if (file) await this.freshFor(file, token);
    const entry = this.published.get(uri) ?? (file ? this.published.get(pathToUri(file)) : undefined);
    const resultId = entry?.resultId ?? NO_FINDINGS_RESULT;
    if (previousResultId === resultId) return { resultId };
    return { resultId, diagnostics: entry?.diagnostics ?? [] };
  }

  /** Every file's pulled diagnostics: those the client has not got, and empty ones for files it had some for. */
  async workspaceDiagnostics(previous: { uri: string; value: string }[], token?: CancellationToken): Promise<{ uri: string; resultId: string; diagnostics?: Diagnostic[] }[]> {
    await this.freshFor(undefined, token);
    const known = new Map(previous.map((p) => [p.uri, p.value]));
    const reports: { uri: string; resultId: string; diagnostics?: Diagnostic[] }[] = [];
    for (const [uri, entry] of this.published) reports.push(known.get(uri) === entry.resultId ? { uri, resultId: entry.resultId } : { uri, resultId: entry.resultId, diagnostics: entry.diagnostics });
    for (const [uri, resultId] of known) if (!this.published.has(uri) && resultId !== NO_FINDINGS_RESULT) reports.push({ uri, resultId: NO_FINDINGS_RESULT, diagnostics: [] });
    return reports;
  }

  /** Open documents by path: the URI the client knows each by. */
  private openUris(): Map<string, string> {
    const uris = new Map<string, string>();
    for (const document of this.documents.all()) {
      const file = uriToPath(document.uri);
      if (file && !uris.has(file)) uris.set(file, document.uri);
    }
    return uris;
  }

  /** The URI the client knows a file by: an open document's own, else a file URI. */
  uriOf(file: string): string {
    for (const document of this.documents.all()) if (uriToPath(document.uri) === file) return document.uri;
    return pathToUri(file);
  }

  /**
   * Runs the pending analysis first only when it matters to a question about `file`: the file's text
   * changed since the last analysis (its spans, and fixes' ranges, would not fit the text the client
   * has), or everything is to be checked again. Otherwise hover, completion and code actions answer
   * at once from the last finished analysis while the re-check waits for its debounce.
   */
  async freshFor(file: string | undefined, token?: CancellationToken): Promise<void> {
    const stale = (changed: Set<string> | undefined) => changed === undefined || file === undefined || changed.has(file);
    for (;;) {
      if (token?.isCancellationRequested) return;
      let wait: Promise<void>;
      if (this.pending && stale(this.changed)) wait = this.flush();
      else if (this.running && stale(this.running.changed)) wait = this.running.done;
      else return;
      await untilCancelled(wait, token);
    }
  }

  async findingsFor(file: string, token?: CancellationToken): Promise<Finding[]> {
    await this.freshFor(file, token);
    return this.findingsByFile.get(file) ?? [];
  }

  /** Every finding of the last finished analysis (views refresh again when the next one ends). */
  allFindings(): Finding[] {
    return [...this.findingsByFile.values()].flat();
  }

  /** The analysed project a file belongs to. */
  async projectFor(file: string, token?: CancellationToken): Promise<ProjectView | undefined> {
    await this.freshFor(file, token);
    let best: [string, AnalysisResult] | undefined;
    for (const entry of this.results) if ((file === entry[0] || isInside(file, entry[0])) && (!best || entry[0].length > best[0].length)) best = entry;
    return best?.[1].project;
  }

  projects(): ProjectView[] {
    return [...this.results.values()].map((r) => r.project);
  }

  /**
   * The fixes of a fix-all that are worth applying: each edited file still parses (and exports no
   * name twice), and a check of the edited files in memory no longer reports what they fix. The
   * others are left out and logged: fix-all runs on every save, and a fix that leaves its finding
   * would be applied again and again.
   */
  screenFixAll(fixes: Fix[]): Fix[] {
    if (fixes.length === 0) return fixes;
    const { accepted, refused } = screenFixes(fixes, (file) => this.host.readFile(file));
    for (const { fix, file, reason } of refused) this.connection.console.warn(`do-doctor: fix-all leaves out "${fix.title}" (${file}): ${reason}.`);
    if (accepted.length === 0) return accepted;
    const edited = new Map<string, string>();
    for (const [file, edits] of editsByFile(accepted)) edited.set(file, applyTextEdits(this.host.readFile(file) ?? "", edits));
    const host = createOverlayHost(this.host, edited);
    // Unchanged modules keep the facts already parsed: only the edited files are read again.
    const parsed: ParseCache = {
      get: (file, text) => (this.host.readFile(file) === text ? this.store.get(file) : undefined),
      set: () => undefined,
      save: () => undefined,
      location: "",
      stats: { hits: 0, misses: 0 },
    };
    const store = new ModuleStore(host, parsed);
    const stuck = new Set<Fix>();
    for (const [root, result] of this.results) {
      const touches = accepted.some((fix) => fix.edits.some((e) => e.file === root || isInside(e.file, root)) || result.findings.some((f) => f.fixes.includes(fix)));
      if (!touches) continue;
      const after = analyze({ roots: [root], host, store, listing: this.listings.get(root), severities: this.settings.rules });
      for (const finding of unremovedFindings(result.findings, accepted, after.findings)) {
        for (const fix of finding.fixes) if (accepted.includes(fix)) stuck.add(fix);
        this.connection.console.warn(`do-doctor: fix-all leaves out the fix of ${finding.ruleId} in ${finding.file}: applied in memory, it did not remove the finding.`);
      }
    }
    return accepted.filter((fix) => !stuck.has(fix));
  }

  /** How many parsed modules the server keeps (its memory report reads it). */
  get cachedModules(): number {
    return this.store.cachedModules;
  }

  /** The text the analysis saw for a file (open buffer or disk). */
  textOf(file: string): string | undefined {
    return this.host.readFile(file);
  }

  dispose(): void {
    if (this.timer) clearTimeout(this.timer);
    this.abandonRunning();
    this.gitBases.dispose();
  }
}

interface Published {
  findings: Finding[];
  json: string;
  diagnostics: Diagnostic[];
  /** Changes whenever the file's diagnostics do (pull diagnostics' `resultId`). */
  resultId: string;
}

const NO_FINDINGS_RESULT = "none";

/** Resolves when `promise` does, or as soon as the request is cancelled. */
function untilCancelled(promise: Promise<void>, token: CancellationToken | undefined): Promise<void> {
  if (!token) return promise;
  return new Promise((resolve) => {
    const listener = token.onCancellationRequested(() => resolve());
    void promise.finally(() => {
      listener.dispose();
      resolve();
    });
  });
}

function sameItems<T>(a: readonly T[], b: readonly T[]): boolean {
  return a.length === b.length && a.every((item, i) => item === b[i]);
}

const KNOWN_RULE_IDS: ReadonlySet<string> = new Set([...rules.map((r) => r.meta.id), ...Object.keys(RULE_ALIASES), UNUSED_DIRECTIVE_RULE]);

function isProjectConfigFile(file: string): boolean {
  const name = path.basename(file);
  // pnpm-workspace.yaml names the workspace's packages, which imports resolve to.
  return PROJECT_CONFIG_NAMES.includes(name) || name === "package.json" || name === "pnpm-workspace.yaml";
}
