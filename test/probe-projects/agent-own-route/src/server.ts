import { Agent, getAgentByName } from "agents";

export class ChatAgent extends Agent<Env> {
  onRequest(): Response {
    return new Response(`chat agent ${this.name}`);
  }
}

interface Env {
  ChatAgent: DurableObjectNamespace<ChatAgent>;
}

export default {
  async fetch(request: Request, env: Env) {
    if (new URL(request.url).pathname === "/chat") {
      const agent = await getAgentByName(env.ChatAgent, "user-1");
      return agent.fetch(request);
    }
    return new Response("Not found", { status: 404 });
  },
};
