import * as path from "node:path";
import type { Finding, Fix, Severity } from "./findings";
import type { FileHost } from "./host";
import { listWorkspaceFiles, type WorkspaceFiles } from "./project/discover";
import type { Environment, WorkerConfig } from "./project/model";
import { readWorkerConfig } from "./project/readConfig";
import { rules } from "./rules/index";
import type { FindingDraft, ProjectView, Rule, RuleContext } from "./rules/rule";

export type { ProjectView };
import { classifyClass, type ClassFacts } from "./source/classKinds";
import type { ClassDeclaration, ModuleInfo } from "./source/model";
import { ModuleStore } from "./source/moduleStore";
import { SourceIndex } from "./source/sourceIndex";
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
}

export interface AnalysisResult {
  findings: Finding[];
  workers: WorkerConfig[];
  /** Every source file of the workspace listing. */
  sourceFiles: string[];
  truncated: boolean;
  /** The analysed project, for questions asked after the analysis (hover, definition, views). */
  project: ProjectView;
}


export const INTERNAL_ERROR_RULE = "internal-error";

export function analyze(options: AnalyzeOptions): AnalysisResult {
  const store = options.store ?? new ModuleStore(options.host);
  store.beginAnalysis();
  const listing = options.listing ?? listWorkspaceFiles(options.roots, options.host);
  const workers: WorkerConfig[] = [];
  for (const file of listing.configs) {
    const text = store.text(file);
    if (text !== undefined) workers.push(readWorkerConfig(file, text));
  }
  const index = new SourceIndex(store, listing.sources);
  const sourcesByEntry = new Map<string, WorkerSources>();
  const factsCache = new Map<ClassDeclaration, ClassFacts>();
  const drafts: { rule: Rule; draft: FindingDraft }[] = [];
  let currentRule: Rule | undefined;

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
    report(draft) {
      if (currentRule) drafts.push({ rule: currentRule, draft });
    },
  };

  const internalErrors: Finding[] = [];
  for (const worker of workers) {
    for (const rule of rules) {
      const setting = options.severities?.[rule.meta.id];
      if (setting === "off") continue;
      currentRule = rule;
      try {
        rule.check(worker, context);
      } catch (error) {
        internalErrors.push({
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

  const seen = new Set<string>();
  const findings: Finding[] = [];
  for (const { rule, draft } of drafts) {
    const key = `${rule.meta.id}\0${draft.file}\0${draft.span.start}\0${draft.span.end}\0${draft.message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const fixes: Fix[] = (draft.fixes ?? [])
      .filter((fix) => fix.edits.length > 0)
      .map((fix, i) => ({
        title: fix.title,
        isPreferred: fix.preferred ?? i === 0,
        safe: fix.safe ?? false,
        edits: fix.edits.map((edit) => ({ file: edit.file, range: rangeOf(edit.file, edit.span), newText: edit.newText })),
      }));
    const setting = options.severities?.[rule.meta.id];
    findings.push({
      ruleId: rule.meta.id,
      severity: setting && setting !== "off" ? setting : rule.meta.defaultSeverity,
      message: draft.message,
      file: draft.file,
      range: rangeOf(draft.file, draft.span),
      fixes,
      related: (draft.related ?? []).map((r) => ({ file: r.file, range: rangeOf(r.file, r.span), message: r.message })),
    });
  }
  findings.push(...internalErrors);
  findings.sort(compareFindings);
  const { report: _report, ...project } = context;
  return { findings, workers, sourceFiles: listing.sources, truncated: listing.truncated, project };
}

export function compareFindings(a: Finding, b: Finding): number {
  if (a.file !== b.file) return a.file < b.file ? -1 : 1;
  if (a.range.start.line !== b.range.start.line) return a.range.start.line - b.range.start.line;
  if (a.range.start.character !== b.range.start.character) return a.range.start.character - b.range.start.character;
  return a.ruleId < b.ruleId ? -1 : a.ruleId > b.ruleId ? 1 : 0;
}
