import { DurableObject, WorkerEntrypoint, WorkflowEntrypoint, type WorkflowEvent, type WorkflowStep } from "cloudflare:workers";

interface Env {
  LEDGER: DurableObjectNamespace<Ledger>;
  REPORTS: Workflow<{ jobId: string }>;
  SELF_API: Service<Api>;
}

export class Ledger extends DurableObject<Env> {
  async fetch() {
    return new Response("ledger");
  }
}

export class ReportWorkflow extends WorkflowEntrypoint<Env, { jobId: string }> {
  async run(event: WorkflowEvent<{ jobId: string }>, step: WorkflowStep) {
    return step.do("summarize", async () => ({ jobId: event.payload.jobId }));
  }
}

/** What other workers (and this one, through SELF_API) call over RPC. */
export class Api extends WorkerEntrypoint<Env> {
  async startReport(jobId: string): Promise<string> {
    return (await this.env.REPORTS.create({ params: { jobId } })).id;
  }
}

export default {
  async fetch(request: Request, env: Env): Promise<Response> {
    const url = new URL(request.url);
    if (url.pathname === "/report") return Response.json({ id: await env.SELF_API.startReport(url.searchParams.get("job") ?? "demo") });
    return env.LEDGER.get(env.LEDGER.idFromName("default")).fetch(request);
  },
};
