import { fileURLToPath, pathToFileURL } from "node:url";

/** File paths for file: URIs; undefined for other schemes (untitled, git, ...), which are not checked. */
export function uriToPath(uri: string): string | undefined {
  if (!uri.startsWith("file:")) return undefined;
  try {
    return fileURLToPath(uri);
  } catch {
    return undefined;
  }
}

export function pathToUri(file: string): string {
  return pathToFileURL(file).href;
}
