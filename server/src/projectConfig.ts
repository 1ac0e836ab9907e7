import * as path from "node:path";
import { parse, printParseErrorCode, type ParseError } from "jsonc-parser";
import type { Finding, SeveritySetting } from "./findings";
import type { FileHost } from "./host";
import { messageFields, type MessageData } from "./rules/messages";
import type { RuleMeta } from "./rules/rule";
import { escapeRegExp } from "./text/regExp";

/**
 * The project's own settings for Durable Object Doctor, one file read by the CLI, the language server
 * and the extension alike: `do-doctor.config.jsonc` (or `.json`), or a `"doDoctor"` key in
 * `package.json`, found by walking up from the checked folder (the nearest wins, as ESLint's flat
 * config). Editor settings and `--rule` override it for one user or one run.
 *
 * ```jsonc
 * { "rules": { "spa-shadows-agent-route": "off" }, "ignore": ["fixtures/**"], "reportUnusedDisableDirectives": "warning" }
 * ```
 */
export interface ProjectSettings {
  rules: Record<string, SeveritySetting>;
  /** Globs relative to the config's folder: configs there are no workers, findings there are dropped. */
  ignore: string[];
  reportUnusedDisableDirectives?: SeveritySetting;
  /** The git revision whose migrations count as deployed (migration-history-rewritten); `--base` overrides it. */
  gitBase?: string;
}

export interface ProjectConfig {
  /** The file it was read from (for `"doDoctor"` in package.json, that package.json). */
  file: string;
  dir: string;
  settings: ProjectSettings;
  /** What is wrong with it, as findings (the parts that are right still apply). */
  problems: Finding[];
  /** Whether a file path (absolute) is ignored. */
  ignores(file: string): boolean;
}

export const PROJECT_CONFIG_NAMES = ["do-doctor.config.jsonc", "do-doctor.config.json"];
export const PROJECT_CONFIG_RULE = "do-doctor-config-invalid";

/** The problems of a do-doctor config (`{{where}}`: the file, or `"doDoctor" in package.json`): listed with the rules in SARIF output. */
export const PROJECT_CONFIG_META: RuleMeta = {
  id: PROJECT_CONFIG_RULE,
  defaultSeverity: "error",
  description: "The do-doctor config (do-doctor.config.jsonc, or \"doDoctor\" in package.json) has a setting that is not used.",
  fixable: false,
  messages: {
    invalidJson: "{{where}} is not valid JSON with comments ({{error}} at offset {{offset}}); its settings are not used until it parses.",
    notAnObject: '{{where}} must be an object like { "rules": { "<rule-id>": "off" }, "ignore": ["<glob>"] }; its settings are not used.',
    badGitBase: '{{where}}: "gitBase" takes a git revision such as "main" or "v1.2.0".',
    unknownKey: '{{where}}: unknown key "{{key}}" (known: rules, ignore, reportUnusedDisableDirectives, gitBase); it is ignored.',
    rulesNotAnObject: '{{where}}: "rules" must map rule ids to "error", "warning", "info" or "off".',
    unknownRule: '{{where}}: unknown rule "{{rule}}" in "rules" (see do-doctor rules); it is ignored.',
    badSeverity: '{{where}}: rule "{{rule}}" takes "error", "warning", "info" or "off", not {{value}}.',
    badIgnore: '{{where}}: "ignore" must be a list of globs relative to {{folder}}/, such as "fixtures/**".',
    badUnusedDirectiveSeverity: '{{where}}: "reportUnusedDisableDirectives" takes "error", "warning", "info" or "off".',
  },
};

const SEVERITIES = new Set(["error", "warning", "info", "off"]);
const KEYS = new Set(["$schema", "rules", "ignore", "reportUnusedDisableDirectives", "gitBase"]);

