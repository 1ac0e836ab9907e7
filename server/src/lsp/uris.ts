import { URI } from "vscode-uri";
import { HOST_PATHS, type PathFlavour } from "../project/pathFlavour";

/**
 * File paths for file: URIs; undefined for other schemes (untitled, git, ...), which are not checked.
 *
 * URIs are read as VS Code writes them (vscode-uri): `file:///c%3A/Users/x/wrangler.jsonc` is
 * `c:\Users\x\wrangler.jsonc` on Windows (drive letter lower case, as VS Code's own `fsPath`), a UNC
 * authority (`file://server/share/x`) is `\\server\share\x`. The flavour is the host's; tests pass the
 * other one to check both on any machine.
 */
export function uriToPath(uri: string, flavour: PathFlavour = HOST_PATHS): string | undefined {
  if (!/^file:/i.test(uri)) return undefined;
  let parsed: URI;
  try {
    parsed = URI.parse(uri, true);
  } catch {
    return undefined;
  }
  if (parsed.scheme !== "file") return undefined;
  const { authority, path } = parsed;
  if (!path.startsWith("/") || path.includes("\0")) return undefined;
  if (flavour.name === "posix") return authority && path.length > 1 ? `//${authority}${path}` : path;
  let file: string;
  if (authority && path.length > 1) file = `//${authority}${path}`;
  else if (/^\/[a-zA-Z]:(\/|$)/.test(path)) file = `${path[1].toLowerCase()}:${path.slice(3) || "/"}`;
  else return undefined;
  // path.win32.normalize keeps a drive root's separator (`c:\`) and a UNC root's (`\\server\share\`).
  return flavour.path.normalize(file.replace(/\//g, "\\"));
}

/** The URI VS Code itself would give the file (`file:///c%3A/...` on Windows). */
export function pathToUri(file: string, flavour: PathFlavour = HOST_PATHS): string {
  // URI.file turns `\` into `/` only when it runs on Windows: do it here for the win32 flavour.
  return URI.file(flavour.name === "win32" ? file.replace(/\\/g, "/") : file).toString();
}
