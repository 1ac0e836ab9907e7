import * as fs from "node:fs";
import * as path from "node:path";
import { analyze, type SeveritySetting } from "../analyze";
import type { Finding } from "../findings";
import { createDiskHost, type FileHost } from "../host";
import { describeCap, listWorkspaceFiles } from "../project/discover";
import { readWorkerConfig } from "../project/readConfig";
import type { GitBase } from "../project/gitBase";
import { GIT_RULES, readGitBase } from "../git/readGitBase";
import { UNUSED_DIRECTIVE_RULE } from "../directives";
import { nearestName } from "../naming/nearestName";
import { findProjectConfig, readProjectConfig, type ProjectConfig } from "../projectConfig";
import { findRule, RULE_ALIASES, rules } from "../rules/index";
import { ModuleStore } from "../source/moduleStore";
import { defaultCacheLocation, openParseCache } from "../source/parseCache";
import { parseCommandLine, unknownCommand, type OptionSpecs } from "./args";
import { applySafeFixes } from "./fixFiles";
import { formatGithub } from "./format/github";
import { formatJson } from "./format/json";
import { formatSarif } from "./format/sarif";
import { formatText } from "./format/text";
import { UsageError, type CliIo } from "./io";
import { runProbeCommand } from "./probeCommand";
import { packageVersion } from "../packageFiles";

export { UsageError };
export type { CliIo };

/**
 * The parse cache pays off from here on (measured with bench/: at 55 sources reading and hashing
 * cost more than the scan they save; at 5,000 the cache halves a check).
 */
export const PARSE_CACHE_MIN_SOURCES = 300;

const FORMATS = ["text", "json", "sarif", "github"] as const;
type Format = (typeof FORMATS)[number];
const SEVERITY_SETTINGS: readonly string[] = ["error", "warning", "info", "off"];

const HELP = `do-doctor: finds Durable Object misconfigurations before wrangler dev or deploy does.

Usage:
  do-doctor check [paths...] [options]   check wrangler configs and worker sources
  do-doctor rules [--format text|json]   list the rules (json: id, defaultSeverity, fixable, description, docs, messages)
  do-doctor probe [path] [options]       run wrangler dev and probe an agent route (do-doctor probe --help)
  do-doctor lsp --stdio                  run the language server (any LSP editor)
  do-doctor --version | --help

check options:
  --env NAME            check only this environment (default: every environment)
  --format FORMAT       text (default), json, sarif, github
  --fix                 apply the safe fixes, then report what is left
  --rule ID=SEVERITY    override a rule: error, warning, info or off (repeatable)
  --quiet               report errors only (warnings and info are left out of the report)
  --max-warnings N      exit 1 when there are more than N warnings (counted before --quiet)
  --output-file FILE    write the report to FILE (atomically, no color) instead of stdout
  --config FILE         use this project config (do-doctor.config.jsonc, or a package.json with
                        "doDoctor") instead of the one nearest the first path
  --report-unused-disable-directives
                        report do-doctor-disable comments that silence nothing, as errors
  --print-config        print the project config in force (do-doctor.config.jsonc, or "doDoctor"
                        in package.json, nearest the first path, or --config) and exit
  --base REV            the git revision whose migrations count as deployed (migration-history-rewritten);
                        default: the merge-base of HEAD with origin/HEAD (else main, master), else the
                        newest tag; the project config's "gitBase" sets it too
  --no-color            plain text output
  --no-cache            do not read or write the parse cache (node_modules/.cache/do-doctor, used
                        from 300 sources on; DO_DOCTOR_CACHE=DIR moves it, =off disables it)

Exit codes: 0 no errors, 1 errors found (or more warnings than --max-warnings), 2 usage or internal failure.
`;

const CHECK_OPTIONS = {
  env: { type: "string" },
  base: { type: "string" },
  format: { type: "string" },
  fix: { type: "boolean" },
  rule: { type: "string", multiple: true },
  quiet: { type: "boolean" },
  "max-warnings": { type: "string" },
  "output-file": { type: "string" },
  config: { type: "string" },
  "report-unused-disable-directives": { type: "boolean" },
  "print-config": { type: "boolean" },
  "no-color": { type: "boolean" },
  "no-cache": { type: "boolean" },
  help: { type: "boolean", short: "h" },
} as const satisfies OptionSpecs;

