import * as fs from "node:fs";
import * as path from "node:path";
import { analyze, type AnalysisResult, type AnalyzeOptions } from "../analyze";
import { applyTextEdits, spansCollide } from "../edits/applyEdits";
import { editsByFile, findingKey, screenFixes, unremovedFindings } from "../edits/fixCheck";
import type { Finding, Fix, TextEdit } from "../findings";
import { decodeText } from "../host";
import { ModuleStore } from "../source/moduleStore";
import { LineIndex } from "../text/positions";

export interface FixReport {
  /** The analysis after the last pass: what is left. */
  result: AnalysisResult;
  appliedFixes: number;
  changedFiles: string[];
  /** Files left alone because they changed on disk after they were read. */
  skippedFiles: string[];
  /** Files not written: read-only (no write bit, even for root), or the write failed (folder not writable, disk full). */
  unwritableFiles: { file: string; reason: string }[];
  /** Fixes not written because the edited file would no longer parse (or would export a name twice). */
  refusedFixes: { title: string; file: string; reason: string }[];
  /** Findings a written fix did not remove: their fixes were not applied again. */
  unremoved: { finding: Finding; title: string }[];
}

/** ESLint's bound: fixes that enable other fixes get a few rounds, never an endless loop. */
const MAX_PASSES = 10;

/**
 * Applies safe fixes, re-checking between passes, until none is left. Each file is written to a
 * temporary file beside it and renamed over it (mode kept); a file that changed since the analysis
 * read it is never written.
 */
export function applySafeFixes(options: AnalyzeOptions, check: (options: AnalyzeOptions) => AnalysisResult = analyze): FixReport {
  const store = options.store ?? new ModuleStore(options.host);
  const changed = new Set<string>();
  const skipped = new Set<string>();
  const unwritable = new Map<string, string>();
  const refused = new Map<string, { title: string; file: string; reason: string }>();
  const unremoved = new Map<string, { finding: Finding; title: string }>();
  let applied = 0;
  let result = check({ ...options, store });
  for (let pass = 0; pass < MAX_PASSES; pass++) {
    // A fix that did not remove its finding is not repeated: it would only pile up the same edit.
    const candidates = result.findings.filter((f) => !unremoved.has(findingKey(f))).flatMap((f) => f.fixes.filter((fix) => fix.safe));
    // A file edited on disk after the analysis read it is never written.
    const stale = new Set<string>();
    for (const file of new Set(candidates.flatMap((fix) => fix.edits.map((e) => e.file)))) {
      const now = readRaw(file);
      if (now === undefined || now.text !== store.text(file)) stale.add(file);
      // The user marked it read-only: a fix is no reason to override that (rename would).
      else if ((now.mode & 0o222) === 0) unwritable.set(file, "it is read-only");
    }
    stale.forEach((file) => skipped.add(file));
    // A later pass re-reads stale files and computes its edits on what is there then.
    const colliding = chooseFixes(candidates.filter((fix) => fix.edits.every((e) => !stale.has(e.file) && !unwritable.has(e.file))));
    // Every edited file parses again before it is written; a fix that would break one is not applied.
    const screened = screenFixes(colliding, (file) => readRaw(file)?.text);
    for (const { fix, file, reason } of screened.refused.filter((r) => !r.together)) refused.set(`${fix.title}\0${file}`, { title: fix.title, file, reason });
    const chosen = screened.accepted;
    if (chosen.length === 0) break;
    const byFile = editsByFile(chosen);
    let written = 0;
    for (const [file, edits] of byFile) {
      const raw = readRaw(file)!;
      try {
        writeAtomically(file, raw, applyTextEdits(raw.text, edits));
        changed.add(file);
        written++;
      } catch (error) {
        // One file that cannot be written (its folder is read-only, the disk is full) stops no other.
        unwritable.set(file, error instanceof Error ? error.message : String(error));
      }
    }
    if (written === 0) break;
    const writtenFixes = chosen.filter((fix) => fix.edits.every((e) => changed.has(e.file)));
    applied += writtenFixes.length;
    const before = result;
    result = check({ ...options, store });
    for (const finding of unremovedFindings(before.findings, writtenFixes, result.findings)) {
      const fix = finding.fixes.find((f) => writtenFixes.includes(f))!;
      unremoved.set(findingKey(finding), { finding, title: fix.title });
    }
  }
  return {
    result,
    appliedFixes: applied,
    changedFiles: [...changed].sort(),
    skippedFiles: [...skipped].filter((file) => !changed.has(file)).sort(),
    unwritableFiles: [...unwritable].map(([file, reason]) => ({ file, reason })).sort((a, b) => (a.file < b.file ? -1 : 1)),
    refusedFixes: [...refused.values()],
    unremoved: [...unremoved.values()],
  };
}

