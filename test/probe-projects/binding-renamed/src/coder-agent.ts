import { Agent, type Connection } from "agents";

export class CoderAgent extends Agent<Record<string, unknown>, { prompts: number }> {
  initialState = { prompts: 0 };

  async onConnect(connection: Connection) {
    connection.send(JSON.stringify({ type: "hello" }));
  }
}
