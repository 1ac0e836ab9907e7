import * as path from "node:path";
import { applyDirectives, DIRECTIVE_MARK, readDirectives, UNUSED_DIRECTIVE_META, UNUSED_DIRECTIVE_RULE, type Directive } from "./directives";
import { formatMessage, messageFields } from "./rules/messages";
import type { Finding, Fix, Severity, SeveritySetting } from "./findings";
import type { FileHost } from "./host";
import type { ProjectConfig } from "./projectConfig";
import type { GitBase } from "./project/gitBase";
import { isPythonEntry, mainBuildOutput } from "./facts/buildOutput";
import { factOf, type WorkspaceFact } from "./facts/workspaceFact";
import { affectedWorkers, CarriedSourceIndex, touches, walkedFiles, type Carry } from "./incremental";
import { listWorkspaceFiles, type WorkspaceFiles } from "./project/discover";
import type { Environment, WorkerConfig } from "./project/model";
import { readWorkerConfig, unreadableConfig } from "./project/readConfig";
import { canonicalSeverities, rules as allRules } from "./rules/index";
import type { FindingDraft, PreviousValue, ProjectView, Rule, RuleContext, RuleMeta } from "./rules/rule";

export type { ProjectView };
import { classifyClass, type ClassFacts } from "./source/classKinds";
import type { ClassDeclaration, ModuleInfo } from "./source/model";
import { ModuleStore } from "./source/moduleStore";
import { SourceIndex } from "./source/sourceIndex";
import { readWorkerSources } from "./source/workerSources";
import { LineIndex, type Span } from "./text/positions";

export type { SeveritySetting };

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
  /** Report `do-doctor-disable` directives that silence nothing, at this severity (off by default). */
  reportUnusedDirectives?: Severity;
  /**
   * The project's do-doctor.config.jsonc: configs and findings under its `ignore` globs are left out,
   * and what is wrong with it is reported. Its `rules` reach `severities` through the caller, which
   * knows what overrides them (`--rule`, editor settings).
   */
  projectConfig?: ProjectConfig;
  /** The rules to run: every rule of rules/index.ts by default (tests add their own). */
  rules?: readonly Rule[];
  /**
   * The configs as they were at a base revision (read from git by the caller): migrations present
   * there are treated as deployed. Without it, the rules that need history say nothing.
   */
  gitBase?: GitBase;
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
  /** What the next incremental analysis may reuse (see Carry). */
  carry: Carry;
}


export const INTERNAL_ERROR_RULE = "internal-error";

/** The analysis's own finding when a rule throws: listed with the rules in SARIF output. */
export const INTERNAL_ERROR_META: RuleMeta = {
  id: INTERNAL_ERROR_RULE,
  defaultSeverity: "error",
  description: "A rule failed on this input; the other rules still ran.",
  fixable: false,
  messages: { ruleFailed: "Rule {{rule}} failed on this file and was skipped: {{error}}. The other rules still ran; please report this." },
};

/** The identity of each reported finding (rule, file, span, message), for removing duplicates. */
const findingKeys = new WeakMap<Finding, string>();

export function analyze(options: AnalyzeOptions): AnalysisResult {
  const steps = analysisSteps(options);
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
  }
}

/**
 * The analysis as steps: it pauses (yields) after each config read and each worker checked, so a
 * caller can give the event loop a turn between steps or give the analysis up (the language server,
 * see lsp/slicedAnalysis.ts). Between two steps nothing is kept outside the generator: a run given
 * up changes nothing but the store's caches, which hold only what files say.
 */
