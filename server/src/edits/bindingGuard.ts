import type * as TypeScript from "typescript";
import type { Span } from "../text/positions";
import { NAMESPACE_HELPERS, NAMESPACE_METHODS, ROUTER_CALL } from "../source/recognizers";

/**
 * The binding guard (issue 14, the bug report's "clients get a clear error instead of a hang"): on a
 * use of a Durable Object namespace in a module worker's `fetch` handler, a statement before it that
 * answers 500 naming the missing binding and the config to fix, when the binding is not there:
 *
 *     if (!env.CoderAgent) return new Response('Durable Object binding "CoderAgent" is missing: ...', { status: 500 });
 *
 * Only where a `return` returns the handler's Response: in the default export's `fetch` (a method,
 * or a function or arrow as its value), not inside a nested function or callback.
 */

export interface GuardWorker {
  /** The config to name in the message, as the user would find it (`wrangler.jsonc`, `apps/api/wrangler.toml`). */
  configName: string;
  /** Durable Object bindings the config writes in any environment (guarded for `routeAgentRequest`; `.get()` is judged by them). */
  namespaces: readonly string[];
}

export interface BindingGuard {
  /** The bindings the guard tests. */
  bindings: string[];
  title: string;
  /** An insertion (empty span) before the statement holding the use. */
  span: Span;
  newText: string;
}

let ts: typeof TypeScript;
function loadTypeScript(): typeof TypeScript {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  ts ??= require("typescript") as typeof TypeScript;
  return ts;
}

type FunctionNode = TypeScript.MethodDeclaration | TypeScript.FunctionExpression | TypeScript.ArrowFunction;

/** Strips `satisfies`, `as`, parentheses: `export default { ... } satisfies ExportedHandler<Env>`. */
function unwrap(t: typeof TypeScript, node: TypeScript.Expression): TypeScript.Expression {
  while (t.isSatisfiesExpression(node) || t.isAsExpression(node) || t.isParenthesizedExpression(node) || t.isTypeAssertionExpression(node)) node = node.expression;
  return node;
}

/** The default export's object literal (written in place, or a `const` of the same module exported by name). */
function defaultExportObject(t: typeof TypeScript, source: TypeScript.SourceFile): TypeScript.ObjectLiteralExpression | undefined {
  for (const statement of source.statements) {
    if (!t.isExportAssignment(statement) || statement.isExportEquals) continue;
    let value = unwrap(t, statement.expression);
    if (t.isIdentifier(value)) {
      const name = value.text;
      for (const other of source.statements) {
        if (!t.isVariableStatement(other)) continue;
        for (const declaration of other.declarationList.declarations) {
          if (t.isIdentifier(declaration.name) && declaration.name.text === name && declaration.initializer) value = unwrap(t, declaration.initializer);
        }
      }
    }
    return t.isObjectLiteralExpression(value) ? value : undefined;
  }
  return undefined;
}

function fetchHandler(t: typeof TypeScript, object: TypeScript.ObjectLiteralExpression): FunctionNode | undefined {
  for (const property of object.properties) {
    const name = property.name && (t.isIdentifier(property.name) || t.isStringLiteral(property.name)) ? property.name.text : undefined;
    if (name !== "fetch") continue;
    if (t.isMethodDeclaration(property)) return property;
    if (t.isPropertyAssignment(property)) {
      const value = unwrap(t, property.initializer);
      if (t.isFunctionExpression(value) || t.isArrowFunction(value)) return value;
    }
  }
  return undefined;
}

interface Use {
  bindings: string[];
  /** The node of the use (the call). */
  node: TypeScript.Node;
}

/** `env.X`, with `env` the handler's parameter: X. */
function envMember(t: typeof TypeScript, node: TypeScript.Node | undefined, envName: string): string | undefined {
  if (!node) return undefined;
  const inner = t.isNonNullExpression(node) ? node.expression : node;
  if (t.isPropertyAccessExpression(inner) && t.isIdentifier(inner.expression) && inner.expression.text === envName) return inner.name.text;
  return undefined;
}

/** The namespace use a call is, if it is one: `env.X.idFromName(...)`, `getAgentByName(env.X, ...)`, `routeAgentRequest(request, env)`. */
function useOf(t: typeof TypeScript, call: TypeScript.CallExpression, envName: string, worker: GuardWorker): Use | undefined {
  const callee = call.expression;
  if (t.isPropertyAccessExpression(callee)) {
    const binding = envMember(t, callee.expression, envName);
    const method = callee.name.text;
    // `.get()` is also KV's and R2's: a namespace only when the config binds X as one.
    if (binding && (NAMESPACE_METHODS.has(method) || (method === "get" && worker.namespaces.includes(binding)))) return { bindings: [binding], node: call };
  }
  if (t.isIdentifier(callee)) {
    if (NAMESPACE_HELPERS.has(callee.text)) {
      const binding = envMember(t, call.arguments[0], envName);
      if (binding) return { bindings: [binding], node: call };
    }
    if (callee.text === ROUTER_CALL && call.arguments.some((a) => t.isIdentifier(a) && a.text === envName) && worker.namespaces.length > 0) {
      return { bindings: [...new Set(worker.namespaces)], node: call };
    }
  }
  return undefined;
}

