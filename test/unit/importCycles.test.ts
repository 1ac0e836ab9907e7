import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import * as ts from "typescript";
import { REPO_ROOT } from "../support/fixtures";

/**
 * No import cycle in the engine (server/src), type-only imports included: a cycle makes module load
 * order matter (a class extended before its module ran is undefined) and layers blur (facts/ reading
 * rules/, the engine's entry points reading each other).
 */

const SOURCE_ROOT = path.join(REPO_ROOT, "server", "src");

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const file = path.join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(file);
    return /\.tsx?$/.test(entry.name) && !entry.name.endsWith(".d.ts") ? [file] : [];
  });
}

/** The project files a module imports: import and export declarations, `import("...")` types, require() and import() calls. */
function localImports(file: string, text: string): string[] {
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, false);
  const specifiers: string[] = [];
  const visit = (node: ts.Node): void => {
    if ((ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) && node.moduleSpecifier && ts.isStringLiteral(node.moduleSpecifier)) specifiers.push(node.moduleSpecifier.text);
    else if (ts.isImportTypeNode(node) && ts.isLiteralTypeNode(node.argument) && ts.isStringLiteral(node.argument.literal)) specifiers.push(node.argument.literal.text);
    else if (ts.isCallExpression(node) && node.arguments.length > 0 && ts.isStringLiteral(node.arguments[0])) {
      const callee = node.expression;
      if (callee.kind === ts.SyntaxKind.ImportKeyword || (ts.isIdentifier(callee) && callee.text === "require")) specifiers.push(node.arguments[0].text);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  const found: string[] = [];
  for (const specifier of specifiers) {
    if (!specifier.startsWith(".")) continue;
    const base = path.resolve(path.dirname(file), specifier);
    const target = [`${base}.ts`, `${base}.tsx`, path.join(base, "index.ts")].find((candidate) => fs.existsSync(candidate));
    if (target) found.push(target);
  }
  return found;
}

/** Every cycle's modules (strongly connected components of more than one module, or a module importing itself). */
function importCycles(graph: Map<string, string[]>): string[][] {
  let counter = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const cycles: string[][] = [];
  const connect = (node: string): void => {
    index.set(node, counter);
    low.set(node, counter);
    counter++;
    stack.push(node);
    onStack.add(node);
    for (const next of graph.get(node) ?? []) {
      if (!index.has(next)) {
        connect(next);
        low.set(node, Math.min(low.get(node)!, low.get(next)!));
      } else if (onStack.has(next)) low.set(node, Math.min(low.get(node)!, index.get(next)!));
    }
    if (low.get(node) !== index.get(node)) return;
    const component: string[] = [];
    let member: string;
    do {
      member = stack.pop()!;
      onStack.delete(member);
      component.push(member);
    } while (member !== node);
    if (component.length > 1 || (graph.get(node) ?? []).includes(node)) cycles.push(component.sort());
  };
  for (const node of graph.keys()) if (!index.has(node)) connect(node);
  return cycles;
}

describe("import cycles", function () {
  // Parses every module of the engine: seconds on a busy machine.
  this.timeout(60_000);

  it("finds a cycle when there is one (the walk itself works)", () => {
    const graph = new Map([
      ["a", ["b"]],
      ["b", ["c"]],
      ["c", ["a", "d"]],
      ["d", []],
      ["e", ["e"]],
    ]);
    assert.deepEqual(importCycles(graph), [["a", "b", "c"], ["e"]]);
    const imports = localImports(path.join(SOURCE_ROOT, "analyze.ts"), fs.readFileSync(path.join(SOURCE_ROOT, "analyze.ts"), "utf8"));
    assert.ok(imports.includes(path.join(SOURCE_ROOT, "incremental.ts")), "analyze.ts imports incremental.ts");
    assert.ok(imports.includes(path.join(SOURCE_ROOT, "rules", "index.ts")), "analyze.ts imports rules/index.ts");
  });

  it("server/src has none", () => {
    const files = sourceFiles(SOURCE_ROOT);
    assert.ok(files.length > 50, `only ${files.length} files found under ${SOURCE_ROOT}`);
    const graph = new Map(files.map((file) => [file, localImports(file, fs.readFileSync(file, "utf8"))]));
    const show = (cycle: string[]) => cycle.map((file) => path.relative(SOURCE_ROOT, file).split(path.sep).join("/")).join(" <-> ");
    assert.deepEqual(importCycles(graph).map(show), []);
  });
});
