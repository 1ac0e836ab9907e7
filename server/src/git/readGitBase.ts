import { execFile } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { gitBaseOf, type GitBase } from "../project/gitBase";

/**
 * Reads the worker configs as they were at a base revision with the user's own `git`, as VS Code's Git
 * extension runs it: no shell, a timeout, never a command that writes (`rev-parse`, `merge-base`,
 * `ls-tree`, `show`, `log`), and without taking the index lock (GIT_OPTIONAL_LOCKS=0).
 *
 * The base is `rev` when given; else the merge-base of HEAD with the upstream default branch
 * (`origin/HEAD`, else `main`, `master`, `origin/main`, `origin/master`); else the newest tag reachable
 * from HEAD. A config absent at the base under its current path is looked up under the path it had
 * there (`git log --follow` between the base and HEAD).
 */
export interface GitBaseRequest {
  /** A folder inside the repository (the checked root). */
  cwd: string;
  /** Absolute paths of the worker configs to read at the base. */
  configFiles: readonly string[];
  /** `--base`, the project config's `gitBase`, or the editor setting. */
  rev?: string;
  /** Per git command; 5 s by default. */
  timeoutMs?: number;
  /** The git executable (`git` on PATH by default). */
  gitPath?: string;
}

export type GitBaseOutcome =
  /** `gitDirs`: the repository's git folders, whose HEAD and refs say when the base may have moved. */
  | { base: GitBase; rev: string; gitDirs: string[]; note?: undefined }
  /**
   * Why there is no base, and whether that is the normal state of a folder without git history
   * (`outsideGit`: not a repository, git not installed) or a repository where the base could not be
   * found (a shallow clone, no default branch nor tag, an unknown revision).
   */
  | { base?: undefined; note: string; outsideGit?: boolean };

interface GitResult {
  ok: boolean;
  stdout: string;
  /** git could not be run at all (not installed, timed out). */
  spawnError?: string;
}

function runGit(gitPath: string, cwd: string, args: string[], timeoutMs: number): Promise<GitResult> {
  return new Promise((resolve) => {
    execFile(
      gitPath,
      args,
      {
        cwd,
        timeout: timeoutMs,
        maxBuffer: 16 * 1024 * 1024,
        windowsHide: true,
        env: { ...process.env, GIT_OPTIONAL_LOCKS: "0", GIT_TERMINAL_PROMPT: "0", LC_ALL: "C" },
      },
      (error, stdout) => {
        if (!error) return resolve({ ok: true, stdout: String(stdout) });
        const code = (error as NodeJS.ErrnoException).code;
        if (code === "ENOENT" || code === "EACCES" || error.killed) {
          return resolve({ ok: false, stdout: "", spawnError: code === "ENOENT" ? `${gitPath} is not installed (or not on PATH)` : error.killed ? `${gitPath} timed out` : String(error.message) });
        }
        resolve({ ok: false, stdout: String(stdout ?? "") });
      },
    );
  });
}

/** The rules that read the git base: without them on, git is not run. */
export const GIT_RULES = ["migration-history-rewritten", "new-classes-kv-backed"];

/** The upstream default branch, in order of preference. */
const UPSTREAMS = [
  { name: "origin/HEAD", ref: "refs/remotes/origin/HEAD" },
  { name: "main", ref: "refs/heads/main" },
  { name: "master", ref: "refs/heads/master" },
  { name: "origin/main", ref: "refs/remotes/origin/main" },
  { name: "origin/master", ref: "refs/remotes/origin/master" },
];

