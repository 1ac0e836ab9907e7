import { testRule } from "../../support/ruleTester";

const config = `{
  "name": "counter",
  "main": "src/index.js",
  "durable_objects": { "bindings": [{ "name": "COUNTER", "class_name": "Counter" }] },
  "migrations": [{ "tag": "v1", "new_sqlite_classes": ["Counter"] }]
}
`;
const toml = `name = "counter"
main = "src/index.js"

[[durable_objects.bindings]]
name = "COUNTER"
class_name = "Counter"

[[migrations]]
tag = "v1"
new_sqlite_classes = ["Counter"]
`;
const counter = `export class Counter {
  constructor(state, env) { this.state = state; }
  async fetch(request) { return new Response("1"); }
}
`;
const serviceWorker = `${counter}addEventListener("fetch", (event) => {
  event.respondWith(new Response("hello"));
});
`;
const moduleWorker = `${counter}export default { fetch() { return new Response("hello"); } };
`;

testRule("service-worker-durable-objects", {
  valid: [
    { name: "a module worker", files: { "wrangler.jsonc": config, "src/index.js": moduleWorker } },
    { name: "a Durable Object-only module without default export and without addEventListener (wrangler builds it as a module)", files: { "wrangler.jsonc": config, "src/index.js": counter } },
    {
      name: "addEventListener on a WebSocket is not the global one",
      files: { "wrangler.jsonc": config, "src/index.js": `${counter}export function wire(ws) { ws.addEventListener("message", () => {}); }\n` },
    },
    { name: "addEventListener only in a comment", files: { "wrangler.jsonc": config, "src/index.js": `${counter}// was: addEventListener("fetch", ...)\n` } },
    { name: "a service worker without Durable Object bindings", files: { "wrangler.jsonc": `{ "name": "sw", "main": "src/index.js" }\n`, "src/index.js": `addEventListener("fetch", (e) => e.respondWith(new Response("hi")));\n` } },
    {
      name: "Durable Objects of another worker (script_name) only",
      files: { "wrangler.jsonc": `{ "name": "sw", "main": "src/index.js", "durable_objects": { "bindings": [{ "name": "COUNTER", "class_name": "Counter", "script_name": "counter" }] } }\n`, "src/index.js": `addEventListener("fetch", (e) => e.respondWith(new Response("hi")));\n` },
    },
    { name: "a default export re-exported from another file", files: { "wrangler.jsonc": config, "src/index.js": `${counter}export { default } from "./app";\naddEventListener("error", () => {});\n`, "src/app.js": `export default { fetch() { return new Response("hi"); } };\n` } },
  ],
  invalid: [
    {
      name: "addEventListener('fetch') with an exported class",
      files: { "wrangler.jsonc": config, "src/index.js": serviceWorker },
      findings: [
        { file: "wrangler.jsonc", line: 4, messageId: "binding", data: { binding: "COUNTER" } },
        { file: "src/index.js", line: 5, messageId: "entry", data: { classes: "Counter" } },
      ],
      output: null,
    },
    { name: "TOML, self.addEventListener", files: { "wrangler.toml": toml, "src/index.js": `${counter}self.addEventListener("fetch", (event) => event.respondWith(new Response("hi")));\n` }, findings: [{ file: "wrangler.toml", line: 6, messageId: "binding" }, { file: "src/index.js", line: 5, messageId: "entry" }] },
    {
      name: "each environment that binds a class",
      files: {
        "wrangler.jsonc": `{
  "name": "counter",
  "main": "src/index.js",
  "durable_objects": { "bindings": [{ "name": "COUNTER", "class_name": "Counter" }] },
  "env": { "staging": { "durable_objects": { "bindings": [{ "name": "COUNTER", "class_name": "Counter" }] } }, "bare": {} }
}
`,
        "src/index.js": serviceWorker,
      },
      // The entry once, however many environments bind classes.
      findings: [{ file: "wrangler.jsonc", line: 4, messageId: "binding" }, { file: "wrangler.jsonc", line: 5, messageId: "binding" }, { file: "src/index.js", line: 5, messageId: "entry" }],
    },
  ],
});
