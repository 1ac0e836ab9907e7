import { testRule } from "../../support/ruleTester";

const config = `{
  // the worker
  "name": "coder",
  "main": "src/index.ts",
  "compatibility_flags": ["nodejs_compat"],
  "durable_objects": { "bindings": [{ "name": "CoderAgent", "class_name": "CoderAgent" }] },
  "migrations": [{ "tag": "v1", "new_sqlite_classes": ["CoderAgent"] }]
}
`;
const agent = `import { Agent } from "agents";
export class CoderAgent extends Agent<Env> {}
`;
const handler = `export default { fetch() { return new Response("ok"); } };
`;

testRule("class-not-exported", {
  valid: [
    { name: "declared and exported in the entry", files: { "wrangler.jsonc": config, "src/index.ts": `import { Agent } from "agents";\nexport class CoderAgent extends Agent<Env> {}\n${handler}` } },
    { name: "re-exported by name", files: { "wrangler.jsonc": config, "src/index.ts": `export { CoderAgent } from "./agent";\n${handler}`, "src/agent.ts": agent } },
    { name: "re-exported with a .js specifier", files: { "wrangler.jsonc": config, "src/index.ts": `export { CoderAgent } from "./agent.js";\n${handler}`, "src/agent.ts": agent } },
    { name: "export * chain through an index file", files: { "wrangler.jsonc": config, "src/index.ts": `export * from "./agents";\n${handler}`, "src/agents/index.ts": `export * from "./coder";\n`, "src/agents/coder.ts": agent } },
    { name: "aliased export", files: { "wrangler.jsonc": config, "src/index.ts": `export { Impl as CoderAgent } from "./impl";\n${handler}`, "src/impl.ts": `import { Agent } from "agents";\nexport class Impl extends Agent<Env> {}\n` } },
    { name: "imported then exported in a list", files: { "wrangler.jsonc": config, "src/index.ts": `import { CoderAgent } from "./agent";\nexport { CoderAgent };\n${handler}`, "src/agent.ts": agent } },
    { name: "export * cycle still finds the class", files: { "wrangler.jsonc": config, "src/index.ts": `export * from "./a";\n${handler}`, "src/a.ts": `export * from "./b";\nexport * from "./index";\n`, "src/b.ts": agent } },
  ],
  invalid: [
    {
      name: "re-exported as a type only: esbuild erases it",
      files: { "wrangler.jsonc": config, "src/index.ts": `export type { CoderAgent } from "./agent";\n${handler}`, "src/agent.ts": agent },
      findings: [{ file: "wrangler.jsonc", line: 6, message: ["not exported in your entrypoint file: CoderAgent."] }, { file: "src/agent.ts", line: 2 }],
    },
    {
      name: "an inline type modifier on the re-export",
      files: { "wrangler.jsonc": config, "src/index.ts": `export { type CoderAgent } from "./agent";\n${handler}`, "src/agent.ts": agent },
      findings: [{ file: "wrangler.jsonc", line: 6, message: ["not exported in your entrypoint file: CoderAgent."] }, { file: "src/agent.ts", line: 2 }],
    },
    {
      name: "imported as a type, then exported",
      files: { "wrangler.jsonc": config, "src/index.ts": `import type { CoderAgent } from "./agent";\nexport { CoderAgent };\n${handler}`, "src/agent.ts": agent },
      findings: [{ file: "wrangler.jsonc", line: 6, message: ["not exported in your entrypoint file: CoderAgent."] }, { file: "src/agent.ts", line: 2 }],
    },
    {
      name: "an ambient class (declare): no class exists at run time",
      files: { "wrangler.jsonc": config, "src/index.ts": `import { Agent } from "agents";\nexport declare class CoderAgent extends Agent<Env> {}\n${handler}` },
      findings: [{ file: "wrangler.jsonc", line: 6, message: ["not exported in your entrypoint file: CoderAgent."] }, { file: "src/index.ts", line: 2 }],
    },
    {
      name: "declared in another file, never re-exported",
      files: { "wrangler.jsonc": config, "src/index.ts": handler, "src/agent.ts": agent },
      findings: [
        { file: "wrangler.jsonc", line: 6, message: ["not exported in your entrypoint file: CoderAgent."] },
        { file: "src/agent.ts", line: 2 },
      ],
      output: { "src/index.ts": `${handler}export { CoderAgent } from "./agent";\n` },
    },
    {
      name: "declared in the entry without export",
      files: { "wrangler.jsonc": config, "src/index.ts": `import { Agent } from "agents";\nclass CoderAgent extends Agent<Env> {}\n${handler}` },
      findings: [
        { file: "wrangler.jsonc", line: 6 },
        { file: "src/index.ts", line: 2 },
      ],
      output: { "src/index.ts": `import { Agent } from "agents";\nexport class CoderAgent extends Agent<Env> {}\n${handler}` },
    },
    {
      name: "only a default export",
      files: { "wrangler.jsonc": config, "src/index.ts": `export * from "./agent";\n${handler}`, "src/agent.ts": `import { Agent } from "agents";\nexport default class CoderAgent extends Agent<Env> {}\n` },
      findings: [
        { file: "wrangler.jsonc", line: 6, message: "export default" },
        { file: "src/agent.ts", line: 2 },
      ],
      output: {
        "src/agent.ts": `import { Agent } from "agents";\nexport default class CoderAgent extends Agent<Env> {}\nexport { CoderAgent };\n`,
        "src/index.ts": `export * from "./agent";\n${handler}export { CoderAgent } from "./agent";\n`,
      },
    },
    {
      name: "not exported from its own file either",
      files: { "wrangler.jsonc": config, "src/index.ts": `import "./agent.js";\n${handler}`, "src/agent.ts": `import { Agent } from "agents";\nclass CoderAgent extends Agent<Env> {}\n` },
      findings: [
        { file: "wrangler.jsonc", line: 6 },
        { file: "src/agent.ts", line: 2 },
      ],
      output: {
        "src/agent.ts": `import { Agent } from "agents";\nexport class CoderAgent extends Agent<Env> {}\n`,
        "src/index.ts": `import "./agent.js";\n${handler}export { CoderAgent } from "./agent.js";\n`,
      },
    },
  ],
});
