import { setFlagsFromString } from "node:v8";

/**
 * How far V8 lets the old generation grow past what the last full collection kept, in percent
 * (V8's `--heap-growing-percent`). V8's own choice, up to four times the live heap, suits a program
 * that runs and exits; a language server lives for the whole editing session, and each re-check
 * promotes short-lived analysis data, so its heap climbed from ~90 to ~200 MB between collections
 * with ~45 MB alive (bench/soak.mjs). Factor 2 collects sooner: the 10,000-edit soak's RSS peak
 * 303 -> 224 MB, first to last thousand +8.7%, edit p95 as with V8's own factor; 1.5 held less
 * (peak 202 MB) but made config edits' p95 10-47 ms slower. Figures in the README's benchmark section.
 */
export const DEFAULT_HEAP_GROWING_PERCENT = 100;

/**
 * Applies the server's heap growing factor: `DO_DOCTOR_HEAP_GROWING_PERCENT` (0: V8's default), else
 * the default above; never when the process was started with the flag (a client's `execArgv` wins).
 * Returns the percent applied, or undefined.
 */
export function tuneHeap(env: NodeJS.ProcessEnv = process.env, execArgv: readonly string[] = process.execArgv, setFlags: (flags: string) => void = setFlagsFromString): number | undefined {
  if (execArgv.some((arg) => /^--heap[-_]growing[-_]percent\b/.test(arg))) return undefined;
  const configured = env.DO_DOCTOR_HEAP_GROWING_PERCENT;
  const percent = configured !== undefined && /^\d+$/.test(configured.trim()) ? Number(configured) : DEFAULT_HEAP_GROWING_PERCENT;
  if (percent <= 0) return undefined;
  setFlags(`--heap-growing-percent=${percent}`);
  return percent;
}