export function* analysisSteps(given: AnalyzeOptions): Generator<void, AnalysisResult, void> {
  // Former rule ids (aliases) set the rule that replaced them.
  const options: AnalyzeOptions = { ...given, severities: canonicalSeverities(given.severities) };
  const store = options.store ?? new ModuleStore(options.host);
  store.beginAnalysis(options.incremental?.changedFiles);
  const listing = options.listing ?? listWorkspaceFiles(options.roots, options.host);
  const incremental = options.incremental;
  const changedFiles = new Set(incremental?.changedFiles ?? []);
  const before = incremental?.previous.carry;
  // Carried facts are only valid for the same store and listing, with nothing created or deleted.
  const sameWorld = !!before && before.store === store && before.sourceFiles === listing.sources;
  const previousWorkers = new Map((incremental?.previous.workers ?? []).map((w) => [w.file, w]));
  const workers: WorkerConfig[] = [];
  const ignored = (file: string) => options.projectConfig?.ignores(file) ?? false;
  for (const file of listing.configs) {
    if (ignored(file)) continue;
    const text = store.text(file);
    // An unchanged config reads the same (reading is a function of the text): parsing 100 configs on
    // every keystroke elsewhere would dominate a re-check.
    const reusable = previousWorkers.get(file);
    if (text !== undefined && reusable && reusable.parsed.text === text && reusable.parsed.root !== undefined) {
      workers.push(reusable);
      continue;
    }
    // A config that cannot be read as text is reported, not skipped: a check that passes on a file
    // it never read would be a lie.
    workers.push(text !== undefined ? readWorkerConfig(file, text) : unreadableConfig(file));
    yield;
  }
  const rules = (options.rules ?? allRules).filter((rule) => options.severities?.[rule.meta.id] !== "off");
  const facts = declaredFacts(rules);
  const carry: Carry = {
    store,
    resolver: store.resolver,
    sourceFiles: listing.sources,
    entries: sameWorld ? before.entries : new WeakMap(),
    sources: new Map(),
    shared: new Map(),
    classes: new Map(),
    rulesKey: rules.map((rule) => `${rule.meta.id}=${options.severities?.[rule.meta.id] ?? ""}`).join(","),
  };
  if (sameWorld && before.resolver === store.resolver) {
    for (const [entry, record] of before.sources) if (!touches(changedFiles, record.files)) carry.sources.set(entry, record);
  }
  const previousShared = sameWorld ? before.shared : undefined;
  const index = new CarriedSourceIndex(store, listing.sources, carry.classes, sameWorld ? before.classes : undefined, changedFiles);
  let currentRule: Rule | undefined;
  // The rule being run, for the context to check the facts it reads (an object of its own: a closure
  // here would keep this analysis's options, and the previous analysis, alive with the project).
  const running: { rule?: Rule } = {};
  const context = createContext(store, index, workers, carry, previousShared, changedFiles, options.environment, running, options.gitBase, options.roots.map((root) => path.resolve(root)));
  const drafts: { rule: Rule; draft: FindingDraft; message: string; worker: string }[] = [];
  let currentWorker = "";
  context.report = (draft) => {
    // Rendered here, inside the rule's run: an unknown message id or an unfilled placeholder fails
    // that rule (reported as such), never the analysis.
    if (currentRule) drafts.push({ rule: currentRule, draft, message: renderDraft(currentRule, draft), worker: currentWorker });
  };

  const affected = incremental ? affectedWorkers(incremental.previous, incremental.changedFiles, workers, context, facts, carry.rulesKey) : undefined;
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
      currentRule = rule;
      running.rule = rule;
      try {
        rule.check(worker, context);
      } catch (error) {
        findingsByWorker.get(worker.file)!.push({
          ruleId: INTERNAL_ERROR_RULE,
          severity: "error",
          ...messageFields(INTERNAL_ERROR_META.messages, "ruleFailed", { rule: rule.meta.id, error: error instanceof Error ? error.message : String(error) }),
          file: worker.file,
          range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
          fixes: [],
          related: [],
        });
      }
      currentRule = undefined;
      running.rule = undefined;
    }
    yield;
  }

  // Every declared fact, computed or not by the checks: the next re-check compares with it.
  for (const fact of facts) factOf(context, fact);

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
  const seenBy = new Map<string, Set<string>>();
  for (const { rule, draft, message, worker } of drafts) {
    const key = `${rule.meta.id}\0${draft.file}\0${draft.span.start}\0${draft.span.end}\0${message}`;
    let seen = seenBy.get(worker);
    if (!seen) seenBy.set(worker, (seen = new Set()));
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
    const finding: Finding = {
      ruleId: rule.meta.id,
      severity: setting && setting !== "off" ? setting : (draft.severity ?? rule.meta.defaultSeverity),
      message,
      messageId: draft.messageId,
      data: { ...draft.data },
      file: draft.file,
      range: rangeOf(draft.file, draft.span),
      fixes,
      related: (draft.related ?? []).map((r) => ({ file: r.file, range: rangeOf(r.file, r.span), message: r.message })),
    };
    findingKeys.set(finding, key);
    findingsByWorker.get(worker)!.push(finding);
  }
  // Two workers can report the same finding (a class both reach); the first worker's stays. Done here
  // rather than while checking so that each worker's list is its own and can be reused as it is.
  const seen = new Set<string>();
  const findings: Finding[] = [];
  for (const list of findingsByWorker.values()) {
    for (const finding of list) {
      const key = findingKeys.get(finding);
      if (key !== undefined && seen.has(key)) continue;
      if (key !== undefined) seen.add(key);
      findings.push(finding);
    }
  }
  const kept = suppress(findings, store, listing, options.reportUnusedDirectives);
  const reported = options.projectConfig ? [...kept.filter((f) => !ignored(f.file)), ...options.projectConfig.problems] : kept;
  reported.sort(compareFindings);
  const { report: _report, ...project } = context;
  return { findings: reported, workers, sourceFiles: listing.sources, truncated: listing.truncated, project, findingsByWorker, checkedWorkers, carry };
}

