import { WorkflowEntrypoint, type WorkflowEvent, type WorkflowStep } from "cloudflare:workers";
import type { Env } from "../index";

/** Builds a job's report in steps that survive restarts. */
export class ReportWorkflow extends WorkflowEntrypoint<Env, { jobId: string }> {
  async run(event: WorkflowEvent<{ jobId: string }>, step: WorkflowStep) {
    const rows = await step.do("collect", async () => [{ job: event.payload.jobId, ok: true }]);
    return step.do("summarize", async () => ({ jobId: event.payload.jobId, rows: rows.length }));
  }
}
