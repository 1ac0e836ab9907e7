import { type Connection, routePartykitRequest, Server } from "partyserver";

export class ChatRoom extends Server {
  onConnect(connection: Connection) {
    connection.send(JSON.stringify({ type: "welcome", room: this.name }));
  }

  onRequest(): Response {
    return new Response(`room ${this.name}`);
  }
}

export default {
  async fetch(request: Request, env: Record<string, unknown>) {
    return (await routePartykitRequest(request, env, { prefix: "rooms" })) ?? new Response("Not found", { status: 404 });
  },
};