interface CheckArgs {
  paths: string[];
  env?: string;
  format: Format;
  fix: boolean;
  severities: Record<string, SeveritySetting>;
  color: boolean;
  cache: boolean;
  reportUnusedDirectives?: boolean;
  printConfig?: boolean;
  quiet: boolean;
  /** Exit 1 above this many warnings; undefined: no limit. */
  maxWarnings?: number;
  outputFile?: string;
  configFile?: string;
  /** `--base`: the git revision whose migrations count as deployed. */
  base?: string;
  help?: boolean;
}

function parseCheckArgs(args: string[], io: CliIo): CheckArgs {
  const { values, positionals, afterDoubleDash } = parseCommandLine(args, CHECK_OPTIONS, "check");
  const format = values.format ?? "text";
  if (!FORMATS.includes(format as Format)) throw new UsageError(`unknown format "${format}" (use ${FORMATS.join(", ")})`);
  const severities: Record<string, SeveritySetting> = {};
  for (const setting of values.rule ?? []) {
    const [id, severity] = setting.split("=");
    if (!findRule(id)) {
      const nearest = nearestName(id, rules.map((r) => r.meta.id));
      throw new UsageError(`unknown rule "${id}"${nearest ? `; did you mean ${nearest}?` : ""} (see do-doctor rules)`);
    }
    if (!SEVERITY_SETTINGS.includes(severity)) throw new UsageError(`--rule ${id}=... takes error, warning, info or off`);
    severities[id] = severity as SeveritySetting;
  }
  let maxWarnings: number | undefined;
  if (values["max-warnings"] !== undefined) {
    const text = values["max-warnings"];
    // -1 is ESLint's "no limit", kept so scripts written for ESLint read the same.
    if (!/^(?:\d+|-1)$/.test(text)) throw new UsageError(`--max-warnings takes a whole number of warnings (got "${text}")`);
    maxWarnings = Number(text) < 0 ? undefined : Number(text);
  }
  const outputFile = values["output-file"];
  if (outputFile !== undefined && outputFile.trim() === "") throw new UsageError("--output-file needs a file name");
  const paths = [...positionals, ...(afterDoubleDash ?? [])];
  return {
    paths: paths.length ? paths : ["."],
    env: values.env,
    format: format as Format,
    fix: values.fix ?? false,
    severities,
    // A report written to a file is read later, elsewhere: no terminal colors in it.
    color: io.colorStdout && !values["no-color"] && outputFile === undefined,
    cache: !values["no-cache"],
    reportUnusedDirectives: values["report-unused-disable-directives"],
    printConfig: values["print-config"],
    quiet: values.quiet ?? false,
    maxWarnings,
    outputFile,
    configFile: values.config,
    base: values.base,
    help: values.help,
  };
}

/**
 * The configs at the git base, for the rules that compare with what was deployed; undefined when git
 * cannot tell (with one note on stderr in a repository, or when a base was named). Git is not run when no
 * config has migrations or Durable Object bindings and no base was named, or when those rules are off.
 */
async function readCheckGitBase(root: string, configs: string[], rev: string | undefined, severities: Record<string, SeveritySetting>, host: FileHost, io: CliIo): Promise<GitBase | undefined> {
  if (GIT_RULES.every((id) => severities[id] === "off")) return undefined;
  const texts = configs.map((file) => host.readFile(file) ?? "");
  const withMigrations = texts.some((text) => /\bmigrations\b/.test(text));
  // A config binding Durable Objects without migrations may have had them at the base (the whole key
  // removed): compared too, without a note when git cannot tell; any config when a base is named.
  if (!withMigrations && rev === undefined && !texts.some((text) => /\bdurable_objects\b/.test(text))) return undefined;
  const outcome = await readGitBase({ cwd: root, configFiles: configs, rev });
  if (outcome.note !== undefined) {
    // Outside git there is no history to compare, which is normal: said only when a base was asked
    // for. In a repository whose base cannot be found (a shallow clone...), said when a config has migrations.
    if ((!outcome.outsideGit && withMigrations) || rev !== undefined) io.stderr(`do-doctor: note: migrations were not compared with git history (${outcome.note}).\n`);
    return undefined;
  }
  return outcome.base;
}

