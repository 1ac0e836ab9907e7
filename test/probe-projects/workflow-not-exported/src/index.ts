import { DurableObject } from "cloudflare:workers";
// The Workflow's module is imported for its side effects only: ReportWorkflow is not exported here.
import "./report";

export class Ledger extends DurableObject {
  async fetch() {
    return new Response("ledger");
  }
}

export default {
  async fetch(request: Request, env: { LEDGER: DurableObjectNamespace }) {
    return env.LEDGER.get(env.LEDGER.idFromName("default")).fetch(request);
  },
};
