import type * as TypeScript from "typescript";
import type {
  ClassDeclaration,
  ClientAgentRef,
  EnvNamespaceUse,
  ExportEntry,
  ImportBinding,
  McpServe,
  McpServeMethod,
  ModuleImport,
  ModuleInfo,
  NamespaceMethod,
  RoutePrefix,
  StarExport,
} from "./model";
import type { ClientVia } from "./recognizers";
import { scanModule } from "./fastScan";
import {
  AGENT_URL,
  CLASS_WRAPPERS,
  CLIENT_CALLS,
  clientAliases,
  isAgentRequestText,
  MCP_SERVE_METHODS,
  NAMESPACE_HELPERS,
  NAMESPACE_METHODS,
  REQUEST_CONSTRUCTORS,
  REQUEST_FUNCTION_HOLDERS,
  REQUEST_FUNCTIONS,
  REQUEST_WRAPPERS,
  requestCallText,
  ROUTER_CALL,
  SQL_USE,
} from "./recognizers";

/**
 * The TypeScript compiler, loaded on the first parse: commands and runs that parse nothing (cached
 * modules, `--version`, usage errors) never pay the ~0.35 s it takes to load.
 */
let ts: typeof TypeScript;
function loadTypeScript(): typeof TypeScript {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  ts ??= require("typescript") as typeof TypeScript;
  return ts;
}

function scriptKind(file: string): TypeScript.ScriptKind {
  const lower = file.toLowerCase();
  if (lower.endsWith(".tsx")) return ts.ScriptKind.TSX;
  if (lower.endsWith(".jsx")) return ts.ScriptKind.JSX;
  if (lower.endsWith(".js") || lower.endsWith(".mjs") || lower.endsWith(".cjs")) return ts.ScriptKind.JS;
  return ts.ScriptKind.TS;
}

/**
 * Reads one source file syntactically. Never throws on broken code. The hand-written scanner reads
 * ordinary files without loading TypeScript; whatever it is unsure of goes to the TypeScript parser.
 */
export function parseModule(file: string, text: string): ModuleInfo {
  return scanModule(file, text) ?? parseWithTypeScript(file, text);
}

/** The reference reader: TypeScript's parser, which recovers from any broken code. */
export function parseWithTypeScript(file: string, text: string): ModuleInfo {
  loadTypeScript();
  const sourceFile = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true, scriptKind(file));
  const info: ModuleInfo = {
    file,
    imports: [],
    moduleRequests: [],
    exports: [],
    starExports: [],
    classes: [],
    envUses: [],
    agentRefs: [],
    routePrefixes: [],
    mcpServes: [],
    wrappedClasses: [],
    hasDefaultExport: false,
  };
  const span = (node: TypeScript.Node) => ({ start: node.getStart(sourceFile), end: node.getEnd() });

  for (const statement of sourceFile.statements) readTopLevel(statement, info, sourceFile, span);
  const aliases = clientAliases(info.imports);
  const visit = (node: TypeScript.Node): void => {
    readExpression(node, info, sourceFile, span, aliases);
    ts.forEachChild(node, visit);
  };
  visit(sourceFile);
  return info;
}

type SpanOf = (node: TypeScript.Node) => { start: number; end: number };

function hasModifier(node: TypeScript.Node, kind: TypeScript.SyntaxKind): boolean {
  return ts.canHaveModifiers(node) ? (ts.getModifiers(node)?.some((m) => m.kind === kind) ?? false) : false;
}

