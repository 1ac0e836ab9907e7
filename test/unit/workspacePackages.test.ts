import * as assert from "node:assert/strict";
import * as path from "node:path";
import { ModuleResolver } from "../../server/src/source/resolve";
import { exportTargets, pnpmGlobs, splitSpecifier } from "../../server/src/source/workspacePackages";
import { createMemoryHost } from "../support/memoryHost";
import { PROJECT_ROOT } from "../support/ruleTester";

const pkg = (value: object) => JSON.stringify(value, null, 2) + "\n";
const at = (file: string) => path.join(PROJECT_ROOT, file);

/** A monorepo as cloned: no node_modules; packages named by the root's `workspaces`. */
const npmWorkspace = {
  "package.json": pkg({ name: "root", private: true, workspaces: ["apps/*", "packages/*/*"] }),
  "apps/api/package.json": pkg({ name: "api" }),
  "apps/api/src/index.ts": "export {};\n",
  "packages/hosts/cloudflare/package.json": pkg({
    name: "@acme/cloudflare",
    exports: {
      "./mcp/agent": { types: "./src/mcp/agent.d.ts", default: "./src/mcp/agent.ts" },
      "./built": { import: "./dist/built.js" },
      "./tools/*": "./src/tools/*.ts",
    },
  }),
  "packages/hosts/cloudflare/src/mcp/agent.ts": "export class Base {}\n",
  "packages/hosts/cloudflare/src/tools/search.ts": "export const search = 1;\n",
  "packages/hosts/legacy/package.json": pkg({ name: "legacy-lib", main: "lib/main.js" }),
  "packages/hosts/legacy/lib/main.ts": "export const x = 1;\n",
  "packages/hosts/legacy/deep/file.ts": "export const y = 1;\n",
  "packages/hosts/agents/package.json": pkg({ name: "agents", exports: { ".": "./src/index.ts" } }),
  "packages/hosts/agents/src/index.ts": "export class Agent {}\n",
};

describe("workspace packages: imports of the monorepo's own packages, without node_modules", () => {
  const resolver = new ModuleResolver(createMemoryHost(PROJECT_ROOT, npmWorkspace));
  const from = at("apps/api/src/index.ts");
  const cases: { specifier: string; expected: string | { external: true } }[] = [
    { specifier: "@acme/cloudflare/mcp/agent", expected: "packages/hosts/cloudflare/src/mcp/agent.ts" },
    { specifier: "@acme/cloudflare/tools/search", expected: "packages/hosts/cloudflare/src/tools/search.ts" },
    // A build output not built yet stays a package: nothing is guessed from its sources.
    { specifier: "@acme/cloudflare/built", expected: { external: true } },
    { specifier: "@acme/cloudflare/not-exported", expected: { external: true } },
    { specifier: "legacy-lib", expected: "packages/hosts/legacy/lib/main.ts" },
    { specifier: "legacy-lib/deep/file", expected: "packages/hosts/legacy/deep/file.ts" },
    // Packages known by name (the Agents SDK inside its own monorepo) keep their name.
    { specifier: "agents", expected: { external: true } },
    { specifier: "hono", expected: { external: true } },
    { specifier: "@acme/unknown", expected: { external: true } },
  ];
  for (const c of cases) {
    it(`${c.specifier} -> ${typeof c.expected === "string" ? c.expected : "external"}`, () => {
      const resolution = resolver.resolve(from, c.specifier);
      if (typeof c.expected === "string") assert.deepEqual(resolution, { kind: "file", file: at(c.expected) });
      else assert.equal(resolution.kind, "external");
    });
  }

  it("reads pnpm-workspace.yaml's packages (quoted, commented, negated)", () => {
    const host = createMemoryHost(PROJECT_ROOT, {
      "pnpm-workspace.yaml": "packages:\n  - 'apps/*'\n  - \"packages/*\" # shared\n  - '!packages/ignored'\ncatalog:\n  zod: ^3\n",
      "packages/common/package.json": pkg({ name: "@repo/common", main: "./src/index.ts" }),
      "packages/common/src/index.ts": "export const common = 1;\n",
      "apps/web/src/main.ts": "export {};\n",
    });
    assert.deepEqual(new ModuleResolver(host).resolve(at("apps/web/src/main.ts"), "@repo/common"), { kind: "file", file: at("packages/common/src/index.ts") });
    // A subpath without `exports` is a path inside the package (`@repo/mcp-common/src/x` in real projects).
    assert.deepEqual(new ModuleResolver(host).resolve(at("apps/web/src/main.ts"), "@repo/common/src/index"), { kind: "file", file: at("packages/common/src/index.ts") });
  });

  it("a folder outside any workspace resolves nothing", () => {
    const host = createMemoryHost(PROJECT_ROOT, { "package.json": pkg({ name: "solo" }), "src/index.ts": "export {};\n", "lib/package.json": pkg({ name: "lib", main: "index.ts" }), "lib/index.ts": "export {};\n" });
    assert.equal(new ModuleResolver(host).resolve(at("src/index.ts"), "lib").kind, "external");
  });

  it("splits specifiers, reads pnpm globs and picks export conditions in the bundler's order", () => {
    assert.deepEqual(splitSpecifier("@a/b/c/d"), { name: "@a/b", subpath: "./c/d" });
    assert.deepEqual(splitSpecifier("lodash"), { name: "lodash", subpath: "." });
    assert.deepEqual(splitSpecifier("node:fs"), { name: undefined, subpath: "." });
    assert.deepEqual(pnpmGlobs("packages:\n  - apps/*\n  - 'libs/**'\n"), ["apps/*", "libs/**"]);
    assert.deepEqual(exportTargets({ ".": { types: "./a.d.ts", workerd: "./w.js", default: "./d.js" } }, "."), ["./w.js", "./d.js", "./a.d.ts"]);
    assert.deepEqual(exportTargets("./main.js", "."), ["./main.js"]);
    assert.deepEqual(exportTargets({ import: "./m.js", require: "./c.cjs" }, "."), ["./m.js", "./c.cjs"]);
  });
});