/** The project config named by --config: a do-doctor config file, or a package.json with "doDoctor". */
function readNamedProjectConfig(file: string, io: CliIo, host: FileHost, knownRules: ReadonlySet<string>): ProjectConfig {
  const resolved = path.resolve(io.cwd, file);
  if (host.directoryExists(resolved)) throw new UsageError(`--config takes a file, not a folder: ${file}`);
  const text = host.readFile(resolved);
  if (text === undefined) throw new UsageError(`--config: no such file: ${file}`);
  const inPackageJson = path.basename(resolved) === "package.json";
  const config = readProjectConfig(resolved, text, knownRules, inPackageJson);
  if (!config) throw new UsageError(`--config: ${file} has no "doDoctor" key`);
  return config;
}

/** Writes the report to a file the way --fix writes sources: a temporary file beside it, then a rename. */
function writeReportFile(file: string, text: string, io: CliIo): void {
  const target = path.resolve(io.cwd, file);
  const temporary = path.join(path.dirname(target), `.${path.basename(target)}.${process.pid}.tmp`);
  try {
    fs.mkdirSync(path.dirname(target), { recursive: true });
    fs.writeFileSync(temporary, text);
    fs.renameSync(temporary, target);
  } catch (error) {
    fs.rmSync(temporary, { force: true });
    const reason = error instanceof Error && "code" in error ? String((error as NodeJS.ErrnoException).code) : String(error);
    throw new UsageError(`could not write --output-file ${file} (${reason})`);
  }
}

