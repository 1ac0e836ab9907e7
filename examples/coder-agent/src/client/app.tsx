import { useState } from "react";
import { useAgent } from "agents/react";

export function App() {
  const [log, setLog] = useState<string[]>([]);
  const agent = useAgent({
    agent: "coder",
    name: "default",
    onMessage: (event) => setLog((lines) => [...lines, String(event.data)])
  });

  return (
    <main>
      <button onClick={() => agent.send(JSON.stringify({ prompt: "write a fizzbuzz" }))}>Ask</button>
      <pre>{log.join("\n")}</pre>
    </main>
  );
}
