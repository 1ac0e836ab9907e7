import { WorkflowEntrypoint } from "cloudflare:workers";

export class ReportWorkflow extends WorkflowEntrypoint {
  async run() {
    return "done";
  }
}
