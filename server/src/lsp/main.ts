import { createConnection, ProposedFeatures } from "vscode-languageserver/node";
import { tuneHeap } from "./heapTuning";
import { startServer } from "./server";

/** Starts the server on the transport named in process.argv (--stdio, --node-ipc, --socket=, --pipe=). */
export function startLanguageServer(): void {
  tuneHeap();
  const connection = createConnection(ProposedFeatures.all);
  // Nothing may reach stdout but the protocol: route stray logging to the client's log.
  console.log = (...args: unknown[]) => connection.console.log(args.map(String).join(" "));
  console.info = console.log;
  console.warn = (...args: unknown[]) => connection.console.warn(args.map(String).join(" "));
  console.error = (...args: unknown[]) => connection.console.error(args.map(String).join(" "));
  startServer(connection);
}
