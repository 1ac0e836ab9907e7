import { Agent, type Connection } from "agents";
import type { Env } from "./server";

export interface State {
  files: Record<string, string>;
  lastPrompt: string | null;
}

export class CoderAgent extends Agent<Env, State> {
  initialState: State = { files: {}, lastPrompt: null };

  async onConnect(connection: Connection) {
    connection.send(JSON.stringify({ type: "hello", files: Object.keys(this.state.files) }));
  }

  async onMessage(connection: Connection, message: string | ArrayBuffer | ArrayBufferView) {
    if (typeof message !== "string") return;
    const { prompt } = JSON.parse(message) as { prompt: string };
    this.setState({ ...this.state, lastPrompt: prompt });
    connection.send(JSON.stringify({ type: "ack", prompt }));
  }

  async onRequest(_request: Request): Promise<Response> {
    return Response.json(this.state);
  }
}