/** Fixes whose edits collide with no fix chosen before them (first come, first served). */
function chooseFixes(fixes: Fix[]): Fix[] {
  const taken: { file: string; start: number; end: number }[] = [];
  const chosen: Fix[] = [];
  const offsets = new Map<string, LineIndex>();
  const spanOf = (edit: TextEdit) => {
    let lines = offsets.get(edit.file);
    if (!lines) {
      lines = new LineIndex(readRaw(edit.file)?.text ?? "");
      offsets.set(edit.file, lines);
    }
    return { start: lines.offsetAt(edit.range.start), end: lines.offsetAt(edit.range.end) };
  };
  for (const fix of fixes) {
    const spans = fix.edits.map((edit) => ({ file: edit.file, ...spanOf(edit) }));
    if (spans.some((s) => taken.some((t) => t.file === s.file && spansCollide(s, t)))) continue;
    taken.push(...spans);
    chosen.push(fix);
  }
  return chosen;
}

interface RawText {
  text: string;
  encoding: "utf8" | "utf8-bom" | "utf16le";
  mode: number;
}

function readRaw(file: string): RawText | undefined {
  try {
    const buffer = fs.readFileSync(file);
    const text = decodeText(buffer);
    if (text === undefined) return undefined;
    const encoding = buffer[0] === 0xef && buffer[1] === 0xbb && buffer[2] === 0xbf ? "utf8-bom" : buffer[0] === 0xff && buffer[1] === 0xfe ? "utf16le" : buffer[0] === 0xfe && buffer[1] === 0xff ? undefined : "utf8";
    if (!encoding) return undefined;
    return { text, encoding, mode: fs.statSync(file).mode };
  } catch {
    return undefined;
  }
}

function writeAtomically(file: string, raw: RawText, text: string): void {
  const body =
    raw.encoding === "utf16le"
      ? Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, "utf16le")])
      : Buffer.from((raw.encoding === "utf8-bom" ? "\ufeff" : "") + text, "utf8");
  // Through a symbolic link, the file it points at is rewritten: renaming over the link would replace
  // the link with a copy and leave the shared config unfixed.
  const target = fs.realpathSync(file);
  const temp = path.join(path.dirname(target), `.${path.basename(target)}.do-doctor-${process.pid}-${randomSuffix()}.tmp`);
  try {
    fs.writeFileSync(temp, body, { mode: raw.mode & 0o7777, flag: "wx" });
    fs.chmodSync(temp, raw.mode & 0o7777);
    fs.renameSync(temp, target);
  } catch (error) {
    // Only our own temporary file is removed ("wx" never opens one that was already there).
    if ((error as NodeJS.ErrnoException).code !== "EEXIST") fs.rmSync(temp, { force: true });
    throw error;
  }
}

/** A random suffix for temporary names (crypto is loaded only when a fix is written). */
function randomSuffix(): string {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return (require("node:crypto") as typeof import("node:crypto")).randomBytes(4).toString("hex");
}
