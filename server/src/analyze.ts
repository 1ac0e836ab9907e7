import * as path from "node:path";
import type { Finding, Fix, Severity } from "./findings";
import type { FileHost } from "./host";
import { isConfigFileName, listWorkspaceFiles, type WorkspaceFiles } from "./project/discover";
import { deepestWorkerHolding } from "./project/workerFolders";
import type { Environment, WorkerConfig } from "./project/model";
import { readWorkerConfig, unreadableConfig } from "./project/readConfig";
import { ROUTE_FACTS_KEY } from "./rules/agentRouteMismatch";
import { rules } from "./rules/index";
import { deployedWorkerName } from "./rules/workerFacts";
import type { FindingDraft, ProjectView, Rule, RuleContext } from "./rules/rule";

export type { ProjectView };
import { classifyClass, type ClassFacts } from "./source/classKinds";
import type { ClassDeclaration, ModuleInfo } from "./source/model";
import { ModuleStore } from "./source/moduleStore";
import { isInside, SourceIndex } from "./source/sourceIndex";
import { readWorkerSources, type WorkerSources } from "./source/workerSources";
import { LineIndex, type Span } from "./text/positions";

export type SeveritySetting = Severity | "off";

export interface AnalyzeOptions {
  /** Folders (or config files) to check. */
  roots: string[];
  host: FileHost;
  /** Check only this environment (`--env`); all of them by default. */
  environment?: string;
  /** Per-rule severity overrides, as in ESLint's config. */
  severities?: Record<string, SeveritySetting>;
  /** Reuse parsed modules across analyses (the language server keeps one). */
  store?: ModuleStore;
  /** The workspace's files, when the caller keeps the listing up to date itself (file watchers). */
  listing?: WorkspaceFiles;
  /**
   * The previous analysis of the same roots and the files changed since: only the workers those
   * changes can touch are checked again, the others keep their findings.
   */
  incremental?: { previous: AnalysisResult; changedFiles: string[] };
}

export interface AnalysisResult {
  findings: Finding[];
  workers: WorkerConfig[];
  /** Every source file of the workspace listing. */
  sourceFiles: string[];
  truncated: boolean;
  /** The analysed project, for questions asked after the analysis (hover, definition, views). */
  project: ProjectView;
  /** Findings by the worker config whose check produced them. */
  findingsByWorker: Map<string, Finding[]>;
  /** How many workers were checked in this analysis (the others were reused). */
  checkedWorkers: number;
}


export const INTERNAL_ERROR_RULE = "internal-error";