/** The nearest project config at or above `from` (a folder or a file), if any. */
export function findProjectConfig(from: string, host: FileHost, knownRules: ReadonlySet<string>): ProjectConfig | undefined {
  let dir = host.directoryExists(from) ? path.resolve(from) : path.dirname(path.resolve(from));
  for (;;) {
    for (const name of PROJECT_CONFIG_NAMES) {
      const file = path.join(dir, name);
      const text = host.readFile(file);
      if (text !== undefined) return readProjectConfig(file, text, knownRules, false);
    }
    const manifest = path.join(dir, "package.json");
    const text = host.readFile(manifest);
    if (text !== undefined && text.includes('"doDoctor"')) {
      const config = readProjectConfig(manifest, text, knownRules, true);
      if (config) return config;
    }
    const parent = path.dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}

/** Reads one config's text; `inPackageJson`: the settings are the `"doDoctor"` key (undefined when it has none). */
export function readProjectConfig(file: string, text: string, knownRules: ReadonlySet<string>, inPackageJson = false): ProjectConfig | undefined {
  const problems: Finding[] = [];
  const problem = (messageId: string, data: MessageData = {}) =>
    problems.push({
      ruleId: PROJECT_CONFIG_RULE,
      severity: "error",
      ...messageFields(PROJECT_CONFIG_META.messages, messageId, { where, ...data }),
      file,
      range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
      fixes: [],
      related: [],
    });
  const errors: ParseError[] = [];
  const parsed = parse(text, errors, { allowTrailingComma: true, disallowComments: inPackageJson }) as unknown;
  let raw: unknown = parsed;
  if (inPackageJson) {
    if (!parsed || typeof parsed !== "object" || !("doDoctor" in parsed)) return undefined;
    raw = (parsed as { doDoctor: unknown }).doDoctor;
  }
  const settings: ProjectSettings = { rules: {}, ignore: [] };
  const where = inPackageJson ? `"doDoctor" in ${path.basename(file)}` : path.basename(file);
  if (errors.length > 0 && !inPackageJson) {
    problem("invalidJson", { error: printParseErrorCode(errors[0].error), offset: errors[0].offset });
    return build(file, { rules: {}, ignore: [] }, problems);
  }
  if (!raw || typeof raw !== "object" || Array.isArray(raw)) {
    problem("notAnObject");
    return build(file, settings, problems);
  }
  const value = raw as Record<string, unknown>;
  for (const key of Object.keys(value)) if (!KEYS.has(key)) problem("unknownKey", { key });
  if (value.rules !== undefined) {
    if (!value.rules || typeof value.rules !== "object" || Array.isArray(value.rules)) problem("rulesNotAnObject");
    else {
      for (const [id, severity] of Object.entries(value.rules as Record<string, unknown>)) {
        if (!knownRules.has(id)) problem("unknownRule", { rule: id });
        else if (typeof severity !== "string" || !SEVERITIES.has(severity)) problem("badSeverity", { rule: id, value: String(JSON.stringify(severity)) });
        else settings.rules[id] = severity as SeveritySetting;
      }
    }
  }
  if (value.ignore !== undefined) {
    if (!Array.isArray(value.ignore) || value.ignore.some((g) => typeof g !== "string" || g.trim() === "")) problem("badIgnore", { folder: path.basename(path.dirname(file)) });
    else settings.ignore = value.ignore as string[];
  }
  if (value.reportUnusedDisableDirectives !== undefined) {
    const v = value.reportUnusedDisableDirectives;
    if (typeof v !== "string" || !SEVERITIES.has(v)) problem("badUnusedDirectiveSeverity");
    else settings.reportUnusedDisableDirectives = v as SeveritySetting;
  }
  if (value.gitBase !== undefined) {
    if (typeof value.gitBase !== "string" || value.gitBase.trim() === "" || value.gitBase.startsWith("-")) problem("badGitBase");
    else settings.gitBase = value.gitBase;
  }
  return build(file, settings, problems);
}

function build(file: string, settings: ProjectSettings, problems: Finding[]): ProjectConfig {
  const dir = path.dirname(file);
  const patterns = settings.ignore.map(globToRegExp);
  return {
    file,
    dir,
    settings,
    problems,
    ignores(target: string) {
      const relative = path.relative(dir, target).split(path.sep).join("/");
      if (relative === "" || relative.startsWith("../") || relative === "..") return false;
      return patterns.some((pattern) => pattern.test(relative));
    },
  };
}

/**
 * A glob as gitignore and ESLint read them, relative to the config's folder: `*` and `?` within one
 * segment, `**` across segments, a pattern without "/" matches at any depth, a trailing "/" (or a
 * folder matched) covers everything below it.
 */
export function globToRegExp(glob: string): RegExp {
  let pattern = glob.trim().replace(/^\.\//, "");
  const anywhere = !pattern.replace(/\/$/, "").includes("/");
  pattern = pattern.replace(/^\//, "").replace(/\/$/, "");
  let source = "";
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i];
    if (c === "*" && pattern[i + 1] === "*") {
      const slash = pattern[i + 2] === "/";
      source += slash ? "(?:.*/)?" : ".*";
      i += slash ? 2 : 1;
    } else if (c === "*") source += "[^/]*";
    else if (c === "?") source += "[^/]";
    else source += escapeRegExp(c);
  }
  return new RegExp(`^${anywhere ? "(?:.*/)?" : ""}${source}(?:/.*)?$`);
}
