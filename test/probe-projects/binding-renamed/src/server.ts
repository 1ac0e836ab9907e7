import { routeAgentRequest } from "agents";

export { CoderAgent } from "./coder-agent";

export default {
  async fetch(request: Request, env: Record<string, unknown>) {
    return (await routeAgentRequest(request, env)) ?? new Response("Not found", { status: 404 });
  },
};
