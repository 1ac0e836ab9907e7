import { parseArgs } from "node:util";
import { nearestName } from "../naming/nearestName";
import { UsageError } from "./io";

/** A mistake in the command line (one-line message, exit code 2): the CLI's one UsageError class. */
export { UsageError };

export interface OptionSpec {
  type: "string" | "boolean";
  /** Repeatable: every value is kept, in order (string options only). */
  multiple?: boolean;
  /** A one-letter alias, as `-h` for `--help`. */
  short?: string;
}

export type OptionSpecs = Readonly<Record<string, OptionSpec>>;

type ValueOf<S extends OptionSpec> = S["type"] extends "boolean" ? boolean : S["multiple"] extends true ? string[] : string;

export type OptionValues<S extends OptionSpecs> = { -readonly [K in keyof S]?: ValueOf<S[K]> };

export interface CommandLine<S extends OptionSpecs> {
  values: OptionValues<S>;
  positionals: string[];
  /** The arguments after the first `--`, untouched (undefined when there is no `--`). */
  afterDoubleDash?: string[];
}

/**
 * One parser for every command: `node:util` `parseArgs` reads the tokens, then each is checked here so
 * that every mistake is a one-line usage error: an unknown option names the nearest valid one, a
 * string option without a value (or followed by another `--option`) says it needs one, a flag given a
 * value says it takes none. `command` names the command in the messages ("check", "probe").
 */
export function parseCommandLine<S extends OptionSpecs>(args: readonly string[], specs: S, command: string): CommandLine<S> {
  const dash = args.indexOf("--");
  const own = dash === -1 ? [...args] : args.slice(0, dash);
  const { tokens } = parseArgs({
    args: own,
    options: Object.fromEntries(Object.entries(specs).map(([name, spec]) => [name, spec.short ? { type: spec.type, short: spec.short } : { type: spec.type }])),
    strict: false,
    allowPositionals: true,
    tokens: true,
  });
  const values: Record<string, string | boolean | string[]> = {};
  const positionals: string[] = [];
  for (const token of tokens) {
    if (token.kind === "positional") {
      positionals.push(token.value);
      continue;
    }
    if (token.kind !== "option") continue;
    const spec = Object.prototype.hasOwnProperty.call(specs, token.name) ? specs[token.name] : undefined;
    if (!spec) throw new UsageError(unknownOption(token.rawName, specs, command));
    const flag = `--${token.name}`;
    if (spec.type === "boolean") {
      if (token.value !== undefined) throw new UsageError(`${flag} takes no value (got "${token.value}")`);
      values[token.name] = true;
      continue;
    }
    // Without "=", parseArgs takes the next argument whatever it is: `--env --fix` is a missing value.
    if (token.value === undefined || (!token.inlineValue && token.value.startsWith("--"))) {
      throw new UsageError(`${flag} needs a value`);
    }
    if (spec.multiple) {
      const list = values[token.name];
      values[token.name] = Array.isArray(list) ? [...list, token.value] : [token.value];
    } else {
      values[token.name] = token.value;
    }
  }
  return { values: values as OptionValues<S>, positionals, afterDoubleDash: dash === -1 ? undefined : args.slice(dash + 1) };
}

function unknownOption(rawName: string, specs: OptionSpecs, command: string): string {
  // "-x" has no name to compare; "--formt" and "--Format" do.
  const nearest = rawName.startsWith("--") ? nearestName(rawName.slice(2), Object.keys(specs)) : undefined;
  return nearest ? `unknown option ${rawName}; did you mean --${nearest}?` : `unknown option ${rawName} for ${command} (do-doctor ${command} --help lists the options)`;
}

/** A word that is no command: "unknown command "chek"; did you mean check?" (or --version, --help). */
export function unknownCommand(word: string, commands: readonly string[], options: readonly string[]): string {
  const nearest = word.startsWith("--") ? options.find((o) => o === `--${nearestName(word.slice(2), options.map((c) => c.slice(2)))}`) : nearestName(word, commands);
  return `unknown command "${word}"${nearest ? `; did you mean ${nearest}?` : " (do-doctor --help lists the commands)"}`;
}
