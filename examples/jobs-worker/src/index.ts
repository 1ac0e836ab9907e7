import { DurableObject, WorkerEntrypoint } from "cloudflare:workers";
import { Container } from "@cloudflare/containers";

export interface Env {
  REPORTS: Workflow<{ jobId: string }>;
  LEDGER: DurableObjectNamespace<JobLedger>;
  THUMBNAILER: DurableObjectNamespace<Thumbnailer>;
  SELF_ADMIN: Service<AdminApi>;
}

/** One ledger per job: what ran, when, with what result. */
export class JobLedger extends DurableObject<Env> {
  async record(step: string, result: string): Promise<void> {
    this.ctx.storage.sql.exec("CREATE TABLE IF NOT EXISTS steps (step TEXT, result TEXT, at INTEGER)");
    this.ctx.storage.sql.exec("INSERT INTO steps VALUES (?, ?, ?)", step, result, Date.now());
  }
}

/** Renders thumbnails in a container (the image is container/Dockerfile). */
export class Thumbnailer extends Container<Env> {
  defaultPort = 8080;
  sleepAfter = "2m";
}

/** The admin API other workers reach through a service binding with `entrypoint: "AdminApi"`. */
export class AdminApi extends WorkerEntrypoint<Env> {
  async startReport(jobId: string): Promise<string> {
    const instance = await this.env.REPORTS.create({ params: { jobId } });
    return instance.id;
  }
}

export default {
  async fetch(request: Request, env: Env): Promise<Response> {
    const url = new URL(request.url);
    if (url.pathname === "/thumbnail") {
      const container = env.THUMBNAILER.get(env.THUMBNAILER.idFromName("shared"));
      return container.fetch(request);
    }
    if (url.pathname === "/report") {
      const jobId = url.searchParams.get("job") ?? "demo";
      const report = await env.REPORTS.create({ params: { jobId } });
      await env.LEDGER.get(env.LEDGER.idFromName(jobId)).record("report", report.id);
      return Response.json({ report: report.id });
    }
    return new Response("jobs-worker: /thumbnail, /report");
  },
};