function readTopLevel(statement: TypeScript.Statement, info: ModuleInfo, sourceFile: TypeScript.SourceFile, span: SpanOf): void {
  if (ts.isImportDeclaration(statement) && ts.isStringLiteral(statement.moduleSpecifier)) {
    const module = statement.moduleSpecifier.text;
    info.moduleRequests.push({ module, span: span(statement.moduleSpecifier) });
    const clause = statement.importClause;
    if (!clause) return;
    const binding = (local: string, imported: string, typeOnly: boolean): ImportBinding => (typeOnly ? { local, imported, module, typeOnly: true } : { local, imported, module });
    if (clause.name) info.imports.push(binding(clause.name.text, "default", clause.isTypeOnly));
    const bindings = clause.namedBindings;
    if (bindings && ts.isNamespaceImport(bindings)) info.imports.push(binding(bindings.name.text, "*", clause.isTypeOnly));
    if (bindings && ts.isNamedImports(bindings)) {
      for (const element of bindings.elements) {
        info.imports.push(binding(element.name.text, (element.propertyName ?? element.name).text, clause.isTypeOnly || element.isTypeOnly));
      }
    }
    return;
  }
  if (ts.isImportEqualsDeclaration(statement)) return;
  if (ts.isExportDeclaration(statement)) {
    const from = statement.moduleSpecifier && ts.isStringLiteral(statement.moduleSpecifier) ? statement.moduleSpecifier.text : undefined;
    if (from !== undefined && statement.moduleSpecifier) info.moduleRequests.push({ module: from, span: span(statement.moduleSpecifier) });
    const clause = statement.exportClause;
    if (!clause) {
      if (from !== undefined) info.starExports.push(statement.isTypeOnly ? { from, span: span(statement), typeOnly: true } : ({ from, span: span(statement) } satisfies StarExport));
      return;
    }
    if (ts.isNamespaceExport(clause)) {
      const entry: ExportEntry = { exported: moduleExportName(clause.name), from, imported: "*", span: span(clause) };
      if (statement.isTypeOnly) entry.typeOnly = true;
      info.exports.push(entry);
      return;
    }
    for (const element of clause.elements) {
      const exported = moduleExportName(element.name);
      const inner = element.propertyName ? moduleExportName(element.propertyName) : exported;
      const entry: ExportEntry = from !== undefined ? { exported, from, imported: inner, span: span(element) } : { exported, local: inner, span: span(element) };
      if (statement.isTypeOnly || element.isTypeOnly) entry.typeOnly = true;
      info.exports.push(entry);
      if (exported === "default") info.hasDefaultExport = true;
    }
    return;
  }
  if (ts.isExportAssignment(statement)) {
    info.hasDefaultExport = true;
    // `export default Name;` binds a local; an anonymous class or object has nothing a binding could name.
    if (!statement.isExportEquals && ts.isIdentifier(statement.expression)) {
      info.exports.push({ exported: "default", local: statement.expression.text, span: span(statement) });
    }
    return;
  }
  const exported = hasModifier(statement, ts.SyntaxKind.ExportKeyword);
  const isDefault = hasModifier(statement, ts.SyntaxKind.DefaultKeyword);
  if (exported && isDefault) info.hasDefaultExport = true;
  if (ts.isClassDeclaration(statement)) {
    if (statement.name) {
      info.classes.push(readClass(statement, statement.name, sourceFile, span, exported, isDefault));
      if (exported) info.exports.push({ exported: isDefault ? "default" : statement.name.text, local: statement.name.text, span: span(statement.name) });
    }
    return;
  }
  if (ts.isFunctionDeclaration(statement) || ts.isEnumDeclaration(statement) || ts.isInterfaceDeclaration(statement) || ts.isTypeAliasDeclaration(statement)) {
    if (exported && statement.name && ts.isIdentifier(statement.name)) {
      info.exports.push({ exported: isDefault ? "default" : statement.name.text, local: statement.name.text, span: span(statement.name) });
    }
    return;
  }
  if (ts.isVariableStatement(statement)) {
    for (const declaration of statement.declarationList.declarations) {
      if (!ts.isIdentifier(declaration.name)) {
        // `export const { Jobs, Client: JobsClient } = makeClasses(...)` exports every name it binds.
        if (exported) for (const bound of boundNames(declaration.name)) info.exports.push({ exported: bound.text, local: bound.text, span: span(bound) });
        continue;
      }
      // `const Foo = class extends Agent {}` declares a class too.
      const initializer = declaration.initializer;
      if (initializer && ts.isClassExpression(initializer)) {
        info.classes.push(readClass(initializer, declaration.name, sourceFile, span, exported, false, statement));
      }
      const wraps = initializer && wrappedClassName(initializer);
      if (wraps) info.wrappedClasses.push({ name: declaration.name.text, wraps });
      if (exported) info.exports.push({ exported: declaration.name.text, local: declaration.name.text, span: span(declaration.name) });
    }
  }
}

