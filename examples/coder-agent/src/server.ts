import { routeAgentRequest } from "agents";
import type { CoderAgent } from "./coder-agent";

export interface Env {
  CoderAgent: DurableObjectNamespace<CoderAgent>;
}

/** Logs which bindings the runtime actually gave this worker. */
function analyzeAgentEnvironment(env: Env) {
  const bindings = Object.keys(env);
  console.log("[diagnostics] bindings:", bindings.join(", ") || "(none)");
  const namespace = (env as Partial<Env>).CoderAgent;
  if (!namespace) {
    console.error("[diagnostics] CoderAgent binding is missing");
  } else if (typeof namespace.idFromName !== "function") {
    console.error("[diagnostics] CoderAgent binding has no idFromName()", typeof namespace);
  } else {
    console.log("[diagnostics] CoderAgent binding looks like a Durable Object namespace");
  }
  return bindings;
}

export default {
  async fetch(request, env) {
    analyzeAgentEnvironment(env);
    try {
      const routed = await routeAgentRequest(request, env);
      if (routed) return routed;
    } catch (error) {
      console.error("routeAgentRequest failed", error);
    }

    // Fallback: talk to the agent directly.
    try {
      const id = env.CoderAgent.idFromName("default");
      const stub = env.CoderAgent.get(id);
      return await stub.fetch(request);
    } catch (error) {
      console.error("direct CoderAgent access failed", error);
      return new Response(
        "CoderAgent is not available: the Durable Object binding is not configured on this worker.",
        { status: 500 }
      );
    }
  }
} satisfies ExportedHandler<Env>;
