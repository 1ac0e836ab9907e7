import * as fs from "node:fs";
import * as path from "node:path";

/** The package version, read from the package.json this code ships in (bundle or compiled tree). */
export function packageVersion(): string {
  let dir = __dirname;
  for (let i = 0; i < 6; i++) {
    const file = path.join(dir, "package.json");
    try {
      const json = JSON.parse(fs.readFileSync(file, "utf8")) as { name?: string; version?: string };
      if (json.name === "durable-object-doctor" && json.version) return json.version;
    } catch {
      // not here: keep walking up
    }
    dir = path.dirname(dir);
  }
  return "0.0.0";
}
