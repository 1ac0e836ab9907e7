import * as assert from "node:assert/strict";
import { isRegistryReference } from "../../../server/src/rules/containerImageMissing";
import { fixLeavesNothingNew } from "../../support/fixRecheck";
import { testRule, type InvalidCase } from "../../support/ruleTester";

const box = `import { Container } from "@cloudflare/containers";
export class Box extends Container<Env> {}
export default { fetch() { return new Response("ok"); } };
`;
const jsonc = (image: string, env = "") => `{
  "name": "app",
  "main": "src/index.ts",
  "containers": [{ "class_name": "Box", "image": ${JSON.stringify(image)} }],
  "durable_objects": { "bindings": [{ "name": "BOX", "class_name": "Box" }] },
  "migrations": [{ "tag": "v1", "new_sqlite_classes": ["Box"] }],${env}
}
`;
const dockerfile = "FROM alpine:3.20\n";

describe("container image references (wrangler's isDockerfile, when no file is there)", () => {
  it("a registry reference needs a tag on its last segment and no protocol", () => {
    for (const ok of ["docker.io/httpd:1", "registry.cloudflare.com/acct/app:v2", "localhost:5000/app:dev"]) assert.ok(isRegistryReference(ok), ok);
    // "nginx:1.27" too is refused by wrangler: as a URL host, ":1.27" is a port that does not parse.
    for (const bad of ["./Dockerfile", "container/Dockerfile", "docker.io/httpd", "https://docker.io/httpd:1", "a b:1", "nginx:1.27"]) assert.ok(!isRegistryReference(bad), bad);
  });
});

testRule("container-image-missing", {
  valid: [
    { name: "a Dockerfile next to the config", files: { "wrangler.jsonc": jsonc("./Dockerfile"), Dockerfile: dockerfile, "src/index.ts": box } },
    { name: "a Dockerfile in a folder", files: { "wrangler.jsonc": jsonc("./container/Dockerfile"), "container/Dockerfile": dockerfile, "src/index.ts": box } },
    { name: "a registry image with a tag", files: { "wrangler.jsonc": jsonc("registry.cloudflare.com/acct/app:v2"), "src/index.ts": box } },
    {
      name: "TOML, a Dockerfile under another name",
      files: {
        "wrangler.toml": `name = "app"\nmain = "src/index.ts"\n\n[[containers]]\nclass_name = "Box"\nimage = "./docker/app.Dockerfile"\n`,
        "docker/app.Dockerfile": dockerfile,
        "src/index.ts": box,
      },
    },
  ],
  invalid: [
    {
      name: "the Dockerfile is not where image says",
      files: { "wrangler.jsonc": jsonc("./Dockerfile"), "container/Dockerfile": dockerfile, "src/index.ts": box },
      findings: [{ file: "wrangler.jsonc", line: 4, message: ['The container image "./Dockerfile"', "does not appear to be a valid path to a Dockerfile, or a valid image registry path"] }],
      output: null,
    },
    {
      name: "image names the folder",
      files: { "wrangler.jsonc": jsonc("./container"), "container/Dockerfile": dockerfile, "src/index.ts": box },
      findings: [{ file: "wrangler.jsonc", line: 4, message: ["./container is a directory, you should specify a path to the Dockerfile", '"./container/Dockerfile"'] }],
    },
    {
      name: "a registry image without a tag (TOML)",
      files: { "wrangler.toml": `name = "app"\nmain = "src/index.ts"\n\n[[containers]]\nclass_name = "Box"\nimage = "docker.io/httpd"\n`, "src/index.ts": box },
      findings: [{ file: "wrangler.toml", line: 6, message: "needs to include at least a tag" }],
    },
    {
      name: "an environment's own containers",
      env: "staging",
      files: {
        "wrangler.jsonc": jsonc(
          "./Dockerfile",
          `
  "env": { "staging": { "containers": [{ "class_name": "Box", "image": "./Dockerfile.staging" }] } },`,
        ),
        Dockerfile: dockerfile,
        "src/index.ts": box,
      },
      findings: [{ file: "wrangler.jsonc", line: 7, message: '"./Dockerfile.staging"' }],
    },
  ],
});

// The fix: a folder holding a Dockerfile -> that Dockerfile, written as `image` was.
const tomlWith = (image: string) => `name = "app"
main = "src/index.ts"

[[containers]]
class_name = "Box"
image = "${image}" # built locally

[[durable_objects.bindings]]
name = "BOX"
class_name = "Box"

[[migrations]]
tag = "v1"
new_sqlite_classes = ["Box"]
`;
const stagingEnv = (image: string) => `
  "env": {
    "staging": {
      "durable_objects": { "bindings": [{ "name": "BOX", "class_name": "Box" }] },
      "containers": [{ "class_name": "Box", "image": ${JSON.stringify(image)} }],
    },
  },`;
const fixCases: InvalidCase[] = [
  {
    name: "fix: the folder's Dockerfile (JSONC)",
    files: { "wrangler.jsonc": jsonc("./container"), "container/Dockerfile": dockerfile, "src/index.ts": box },
    findings: [{ file: "wrangler.jsonc", line: 4, messageId: "directory" }],
    output: { "wrangler.jsonc": jsonc("./container/Dockerfile") },
  },
  {
    name: "fix: a folder written with a trailing slash (TOML)",
    files: { "wrangler.toml": tomlWith("container/"), "container/Dockerfile": dockerfile, "src/index.ts": box },
    findings: [{ file: "wrangler.toml", line: 6, messageId: "directory" }],
    output: { "wrangler.toml": tomlWith("container/Dockerfile") },
  },
  {
    name: "fix: an environment's own container",
    env: "staging",
    files: { "wrangler.jsonc": jsonc("./Dockerfile", stagingEnv("./staging")), Dockerfile: dockerfile, "staging/Dockerfile": dockerfile, "src/index.ts": box },
    findings: [{ file: "wrangler.jsonc", line: 10, messageId: "directory" }],
    output: { "wrangler.jsonc": jsonc("./Dockerfile", stagingEnv("./staging/Dockerfile")) },
  },
];

testRule("container-image-missing", {
  valid: [],
  invalid: [
    ...fixCases,
    {
      name: "no fix for a folder without a Dockerfile",
      files: { "wrangler.jsonc": jsonc("./container"), "container/app.Dockerfile": dockerfile, "src/index.ts": box },
      findings: [{ file: "wrangler.jsonc", line: 4, messageId: "directory", message: "the Dockerfile inside it" }],
      output: null,
    },
  ],
});

describe("container-image-missing's fix, applied and checked again", () => {
  for (const testCase of fixCases) {
    it(testCase.name, () => {
      // The only file the folder can mean, and what wrangler asks for: applied by --fix and fix-all.
      assert.equal(fixLeavesNothingNew("container-image-missing", testCase).safe, true);
    });
  }
});