/** The file's own style: quote character and semicolons, by what its code mostly writes. */
function styleOf(t: typeof TypeScript, source: TypeScript.SourceFile, text: string): { quote: string; semicolon: string } {
  let double = 0;
  let single = 0;
  let withSemicolon = 0;
  let without = 0;
  const visit = (node: TypeScript.Node) => {
    if (t.isStringLiteral(node)) {
      const first = text[node.getStart(source)];
      if (first === '"') double++;
      else if (first === "'") single++;
    }
    if (t.isExpressionStatement(node) || t.isReturnStatement(node) || t.isVariableStatement(node) || t.isImportDeclaration(node)) {
      if (text[node.end - 1] === ";") withSemicolon++;
      else without++;
    }
    t.forEachChild(node, visit);
  };
  visit(source);
  return { quote: single > double ? "'" : '"', semicolon: without > withSemicolon ? "" : ";" };
}

function quoted(value: string, quote: string): string {
  return `${quote}${value.replace(/\\/g, "\\\\").replace(new RegExp(quote, "g"), `\\${quote}`)}${quote}`;
}

/** Whether the handler already tests `!env.X` (or `env.X` in any condition) before the use. */
function alreadyGuarded(t: typeof TypeScript, handler: FunctionNode, source: TypeScript.SourceFile, envName: string, binding: string, before: number): boolean {
  const escape = (name: string) => name.replace(/[$]/g, "\\$");
  const test = new RegExp(`!\\s*${escape(envName)}\\.${escape(binding)}(?![\\w$])`);
  let found = false;
  const visit = (node: TypeScript.Node) => {
    if (found || node.getStart(source) >= before) return;
    if (t.isIfStatement(node) && test.test(node.expression.getText(source))) found = true;
    else t.forEachChild(node, visit);
  };
  if (handler.body) visit(handler.body);
  return found;
}

/** The guard for the namespace use at `offset`, if one is there and a guard can go before it. */
export function bindingGuardAt(file: string, text: string, offset: number, worker: GuardWorker): BindingGuard | undefined {
  const t = loadTypeScript();
  const kind = /\.[cm]?tsx$|\.jsx$/i.test(file) ? t.ScriptKind.TSX : /\.[cm]?js$/i.test(file) ? t.ScriptKind.JS : t.ScriptKind.TS;
  const source = t.createSourceFile(file, text, t.ScriptTarget.Latest, true, kind);
  const object = defaultExportObject(t, source);
  const handler = object && fetchHandler(t, object);
  if (!handler?.body || !t.isBlock(handler.body)) return undefined;
  const envParameter = handler.parameters[1];
  if (!envParameter || !t.isIdentifier(envParameter.name)) return undefined;
  const envName = envParameter.name.text;

  // The innermost call at the offset that is a namespace use.
  let use: Use | undefined;
  const visit = (node: TypeScript.Node) => {
    if (offset < node.getStart(source) || offset > node.end) return;
    if (t.isCallExpression(node)) use = useOf(t, node, envName, worker) ?? use;
    t.forEachChild(node, visit);
  };
  visit(handler.body);
  if (!use) {
    // Anywhere else in a statement holding a use (`env.X.get(id).fe|tch(request)`): its first use.
    let holder: TypeScript.Node | undefined;
    const findStatement = (node: TypeScript.Node) => {
      if (offset < node.getStart(source) || offset > node.end || t.isFunctionLike(node)) return;
      if (t.isBlock(node.parent) && !t.isBlock(node)) holder = node;
      t.forEachChild(node, findStatement);
    };
    t.forEachChild(handler.body, findStatement);
    const firstUse = (node: TypeScript.Node) => {
      if (use || t.isFunctionLike(node)) return;
      if (t.isCallExpression(node)) use = useOf(t, node, envName, worker);
      if (!use) t.forEachChild(node, firstUse);
    };
    if (holder) firstUse(holder);
  }
  if (!use) return undefined;

  // The statement holding the use, directly in a block of the handler: no function in between (a
  // `return` there would not answer the request).
  let statement: TypeScript.Node | undefined;
  for (let node: TypeScript.Node = use.node; node !== handler.body; node = node.parent) {
    if (t.isFunctionLike(node)) return undefined;
    if (t.isBlock(node.parent) && !t.isBlock(node)) {
      statement = node;
      break;
    }
  }
  if (!statement) return undefined;
  const start = statement.getStart(source);
  const bindings = use.bindings.filter((b) => !alreadyGuarded(t, handler, source, envName, b, start));
  if (bindings.length === 0) return undefined;

  const lineStart = text.lastIndexOf("\n", start - 1) + 1;
  const indent = text.slice(lineStart, start);
  if (!/^[ \t]*$/.test(indent)) return undefined;
  const eol = text.includes("\r\n") ? "\r\n" : "\n";
  const { quote, semicolon } = styleOf(t, source, text);
  const condition = bindings.map((b) => `!${envName}.${b}`).join(" || ");
  const names = bindings.map((b) => `"${b}"`).join(", ");
  const message =
    bindings.length === 1
      ? `Durable Object binding ${names} is missing: add it to durable_objects.bindings in ${worker.configName} for this environment, then deploy again.`
      : `Durable Object bindings ${names} are missing: add them to durable_objects.bindings in ${worker.configName} for this environment, then deploy again.`;
  const newText = `if (${condition}) return new Response(${quoted(message, quote)}, { status: 500 })${semicolon}${eol}${indent}`;
  return {
    bindings,
    title: bindings.length === 1 ? `Answer 500 when binding "${bindings[0]}" is missing` : `Answer 500 when bindings ${names} are missing`,
    span: { start, end: start },
    newText,
  };
}