export async function readGitBase(request: GitBaseRequest): Promise<GitBaseOutcome> {
  const gitPath = request.gitPath ?? "git";
  const timeoutMs = request.timeoutMs ?? 5000;
  const cwd = existingFolder(request.cwd);
  if (!cwd) return { note: `${request.cwd} does not exist`, outsideGit: true };
  // No `.git` at or above the folder (and no GIT_DIR): not a repository, known without running git.
  if (!process.env.GIT_DIR && !hasGitAbove(cwd)) return { note: `${request.cwd} is not in a git repository`, outsideGit: true };
  let git = (args: string[]) => runGit(gitPath, cwd, args, timeoutMs);

  // One command for where the repository is, its git folders (watched for HEAD and refs) and whether it is shallow.
  const top = await git(["rev-parse", "--show-toplevel", "--absolute-git-dir", "--git-common-dir", "--is-shallow-repository"]);
  if (top.spawnError) return { note: top.spawnError, outsideGit: true };
  if (!top.ok) return { note: `${request.cwd} is not in a git repository`, outsideGit: true };
  const [topLine, gitDirLine, commonDirLine, shallowLine] = top.stdout.split("\n");
  const toplevel = path.resolve(topLine.trim());
  const gitDirs = [...new Set([gitDirLine, commonDirLine].filter(Boolean).map((d) => path.resolve(cwd, d.trim())))];
  const shallow = shallowLine?.trim() === "true";
  const shallowHint = (what: string) => (shallow ? ` (a shallow clone: ${what})` : "");
  // Paths below are relative to the repository's top (pathspecs are read from the working folder).
  git = (args: string[]) => runGit(gitPath, toplevel, args, timeoutMs);

  let rev: string | undefined;
  let label: string;
  if (request.rev !== undefined) {
    // A revision that starts with "-" would be read as an option.
    if (request.rev.startsWith("-") || request.rev.trim() === "") return { note: `"${request.rev}" is not a revision` };
    const resolved = await git(["rev-parse", "--verify", "--quiet", `${request.rev}^{commit}`]);
    if (!resolved.ok) return { note: `the base revision "${request.rev}" is not in this clone${shallowHint("fetch more history")}` };
    rev = resolved.stdout.trim();
    label = request.rev;
  } else {
    // Which of the default branches exist, in one command; the first in order of preference wins.
    const refs = await git(["for-each-ref", "--format=%(refname)", ...UPSTREAMS.map((u) => u.ref)]);
    const existing = new Set(refs.ok ? refs.stdout.split("\n").map((l) => l.trim()) : []);
    const upstream = UPSTREAMS.find((u) => existing.has(u.ref))?.name;
    if (upstream) {
      const mergeBase = await git(["merge-base", "HEAD", upstream]);
      if (!mergeBase.ok) return { note: `HEAD and ${upstream} have no common commit in this clone${shallowHint("fetch more history, or pass --base")}` };
      rev = mergeBase.stdout.trim();
      label = `${upstream} (merge-base ${rev.slice(0, 7)})`;
    } else {
      const tag = await git(["describe", "--tags", "--abbrev=0", "HEAD"]);
      if (!tag.ok) return { note: "no default branch (origin/HEAD, main, master) and no tag to compare with; pass --base" };
      const name = tag.stdout.trim();
      const resolved = await git(["rev-parse", "--verify", "--quiet", `${name}^{commit}`]);
      if (!resolved.ok) return { note: `tag ${name} does not point to a commit` };
      rev = resolved.stdout.trim();
      label = `tag ${name}`;
    }
  }

  const relative = new Map<string, string>();
  for (const file of request.configFiles) {
    const rel = path.relative(toplevel, realPath(file)).split(path.sep).join("/");
    if (rel === "" || rel.startsWith("../") || path.isAbsolute(rel)) continue;
    relative.set(file, rel);
  }
  const texts = new Map<string, string>();
  if (relative.size === 0) return { base: gitBaseOf(label, texts), rev, gitDirs };
  // Which of the paths exist at the base, in one command.
  const listed = await git(["ls-tree", "-r", "--name-only", "-z", rev, "--", ...new Set(relative.values())]);
  if (!listed.ok) return { note: `the base ${label} cannot be read${shallowHint("the base is not in it")}` };
  const present = new Set(listed.stdout.split("\0").filter(Boolean));
  for (const [file, rel] of relative) {
    const then = present.has(rel) ? rel : await pathAtBase(git, rev, rel);
    if (!then) continue;
    const shown = await git(["show", `${rev}:${then}`]);
    if (shown.ok) texts.set(file, shown.stdout);
  }
  return { base: gitBaseOf(label, texts), rev, gitDirs };
}

/**
 * The path a file had at `rev`, when it was renamed since: the oldest rename `git log --follow` shows
 * between the base and HEAD. Undefined when it was added after the base (or is not committed).
 */
async function pathAtBase(git: (args: string[]) => Promise<GitResult>, rev: string, rel: string): Promise<string | undefined> {
  const log = await git(["log", "--follow", "--name-status", "--format=", "-M", `${rev}..HEAD`, "--", rel]);
  if (!log.ok) return undefined;
  let oldest: string | undefined;
  for (const line of log.stdout.split("\n")) {
    const parts = line.split("\t");
    if (/^R\d*$/.test(parts[0]) && parts.length === 3) oldest = parts[1];
  }
  return oldest;
}

function hasGitAbove(dir: string): boolean {
  for (let current = path.resolve(dir); ; current = path.dirname(current)) {
    if (fs.existsSync(path.join(current, ".git"))) return true;
    if (path.dirname(current) === current) return false;
  }
}

function existingFolder(dir: string): string | undefined {
  try {
    const stat = fs.statSync(dir);
    return stat.isDirectory() ? dir : path.dirname(dir);
  } catch {
    return undefined;
  }
}

function realPath(file: string): string {
  try {
    return fs.realpathSync(file);
  } catch {
    return file;
  }
}
