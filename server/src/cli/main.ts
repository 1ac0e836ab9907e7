import * as path from "node:path";
import { analyze, type SeveritySetting } from "../analyze";
import type { Finding } from "../findings";
import { createDiskHost } from "../host";
import { describeCap, listWorkspaceFiles } from "../project/discover";
import { readWorkerConfig } from "../project/readConfig";
import { UNUSED_DIRECTIVE_RULE } from "../directives";
import { findProjectConfig } from "../projectConfig";
import { findRule, rules } from "../rules/index";
import { ModuleStore } from "../source/moduleStore";
import { defaultCacheLocation, openParseCache } from "../source/parseCache";
import { applySafeFixes } from "./fixFiles";
import { formatGithub } from "./format/github";
import { formatJson } from "./format/json";
import { formatSarif } from "./format/sarif";
import { formatText } from "./format/text";
import { UsageError, type CliIo } from "./io";
import { runProbeCommand } from "./probeCommand";
import { packageVersion } from "../packageFiles";

/**
 * The parse cache pays off from here on (measured with bench/: at 55 sources reading and hashing
 * cost more than the scan they save; at 5,000 the cache halves a check).
 */
export const PARSE_CACHE_MIN_SOURCES = 300;

const FORMATS = ["text", "json", "sarif", "github"] as const;
type Format = (typeof FORMATS)[number];

const HELP = `do-doctor: finds Durable Object misconfigurations before wrangler dev or deploy does.

Usage:
  do-doctor check [paths...] [options]   check wrangler configs and worker sources
  do-doctor rules                        list the rules
  do-doctor lsp --stdio                  run the language server (any LSP editor)
  do-doctor --version | --help

check options:
  --env NAME            check only this environment (default: every environment)
  --format FORMAT       text (default), json, sarif, github
  --fix                 apply the safe fixes, then report what is left
  --rule ID=SEVERITY    override a rule: error, warning, info or off (repeatable)
  --report-unused-disable-directives
                        report do-doctor-disable comments that silence nothing, as errors
  --print-config        print the project config in force (do-doctor.config.jsonc, or "doDoctor"
                        in package.json, nearest the first path) and exit
  --no-color            plain text output
  --no-cache            do not read or write the parse cache (node_modules/.cache/do-doctor, used
                        from 300 sources on; DO_DOCTOR_CACHE=DIR moves it, =off disables it)

Exit codes: 0 no errors, 1 errors found, 2 usage or internal failure.
`;

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
}

function parseCheckArgs(args: string[], io: CliIo): CheckArgs {
  const parsed: CheckArgs = { paths: [], format: "text", fix: false, severities: {}, color: io.colorStdout, cache: true };
  const value = (i: number, flag: string): string => {
    const next = args[i + 1];
    if (next === undefined || next.startsWith("--")) throw new UsageError(`${flag} needs a value`);
    return next;
  };
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    const [flag, inline] = arg.startsWith("--") && arg.includes("=") ? [arg.slice(0, arg.indexOf("=")), arg.slice(arg.indexOf("=") + 1)] : [arg, undefined];
    const take = () => inline ?? value(i++, flag);
    switch (flag) {
      case "--env":
        parsed.env = take();
        break;
      case "--format": {
        const format = take();
        if (!FORMATS.includes(format as Format)) throw new UsageError(`unknown format "${format}" (use ${FORMATS.join(", ")})`);
        parsed.format = format as Format;
        break;
      }
      case "--fix":
        parsed.fix = true;
        break;
      case "--no-color":
        parsed.color = false;
        break;
      case "--no-cache":
        parsed.cache = false;
        break;
      case "--report-unused-disable-directives":
        parsed.reportUnusedDirectives = true;
        break;
      case "--print-config":
        parsed.printConfig = true;
        break;
      case "--rule": {
        const setting = take();
        const [id, severity] = setting.split("=");
        if (!findRule(id)) throw new UsageError(`unknown rule "${id}" (see do-doctor rules)`);
        if (!["error", "warning", "info", "off"].includes(severity)) throw new UsageError(`--rule ${id}=... takes error, warning, info or off`);
        parsed.severities[id] = severity as SeveritySetting;
        break;
      }
      default:
        if (arg.startsWith("-")) throw new UsageError(`unknown option ${arg}`);
        parsed.paths.push(arg);
    }
  }
  if (parsed.paths.length === 0) parsed.paths.push(".");
  return parsed;
}

function check(args: string[], io: CliIo): number {
  const options = parseCheckArgs(args, io);
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
  // The project's do-doctor.config.jsonc nearest the first checked folder; --rule overrides its rules.
  const projectConfig = findProjectConfig(roots[0], host, new Set([...rules.map((r) => r.meta.id), UNUSED_DIRECTIVE_RULE]));
  if (options.printConfig) {
    const shown = projectConfig
      ? { file: path.relative(io.cwd, projectConfig.file) || projectConfig.file, ...projectConfig.settings, problems: projectConfig.problems.map((p) => p.message) }
      : { file: null, rules: {}, ignore: [] };
    io.stdout(`${JSON.stringify({ ...shown, rules: { ...shown.rules, ...options.severities } }, null, 2)}\n`);
    return 0;
  }
  const unusedSetting = options.reportUnusedDirectives ? "error" : projectConfig?.settings.reportUnusedDisableDirectives;
  const analyzeOptions = {
    roots,
    host,
    environment: options.env,
    severities: { ...projectConfig?.settings.rules, ...options.severities },
    store,
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
  const fixable = findings.filter((f) => f.fixes.some((fix) => fix.safe)).length;
  switch (options.format) {
    case "json":
      io.stdout(formatJson(findings, base));
      break;
    case "sarif":
      io.stdout(formatSarif(findings, base, packageVersion()));
      break;
    case "github":
      io.stdout(formatGithub(findings, base));
      break;
    default:
      io.stdout(fixSummary + formatText(findings, base, { color: options.color, readText: (file) => store.text(file), fixableCount: fixable }));
  }
  return findings.some((f) => f.severity === "error") ? 1 : 0;
}

/** `do-doctor lsp --stdio`: the language server for any LSP client; runs until the client exits it. */
function runLsp(args: string[]): Promise<number> {
  const transports = ["--stdio", "--node-ipc"];
  if (!args.some((a) => transports.includes(a) || a.startsWith("--socket=") || a.startsWith("--pipe="))) {
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

function listRules(io: CliIo): number {
  const width = Math.max(...rules.map((r) => r.meta.id.length));
  for (const rule of rules) {
    io.stdout(`${rule.meta.id.padEnd(width)}  ${rule.meta.defaultSeverity.padEnd(7)}  ${rule.meta.fixable ? "fix" : "   "}  ${rule.meta.description}\n`);
  }
  return 0;
}

/** Runs the CLI; resolves to the exit code. Never rejects: failures become a message and exit code 2. */
export async function runCli(argv: string[], io: CliIo): Promise<number> {
  const [command, ...rest] = argv;
  try {
    switch (command) {
      case "check":
        return check(rest, io);
      case "rules":
        return listRules(io);
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
        return runLsp(rest);
      case "probe":
        return runProbeCommand(rest, io);
      default:
        throw new UsageError(`unknown command "${command}"`);
    }
  } catch (error) {
    if (error instanceof UsageError) {
      io.stderr(`do-doctor: ${error.message}\n\n${HELP}`);
    } else {
      io.stderr(`do-doctor: internal error: ${error instanceof Error ? error.message : String(error)}\nPlease report this with the command you ran.\n`);
    }
    return 2;
  }
}
