import * as assert from "node:assert/strict";
import { editedFileProblem, screenFixes, sourceSyntaxErrors, unremovedFindings } from "../../server/src/edits/fixCheck";
import type { Finding, Fix } from "../../server/src/findings";

const at = (line: number, character: number) => ({ line, character });
const insert = (file: string, line: number, character: number, newText: string, title = "fix"): Fix => ({
  title,
  edits: [{ file, range: { start: at(line, character), end: at(line, character) }, newText }],
  isPreferred: true,
  safe: true,
});
const finding = (message: string, fixes: Fix[]): Finding => ({ ruleId: "r", severity: "error", message, file: "/p/a.ts", range: { start: at(0, 0), end: at(0, 0) }, fixes, related: [] });

describe("fix checks: an edited file must parse as well as before", () => {
  it("sources: TypeScript's parse diagnostics, counted against the original", () => {
    assert.deepEqual(sourceSyntaxErrors("/p/a.ts", "export class A {}\n"), []);
    assert.ok(sourceSyntaxErrors("/p/a.ts", "export { A\n").length > 0);
    assert.ok(sourceSyntaxErrors("/p/a.tsx", "const x = <div>;\n").length > 0, "TSX parsed as TSX");
    assert.match(editedFileProblem("/p/a.ts", "class A {}\n", "class A {}\nexport { A\n") ?? "", /syntax error/);
    // A file already broken may stay as broken, not get worse.
    assert.equal(editedFileProblem("/p/a.ts", "class A {\n", "export class A {\n"), undefined);
  });

  it("sources: a name exported twice is refused, an existing duplicate is not blamed on the edit", () => {
    assert.equal(editedFileProblem("/p/a.ts", "export class A {}\n", "export class A {}\nexport { A };\n"), 'the edit would export "A" twice');
    assert.equal(editedFileProblem("/p/a.ts", "export { A } from './x';\nexport { A } from './y';\n", "export { A } from './x';\nexport { A } from './y';\nexport const b = 1;\n"), undefined);
    assert.equal(editedFileProblem("/p/a.ts", "class A {}\n", "export class A {}\n"), undefined);
  });

  it("configs: the project's JSONC and TOML readers", () => {
    assert.match(editedFileProblem("/p/wrangler.jsonc", '{ "name": "a" }\n', '{ "name": "a" "main": "b" }\n') ?? "", /syntax error/);
    assert.equal(editedFileProblem("/p/wrangler.jsonc", '{ "name": "a" }\n', '{ "name": "a", "main": "b", }\n'), undefined);
    assert.match(editedFileProblem("/p/wrangler.toml", 'name = "a"\n', 'name = "a"\nname = \n') ?? "", /syntax error/);
  });

  it("screenFixes: a fix that breaks a file is refused whole, across all its files", () => {
    const texts: Record<string, string> = { "/p/a.ts": "export class A {}\n", "/p/b.ts": "export const b = 1;\n" };
    const good = insert("/p/b.ts", 1, 0, "export const c = 2;\n", "good");
    const bad: Fix = { ...insert("/p/a.ts", 1, 0, "export {\n", "bad"), edits: [...insert("/p/b.ts", 0, 0, "// ok\n").edits, ...insert("/p/a.ts", 1, 0, "export {\n").edits] };
    const { accepted, refused } = screenFixes([bad, good], (file) => texts[file]);
    assert.deepEqual(accepted.map((f) => f.title), ["good"]);
    assert.deepEqual(refused.map((r) => [r.fix.title, r.file, r.together]), [["bad", "/p/a.ts", false]]);
  });

  it("screenFixes: two fixes sound alone but duplicating a name together: the first stays", () => {
    const texts: Record<string, string> = { "/p/a.ts": "class A {}\nconst x = 1;\n" };
    const one = insert("/p/a.ts", 2, 0, "export { A };\n", "one");
    const two = insert("/p/a.ts", 0, 0, "export ", "two");
    const { accepted, refused } = screenFixes([one, two], (file) => texts[file]);
    assert.deepEqual(accepted.map((f) => f.title), ["one"]);
    assert.deepEqual(refused.map((r) => [r.fix.title, r.together]), [["two", true]]);
  });

  it("unremovedFindings: a finding as often after as before its fix is stuck; one fewer of two alike is progress", () => {
    const fix = insert("/p/a.ts", 0, 0, "x");
    const other = insert("/p/a.ts", 0, 0, "y");
    const stuck = finding("stays", [fix]);
    const twice = [finding("two alike", [other]), finding("two alike", [other])];
    const untouched = finding("not fixed this pass", []);
    const after = [finding("stays", [fix]), finding("two alike", [other]), untouched];
    assert.deepEqual(unremovedFindings([stuck, ...twice, untouched], [fix, other], after).map((f) => f.message), ["stays"]);
  });
});