/** `instrumentDurableObjectWithSentry(options, Base)`, `Sentry.instrumentDO(Base, config)`: the wrapped class's name. */
function wrappedClassName(initializer: TypeScript.Expression): string | undefined {
  if (!ts.isCallExpression(initializer) || initializer.typeArguments || initializer.questionDotToken) return undefined;
  let callee: TypeScript.Expression = initializer.expression;
  let name: string | undefined;
  if (ts.isIdentifier(callee)) name = callee.text;
  else if (ts.isPropertyAccessExpression(callee) && !callee.questionDotToken && ts.isIdentifier(callee.name)) {
    name = callee.name.text;
    for (callee = callee.expression; ts.isPropertyAccessExpression(callee) && !callee.questionDotToken; callee = callee.expression);
    if (!ts.isIdentifier(callee)) return undefined;
  }
  const position = name === undefined ? undefined : CLASS_WRAPPERS.get(name);
  const args = initializer.arguments;
  if (!position || args.length === 0) return undefined;
  const argument = position === "first" ? args[0] : args[args.length - 1];
  return ts.isIdentifier(argument) ? argument.text : undefined;
}

/** The names a destructuring pattern binds, in source order (nested patterns, renames, rest elements). */
function boundNames(pattern: TypeScript.BindingName): TypeScript.Identifier[] {
  if (ts.isIdentifier(pattern)) return [pattern];
  const names: TypeScript.Identifier[] = [];
  for (const element of pattern.elements) if (!ts.isOmittedExpression(element)) names.push(...boundNames(element.name));
  return names;
}

function moduleExportName(name: TypeScript.ModuleExportName): string {
  return ts.isIdentifier(name) ? name.text : name.text;
}

function readClass(
  node: TypeScript.ClassLikeDeclaration,
  name: TypeScript.Identifier,
  sourceFile: TypeScript.SourceFile,
  span: SpanOf,
  exported: boolean,
  isDefault: boolean,
  statement?: TypeScript.Statement,
): ClassDeclaration {
  const holder = statement ?? node;
  // `export` goes before the first keyword modifier (after any decorators), or before `class`/`const`.
  const modifiers = ts.canHaveModifiers(holder) ? (ts.getModifiers(holder) ?? []) : [];
  let insertExportAt: number;
  if (modifiers.length > 0) insertExportAt = modifiers[0].getStart(sourceFile);
  else {
    const firstToken = holder.getChildren(sourceFile).find((child) => child.kind !== ts.SyntaxKind.Decorator && child.kind !== ts.SyntaxKind.SyntaxList);
    const decorated = holder.getChildren(sourceFile).find((child) => child.kind === ts.SyntaxKind.SyntaxList && child.getChildren(sourceFile).some((c) => c.kind === ts.SyntaxKind.Decorator));
    insertExportAt = decorated && firstToken ? firstToken.getStart(sourceFile) : holder.getStart(sourceFile);
  }
  let heritage: ClassDeclaration["heritage"];
  const extendsClause = node.heritageClauses?.find((clause) => clause.token === ts.SyntaxKind.ExtendsKeyword);
  const base = extendsClause?.types[0]?.expression;
  if (base) {
    if (ts.isIdentifier(base)) heritage = { root: base.text, span: span(base) };
    else if (ts.isPropertyAccessExpression(base) && ts.isIdentifier(base.expression)) {
      heritage = { root: base.expression.text, member: base.name.text, span: span(base) };
    } else if (ts.isCallExpression(base)) {
      // Mixins such as `withVoice(Agent)`: the innermost class argument is the base.
      const argument = base.arguments.find((arg) => ts.isIdentifier(arg));
      if (argument && ts.isIdentifier(argument)) heritage = { root: argument.text, span: span(argument) };
    }
  }
  const declaration: ClassDeclaration = {
    name: name.text,
    nameSpan: span(name),
    insertExportAt,
    hasExportModifier: exported,
    hasDefaultModifier: isDefault,
    heritage,
    usesSqlStorage: SQL_USE.test(node.getText(sourceFile)),
  };
  if (hasModifier(holder, ts.SyntaxKind.DeclareKeyword)) declaration.ambient = true;
  return declaration;
}

/** `env.X`, `this.env.X`, `c.env.X`: returns X's identifier when `expression` is such an access. */
function envBindingOf(expression: TypeScript.Expression): TypeScript.Identifier | undefined {
  if (!ts.isPropertyAccessExpression(expression) || !ts.isIdentifier(expression.name)) return undefined;
  const holder = expression.expression;
  const isEnv =
    (ts.isIdentifier(holder) && holder.text === "env") ||
    (ts.isPropertyAccessExpression(holder) && holder.name.text === "env");
  return isEnv ? expression.name : undefined;
}