async function check(args: string[], io: CliIo): Promise<number> {
  const options = parseCheckArgs(args, io);
  if (options.help) {
    io.stdout(HELP);
    return 0;
  }
  const host = createDiskHost();
  const roots = options.paths.map((p) => path.resolve(io.cwd, p));
  for (const root of roots) {
    if (!host.directoryExists(root) && !host.fileExists(root)) throw new UsageError(`no such file or folder: ${path.relative(io.cwd, root) || root}`);
  }
  const listing = listWorkspaceFiles(roots, host);
  // A listing cut short is said once, on stderr (stdout stays the report): a clean result must not
  // read as "all checked" when part of the tree never was.
  if (listing.cap) io.stderr(`do-doctor: note: ${describeCap(listing.cap)}.\n`);
  if (listing.configs.length === 0) {
    throw new UsageError(`no wrangler config (wrangler.json, wrangler.jsonc, wrangler.toml) found under ${options.paths.join(", ")}`);
  }
  if (options.env !== undefined) {
    const known = new Set<string>();
    for (const file of listing.configs) {
      const text = host.readFile(file);
      if (text !== undefined) readWorkerConfig(file, text).environments.forEach((e) => known.add(e.name));
    }
    if (!known.has(options.env)) {
      throw new UsageError(`no environment "${options.env}" in any wrangler config found (${known.size ? `known: ${[...known].join(", ")}` : "none defines env"})`);
    }
  }
  // Below a few hundred sources, scanning them is quicker than hashing them and reading the cache.
  const worthCaching = listing.sources.length >= PARSE_CACHE_MIN_SOURCES;
  const cacheLocation = options.cache && worthCaching ? defaultCacheLocation(roots[0]) : undefined;
  const cache = cacheLocation ? openParseCache(cacheLocation) : undefined;
  const store = new ModuleStore(host, cache);
  // The project's do-doctor.config.jsonc nearest the first checked folder, or the one --config names;
  // --rule overrides its rules.
  const knownRules = new Set([...rules.map((r) => r.meta.id), ...Object.keys(RULE_ALIASES), UNUSED_DIRECTIVE_RULE]);
  const projectConfig = options.configFile !== undefined ? readNamedProjectConfig(options.configFile, io, host, knownRules) : findProjectConfig(roots[0], host, knownRules);
  // The report goes to stdout, or only to --output-file (stderr notes stay on stderr).
  const emit = (text: string) => (options.outputFile !== undefined ? writeReportFile(options.outputFile, text, io) : io.stdout(text));
  if (options.printConfig) {
    const shown = projectConfig
      ? { file: path.relative(io.cwd, projectConfig.file) || projectConfig.file, ...projectConfig.settings, problems: projectConfig.problems.map((p) => p.message) }
      : { file: null, rules: {}, ignore: [] };
    emit(`${JSON.stringify({ ...shown, rules: { ...shown.rules, ...options.severities } }, null, 2)}\n`);
    return 0;
  }
  const unusedSetting = options.reportUnusedDirectives ? "error" : projectConfig?.settings.reportUnusedDisableDirectives;
  const severities = { ...projectConfig?.settings.rules, ...options.severities };
  const gitBase = await readCheckGitBase(roots[0], listing.configs, options.base ?? projectConfig?.settings.gitBase, severities, host, io);
  const analyzeOptions = {
    roots,
    host,
    environment: options.env,
    severities,
    store,
    gitBase,
    reportUnusedDirectives: unusedSetting && unusedSetting !== "off" ? unusedSetting : undefined,
    projectConfig,
  };
  let findings: Finding[];
  let fixSummary = "";
  if (options.fix) {
    const report = applySafeFixes(analyzeOptions);
    findings = report.result.findings;
    const base = roots.length === 1 && host.directoryExists(roots[0]) ? roots[0] : io.cwd;
    if (report.appliedFixes > 0) {
      fixSummary = `Applied ${report.appliedFixes} fix${report.appliedFixes === 1 ? "" : "es"} to ${report.changedFiles.map((f) => path.relative(base, f).split(path.sep).join("/")).join(", ")}.\n`;
    }
    for (const file of report.skippedFiles) io.stderr(`do-doctor: left ${file} alone: it changed on disk while being checked.\n`);
    for (const { file, reason } of report.unwritableFiles) io.stderr(`do-doctor: left ${file} alone: ${reason}.\n`);
    for (const { title, file, reason } of report.refusedFixes) io.stderr(`do-doctor: did not apply "${title}" to ${file}: ${reason}.\n`);
    for (const { finding, title } of report.unremoved) {
      io.stderr(`do-doctor: "${title}" did not remove its finding (${finding.ruleId} in ${finding.file}); it was applied once and not repeated.\n`);
    }
  } else {
    // The listing made above is still true: nothing was written in between.
    findings = analyze({ ...analyzeOptions, listing }).findings;
  }
  cache?.save();
  const base = roots.length === 1 && host.directoryExists(roots[0]) ? roots[0] : io.cwd;
  const warnings = findings.filter((f) => f.severity === "warning").length;
  const hasErrors = findings.some((f) => f.severity === "error");
  // --quiet leaves warnings and info out of the report; --max-warnings still counts them (as ESLint
  // counts the warnings it ran).
  const reported = options.quiet ? findings.filter((f) => f.severity === "error") : findings;
  const fixable = reported.filter((f) => f.fixes.some((fix) => fix.safe)).length;
  switch (options.format) {
    case "json":
      emit(formatJson(reported, base));
      break;
    case "sarif":
      emit(formatSarif(reported, base, packageVersion()));
      break;
    case "github":
      emit(formatGithub(reported, base));
      break;
    default:
      emit(fixSummary + formatText(reported, base, { color: options.color, readText: (file) => store.text(file), fixableCount: fixable }));
  }
  const tooManyWarnings = options.maxWarnings !== undefined && warnings > options.maxWarnings;
  if (tooManyWarnings) io.stderr(`do-doctor: ${warnings} warning${warnings === 1 ? "" : "s"} found, more than --max-warnings ${options.maxWarnings} allows.\n`);
  return hasErrors || tooManyWarnings ? 1 : 0;
}

