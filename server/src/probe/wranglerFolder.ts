import * as fs from "node:fs";
import * as path from "node:path";

/**
 * wrangler dev bundles into `<config folder>/.wrangler/tmp/` whatever the entry (its project root is
 * the config's folder, and no flag moves it), and newer releases make more there (`tmp/email`, empty,
 * from 4.1xx). The probe remembers what was there before it started and removes whatever appeared
 * under `.wrangler/tmp/` during its run, then the folders it made if they are empty, so the user's
 * project is left as it was. Anything else new under `.wrangler/` is kept and reported.
 */
export class WranglerFolderGuard {
  private readonly hidden: string;
  private readonly tmp: string;
  private readonly hiddenExisted: boolean;
  private readonly tmpExisted: boolean;
  private readonly tmpEntries: Set<string>;

  constructor(configDir: string) {
    this.hidden = path.join(configDir, ".wrangler");
    this.tmp = path.join(this.hidden, "tmp");
    this.hiddenExisted = fs.existsSync(this.hidden);
    this.tmpExisted = fs.existsSync(this.tmp);
    this.tmpEntries = new Set(list(this.tmp));
  }

  /**
   * The same removal as restore(), as a standalone script: the reaper runs it when the parent exited
   * before it could restore (Node builtins only; it runs in a bare `node -e`).
   */
  restoreScript(): string {
    const before = JSON.stringify([...this.tmpEntries]);
    return `(() => {
      const fs = require("node:fs"), path = require("node:path");
      const tmp = ${JSON.stringify(this.tmp)}, hidden = ${JSON.stringify(this.hidden)}, before = new Set(${before});
      let names = [];
      try { names = fs.readdirSync(tmp); } catch {}
      for (const name of names) if (!before.has(name)) fs.rmSync(path.join(tmp, name), { recursive: true, force: true });
      ${this.tmpExisted ? "" : "try { fs.rmdirSync(tmp); } catch {}"}
      ${this.hiddenExisted ? "" : "try { fs.rmdirSync(hidden); } catch {}"}
    })();`;
  }

  /** Removes what the run added; returns a note when something unexpected is left. */
  restore(): string | undefined {
    for (const name of list(this.tmp)) {
      if (!this.tmpEntries.has(name)) {
        fs.rmSync(path.join(this.tmp, name), { recursive: true, force: true });
      }
    }
    if (!this.tmpExisted) removeIfEmpty(this.tmp);
    if (!this.hiddenExisted) {
      removeIfEmpty(this.hidden);
      if (fs.existsSync(this.hidden)) return `wrangler left ${this.hidden} with files the probe did not expect; it was kept.`;
    }
    return undefined;
  }
}

function list(dir: string): string[] {
  try {
    return fs.readdirSync(dir);
  } catch {
    return [];
  }
}

function removeIfEmpty(dir: string) {
  try {
    fs.rmdirSync(dir);
  } catch {
    // not empty, or gone
  }
}