function stringValue(node: TypeScript.Node | undefined): { text: string; node: TypeScript.Node } | undefined {
  if (!node) return undefined;
  if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) return { text: node.text, node };
  return undefined;
}

function objectProperty(object: TypeScript.Expression | undefined, key: string): TypeScript.Expression | undefined {
  if (!object || !ts.isObjectLiteralExpression(object)) return undefined;
  for (const prop of object.properties) {
    if (ts.isPropertyAssignment(prop) && prop.name && (ts.isIdentifier(prop.name) || ts.isStringLiteral(prop.name)) && prop.name.text === key) {
      return prop.initializer;
    }
  }
  return undefined;
}

/** The object literal has a property (written `key: value` or shorthand) so named. */
function hasMember(object: TypeScript.Expression | undefined, key: string): boolean {
  if (!object || !ts.isObjectLiteralExpression(object)) return false;
  return object.properties.some(
    (prop) => (ts.isPropertyAssignment(prop) || ts.isShorthandPropertyAssignment(prop)) && (ts.isIdentifier(prop.name) || ts.isStringLiteral(prop.name)) && prop.name.text === key,
  );
}

/**
 * The expression may hold `key` in a way not written as `key: "literal"`: it is no object literal,
 * or has a spread, a computed key, or a member so named.
 */
function mayNameKey(expression: TypeScript.Expression, key: string): boolean {
  if (!ts.isObjectLiteralExpression(expression)) return true;
  return expression.properties.some(
    (prop) =>
      ts.isSpreadAssignment(prop) ||
      (prop.name !== undefined && (ts.isComputedPropertyName(prop.name) || ((ts.isIdentifier(prop.name) || ts.isStringLiteral(prop.name)) && prop.name.text === key))),
  );
}

function calleeName(expression: TypeScript.Expression): string | undefined {
  if (ts.isIdentifier(expression)) return expression.text;
  if (ts.isPropertyAccessExpression(expression)) return expression.name.text;
  return undefined;
}

function contentSpan(node: TypeScript.Node, sourceFile: TypeScript.SourceFile): { start: number; end: number } {
  // The string's contents, without its quotes.
  return { start: node.getStart(sourceFile) + 1, end: node.getEnd() - 1 };
}

/** The callee as the recognizers see it: `name`, or `holder.name` when the holder is a plain identifier. */
function calleeParts(expression: TypeScript.Expression): { name: string; holder?: string; member: boolean } | undefined {
  if (ts.isIdentifier(expression)) return { name: expression.text, member: false };
  if (ts.isPropertyAccessExpression(expression)) {
    const holder = ts.isIdentifier(expression.expression) ? expression.expression.text : undefined;
    return holder !== undefined ? { name: expression.name.text, holder, member: true } : { name: expression.name.text, member: true };
  }
  return undefined;
}

