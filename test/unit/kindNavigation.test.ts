// Hover and definition on the config elements of containers, service entrypoints and `exports` workers.
import * as assert from "node:assert/strict";
import * as path from "node:path";
import { hoverAt } from "../../server/src/lsp/hover";
import { definitionAt } from "../../server/src/lsp/navigation";
import { PROJECT_ROOT, runProject } from "../support/ruleTester";

const web = `{
  "name": "web",
  "main": "src/index.ts",
  "containers": [{ "class_name": "Box", "image": "./Dockerfile" }],
  "durable_objects": { "bindings": [{ "name": "BOX", "class_name": "Box" }] },
  "migrations": [{ "tag": "v1", "new_sqlite_classes": ["Box"] }],
  "services": [{ "binding": "API", "service": "api", "entrypoint": "Api" }, { "binding": "ADMIN", "service": "api", "entrypoint": "Admin" }],
}
`;
const files = {
  "web/wrangler.jsonc": web,
  "web/Dockerfile": "FROM alpine\n",
  "web/src/index.ts": `import { Container } from "@cloudflare/containers";\nexport class Box extends Container {}\nexport default { fetch() { return new Response("web"); } };\n`,
  "api/wrangler.jsonc": `{ "name": "api", "main": "src/index.ts", "exports": { "Api": { "type": "worker" } } }\n`,
  "api/src/index.ts": `import { WorkerEntrypoint } from "cloudflare:workers";\nexport class Api extends WorkerEntrypoint {}\nexport default { fetch() { return new Response("api"); } };\n`,
};

describe("containers, service entrypoints and exports workers in the editor", () => {
  const { result } = runProject(files);
  const webFile = path.join(PROJECT_ROOT, "web", "wrangler.jsonc");
  const apiFile = path.join(PROJECT_ROOT, "api", "wrangler.jsonc");
  const at = (text: string, needle: string) => text.indexOf(needle) + 2;

  it("hover on a container's class_name describes the Durable Object class", () => {
    const hover = hoverAt(result.project, webFile, at(web, `"Box", "image"`));
    assert.ok(hover);
    assert.match(hover.contents.value, /\*\*Box\*\*/);
    assert.match(hover.contents.value, /exported from the entry/);
    assert.match(hover.contents.value, /SQLite/);
  });

  it("hover on a service entrypoint says what the target worker exports under it", () => {
    const found = hoverAt(result.project, webFile, at(web, `"Api" }`));
    assert.ok(found);
    assert.match(found.contents.value, /\*\*Api\*\* · named entrypoint of worker `api`/);
    assert.match(found.contents.value, /class extending WorkerEntrypoint \(from "cloudflare:workers"\)/);
    const missing = hoverAt(result.project, webFile, at(web, `"Admin"`));
    assert.ok(missing);
    assert.match(missing.contents.value, /\*\*not exported\*\*/);
  });

  it("hover on an exports entry of type worker describes the entrypoint of this worker", () => {
    const text = files["api/wrangler.jsonc"];
    const hover = hoverAt(result.project, apiFile, at(text, `"Api"`));
    assert.ok(hover);
    assert.match(hover.contents.value, /named entrypoint/);
    assert.match(hover.contents.value, /extending WorkerEntrypoint/);
  });

  it("definition on a service entrypoint goes to the class in the other worker", () => {
    const location = definitionAt(result.project, webFile, at(web, `"Api" }`));
    assert.ok(location);
    assert.match(location.uri, /api\/src\/index\.ts$/);
    assert.equal(location.range.start.line, 1);
    assert.equal(definitionAt(result.project, webFile, at(web, `"Admin"`)), undefined);
  });
});