const LSP_OPTIONS = {
  stdio: { type: "boolean" },
  "node-ipc": { type: "boolean" },
  // vscode-languageserver reads the transport from argv itself (either form); vscode-languageclient
  // (the extension's) adds --clientProcessId=PID, which it reads too.
  socket: { type: "string" },
  pipe: { type: "string" },
  clientProcessId: { type: "string" },
  help: { type: "boolean", short: "h" },
} as const satisfies OptionSpecs;

/** `do-doctor lsp --stdio`: the language server for any LSP client; runs until the client exits it. */
function runLsp(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseCommandLine(args, LSP_OPTIONS, "lsp");
  if (values.help) {
    io.stdout(HELP);
    return Promise.resolve(0);
  }
  if (positionals.length) throw new UsageError(`lsp takes no arguments (got "${positionals[0]}")`);
  if (!values.stdio && !values["node-ipc"] && values.socket === undefined && values.pipe === undefined) {
    throw new UsageError("lsp needs a transport: --stdio (or --node-ipc, --socket=PORT, --pipe=NAME)");
  }
  // Loaded on demand: `check` never pays for the protocol libraries.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { startLanguageServer } = require("../lsp/main") as typeof import("../lsp/main");
  startLanguageServer();
  return new Promise<number>(() => {
    // The connection ends the process when the client sends `exit`.
  });
}

const RULES_OPTIONS = {
  format: { type: "string" },
  help: { type: "boolean", short: "h" },
} as const satisfies OptionSpecs;

/** `do-doctor rules`: a table, or with --format json one object per rule. */
function listRules(args: string[], io: CliIo): number {
  const { values, positionals } = parseCommandLine(args, RULES_OPTIONS, "rules");
  if (values.help) {
    io.stdout(HELP);
    return 0;
  }
  if (positionals.length) throw new UsageError(`rules takes no arguments (got "${positionals[0]}")`);
  const format = values.format ?? "text";
  if (format === "json") {
    const list = rules.map(({ meta }) => ({ id: meta.id, defaultSeverity: meta.defaultSeverity, fixable: meta.fixable, description: meta.description, docs: `docs/rules/${meta.id}.md`, messages: meta.messages }));
    io.stdout(`${JSON.stringify(list, null, 2)}\n`);
    return 0;
  }
  if (format !== "text") throw new UsageError(`unknown format "${format}" for rules (use text or json)`);
  const width = Math.max(...rules.map((r) => r.meta.id.length));
  for (const rule of rules) {
    io.stdout(`${rule.meta.id.padEnd(width)}  ${rule.meta.defaultSeverity.padEnd(7)}  ${rule.meta.fixable ? "fix" : "   "}  ${rule.meta.description}\n`);
  }
  return 0;
}

const COMMANDS = ["check", "rules", "probe", "lsp", "help"] as const;

/** Runs the CLI; resolves to the exit code. Never rejects: failures become a message and exit code 2. */
export async function runCli(argv: string[], io: CliIo): Promise<number> {
  const [command, ...rest] = argv;
  try {
    switch (command) {
      case "check":
        return await check(rest, io);
      case "rules":
        return listRules(rest, io);
      case "--version":
      case "-v":
        io.stdout(`${packageVersion()}\n`);
        return 0;
      case undefined:
      case "--help":
      case "-h":
      case "help":
        io.stdout(HELP);
        return command === undefined ? 2 : 0;
      case "lsp":
        return await runLsp(rest, io);
      case "probe":
        return await runProbeCommand(rest, io);
      default:
        throw new UsageError(unknownCommand(command, COMMANDS, ["--version", "--help"]));
    }
  } catch (error) {
    if (error instanceof UsageError) {
      // One line: what is wrong and, for a slip, what was meant; --help has the rest.
      io.stderr(`do-doctor: ${error.message}\n`);
    } else {
      io.stderr(`do-doctor: internal error: ${error instanceof Error ? error.message : String(error)}\nPlease report this with the command you ran.\n`);
    }
    return 2;
  }
}