function readExpression(node: TypeScript.Node, info: ModuleInfo, sourceFile: TypeScript.SourceFile, span: SpanOf, aliases: ReadonlyMap<string, ClientVia>): void {
  if (ts.isPropertyAccessExpression(node) && ts.isIdentifier(node.name) && NAMESPACE_METHODS.has(node.name.text)) {
    const binding = envBindingOf(node.expression);
    if (binding && node.parent && ts.isCallExpression(node.parent) && node.parent.expression === node) {
      info.envUses.push({ binding: binding.text, method: node.name.text as NamespaceMethod, span: span(binding) });
    }
    return;
  }
  if (ts.isCallExpression(node) || ts.isNewExpression(node)) {
    const callee = calleeParts(node.expression);
    const name = callee?.name;
    const args = node.arguments ?? ts.factory.createNodeArray();
    const via = callee === undefined ? undefined : callee.member ? (CLIENT_CALLS.has(callee.name as ClientVia) ? (callee.name as ClientVia) : undefined) : (aliases.get(callee.name) ?? (CLIENT_CALLS.has(callee.name as ClientVia) ? (callee.name as ClientVia) : undefined));
    if (name && NAMESPACE_HELPERS.has(name) && args[0]) {
      const binding = envBindingOf(args[0]);
      if (binding) info.envUses.push({ binding: binding.text, method: name as NamespaceMethod, span: span(binding) });
    } else if (via && callee) {
      const options = args[0];
      const agent = stringValue(objectProperty(options, "agent"));
      if (agent) {
        const prefix = stringValue(objectProperty(options, "prefix"));
        const ref: ClientAgentRef = { via, text: agent.text, span: contentSpan(agent.node, sourceFile) };
        if (prefix !== undefined) {
          ref.prefix = prefix.text;
          ref.prefixSpan = contentSpan(prefix.node, sourceFile);
        }
        if (hasMember(options, "basePath")) ref.basePath = true;
        if (hasMember(options, "host")) ref.host = true;
        const instance = stringValue(objectProperty(options, "name"));
        if (instance !== undefined) {
          ref.name = instance.text;
          ref.nameSpan = contentSpan(instance.node, sourceFile);
        }
        const written = callee.member ? (callee.holder !== undefined ? `${callee.holder}.${callee.name}` : undefined) : callee.name;
        if (written !== undefined) ref.callee = written;
        info.agentRefs.push(ref);
      }
    } else if (ts.isCallExpression(node) && callee?.member && callee.holder !== undefined && MCP_SERVE_METHODS.has(callee.name) && ts.isPropertyAccessExpression(node.expression)) {
      const serve: McpServe = { className: callee.holder, method: callee.name as McpServeMethod, span: span(node.expression.expression) };
      const options = args[1];
      const binding = stringValue(objectProperty(options, "binding"));
      if (binding !== undefined) {
        serve.binding = binding.text;
        serve.bindingSpan = contentSpan(binding.node, sourceFile);
      } else if (args.some((arg) => ts.isSpreadElement(arg)) || (options !== undefined && mayNameKey(options, "binding"))) serve.dynamicBinding = true;
      info.mcpServes.push(serve);
    } else if (name === ROUTER_CALL) {
      const options = args[2];
      const prefix = stringValue(objectProperty(options, "prefix"));
      const route: RoutePrefix = { prefix: prefix?.text ?? "agents", span: span(prefix?.node ?? node.expression) };
      if (!prefix && options && mayNameKey(options, "prefix")) route.dynamic = true;
      info.routePrefixes.push(route);
    }
    return;
  }
  if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) {
    if (!AGENT_URL.test(node.text)) return;
    const request = requestOf(node);
    if (request !== undefined && isAgentRequestText([node.text])) info.agentRefs.push({ via: "url", text: node.text, span: contentSpan(node, sourceFile), request });
    return;
  }
  if (ts.isTemplateExpression(node)) {
    // `${origin}/agents/coder-agent/${id}`: each literal part may name the namespace; a part that
    // runs into a placeholder is partial (its last segment may continue in code).
    const literals = [node.head, ...node.templateSpans.map((s) => s.literal)];
    const request = requestOf(node);
    if (request === undefined || !isAgentRequestText(literals.map((literal) => literal.text))) return;
    literals.forEach((literal, index) => {
      if (!AGENT_URL.test(literal.text)) return;
      const start = literal.getStart(sourceFile) + 1;
      const ref: ClientAgentRef = { via: "url", text: literal.text, span: { start, end: start + literal.text.length }, partial: !ts.isTemplateTail(literal), request };
      if (index > 0) ref.afterPlaceholder = true;
      info.agentRefs.push(ref);
    });
  }
}

/** The request call a URL literal is the first argument of (see recognizers.ts), as written. */
function requestOf(node: TypeScript.Expression): string | undefined {
  const parent = node.parent;
  if (!parent || !(ts.isCallExpression(parent) || ts.isNewExpression(parent)) || parent.arguments?.[0] !== node) return undefined;
  const callee = calleeParts(parent.expression);
  if (!callee) return undefined;
  if (ts.isNewExpression(parent)) {
    if (callee.member) return undefined;
    if (REQUEST_CONSTRUCTORS.has(callee.name)) return requestCallText(callee.name, undefined, true);
    if (!REQUEST_WRAPPERS.has(callee.name)) return undefined;
    const outer = requestOf(parent);
    return outer !== undefined && !outer.startsWith("new ") ? outer : undefined;
  }
  if (!REQUEST_FUNCTIONS.has(callee.name)) return undefined;
  if (!callee.member) return requestCallText(callee.name, undefined, false);
  return callee.holder !== undefined && REQUEST_FUNCTION_HOLDERS.has(callee.holder) ? requestCallText(callee.name, callee.holder, false) : undefined;
}