/**
 * The rules' view of the analysis. Built apart from analyze() so its closures hold only what they
 * use: a project kept for hover must not keep the previous analysis (and its own previous) alive.
 */
function createContext(
  store: ModuleStore,
  index: SourceIndex,
  workers: WorkerConfig[],
  carry: Carry,
  previousShared: Map<string, unknown> | undefined,
  changedFiles: ReadonlySet<string>,
  environment: string | undefined,
  running: { rule?: Rule },
  gitBase: GitBase | undefined,
  roots: readonly string[],
): RuleContext {
  const factsCache = new Map<ClassDeclaration, ClassFacts>();
  const entryFile = (worker: WorkerConfig, env: Environment): string | undefined => {
    // Resolving a path stats up to 20 candidates; rules ask for the same entry many times.
    if (carry.entries.has(env)) return carry.entries.get(env);
    const main = env.main?.value.value;
    let entry = main ? store.resolver.resolveFilePath(path.resolve(worker.dir, main)) : undefined;
    // A Python Worker's entry exists, though no source rule can read it (sources() has none for it).
    if (!entry && main && isPythonEntry(main) && store.host.fileExists(path.resolve(worker.dir, main))) entry = path.resolve(worker.dir, main);
    // A `main` the build writes, not built yet: the source entry the build wraps, when one is known.
    if (!entry && main) entry = mainBuildOutput(store, worker, env)?.sourceEntry?.file;
    carry.entries.set(env, entry);
    return entry;
  };
  return {
    store,
    index,
    workers,
    gitBase,
    roots,
    environments: (worker) => {
      const all = [worker.topLevel, ...worker.environments];
      return environment === undefined ? all : all.filter((env) => env.name === environment);
    },
    entryFile,
    sources(worker, env) {
      const entry = entryFile(worker, env);
      if (!entry || isPythonEntry(entry)) return undefined;
      let record = carry.sources.get(entry);
      if (!record) {
        const sources = readWorkerSources(store, entry);
        record = { sources, files: walkedFiles(store, sources) };
        carry.sources.set(entry, record);
      }
      return record.sources;
    },
    classFacts(module: ModuleInfo, declaration: ClassDeclaration) {
      let facts = factsCache.get(declaration);
      if (!facts) {
        facts = classifyClass(store, module, declaration);
        factsCache.set(declaration, facts);
      }
      return facts;
    },
    shared<T>(key: string, compute: (previous?: PreviousValue<T>) => T): T {
      // A rule reading a workspace fact it does not declare would get stale findings in re-checks: it fails.
      const rule = running.rule;
      if (rule && !rule.meta.facts?.some((fact) => fact.key === key)) throw new Error(`rule ${rule.meta.id} reads the workspace fact "${key}" without declaring it in meta.facts`);
      if (!carry.shared.has(key)) {
        const last = previousShared?.has(key) ? { value: previousShared.get(key) as T, changedFiles } : undefined;
        carry.shared.set(key, compute(last));
      }
      return carry.shared.get(key) as T;
    },
    report() {},
  };
}

