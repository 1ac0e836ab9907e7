import { WorkerEntrypoint } from "cloudflare:workers";

export class AdminApi extends WorkerEntrypoint {
  async ping(): Promise<string> {
    return "pong";
  }
}

export default {
  async fetch(): Promise<Response> {
    return new Response("service-entrypoint-missing");
  },
};
