import * as assert from "node:assert/strict";
import * as path from "node:path";
import { describeCap, listWorkspaceFiles } from "../../server/src/project/discover";
import { ModuleStore } from "../../server/src/source/moduleStore";
import { isInside, SourceIndex } from "../../server/src/source/sourceIndex";
import { createMemoryHost } from "../support/memoryHost";
import { PROJECT_ROOT } from "../support/ruleTester";

const at = (...parts: string[]) => path.join(PROJECT_ROOT, ...parts);

describe("workspace listing: bounds", () => {
  const files = { "wrangler.jsonc": "{}", "a.ts": "", "b.ts": "", "c/d.ts": "", "c/e/f.ts": "" };

  it("names the file bound when it cuts the listing short", () => {
    const listing = listWorkspaceFiles([PROJECT_ROOT], createMemoryHost(PROJECT_ROOT, files), { maxDepth: 24, maxFiles: 3 });
    assert.deepEqual(listing.sources, [at("a.ts"), at("b.ts"), at("c", "d.ts")]);
    assert.equal(listing.truncated, true);
    assert.deepEqual(listing.cap, { kind: "files", limit: 3 });
    assert.match(describeCap(listing.cap), /more than 3 source files/);
  });

  it("exactly at the file bound is complete", () => {
    const listing = listWorkspaceFiles([PROJECT_ROOT], createMemoryHost(PROJECT_ROOT, files), { maxDepth: 24, maxFiles: 4 });
    assert.equal(listing.sources.length, 4);
    assert.equal(listing.truncated, false);
    assert.equal(listing.cap, undefined);
  });

  it("names the depth bound", () => {
    const listing = listWorkspaceFiles([PROJECT_ROOT], createMemoryHost(PROJECT_ROOT, files), { maxDepth: 1, maxFiles: 100 });
    assert.deepEqual(listing.sources, [at("a.ts"), at("b.ts"), at("c", "d.ts")]);
    assert.deepEqual(listing.cap, { kind: "depth", limit: 1 });
    assert.match(describeCap(listing.cap), /more than 1 levels/);
  });

  it("an overlapping root is listed once", () => {
    const listing = listWorkspaceFiles([PROJECT_ROOT, at("c")], createMemoryHost(PROJECT_ROOT, files));
    assert.equal(new Set(listing.sources).size, listing.sources.length);
    assert.equal(listing.sources.length, 4);
  });
});

describe("folders: isInside and classes by folder", () => {
  it("isInside is a path test, not a text prefix", () => {
    const root = path.parse(PROJECT_ROOT).root;
    assert.equal(isInside(at("a", "b.ts"), at("a")), true);
    assert.equal(isInside(at("a", "b", "c.ts"), at("a")), true);
    assert.equal(isInside(at("ab", "c.ts"), at("a")), false);
    assert.equal(isInside(at("a"), at("a")), false);
    assert.equal(isInside(at("a", "..x.ts"), at("a")), true);
    assert.equal(isInside(at("b.ts"), at("a")), false);
    assert.equal(isInside(at("a.ts"), root), true);
  });

  it("classesUnder gives a folder's classes at any depth, in listing order, and no sibling's", () => {
    const host = createMemoryHost(PROJECT_ROOT, {
      "apps/a/src/z.ts": "class Z1 {}\nclass Z2 {}\n",
      "apps/a/b.ts": "export class B {}\n",
      "apps/ab/c.ts": "export class C {}\n",
      "apps/a/src/deep/d.ts": "class D {}\n",
      "apps/a/none.ts": "export const x = 1;\n",
    });
    const listing = listWorkspaceFiles([PROJECT_ROOT], host);
    const index = new SourceIndex(new ModuleStore(host), listing.sources);
    const names = (dir: string) => index.classesUnder(dir).map((c) => c.declaration.name);
    assert.deepEqual(names(at("apps", "a")), ["B", "D", "Z1", "Z2"]);
    assert.deepEqual(names(at("apps")), ["B", "D", "Z1", "Z2", "C"]);
    assert.deepEqual(names(at("apps", "ab")), ["C"]);
    assert.deepEqual(names(at("nowhere")), []);
    assert.deepEqual(index.classesNamed("C", at("apps", "a")), []);
    assert.equal(index.classesNamed("C", at("apps", "ab")).length, 1);
  });
});
