import * as path from "node:path";
import type { WorkerConfig } from "../project/model";
import type { ModuleStore } from "../source/moduleStore";

/** A package script that runs wrangler on a worker's top level (no `--env`). */
export interface TopLevelRun {
  /** The script's name in package.json ("dev"). */
  script: string;
  /** The wrangler command as written in it ("wrangler dev --port 8787"). */
  command: string;
}

/**
 * The script of the worker's own package.json (the one in the config's folder) that runs
 * `wrangler dev` on this config's top level: no `--env` / `-e` (or an empty one), no `CLOUDFLARE_ENV`,
 * and no `--config` naming another file. That is evidence the top level runs, as a local-dev
 * config at least; without such a script whether anyone runs it is not known. `dev`, then `start`,
 * then the other scripts in their order.
 */
export function topLevelDevRun(store: ModuleStore, worker: WorkerConfig): TopLevelRun | undefined {
  const scripts = packageScripts(store.text(path.join(worker.dir, "package.json")));
  const names = Object.keys(scripts).sort((a, b) => rank(a) - rank(b));
  for (const script of names) {
    for (const command of wranglerCommands(scripts[script])) {
      if (command.subcommand !== "dev" || command.env !== "") continue;
      if (command.config !== undefined && path.resolve(worker.dir, command.config) !== worker.file) continue;
      return { script, command: command.text };
    }
  }
  return undefined;
}

function rank(script: string): number {
  return script === "dev" ? 0 : script === "start" ? 1 : 2;
}

interface WranglerCommand {
  text: string;
  subcommand: string;
  /** The environment it selects: "" for the top level, undefined when it cannot be read. */
  env: string | undefined;
  config?: string;
}

/** The `wrangler <subcommand> ...` commands of a script, split at `&&`, `||`, `;` and `|`. */
export function wranglerCommands(script: string): WranglerCommand[] {
  const commands: WranglerCommand[] = [];
  for (const segment of script.split(/&&|\|\||;|\|/)) {
    const words = segment.trim().split(/\s+/).filter(Boolean);
    const at = words.findIndex((word) => /(?:^|\/)wrangler(?:\.cmd)?$/.test(word));
    if (at < 0 || at + 1 >= words.length) continue;
    const subcommand = words[at + 1];
    // An environment chosen outside the flags (`CLOUDFLARE_ENV=staging wrangler dev`): not the top level.
    let env: string | undefined = words.slice(0, at).some((w) => /^CLOUDFLARE_ENV=/.test(w)) ? undefined : "";
    let config: string | undefined;
    for (let i = at + 2; i < words.length; i++) {
      const word = words[i];
      const flag = /^(--env|-e|--config|-c)(?:=(.*))?$/.exec(word);
      if (!flag) continue;
      const value = unquote(flag[2] ?? words[++i] ?? "");
      if (flag[1] === "--env" || flag[1] === "-e") env = /^[\w-]*$/.test(value) ? value : undefined;
      else config = value;
    }
    commands.push({ text: words.slice(at).join(" "), subcommand, env, config });
  }
  return commands;
}

function unquote(value: string): string {
  return value.replace(/^(["'])(.*)\1$/, "$2");
}

/** The string-valued `scripts` of a package.json text ({} when it has none or does not parse). */
export function packageScripts(text: string | undefined): Record<string, string> {
  if (!text) return {};
  try {
    const scripts = (JSON.parse(text) as { scripts?: unknown }).scripts;
    if (!scripts || typeof scripts !== "object") return {};
    return Object.fromEntries(Object.entries(scripts).filter((e): e is [string, string] => typeof e[1] === "string"));
  } catch {
    return {};
  }
}
