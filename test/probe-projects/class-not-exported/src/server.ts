import { routeAgentRequest } from "agents";
import type { CoderAgent } from "./coder-agent";

export type Agents = CoderAgent;

export default {
  async fetch(request: Request, env: Record<string, unknown>) {
    return (await routeAgentRequest(request, env)) ?? new Response("Not found", { status: 404 });
  },
};
