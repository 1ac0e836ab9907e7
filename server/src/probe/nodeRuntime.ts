import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";

/** The Node.js that runs wrangler, and why that one. */
export type NodeChoice =
  | { kind: "current"; node: string; version: string }
  | { kind: "path"; node: string; version: string; current: string }
  /** None satisfies the range: wrangler runs on the current one and says so itself. */
  | { kind: "none"; node: string; required: string; current: string; tried: { node: string; version: string }[] };

/**
 * wrangler declares the Node it needs in its package.json `engines.node` (">=22.12.0" from 4.87 on)
 * and refuses to run on an older one. The probe runs with the Node that runs do-doctor (in VS Code the
 * editor's own, often older): when that one is too old, the first `node` on PATH that satisfies the
 * range runs wrangler instead, as a user's `npx wrangler dev` would.
 */
export function chooseNode(required: string | undefined, pathVariable = process.env.PATH ?? "", current = process.versions.node, currentNode = process.execPath): NodeChoice {
  if (!required || satisfies(current, required) !== false) return { kind: "current", node: currentNode, version: current };
  const tried: { node: string; version: string }[] = [];
  const seen = new Set<string>([realpath(currentNode)]);
  for (const dir of pathVariable.split(path.delimiter)) {
    if (!dir) continue;
    const candidate = path.join(dir, process.platform === "win32" ? "node.exe" : "node");
    const real = realpath(candidate);
    if (seen.has(real) || !isExecutable(candidate)) continue;
    seen.add(real);
    const answer = spawnSync(candidate, ["-p", "process.versions.node"], { encoding: "utf8", timeout: 10_000, windowsHide: true });
    const version = answer.status === 0 ? answer.stdout.trim() : "";
    if (!/^\d+\.\d+\.\d+/.test(version)) continue;
    tried.push({ node: candidate, version });
    if (satisfies(version, required)) return { kind: "path", node: candidate, version, current };
  }
  return { kind: "none", node: currentNode, required, current, tried };
}

/** `engines.node` of the wrangler package in packageDir. */
export function enginesNode(packageDir: string): string | undefined {
  try {
    const manifest = JSON.parse(fs.readFileSync(path.join(packageDir, "package.json"), "utf8")) as { engines?: { node?: unknown } };
    return typeof manifest.engines?.node === "string" ? manifest.engines.node : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Whether version satisfies an npm range, for the forms `engines.node` uses: `>=22.12.0`, `^20.19 || >=22`,
 * `>=18 <19`, `20.x`, `22`. Undefined for a form it does not read (then the probe does not second-guess).
 */
export function satisfies(version: string, range: string): boolean | undefined {
  const v = parse(version);
  if (!v) return undefined;
  let understood = false;
  for (const alternative of range.split("||")) {
    const comparators = alternative.trim().split(/\s+/).filter(Boolean);
    if (comparators.length === 0) continue;
    let all = true;
    for (const comparator of comparators) {
      const result = test(v, comparator);
      if (result === undefined) return undefined;
      if (!result) all = false;
    }
    understood = true;
    if (all) return true;
  }
  return understood ? false : undefined;
}

type Triple = [number, number, number];

function parse(text: string): Triple | undefined {
  const m = /^v?(\d+)(?:\.(\d+|x|\*))?(?:\.(\d+|x|\*))?/.exec(text.trim());
  if (!m) return undefined;
  const n = (s: string | undefined) => (s === undefined || s === "x" || s === "*" ? 0 : Number(s));
  return [Number(m[1]), n(m[2]), n(m[3])];
}

function compare(a: Triple, b: Triple): number {
  for (let i = 0; i < 3; i++) if (a[i] !== b[i]) return a[i] - b[i];
  return 0;
}

function test(v: Triple, comparator: string): boolean | undefined {
  if (comparator === "*" || comparator === "x") return true;
  const m = /^(>=|<=|>|<|=|\^|~)?\s*v?(\d+(?:\.(?:\d+|x|\*))?(?:\.(?:\d+|x|\*))?)(?:-[0-9A-Za-z.-]+)?$/.exec(comparator);
  if (!m) return undefined;
  const op = m[1] ?? "";
  const bound = parse(m[2])!;
  const parts = m[2].split(".").filter((p) => p !== "x" && p !== "*").length;
  const c = compare(v, bound);
  switch (op) {
    case ">=":
      return c >= 0;
    case ">":
      return c > 0;
    case "<=":
      return c <= 0;
    case "<":
      return c < 0;
    case "^":
      return c >= 0 && v[0] === bound[0];
    case "~":
      return c >= 0 && v[0] === bound[0] && (parts < 2 || v[1] === bound[1]);
    default:
      // `22`, `20.x`, `=22.1.0`: the parts given must match.
      return v.slice(0, parts).every((n, i) => n === bound[i]);
  }
}

function realpath(file: string): string {
  try {
    return fs.realpathSync(file);
  } catch {
    return file;
  }
}

function isExecutable(file: string): boolean {
  try {
    fs.accessSync(file, fs.constants.X_OK);
    return fs.statSync(file).isFile();
  } catch {
    return false;
  }
}

/**
 * PATH as `npm run` builds it for a script of the project: each `node_modules/.bin` from the config's
 * folder up to the root (nearest first), so a `build.command` such as `esbuild ...` finds the
 * project's own tools, then the folder of the Node that runs wrangler, then the caller's PATH.
 */
export function projectPath(configDir: string, nodeBinary: string, pathVariable = process.env.PATH ?? ""): string {
  const dirs: string[] = [];
  let dir = path.resolve(configDir);
  for (;;) {
    const bin = path.join(dir, "node_modules", ".bin");
    if (fs.existsSync(bin)) dirs.push(bin);
    const parent = path.dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  dirs.push(path.dirname(nodeBinary));
  return [...dirs, ...pathVariable.split(path.delimiter).filter(Boolean)].join(path.delimiter);
}
