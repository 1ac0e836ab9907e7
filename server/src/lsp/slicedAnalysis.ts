import { analysisSteps, type AnalysisResult, type AnalyzeOptions } from "../analyze";

/**
 * How long the analysis holds the server's only thread before letting requests through: hover,
 * completion and cancellations wait at most about this long (plus one step: one worker's check).
 */
export const SLICE_MS = 8;

/** A run of the analysis that a newer edit can make pointless. */
export interface AnalysisRun {
  /** Set when the files changed after the run began: its result would describe texts that are gone. */
  abandoned: boolean;
}

/**
 * Runs the analysis in slices of about `sliceMs`, giving the event loop a turn between slices so that
 * requests are answered while a re-check of a big workspace runs. Returns undefined as soon as the
 * run is abandoned: it is never finished on texts that changed under it.
 */
export async function analyzeInSlices(options: AnalyzeOptions, run: AnalysisRun, sliceMs = SLICE_MS): Promise<AnalysisResult | undefined> {
  const steps = analysisSteps(options);
  let sliceStart = performance.now();
  for (;;) {
    if (run.abandoned) {
      steps.return(undefined as never);
      return undefined;
    }
    const step = steps.next();
    if (step.done) return step.value;
    if (performance.now() - sliceStart >= sliceMs) {
      await nextTurn();
      sliceStart = performance.now();
    }
  }
}

/** After the I/O the event loop has waiting (incoming messages), unlike a resolved promise. */
export function nextTurn(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}
