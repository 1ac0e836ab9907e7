import { routeAgentRequest } from "agents";
import type { CoderAgent } from "./coder-agent";

export { CoderAgent } from "./coder-agent";

interface Env {
  CoderAgent: DurableObjectNamespace<CoderAgent>;
}

export default {
  async fetch(request: Request, env: Env) {
    const routed = await routeAgentRequest(request, env);
    if (routed) return routed;
    // The bug report's fallback: direct access, which throws when the binding is missing.
    const stub = env.CoderAgent.get(env.CoderAgent.idFromName("default"));
    return stub.fetch(request);
  },
};
