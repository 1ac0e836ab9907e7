import * as path from "node:path";

/** Paths in reports: relative to the checked folder, with forward slashes on every platform. */
export function displayPath(file: string, base: string): string {
  const relative = path.relative(base, file);
  return (relative === "" ? path.basename(file) : relative).split(path.sep).join("/");
}
