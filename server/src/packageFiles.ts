import * as fs from "node:fs";
import * as path from "node:path";

/**
 * The folder this code ships in (the one with the package.json): the bundle's parent in a build,
 * the repository when run from the compiled tree.
 */
export function packageRoot(): string {
  // Asked for every diagnostic's docs link: read package.json files once, not per finding.
  root ??= findPackageRoot();
  return root;
}

let root: string | undefined;

function findPackageRoot(): string {
  let dir = __dirname;
  for (let i = 0; i < 6; i++) {
    try {
      const json = JSON.parse(fs.readFileSync(path.join(dir, "package.json"), "utf8")) as { name?: string };
      if (json.name === "durable-object-doctor") return dir;
    } catch {
      // not here: keep walking up
    }
    dir = path.dirname(dir);
  }
  return path.resolve(__dirname, "..");
}

export function packageVersion(): string {
  try {
    const json = JSON.parse(fs.readFileSync(path.join(packageRoot(), "package.json"), "utf8")) as { version?: string };
    return json.version ?? "0.0.0";
  } catch {
    return "0.0.0";
  }
}

/** The rule's documentation page, shipped with the package. */
export function ruleDocsPath(ruleId: string): string {
  return path.join(packageRoot(), "docs", "rules", `${ruleId}.md`);
}