/** The workspace facts the rules declare, each once. */
function declaredFacts(rules: readonly Rule[]): WorkspaceFact<unknown>[] {
  const byKey = new Map<string, WorkspaceFact<unknown>>();
  for (const rule of rules) {
    for (const fact of rule.meta.facts ?? []) {
      const known = byKey.get(fact.key);
      if (known && known !== fact) throw new Error(`two workspace facts share the key "${fact.key}"`);
      byKey.set(fact.key, fact);
    }
  }
  return [...byKey.values()];
}

export function compareFindings(a: Finding, b: Finding): number {
  if (a.file !== b.file) return a.file < b.file ? -1 : 1;
  if (a.range.start.line !== b.range.start.line) return a.range.start.line - b.range.start.line;
  if (a.range.start.character !== b.range.start.character) return a.range.start.character - b.range.start.character;
  return a.ruleId < b.ruleId ? -1 : a.ruleId > b.ruleId ? 1 : 0;
}

/**
 * Drops what `do-doctor-disable` comments silence (see directives.ts); with `unusedSeverity`, reports
 * the directives of the workspace that silence nothing, each with the fix that removes it.
 */
function suppress(findings: Finding[], store: ModuleStore, listing: WorkspaceFiles, unusedSeverity: Severity | undefined): Finding[] {
  const cache = new Map<string, Directive[]>();
  const directivesOf = (file: string): Directive[] => {
    let found = cache.get(file);
    if (!found) {
      const text = store.text(file);
      found = text ? readDirectives(file, text) : [];
      cache.set(file, found);
    }
    return found;
  };
  const { kept, used } = applyDirectives(findings, directivesOf);
  if (!unusedSeverity) return kept;
  for (const file of [...listing.configs, ...listing.sources]) {
    const text = store.text(file);
    if (!text || !text.includes(DIRECTIVE_MARK)) continue;
    const lines = new LineIndex(text);
    for (const directive of directivesOf(file)) {
      if (used.has(directive)) continue;
      const which = directive.rules.length > 0 ? directive.rules.join(", ") : "any rule";
      // A comment alone on its line goes with its line; one after code goes with the space before it.
      const lineStart = text.lastIndexOf("\n", directive.span.start - 1) + 1;
      const newline = text.indexOf("\n", directive.span.end);
      const removal = directive.ownLine
        ? { start: lineStart, end: newline < 0 ? text.length : newline + 1 }
        : { start: directive.span.start - (/[ \t]*$/.exec(text.slice(lineStart, directive.span.start))?.[0].length ?? 0), end: directive.span.end };
      kept.push({
        ruleId: UNUSED_DIRECTIVE_RULE,
        severity: unusedSeverity,
        ...messageFields(UNUSED_DIRECTIVE_META.messages, "unusedDirective", { kind: directive.kind, rules: which, line: directive.targetLine + 1 }),
        file,
        range: lines.rangeOf(directive.span),
        fixes: [{ title: "Remove the unused directive", isPreferred: true, safe: true, edits: [{ file, range: lines.rangeOf(removal), newText: "" }] }],
        related: [],
      });
    }
  }
  return kept;
}

/** The text of a finding a rule reported: its message template filled with its data. */
export function renderDraft(rule: Rule, draft: FindingDraft): string {
  const template = rule.meta.messages[draft.messageId];
  if (template === undefined) throw new Error(`rule ${rule.meta.id} has no message "${draft.messageId}"`);
  return formatMessage(template, draft.data);
}