export function analyze(options: AnalyzeOptions): AnalysisResult {
  const store = options.store ?? new ModuleStore(options.host);
  store.beginAnalysis(options.incremental?.changedFiles);
  const listing = options.listing ?? listWorkspaceFiles(options.roots, options.host);
  const workers: WorkerConfig[] = [];
  for (const file of listing.configs) {
    const text = store.text(file);
    // A config that cannot be read as text is reported, not skipped: a check that passes on a file
    // it never read would be a lie.
    workers.push(text !== undefined ? readWorkerConfig(file, text) : unreadableConfig(file));
  }
  const index = new SourceIndex(store, listing.sources);
  const sourcesByEntry = new Map<string, WorkerSources>();
  const factsCache = new Map<ClassDeclaration, ClassFacts>();
  const sharedValues = new Map<string, unknown>();
  const drafts: { rule: Rule; draft: FindingDraft; worker: string }[] = [];
  let currentRule: Rule | undefined;
  let currentWorker = "";

  const entryFile = (worker: WorkerConfig, env: Environment): string | undefined => {
    const main = env.main?.value.value;
    if (!main) return undefined;
    return store.resolver.resolveFilePath(path.resolve(worker.dir, main));
  };

  const context: RuleContext = {
    store,
    index,
    workers,
    environments: (worker) => {
      const all = [worker.topLevel, ...worker.environments];
      return options.environment === undefined ? all : all.filter((env) => env.name === options.environment);
    },
    entryFile,
    sources(worker, env) {
      const entry = entryFile(worker, env);
      if (!entry) return undefined;
      let sources = sourcesByEntry.get(entry);
      if (!sources) {
        sources = readWorkerSources(store, entry);
        sourcesByEntry.set(entry, sources);
      }
      return sources;
    },
    classFacts(module: ModuleInfo, declaration: ClassDeclaration) {
      let facts = factsCache.get(declaration);
      if (!facts) {
        facts = classifyClass(store, module, declaration);
        factsCache.set(declaration, facts);
      }
      return facts;
    },
    shared<T>(key: string, compute: () => T): T {
      if (!sharedValues.has(key)) sharedValues.set(key, compute());
      return sharedValues.get(key) as T;
    },
    report(draft) {
      if (currentRule) drafts.push({ rule: currentRule, draft, worker: currentWorker });
    },
  };

  const affected = options.incremental ? affectedWorkers(options.incremental.previous, options.incremental.changedFiles, workers, store) : undefined;
  const findingsByWorker = new Map<string, Finding[]>();
  let checkedWorkers = 0;
  for (const worker of workers) {
    const reusable = options.incremental?.previous.findingsByWorker.get(worker.file);
    if (affected && !affected.has(worker.file) && reusable) {
      findingsByWorker.set(worker.file, reusable);
      continue;
    }
    checkedWorkers++;
    findingsByWorker.set(worker.file, []);
    currentWorker = worker.file;
    for (const rule of rules) {
      const setting = options.severities?.[rule.meta.id];
      if (setting === "off") continue;
      currentRule = rule;
      try {
        rule.check(worker, context);
      } catch (error) {
        findingsByWorker.get(worker.file)!.push({
          ruleId: INTERNAL_ERROR_RULE,
          severity: "error",
          message: `Rule ${rule.meta.id} failed on this file and was skipped: ${error instanceof Error ? error.message : String(error)}. The other rules still ran; please report this.`,
          file: worker.file,
          range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
          fixes: [],
          related: [],
        });
      }
      currentRule = undefined;
    }
  }

  const lineIndexes = new Map<string, LineIndex>();
  const rangeOf = (file: string, span: Span) => {
    let lines = lineIndexes.get(file);
    if (!lines) {
      lines = new LineIndex(store.text(file) ?? "");
      lineIndexes.set(file, lines);
    }
    return lines.rangeOf(span);
  };

  // A config with syntax errors is only partly read: an edit placed by that partial tree can land
  // outside the real object (after a stray quote, past the root's end) and make it worse. Such
  // fixes wait until the file parses; the syntax error itself is reported.
  const brokenConfigs = new Set(workers.filter((w) => w.parsed.problems.length > 0).map((w) => w.file));
  const seen = new Set<string>();
  for (const { rule, draft, worker } of drafts) {
    const key = `${rule.meta.id}\0${draft.file}\0${draft.span.start}\0${draft.span.end}\0${draft.message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const fixes: Fix[] = (draft.fixes ?? [])
      .filter((fix) => fix.edits.length > 0 && fix.edits.every((edit) => !brokenConfigs.has(edit.file)))
      .map((fix, i) => ({
        title: fix.title,
        isPreferred: fix.preferred ?? i === 0,
        safe: fix.safe ?? false,
        edits: fix.edits.map((edit) => ({ file: edit.file, range: rangeOf(edit.file, edit.span), newText: edit.newText })),
      }));
    const setting = options.severities?.[rule.meta.id];
    findingsByWorker.get(worker)!.push({
      ruleId: rule.meta.id,
      severity: setting && setting !== "off" ? setting : rule.meta.defaultSeverity,
      message: draft.message,
      file: draft.file,
      range: rangeOf(draft.file, draft.span),
      fixes,
      related: (draft.related ?? []).map((r) => ({ file: r.file, range: rangeOf(r.file, r.span), message: r.message })),
    });
  }
  const findings = [...findingsByWorker.values()].flat().sort(compareFindings);
  const { report: _report, ...project } = context;
  return { findings, workers, sourceFiles: listing.sources, truncated: listing.truncated, project, findingsByWorker, checkedWorkers };
}

/**
 * The workers a set of changed files can affect. A source affects the workers that reach it, hold it
 * in their folder, or own it as client code. A config affects its own worker, the workers tied to it
 * by `script_name` (either way: their checks read each other), and the owners of client code (the
 * routed namespaces come from every config). tsconfigs and files that route agents (`routeAgentRequest`
 * prefixes are read across workers) still mean everything.
 */
function affectedWorkers(previous: AnalysisResult, changedFiles: string[], workers: WorkerConfig[], store: ModuleStore): Set<string> | undefined {
  const before = previous.workers.map((w) => w.file).join("\0");
  if (before !== workers.map((w) => w.file).join("\0")) return undefined;
  const reach = new Map<string, Set<string>>();
  const routeFiles = new Set<string>();
  for (const worker of previous.workers) {
    const files = new Set<string>();
    for (const env of [worker.topLevel, ...worker.environments]) {
      for (const module of previous.project.sources(worker, env)?.modules ?? []) {
        files.add(module.file);
        if (module.routePrefixes.length > 0) routeFiles.add(module.file);
      }
    }
    reach.set(worker.file, files);
  }
  // Both versions of each worker: a rename or a removed binding matters as much as an added one.
  const versions = (file: string) => [previous.workers.find((w) => w.file === file), workers.find((w) => w.file === file)].filter((w): w is WorkerConfig => !!w);
  const names = (worker: WorkerConfig) => [worker.topLevel, ...worker.environments].map((env) => deployedWorkerName(worker, env)).filter((n): n is string => !!n);
  const scriptNames = (worker: WorkerConfig) => [worker.topLevel, ...worker.environments].flatMap((env) => env.durableObjects.map((b) => b.scriptName?.value)).filter((n): n is string => !!n);
  const affected = new Set<string>();
  for (const file of changedFiles) {
    const name = path.basename(file);
    if (/^tsconfig.*\.json$/.test(name) || routeFiles.has(file) || store.text(file)?.includes("routeAgentRequest")) return undefined;
    if (isConfigFileName(name)) {
      affected.add(file);
      const changedNames = new Set(versions(file).flatMap(names));
      const changedRefs = new Set(versions(file).flatMap(scriptNames));
      for (const worker of workers) {
        const all = versions(worker.file);
        if (all.some((w) => scriptNames(w).some((n) => changedNames.has(n))) || all.some((w) => names(w).some((n) => changedRefs.has(n)))) affected.add(worker.file);
      }
      const routes = previous.project.shared<{ clientsByOwner: Map<string, unknown> } | undefined>(ROUTE_FACTS_KEY, () => undefined);
      for (const owner of routes?.clientsByOwner.keys() ?? []) affected.add(owner);
      continue;
    }
    for (const worker of workers) if (isInside(file, worker.dir) || reach.get(worker.file)?.has(file)) affected.add(worker.file);
    // Client files outside every worker folder belong to the first worker (see agent-route-mismatch).
    affected.add((deepestWorkerHolding(file, workers) ?? workers[0])?.file ?? "");
  }
  return affected;
}

export function compareFindings(a: Finding, b: Finding): number {
  if (a.file !== b.file) return a.file < b.file ? -1 : 1;
  if (a.range.start.line !== b.range.start.line) return a.range.start.line - b.range.start.line;
  if (a.range.start.character !== b.range.start.character) return a.range.start.character - b.range.start.character;
  return a.ruleId < b.ruleId ? -1 : a.ruleId > b.ruleId ? 1 : 0;
}
