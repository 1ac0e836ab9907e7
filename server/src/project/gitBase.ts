/**
 * Worker configs as they were at a base revision (what was most likely deployed), for the rules that
 * compare a config with its history. The engine only reads this; git itself is run by `git/readGitBase`
 * (the CLI and the language server), which hands the texts over as data.
 */
export interface GitBase {
  /** The revision compared with, for messages: `main (merge-base 1a2b3c4)`. */
  label: string;
  /**
   * The config's text at the base (under its name there, when it was renamed since); undefined when
   * the config did not exist at the base: then there is nothing to compare.
   */
  textAt(configFile: string): string | undefined;
}

/** A GitBase over texts already read, keyed by absolute config path. */
export function gitBaseOf(label: string, texts: ReadonlyMap<string, string>): GitBase {
  return { label, textAt: (file) => texts.get(file) };
}
