import { Agent, type Connection, routeAgentRequest } from "agents";

export class CoderAgent extends Agent<Record<string, unknown>> {
  async onConnect(connection: Connection) {
    connection.send(JSON.stringify({ type: "hello" }));
  }
}

function authorize(request: Request): Request | Response {
  const token = new URL(request.url).searchParams.get("token") ?? request.headers.get("Authorization")?.replace(/^Bearer /, "");
  return token === "probe-secret" ? request : new Response("Unauthorized: missing or invalid token", { status: 401 });
}

export default {
  async fetch(request: Request, env: Record<string, unknown>) {
    const routed = await routeAgentRequest(request, env, { onBeforeConnect: authorize, onBeforeRequest: authorize });
    return routed ?? new Response("Not found", { status: 404 });
  },
};
