import type { ClassDeclaration, ClientAgentRef, ExportEntry, ImportBinding, McpServe, McpServeMethod, ModuleInfo, NamespaceMethod, RoutePrefix, StarExport } from "./model";
import {
  AGENT_URL,
  CLASS_WRAPPERS,
  CLIENT_CALLS,
  clientAliases,
  type ClientVia,
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
import { Kind, type Token, tokenize, Unsure } from "./tokens";

/**
 * Reads the same facts as the TypeScript reader (parseModule.ts), from tokens instead of a syntax
 * tree: several times faster, and it needs no compiler loaded. It understands the statements and
 * expressions the facts come from; for anything else it is unsure about (decorators on classes,
 * generic calls of the functions it looks for, odd ASI, broken code...) it returns undefined and the
 * caller parses with TypeScript. test/unit/fastScan.test.ts and test/robustness/scanDiff.test.ts
 * hold it to giving exactly TypeScript's answer whenever it answers.
 */
export function scanModule(file: string, text: string): ModuleInfo | undefined {
  try {
    return new FactReader(file, text, tokenize(text, usesJsx(file), /\.tsx$/i.test(file))).read();
  } catch (error) {
    if (error instanceof Unsure || error instanceof RangeError) return undefined;
    throw error;
  }
}

/**
 * The file's tokens, read as scanModule reads them (JSX by file kind), or undefined where the
 * tokenizer will not guess: for the lighter readers of one fact (presenceChecks.ts, ownRoutes.ts),
 * to which unsure means "say nothing".
 */
export function tokensOf(file: string, text: string): Token[] | undefined {
  try {
    return tokenize(text, usesJsx(file), /\.tsx$/i.test(file));
  } catch (error) {
    if (error instanceof Unsure || error instanceof RangeError) return undefined;
    throw error;
  }
}

/** TypeScript parses .tsx, .jsx and plain JavaScript with JSX. */
function usesJsx(file: string): boolean {
  const lower = file.toLowerCase();
  return lower.endsWith(".tsx") || lower.endsWith(".jsx") || lower.endsWith(".js") || lower.endsWith(".mjs") || lower.endsWith(".cjs");
}


/** Words that are never identifiers (an `Identifier` node in TypeScript's tree is none of these). */
const RESERVED = new Set([
  "break", "case", "catch", "class", "const", "continue", "debugger", "default", "delete", "do", "else", "enum", "export", "extends",
  "false", "finally", "for", "function", "if", "import", "in", "instanceof", "new", "null", "return", "super", "switch", "this",
  "throw", "true", "try", "typeof", "var", "void", "while", "with",
]);
/** Words after which an expression starts (never the end of a callee). */
const OPERATOR_WORDS = new Set(["await", "typeof", "void", "delete", "yield", "return", "case", "in", "of", "instanceof", "new", "extends", "throw", "else", "do", "as", "satisfies", "keyof"]);
/** Words that begin a statement and cannot continue an expression on the line before. */
const STATEMENT_WORDS = new Set(["import", "export", "class", "const", "let", "var", "function", "async", "interface", "type", "enum", "declare", "abstract", "namespace", "module", "using", "if", "for", "while", "return", "throw", "try", "switch", "do"]);
/** Of those, the ones no expression can contain: after a line break they always begin a statement. */
const HARD_STATEMENT_WORDS = new Set(["export", "const", "var", "interface", "enum", "if", "for", "while", "try", "switch", "do", "return", "throw"]);
/** Words that need an operand after them, so an expression cannot end with them. */
const OPERAND_WORDS = new Set(["new", "typeof", "delete", "await", "in", "of", "instanceof", "extends", "case", "keyof", "as", "satisfies", "throw", "else", "do", "default", "is", "infer", "readonly", "unique", "asserts"]);
/** Words that may follow a complete operand: infix operators of expressions and types. */
const INFIX_WORDS = new Set(["as", "satisfies", "in", "instanceof", "extends", "is", "of"]);
/** After `export default`, words that are not the start of an ordinary expression TypeScript reads the same way. */
const ODD_AFTER_DEFAULT = new Set(["interface", "type", "abstract", "declare", "namespace", "module", "enum", "let", "static", "implements", "package", "private", "protected", "public", "yield", "await", "async", "const", "var", "default", "export", "import"]);

interface Fact {
  /** Where the syntax node that yields the fact starts: facts are reported in tree order. */
  at: number;
  add: () => void;
}

class FactReader {
  private readonly info: ModuleInfo;
  /** For each opening bracket (and template head/middle), the index of its closer; and back. */
  private readonly match: Int32Array;
  private readonly depth: Int32Array;
  /** Indexes of string tokens that name modules (never agent URLs). */
  private readonly moduleSpecifiers = new Set<number>();
  private readonly facts: Fact[] = [];
  /** Local names of client calls imported under another name (known once the imports are read). */
  private aliases: ReadonlyMap<string, ClientVia> = new Map();
  /** TypeScript rather than JavaScript: only there is `f<T>(x)` a call with type arguments. */
  private readonly typed: boolean;

  constructor(
    file: string,
    private readonly text: string,
    private readonly tokens: Token[],
  ) {
    this.typed = !/\.(?:js|jsx|mjs|cjs)$/i.test(file);
    this.info = { file, imports: [], moduleRequests: [], exports: [], starExports: [], classes: [], envUses: [], agentRefs: [], routePrefixes: [], mcpServes: [], wrappedClasses: [], hasDefaultExport: false };
    this.match = new Int32Array(tokens.length).fill(-1);
    this.depth = new Int32Array(tokens.length);
    this.pairBrackets();
  }

  read(): ModuleInfo {
    this.readStatements();
    this.readExpressions();
    // Tree order is start order, parents first; the sort is stable.
    this.facts.sort((a, b) => a.at - b.at);
    for (const fact of this.facts) fact.add();
    return this.info;
  }

  // ---- structure ------------------------------------------------------------------------------

  private pairBrackets(): void {
    const stack: number[] = [];
    const closes: Record<string, string> = { ")": "(", "]": "[", "}": "{" };
    this.tokens.forEach((token, i) => {
      this.depth[i] = stack.length;
      const kind = token.kind;
      if (kind === Kind.Punct && (token.value === "(" || token.value === "[" || token.value === "{")) stack.push(i);
      else if (kind === Kind.Punct && closes[token.value]) {
        const open = stack.pop();
        if (open === undefined || this.tokens[open].kind !== Kind.Punct || this.tokens[open].value !== closes[token.value]) throw new Unsure("unbalanced brackets");
        this.match[open] = i;
        this.match[i] = open;
        this.depth[i] = stack.length;
      } else if (kind === Kind.TemplateHead) stack.push(i);
      else if (kind === Kind.TemplateMiddle || kind === Kind.TemplateTail) {
        const open = stack.pop();
        if (open === undefined || (this.tokens[open].kind !== Kind.TemplateHead && this.tokens[open].kind !== Kind.TemplateMiddle)) throw new Unsure("unbalanced template");
        this.match[open] = i;
        this.match[i] = open;
        this.depth[i] = stack.length;
        if (kind === Kind.TemplateMiddle) stack.push(i);
      }
    });
    if (stack.length > 0) throw new Unsure("unclosed bracket");
  }

  private is(i: number, value: string): boolean {
    const token = this.tokens[i];
    return token !== undefined && (token.kind === Kind.Punct || token.kind === Kind.Word) && token.value === value;
  }

  private word(i: number): string | undefined {
    const token = this.tokens[i];
    return token?.kind === Kind.Word ? token.value : undefined;
  }

  /** An identifier (not a reserved word). */
  private identifier(i: number): string | undefined {
    const word = this.word(i);
    return word !== undefined && !RESERVED.has(word) ? word : undefined;
  }

  private isDot(i: number): boolean {
    return this.is(i, ".") || this.is(i, "?.");
  }

  /** The token can end an expression (so a line break after it may end the statement). */
  private endsExpression(i: number): boolean {
    const token = this.tokens[i];
    if (!token) return false;
    switch (token.kind) {
      case Kind.Punct:
        if (token.value === ">" || token.value === ">>" || token.value === ">>>") return this.closesTypeArguments(i);
        // `a!` (a non-null assertion) ends an operand; a `!` that negates (`= !a`) does not.
        if (token.value === "!") return !token.newlineBefore && this.endsExpression(i - 1);
        return token.value === ")" || token.value === "]" || token.value === "}" || token.value === "++" || token.value === "--";
      case Kind.Word:
        if (this.isDot(i - 1) || (token.value === "const" && this.is(i - 1, "as"))) return true;
        return !STATEMENT_WORDS.has(token.value) && !OPERAND_WORDS.has(token.value);
      case Kind.TemplateHead:
      case Kind.TemplateMiddle:
        return false;
      default:
        return true;
    }
  }

  /** `>` at i closes a `<` of the same statement: type arguments or parameters, not a comparison. */
  private closesTypeArguments(i: number): boolean {
    let open = 0;
    for (let k = i; k >= 0; k--) {
      const token = this.tokens[k];
      if (token.kind !== Kind.Punct) continue;
      const v = token.value;
      if (v === ")" || v === "]" || v === "}") {
        // `{ ... }` inside type arguments is an object type; before them, a block ends the search.
        if (v === "}" && open === 0) return false;
        k = this.match[k];
        continue;
      }
      if (v === ">") open++;
      else if (v === ">>") open += 2;
      else if (v === ">>>") open += 3;
      else if (v === "<") {
        open--;
        if (open === 0) return true;
        if (open < 0) return false;
      } else if (v === ";" || v === "(" || v === "[" || v === "{") return false;
    }
    return false;
  }

  /** Token k, after a line break, begins a new statement (automatic semicolon insertion). */
  private beginsStatement(k: number): boolean {
    const token = this.tokens[k];
    if (!token || !token.newlineBefore || token.kind !== Kind.Word || !STATEMENT_WORDS.has(token.value)) return false;
    if (HARD_STATEMENT_WORDS.has(token.value)) return true;
    if (token.value === "import") return !this.is(k + 1, "(") && !this.isDot(k + 1);
    return this.endsExpression(k - 1);
  }

  /** Token i (at depth 0) begins a statement. */
  private statementStart(i: number): boolean {
    if (i === 0) return true;
    const prev = i - 1;
    if (this.is(prev, ";") || this.is(prev, "}")) return true;
    return this.beginsStatement(i);
  }

  /**
   * Where the statement starting at `i` ends (the index after its last token), for statements whose
   * end is a `;`, or a line break before a token that cannot continue it.
   */
  private statementEnd(i: number): number {
    for (let j = i; j < this.tokens.length; j++) {
      if (this.depth[j] !== this.depth[i]) continue;
      const token = this.tokens[j];
      if (token.kind === Kind.Punct && token.value === ";") return j + 1;
      if (j > i && this.beginsStatement(j)) return j;
      if (token.kind === Kind.Punct && (token.value === "(" || token.value === "[" || token.value === "{") && this.match[j] >= 0) j = this.match[j];
    }
    return this.tokens.length;
  }

  private spanOf(first: number, last: number): { start: number; end: number } {
    return { start: this.tokens[first].start, end: this.tokens[last].end };
  }

  // ---- top-level statements ----------------------------------------------------------------------

  private readStatements(): void {
    const tokens = this.tokens;
    for (let i = 0; i < tokens.length; i++) {
      if (this.depth[i] !== 0 || tokens[i].kind !== Kind.Word) continue;
      if (!this.statementStart(i)) {
        // A declaration glued to the code before it (`expor class A {}` while typing): TypeScript
        // recovers by starting a statement there; not worth guessing exactly how.
        if (this.gluedDeclaration(i)) throw new Unsure("declaration inside a statement");
        continue;
      }
      const word = tokens[i].value;
      // `case` outside a switch: broken code, which TypeScript reads on in its own way.
      if (word === "case") throw new Unsure("case at top level");
      if (word === "import") i = this.readImport(i);
      else if (word === "export") i = this.readExport(i);
      else if (word === "class" || word === "abstract" || word === "declare") i = this.readDeclaration(i, i, false, false);
      else if (word === "const" && this.is(i + 1, "enum")) i = this.readDeclaration(i, i, false, false);
      else if (word === "const" || word === "let" || word === "var" || word === "using") i = this.readVariables(i, i, false);
    }
    // `@decorator` before a top-level class makes `export` go elsewhere: leave decorated classes to TypeScript.
    for (let i = 0; i < tokens.length; i++) {
      if (this.depth[i] === 0 && this.is(i, "@")) throw new Unsure("decorator at top level");
    }
  }

  /**
   * Module specifiers of nested declarations (`declare module "x" { export * from "y" }`), of
   * dynamic imports and of `import x = require()` name modules wherever they stand.
   */
  private gluedDeclaration(i: number): boolean {
    const word = this.tokens[i].value;
    if (word === "export") return true;
    if (word === "default") return !this.is(i - 1, "export") && !this.isDot(i - 1);
    if (word === "import") return !this.is(i + 1, "(") && !this.isDot(i + 1);
    if (!["class", "const", "var", "let", "enum", "interface", "abstract", "declare", "function", "type", "namespace", "module", "async"].includes(word)) return false;
    if (this.tokens[i].newlineBefore || this.isDot(i - 1)) return false;
    return this.endsExpression(i - 1) && (word === "class" || word === "const" || word === "var" || word === "enum" || word === "function" || this.word(i + 1) !== undefined);
  }

  private noteNestedSpecifier(i: number): void {
    if (this.is(i - 1, "from") || (this.is(i - 1, "import") && !this.isDot(i - 2))) this.moduleSpecifiers.add(i);
    else if (this.is(i - 1, "(") && this.is(i - 2, "import") && !this.isDot(i - 3)) this.moduleSpecifiers.add(i);
    else if (this.is(i - 1, "(") && this.is(i - 2, "require") && this.is(i - 3, "=") && this.identifier(i - 4) !== undefined) {
      // `import x = require("m")` and `import type x = ...`, anywhere.
      if (this.is(i - 5, "import") || (this.is(i - 5, "type") && this.is(i - 6, "import"))) this.moduleSpecifiers.add(i);
    }
  }

  /** Skips `with { ... }` / `assert { ... }` after a module specifier; returns the next index. */
  private skipAttributes(i: number): number {
    if ((this.is(i, "with") || this.is(i, "assert")) && this.is(i + 1, "{") && !this.tokens[i].newlineBefore) return this.match[i + 1] + 1;
    return i;
  }

  /** Ends a declaration at `i`: an optional `;`. Returns the index of its last token. */
  private finish(i: number, statementStart: number): number {
    if (this.is(i, ";")) return i;
    const next = this.tokens[i];
    if (next && !next.newlineBefore && !this.is(i, "}")) throw new Unsure(`unexpected token after statement at ${statementStart}`);
    return i - 1;
  }

  private stringAt(i: number): string | undefined {
    const token = this.tokens[i];
    return token?.kind === Kind.String ? token.value : undefined;
  }

  private readImport(i: number): number {
    const info = this.info;
    let j = i + 1;
    if (this.is(j, "(") || this.isDot(j)) return i; // import("m"), import.meta
    const bare = this.stringAt(j);
    if (bare !== undefined) {
      this.moduleSpecifiers.add(j);
      info.moduleRequests.push({ module: bare, span: this.spanOf(j, j) });
      return this.finish(this.skipAttributes(j + 1), i);
    }
    // `import type X ...`: type-only, unless `type` is the default import's name (`import type from "m"`).
    let clauseTypeOnly = false;
    if (this.is(j, "type") && !(this.is(j + 1, "from") && this.stringAt(j + 2) !== undefined) && !this.is(j + 1, ",") && !this.is(j + 1, "=")) {
      j++;
      clauseTypeOnly = true;
    }
    const bindings: { local: string; imported: string; typeOnly: boolean }[] = [];
    const name = this.identifier(j);
    if (name !== undefined && !(name === "from" && this.stringAt(j + 1) !== undefined)) {
      if (this.is(j + 1, "=")) return this.skipImportEquals(i, j + 2);
      bindings.push({ local: name, imported: "default", typeOnly: clauseTypeOnly });
      j++;
      if (this.is(j, ",")) j++;
      else if (!this.is(j, "from")) throw new Unsure("import clause");
    }
    if (this.is(j, "*")) {
      const local = this.identifier(j + 2);
      if (!this.is(j + 1, "as") || local === undefined) throw new Unsure("namespace import");
      bindings.push({ local, imported: "*", typeOnly: clauseTypeOnly });
      j += 3;
    } else if (this.is(j, "{")) {
      const close = this.match[j];
      for (const element of this.listItems(j + 1, close)) {
        const parsed = this.specifier(element[0], element[1]);
        bindings.push({ local: parsed.name, imported: parsed.property ?? parsed.name, typeOnly: clauseTypeOnly || parsed.typeOnly });
      }
      j = close + 1;
    }
    if (!this.is(j, "from") || this.stringAt(j + 1) === undefined) throw new Unsure("import without from");
    const module = this.stringAt(j + 1) as string;
    this.moduleSpecifiers.add(j + 1);
    info.moduleRequests.push({ module, span: this.spanOf(j + 1, j + 1) });
    for (const { local, imported, typeOnly } of bindings) info.imports.push(typeOnly ? ({ local, imported, module, typeOnly: true } satisfies ImportBinding) : { local, imported, module });
    return this.finish(this.skipAttributes(j + 2), i);
  }

  /** `import x = require("m")` or `import x = A.B`: nothing is recorded. */
  private skipImportEquals(statement: number, j: number): number {
    if (this.is(j, "require") && this.is(j + 1, "(") && this.stringAt(j + 2) !== undefined && this.is(j + 3, ")")) {
      this.moduleSpecifiers.add(j + 2);
      return this.finish(j + 4, statement);
    }
    while (this.identifier(j) !== undefined && this.isDot(j + 1)) j += 2;
    if (this.identifier(j) === undefined) throw new Unsure("import equals");
    return this.finish(j + 1, statement);
  }

  /** Items of a `{ a, b as c }` list between two indexes, as [first, last] token indexes. */
  private listItems(from: number, to: number): [number, number][] {
    const items: [number, number][] = [];
    let start = from;
    for (let k = from; k <= to; k++) {
      const token = this.tokens[k];
      if (k < to && ((token.kind === Kind.Punct && (token.value === "(" || token.value === "[" || token.value === "{")) || token.kind === Kind.TemplateHead)) {
        k = this.closerOf(k);
        continue;
      }
      if (k === to || this.is(k, ",")) {
        if (k > start) items.push([start, k - 1]);
        else if (k !== to) throw new Unsure("empty list item");
        start = k + 1;
      }
    }
    return items;
  }

  /** The closing token of the bracket or template that opens at k. */
  private closerOf(k: number): number {
    while (this.tokens[k].kind === Kind.TemplateHead || this.tokens[k].kind === Kind.TemplateMiddle) k = this.match[k];
    return this.tokens[k].kind === Kind.Punct ? this.match[k] : k;
  }

  /** `[type] name [as alias]` in an import or export list; names may be strings. */
  private specifier(first: number, last: number): { name: string; property?: string; nameIndex: number; typeOnly: boolean } {
    let k = first;
    const count = last - first + 1;
    if (this.is(k, "type") && count !== 1 && count !== 3) k++;
    const typeOnly = k !== first;
    const nameOf = (index: number): string | undefined => this.word(index) ?? this.stringAt(index);
    if (k === last) {
      const name = nameOf(k);
      if (name === undefined) throw new Unsure("specifier");
      return { name, nameIndex: k, typeOnly };
    }
    if (k + 2 === last && this.is(k + 1, "as")) {
      const property = nameOf(k);
      const name = nameOf(k + 2);
      if (property === undefined || name === undefined) throw new Unsure("specifier");
      return { name, property, nameIndex: k + 2, typeOnly };
    }
    throw new Unsure("specifier");
  }

  private readExport(i: number): number {
    const info = this.info;
    const j = i + 1;
    if (this.is(j, "*") || (this.is(j, "type") && this.is(j + 1, "*"))) return this.readExportStar(i, this.is(j, "*") ? j : j + 1, !this.is(j, "*"));
    if (this.is(j, "{") || (this.is(j, "type") && this.is(j + 1, "{"))) return this.readExportList(i, this.is(j, "{") ? j : j + 1, !this.is(j, "{"));
    if (this.is(j, "=")) {
      info.hasDefaultExport = true;
      return this.statementEnd(j) - 1;
    }
    if (this.is(j, "as") && this.is(j + 1, "namespace")) return this.statementEnd(j) - 1;
    if (this.is(j, "import")) return this.skipImportEquals(i, this.expectEquals(j + 1));
    if (this.is(j, "default")) return this.readExportDefault(i, j + 1);
    return this.readDeclaration(i, j, true, false);
  }

  private expectEquals(j: number): number {
    if (this.is(j, "type") && this.identifier(j + 1) !== undefined && this.is(j + 2, "=")) return j + 3;
    if (this.identifier(j) !== undefined && this.is(j + 1, "=")) return j + 2;
    throw new Unsure("export import");
  }

  private readExportStar(i: number, star: number, typeOnly: boolean): number {
    let j = star + 1;
    let alias: { name: string; first: number; last: number } | undefined;
    if (this.is(j, "as")) {
      const name = this.word(j + 1) ?? this.stringAt(j + 1);
      if (name === undefined) throw new Unsure("export * as");
      alias = { name, first: star, last: j + 1 };
      j += 2;
    }
    const from = this.stringAt(j + 1);
    if (!this.is(j, "from") || from === undefined) throw new Unsure("export * without from");
    this.moduleSpecifiers.add(j + 1);
    this.info.moduleRequests.push({ module: from, span: this.spanOf(j + 1, j + 1) });
    const last = this.finish(this.skipAttributes(j + 2), i);
    if (alias) {
      const entry: ExportEntry = { exported: alias.name, from, imported: "*", span: this.spanOf(alias.first, alias.last) };
      if (typeOnly) entry.typeOnly = true;
      this.info.exports.push(entry);
    } else {
      const entry: StarExport = { from, span: this.spanOf(i, last) };
      if (typeOnly) entry.typeOnly = true;
      this.info.starExports.push(entry);
    }
    return last;
  }

  private readExportList(i: number, open: number, typeOnly: boolean): number {
    const close = this.match[open];
    let j = close + 1;
    let from: string | undefined;
    if (this.is(j, "from")) {
      from = this.stringAt(j + 1);
      if (from === undefined) throw new Unsure("export from");
      this.moduleSpecifiers.add(j + 1);
      this.info.moduleRequests.push({ module: from, span: this.spanOf(j + 1, j + 1) });
      j = this.skipAttributes(j + 2);
    }
    for (const [first, last] of this.listItems(open + 1, close)) {
      const parsed = this.specifier(first, last);
      const exported = parsed.name;
      const inner = parsed.property ?? exported;
      const span = this.spanOf(first, last);
      const entry: ExportEntry = from !== undefined ? { exported, from, imported: inner, span } : { exported, local: inner, span };
      if (typeOnly || parsed.typeOnly) entry.typeOnly = true;
      this.info.exports.push(entry);
      if (exported === "default") this.info.hasDefaultExport = true;
    }
    return this.finish(j, i);
  }

  private readExportDefault(i: number, j: number): number {
    const info = this.info;
    info.hasDefaultExport = true;
    const sameLine = (k: number) => this.tokens[k] !== undefined && !this.tokens[k].newlineBefore;
    if (
      this.is(j, "class") ||
      this.is(j, "function") ||
      (this.is(j, "abstract") && this.is(j + 1, "class") && sameLine(j + 1)) ||
      (this.is(j, "async") && this.is(j + 1, "function") && sameLine(j + 1)) ||
      (this.is(j, "interface") && this.identifier(j + 1) !== undefined && sameLine(j + 1))
    ) {
      return this.readDeclaration(i, j, true, true);
    }
    const first = this.tokens[j];
    // Nothing, `;`, a keyword TypeScript reads some other way: not worth guessing how it recovers.
    if (!first || this.is(j, ";") || this.is(j, "@") || (first.kind === Kind.Word && (ODD_AFTER_DEFAULT.has(first.value) || (RESERVED.has(first.value) && !["this", "new", "null", "true", "false", "typeof", "void", "delete", "super", "import"].includes(first.value))))) {
      throw new Unsure("export default followed by something odd");
    }
    // `export default expression;`: a bare identifier names a local binding.
    const name = this.identifier(j);
    if (name === undefined) return this.statementEnd(j) - 1;
    const next = this.tokens[j + 1];
    if (next === undefined || this.is(j + 1, ";")) {
      const last = next === undefined ? j : j + 1;
      info.exports.push({ exported: "default", local: name, span: this.spanOf(i, last) });
      return last;
    }
    if (next.newlineBefore) {
      if ((next.kind === Kind.Word && STATEMENT_WORDS.has(next.value) && !this.isDot(j + 2) && !this.is(j + 2, "(")) || this.is(j + 1, "}")) {
        info.exports.push({ exported: "default", local: name, span: this.spanOf(i, j) });
        return j;
      }
      throw new Unsure("export default and a line break");
    }
    // More on the same line: an operator makes it an expression; anything else is broken code.
    const continues = (next.kind === Kind.Punct && !["{", "}", ",", ";", "@", "#"].includes(next.value)) || (next.kind === Kind.Word && INFIX_WORDS.has(next.value)) || next.kind === Kind.Template || next.kind === Kind.TemplateHead;
    if (!continues) throw new Unsure("export default and more");
    return this.statementEnd(j) - 1;
  }

  /**
   * A declaration: `first` is the statement's first token (where `export` would go), `j` the token
   * after `export`/`export default` (or `first` itself).
   */
  private readDeclaration(first: number, j: number, exported: boolean, isDefault: boolean): number {
    const info = this.info;
    const start = j;
    let ambient = false;
    while (this.is(j, "declare") || this.is(j, "abstract")) {
      // `declare` on its own line is an expression statement, not a modifier.
      if (this.tokens[j + 1]?.newlineBefore) throw new Unsure("modifier and a line break");
      if (this.is(j, "declare")) ambient = true;
      j++;
    }
    const word = this.word(j);
    if (word === "class") return this.readClass(first, j, exported, isDefault, ambient);
    if (j > start && word !== "const" && word !== "let" && word !== "var" && word !== "function" && word !== "enum" && word !== "interface" && word !== "type" && word !== "namespace" && word !== "module" && word !== "global" && word !== "async") {
      throw new Unsure("declare or abstract");
    }
    if (word === "const" && this.is(j + 1, "enum")) j++;
    const kind = this.word(j);
    if (kind === "const" || kind === "let" || kind === "var" || kind === "using") return this.readVariables(first, j, exported, ambient);
    let nameIndex = -1;
    if (kind === "function") nameIndex = this.is(j + 1, "*") ? j + 2 : j + 1;
    else if (kind === "async" && this.is(j + 1, "function") && !this.tokens[j + 1].newlineBefore) nameIndex = this.is(j + 2, "*") ? j + 3 : j + 2;
    else if (kind === "enum" || kind === "interface") nameIndex = j + 1;
    else if (kind === "type" && this.identifier(j + 1) !== undefined && (this.is(j + 2, "=") || this.is(j + 2, "<"))) nameIndex = j + 1;
    else if (kind === "namespace" || kind === "module" || kind === "global") {
      if (!exported) return first;
      return this.skipBlockDeclaration(j);
    } else if (!exported) return first;
    else throw new Unsure(`export ${kind ?? "?"}`);
    const name = this.identifier(nameIndex);
    if (exported && isDefault && kind === "function" && (this.is(nameIndex, "(") || this.is(nameIndex, "<"))) return first; // anonymous
    if (exported && isDefault && kind === "async" && (this.is(nameIndex, "(") || this.is(nameIndex, "<"))) return first;
    if (name === undefined) throw new Unsure("declaration name");
    if (exported) info.exports.push({ exported: isDefault ? "default" : name, local: name, span: this.spanOf(nameIndex, nameIndex) });
    // A function's type parameters may hold words that begin statements elsewhere (`<const T>`).
    if (this.typed && (kind === "function" || kind === "async") && this.is(nameIndex + 1, "<")) return this.typeParametersEnd(nameIndex + 1) ?? nameIndex;
    return nameIndex;
  }

  /** The `>` closing the type parameters that open at `lt`, or undefined when they are not simply balanced. */
  private typeParametersEnd(lt: number): number | undefined {
    try {
      return this.skipAngles(lt) - 1;
    } catch (error) {
      if (error instanceof Unsure) return undefined;
      throw error;
    }
  }

  /** `export namespace N { ... }` / `export declare module "x" { ... }`: nothing exported by name here. */
  private skipBlockDeclaration(j: number): number {
    for (let k = j + 1; k < this.tokens.length; k++) {
      if (this.is(k, "{")) return this.match[k];
      if (this.is(k, ";")) return k;
      if (this.tokens[k].kind !== Kind.Word && !this.isDot(k) && this.tokens[k].kind !== Kind.String) throw new Unsure("namespace");
    }
    throw new Unsure("namespace");
  }

  /** A class declaration at `classIndex` (the `class` keyword). */
  private readClass(first: number, classIndex: number, exported: boolean, isDefault: boolean, ambient: boolean): number {
    let j = classIndex + 1;
    let nameIndex = -1;
    if (this.identifier(j) !== undefined && !this.is(j, "extends") && !this.is(j, "implements")) nameIndex = j++;
    const body = this.classBody(j);
    const close = this.match[body.open];
    if (nameIndex >= 0) {
      const name = this.tokens[nameIndex].value;
      this.info.classes.push(this.classFacts(name, nameIndex, first, this.tokens[first].start, close, exported, isDefault, body.heritage, ambient));
      if (exported) this.info.exports.push({ exported: isDefault ? "default" : name, local: name, span: this.spanOf(nameIndex, nameIndex) });
    }
    return close;
  }

  /** From after a class's name: type parameters, heritage, and the body's `{`. */
  private classBody(j: number): { open: number; heritage?: ClassDeclaration["heritage"] } {
    if (this.is(j, "<")) j = this.skipAngles(j);
    let heritage: ClassDeclaration["heritage"];
    if (this.is(j, "extends")) {
      const parsed = this.heritage(j + 1);
      heritage = parsed.heritage;
      j = parsed.next;
      if (this.is(j, "<")) j = this.skipAngles(j);
      if (this.is(j, ",")) throw new Unsure("extends list");
    }
    if (this.is(j, "implements")) {
      j++;
      for (;;) {
        while (this.identifier(j) !== undefined && this.isDot(j + 1)) j += 2;
        if (this.identifier(j) === undefined) throw new Unsure("implements");
        j++;
        if (this.is(j, "<")) j = this.skipAngles(j);
        if (!this.is(j, ",")) break;
        j++;
      }
    }
    if (!this.is(j, "{") || this.match[j] < 0) throw new Unsure("class body");
    return { open: j, heritage };
  }

  /** `extends` expression: `Base`, `ns.Base`, or a mixin call whose first identifier argument is the base. */
  private heritage(j: number): { heritage?: ClassDeclaration["heritage"]; next: number } {
    const root = this.identifier(j);
    if (root === undefined) throw new Unsure("extends expression");
    if (this.isDot(j + 1)) {
      const member = this.word(j + 2);
      if (member === undefined) throw new Unsure("extends member");
      if (this.isDot(j + 3) || this.is(j + 3, "(")) throw new Unsure("extends chain");
      return { heritage: { root, member, span: this.spanOf(j, j + 2) }, next: j + 3 };
    }
    if (this.is(j + 1, "(")) {
      const close = this.match[j + 1];
      if (this.is(close + 1, "(") || this.isDot(close + 1)) throw new Unsure("extends call chain");
      for (let k = j + 2; k < close; k++) if (this.depth[k] === this.depth[j + 2] && this.is(k, "<")) throw new Unsure("generic in mixin");
      for (const [a, b] of this.listItems(j + 2, close)) {
        if (a === b && this.identifier(a) !== undefined && this.tokens[a].kind === Kind.Word) {
          return { heritage: { root: this.tokens[a].value, span: this.spanOf(a, a) }, next: close + 1 };
        }
      }
      return { next: close + 1 };
    }
    return { heritage: { root, span: this.spanOf(j, j) }, next: j + 1 };
  }

  /**
   * `f<A, B.C<D>[]>(`: from the `<` after an identifier, the index of the `>` that closes type
   * arguments made only of names, dots, commas, `|`, `&`, literals, nested arguments and `[]`,
   * followed on the same line by `(`. TypeScript reads such a `<` as type arguments of a call (they
   * parse as types and `(` may follow them), never as a comparison. Anything else: undefined.
   */
  private typeArgumentsOfCall(lt: number): number | undefined {
    if (!this.typed) return undefined;
    const before = this.tokens[lt - 1];
    if (!before || before.kind !== Kind.Word || RESERVED.has(before.value) || OPERATOR_WORDS.has(before.value)) return undefined;
    let angles = 0;
    /** The object types `{ a: T; b?: U }` open around k: their closers, and the angle depth inside each. */
    const braces: { close: number; angles: number }[] = [];
    for (let k = lt; k < this.tokens.length; k++) {
      const token = this.tokens[k];
      if (token.kind === Kind.Word) {
        if (RESERVED.has(token.value) || OPERATOR_WORDS.has(token.value)) return undefined;
        continue;
      }
      if (token.kind === Kind.String || token.kind === Kind.Number) continue;
      if (token.kind !== Kind.Punct) return undefined;
      const v = token.value;
      const brace = braces[braces.length - 1];
      if (brace && k === brace.close) {
        if (angles !== brace.angles) return undefined;
        braces.pop();
        continue;
      }
      if (v === "{") {
        if (this.match[k] < 0 || !this.memberListStart(k + 1)) return undefined;
        braces.push({ close: this.match[k], angles });
        continue;
      }
      // Directly inside an object type: member separators, and `:` / `?:` after a member's name.
      if (brace && angles === brace.angles) {
        if (v === ";" || v === ",") {
          if (!this.memberListStart(k + 1) && k + 1 !== brace.close) return undefined;
          continue;
        }
        if (v === "?" && this.is(k + 1, ":") && this.tokens[k - 1].kind === Kind.Word) continue;
        if (v === ":" && (this.tokens[k - 1].kind === Kind.Word || this.tokens[k - 1].kind === Kind.String || this.is(k - 1, "?"))) continue;
      }
      if (v === ";" || v === ":" || v === "?") return undefined;
      // A function type (`(method: string) => Promise<T>`): no expression puts an arrow function
      // after `<` or `,`, so these are type arguments; its return type is read on from the `=>`.
      if (v === "(" && this.match[k] > k && this.is(this.match[k] + 1, "=>")) {
        k = this.match[k] + 1;
        continue;
      }
      if (v === "<") angles++;
      else if (v === ">") angles--;
      else if (v === ">>") angles -= 2;
      else if (v === ">>>") angles -= 3;
      else if (v === "[" && this.is(k + 1, "]")) k++;
      else if (v !== "." && v !== "," && v !== "|" && v !== "&") return undefined;
      if (angles < 0) return undefined;
      if (angles === 0) return this.is(k + 1, "(") && !this.tokens[k + 1].newlineBefore ? k : undefined;
    }
    return undefined;
  }

  /**
   * `typeof useAgent<State>` (in `ReturnType<typeof useAgent<State>>`): the name i, after `typeof` (or
   * a dotted chain after it), with type arguments that close and are not followed by `(` or a
   * template. That is no call of i whichever way TypeScript reads the `<` (type arguments of a type
   * query or of an instantiation expression, or a comparison): a call needs `(` (or a template) right
   * after the name or after its type arguments. Arguments made of names, literals, dots, `,`, `|`,
   * `&`, `[]` and nested `<>` only; anything else stays for TypeScript.
   */
  private typeQueryArguments(i: number): boolean {
    if (!this.typed) return false;
    let s = i;
    while (this.isDot(s - 1) && this.tokens[s - 2]?.kind === Kind.Word) s -= 2;
    if (!this.is(s - 1, "typeof")) return false;
    let angles = 0;
    for (let k = i + 1; k < this.tokens.length; k++) {
      const token = this.tokens[k];
      if (token.kind === Kind.Word || token.kind === Kind.String || token.kind === Kind.Number) continue;
      if (token.kind !== Kind.Punct) return false;
      const v = token.value;
      if (v === "<") angles++;
      else if (v === ">") angles--;
      else if (v === ">>") angles -= 2;
      else if (v === ">>>") angles -= 3;
      else if (v === "[" && this.is(k + 1, "]")) k++;
      else if (v !== "." && v !== "," && v !== "|" && v !== "&") return false;
      // The `>` of i's arguments is the first of a `>>`: another `>` follows them.
      if (angles < 0) return true;
      if (angles === 0) {
        const next = this.tokens[k + 1];
        return !!next && !this.is(k + 1, "(") && !this.is(k + 1, "?.") && next.kind !== Kind.Template && next.kind !== Kind.TemplateHead;
      }
    }
    return false;
  }

  /** Token k begins a member of an object type: `name:` or `name?:` (or closes an empty one). */
  private memberListStart(k: number): boolean {
    if (this.is(k, "}")) return true;
    if (this.is(k, "readonly") && this.tokens[k + 1]?.kind === Kind.Word && !this.is(k + 1, ":") && !this.is(k + 1, "?")) k++;
    const token = this.tokens[k];
    if (!token || (token.kind !== Kind.Word && token.kind !== Kind.String)) return false;
    return this.is(k + 1, ":") || (this.is(k + 1, "?") && this.is(k + 2, ":"));
  }

  /**
   * `<` at lt opens the type parameters of an arrow function (`<T,>(x: T) => x`, `<T extends U>(...)
   * =>`): it stands where an operand starts (at `start`, the expression's first token, or after a
   * token that cannot end one) and its `>` is followed by a parameter list and `=>`. The `>`'s index,
   * or undefined.
   */
  private arrowTypeParametersEnd(lt: number, start: number): number | undefined {
    if (!this.typed || (lt !== start && this.endsExpression(lt - 1))) return undefined;
    const open = this.skipAngles(lt);
    const close = this.match[open];
    if (!this.is(open, "(") || close === undefined || close < 0 || !this.is(close + 1, "=>") || this.tokens[close + 1].newlineBefore) return undefined;
    return open - 1;
  }

  /** From a `<`, past its matching `>` (type parameters or arguments). */
  private skipAngles(j: number): number {
    let angles = 0;
    for (let k = j; k < this.tokens.length; k++) {
      const token = this.tokens[k];
      if (token.kind === Kind.Punct) {
        if (token.value === "(" || token.value === "[" || token.value === "{") {
          k = this.match[k];
          continue;
        }
        if (token.value === "<") angles++;
        else if (token.value === ">") angles--;
        else if (token.value === ">>") angles -= 2;
        else if (token.value === ">>>") angles -= 3;
        else if (token.value === ";" || token.value === ")" || token.value === "]" || token.value === "}" || token.value === "=>" || token.value === ">=" || token.value === ">>=") throw new Unsure("angle brackets");
        if (angles < 0) throw new Unsure("angle brackets");
        if (angles === 0) return k + 1;
      }
    }
    throw new Unsure("angle brackets");
  }

  /**
   * `first`: the statement's first token (where `export` goes); `textStart`: where the class's text
   * starts for the SQLite test (the declaration with its modifiers, or the `class` of an expression).
   */
  private classFacts(name: string, nameIndex: number, first: number, textStart: number, close: number, exported: boolean, isDefault: boolean, heritage: ClassDeclaration["heritage"], ambient: boolean): ClassDeclaration {
    const start = textStart;
    const declaration: ClassDeclaration = {
      name,
      nameSpan: this.spanOf(nameIndex, nameIndex),
      insertExportAt: this.tokens[first].start,
      hasExportModifier: exported,
      hasDefaultModifier: isDefault,
      heritage,
      usesSqlStorage: SQL_USE.test(this.text.slice(start, this.tokens[close].end)),
    };
    if (ambient) declaration.ambient = true;
    return declaration;
  }

  /**
   * `const a = 1, B = class extends X {}`: names (exported ones are exports) and class expressions.
   * `first` is the statement's first token, `keyword` the `const`/`let`/`var`.
   */
  private readVariables(first: number, keyword: number, exported: boolean, ambient = false): number {
    let j = keyword + 1;
    if (this.is(keyword, "using") && (this.identifier(j) === undefined || this.tokens[j].newlineBefore)) return first;
    if (this.is(keyword, "let") && this.identifier(j) === undefined && !this.is(j, "{") && !this.is(j, "[")) return first;
    for (;;) {
      const nameIndex = j;
      const name = this.identifier(j);
      // `export const { Jobs, Client: JobsClient } = make(...)` exports every name the pattern binds.
      let patternNames: number[] = [];
      if (name !== undefined) j++;
      else if (this.is(j, "{") || this.is(j, "[")) {
        if (exported) patternNames = this.patternNames(j);
        j = this.match[j] + 1;
      } else throw new Unsure("variable name");
      if (this.is(j, "!")) j++;
      if (this.is(j, ":")) {
        const typeStart = j + 1;
        j = this.skipType(typeStart);
        this.assertNoJuxtaposition(typeStart, j);
      }
      let classFacts: ClassDeclaration | undefined;
      if (this.is(j, "=")) {
        const init = j + 1;
        if (this.is(init, "class")) {
          let k = init + 1;
          if (this.identifier(k) !== undefined && !this.is(k, "extends") && !this.is(k, "implements")) k++;
          const body = this.classBody(k);
          const close = this.match[body.open];
          const after = this.tokens[close + 1];
          const ends = !after || this.is(close + 1, ",") || this.is(close + 1, ";") || (after.newlineBefore && (after.kind === Kind.Word || this.is(close + 1, "}")));
          if (!ends) throw new Unsure("class expression followed by more");
          if (name !== undefined) classFacts = this.classFacts(name, nameIndex, first, this.tokens[init].start, close, exported, false, body.heritage, ambient);
          j = close + 1;
        } else {
          j = this.skipExpression(init);
          this.assertNoJuxtaposition(init, j);
          const wraps = name !== undefined ? this.wrappedClassName(init, j) : undefined;
          if (wraps !== undefined) this.info.wrappedClasses.push({ name: name!, wraps });
        }
      }
      if (classFacts) this.info.classes.push(classFacts);
      if (exported && name !== undefined) this.info.exports.push({ exported: name, local: name, span: this.spanOf(nameIndex, nameIndex) });
      for (const at of patternNames) this.info.exports.push({ exported: this.tokens[at].value, local: this.tokens[at].value, span: this.spanOf(at, at) });
      if (this.is(j, ",")) {
        j++;
        continue;
      }
      return this.finish(j, first);
    }
  }

  /**
   * The initializer from `init` to `end` (exclusive) is exactly a call of a class wrapper
   * (`Sentry.instrumentDurableObjectWithSentry(options, Base)`, `instrumentDO(Base, config)`) whose
   * class argument is a plain name: that name.
   */
  private wrappedClassName(init: number, end: number): string | undefined {
    if (this.identifier(init) === undefined) return undefined;
    let k = init + 1;
    while (this.is(k, ".") && this.word(k + 1) !== undefined) k += 2;
    const position = CLASS_WRAPPERS.get(this.tokens[k - 1].value);
    if (!position || !this.is(k, "(") || this.match[k] === undefined || this.match[k] >= end) return undefined;
    // The call must be the whole initializer: what follows its `)` ends the declaration (`;`, `,`,
    // the end, or a line break before a word, where ASI ends it; `as` there is TypeScript's to read).
    const after = this.tokens[this.match[k] + 1];
    if (after !== undefined && !this.is(this.match[k] + 1, ";") && !this.is(this.match[k] + 1, ",")) {
      if (!after.newlineBefore || after.kind !== Kind.Word) return undefined;
      if (INFIX_WORDS.has(after.value)) throw new Unsure("infix word after a wrapper call and a line break");
    }
    end = this.match[k] + 1;
    // The arguments, split at the commas of the call itself (a trailing comma ends none).
    const args: [number, number][] = [];
    let start = k + 1;
    for (let t = k + 1; t < end - 1; t++) {
      const token = this.tokens[t];
      if (token.kind === Kind.Punct && (token.value === "(" || token.value === "[" || token.value === "{") && this.match[t] !== undefined) {
        t = this.match[t];
        continue;
      }
      if (token.kind === Kind.TemplateHead) throw new Unsure("template in a wrapper's arguments");
      if (this.is(t, ",")) {
        args.push([start, t]);
        start = t + 1;
      }
    }
    if (start < end - 1) args.push([start, end - 1]);
    if (args.length === 0) return undefined;
    const [from, to] = position === "first" ? args[0] : args[args.length - 1];
    return to - from === 1 ? this.identifier(from) : undefined;
  }

  /**
   * The token indices of the names a destructuring pattern (`{`/`[` at `open`) binds, in source order:
   * `{ a, b: c, d = 1, ...e, f: { g } }`, `[h, , i = 2, ...j]`. Anything else (computed keys, a
   * default with `<`, which may be a type argument list holding commas) is left to TypeScript.
   */
  private patternNames(open: number): number[] {
    const close = this.match[open];
    const object = this.is(open, "{");
    const names: number[] = [];
    let k = open + 1;
    while (k < close) {
      if (this.is(k, ",")) {
        if (object) throw new Unsure("pattern");
        k++;
        continue;
      }
      let keyed = false;
      if (this.is(k, "...")) k++;
      else if (object && (this.word(k) !== undefined || this.tokens[k].kind === Kind.String || this.tokens[k].kind === Kind.Number) && this.is(k + 1, ":")) {
        k += 2;
        keyed = true;
      }
      // The target: a name, or a nested pattern (in an object pattern only after its key).
      if ((this.is(k, "{") || this.is(k, "[")) && (keyed || !object)) {
        names.push(...this.patternNames(k));
        k = this.match[k] + 1;
      } else if (this.identifier(k) !== undefined) names.push(k++);
      else throw new Unsure("pattern");
      if (this.is(k, "=")) {
        k++;
        const start = k;
        while (k < close && !this.is(k, ",")) {
          const token = this.tokens[k];
          if ((token.kind === Kind.Punct && (token.value === "<" || token.value === "=>")) || token.kind === Kind.TemplateHead) throw new Unsure("pattern default");
          if (token.kind === Kind.Punct && (token.value === "(" || token.value === "[" || token.value === "{")) k = this.match[k];
          k++;
        }
        if (k === start) throw new Unsure("pattern default");
      }
      if (k < close) {
        if (!this.is(k, ",")) throw new Unsure("pattern");
        k++;
      }
    }
    return names;
  }

  /** A type annotation up to `=`, `,` or the end of the statement. */
  private skipType(j: number): number {
    let angles = 0;
    for (let k = j; k < this.tokens.length; k++) {
      const token = this.tokens[k];
      if (k > j && angles === 0 && this.beginsStatement(k)) return k;
      if (token.kind !== Kind.Punct) continue;
      const v = token.value;
      if (v === "(" || v === "[" || v === "{") k = this.match[k];
      else if (v === "<") angles++;
      else if (v === ">") angles--;
      else if (v === ">>") angles -= 2;
      else if (v === ">>>") angles -= 3;
      else if (angles === 0 && (v === "=" || v === "," || v === ";")) return k;
      else if (v === ")" || v === "]" || v === "}") throw new Unsure("type annotation");
      else if (angles > 0 && (v === "=" || v === ";")) throw new Unsure("type annotation");
      if (angles < 0) throw new Unsure("type annotation");
    }
    if (angles !== 0) throw new Unsure("type annotation");
    return this.tokens.length;
  }

  /**
   * Two operands side by side on one line (`= 1 b`, `"a" "b"`): broken code, where TypeScript's
   * recovery decides what the rest means. Checks the tokens in [from, to) at one bracket level.
   */
  private assertNoJuxtaposition(from: number, to: number): void {
    let prev = -1;
    for (let k = from; k < to; k++) {
      const token = this.tokens[k];
      if (prev >= 0 && !token.newlineBefore && this.endsExpression(prev) && this.startsOperand(k)) throw new Unsure("operands side by side");
      if (token.kind === Kind.Punct && (token.value === "(" || token.value === "[" || token.value === "{") && this.match[k] >= 0) {
        k = this.match[k];
      } else if (token.kind === Kind.TemplateHead) k = this.closerOf(k);
      prev = k;
    }
  }

  private startsOperand(k: number): boolean {
    const token = this.tokens[k];
    switch (token.kind) {
      case Kind.Word:
        return !INFIX_WORDS.has(token.value);
      case Kind.Punct:
        // Not `{`: it follows `)` and return types in function expressions (`function (): T {`).
        return token.value === "#" || token.value === "@";
      case Kind.Template:
      case Kind.TemplateHead:
        // A tagged template after an operand is a call, not a second operand.
        return false;
      default:
        return true;
    }
  }

  /** An initializer up to `,` or the end of the statement. */
  private skipExpression(j: number): number {
    let sawAngle = false;
    let sawQuestion = false;
    for (let k = j; k < this.tokens.length; k++) {
      const token = this.tokens[k];
      if (k > j && this.beginsStatement(k)) return k;
      if (token.kind !== Kind.Punct) continue;
      const v = token.value;
      if (v === "(" || v === "[" || v === "{") k = this.match[k];
      else if (v === "?") sawQuestion = true;
      else if (v === ":" && !sawQuestion) {
        // `(env: Env): Record<string, string> => {...}`: with no `?` before it, a `:` after `)` is an
        // arrow function's return type, whose commas are inside type arguments. Any other such `:`
        // is broken code, where TypeScript's recovery decides.
        if (!this.typed || !this.is(k - 1, ")")) throw new Unsure("colon in an initializer");
        k = this.returnTypeEnd(k + 1) - 1;
      } else if (v === "=" && sawAngle) {
        // `<T = X>(...) =>` or a comparison followed by `=`: TypeScript's to read (and to recover from
        // when the list does not close).
        throw new Unsure("assignment after angle bracket");
      } else if (v === "<") {
        // `new Map<string, number>()`: type arguments of a call, whose commas end nothing;
        // `<T,>(x: T) => x`: type parameters of an arrow function.
        const close = this.typeArgumentsOfCall(k) ?? this.arrowTypeParametersEnd(k, j);
        if (close === undefined) sawAngle = true;
        else k = close;
      } else if (v === ";" || v === ")" || v === "]" || v === "}") return k;
      else if (v === ",") {
        // `f<A, B>(x)` would have a comma that is not a declarator's end.
        if (sawAngle) throw new Unsure("comma after angle bracket");
        return k;
      }
    }
    return this.tokens.length;
  }

  /**
   * From the first token of an arrow function's return type, the index of the `=>` after it. Names,
   * literals, dots, `|`, `&`, bracketed groups and type arguments only; anything else stays for
   * TypeScript.
   */
  private returnTypeEnd(j: number): number {
    for (let k = j; k < this.tokens.length; k++) {
      const token = this.tokens[k];
      if (token.kind === Kind.Word) {
        if (k > j && this.beginsStatement(k)) break;
        continue;
      }
      if (token.kind === Kind.String || token.kind === Kind.Number) continue;
      if (token.kind !== Kind.Punct) break;
      const v = token.value;
      if (v === "=>") return k;
      if ((v === "(" || v === "[" || v === "{") && this.match[k] > k) k = this.match[k];
      else if (v === "<" && k > j && this.tokens[k - 1].kind === Kind.Word) k = this.skipAngles(k) - 1;
      else if (v !== "." && v !== "|" && v !== "&") break;
    }
    throw new Unsure("return type");
  }

  // ---- expressions --------------------------------------------------------------------------------

  private readExpressions(): void {
    this.aliases = clientAliases(this.info.imports);
    const tokens = this.tokens;
    for (let i = 0; i < tokens.length; i++) {
      const token = tokens[i];
      switch (token.kind) {
        case Kind.Word:
          if (token.value === "env") this.envNamespaceUse(i);
          else if (NAMESPACE_HELPERS.has(token.value) || CLIENT_CALLS.has(token.value as ClientVia) || this.aliases.has(token.value) || token.value === ROUTER_CALL) this.call(i);
          else if (MCP_SERVE_METHODS.has(token.value) && this.isDot(i - 1)) this.mcpServe(i);
          break;
        case Kind.String:
        case Kind.Template:
          if (token.kind === Kind.String) this.noteNestedSpecifier(i);
          if (!this.moduleSpecifiers.has(i) && AGENT_URL.test(token.value)) {
            const request = this.requestAt(i, i);
            if (request === undefined || !isAgentRequestText([token.value])) break;
            const text = token.value;
            const span = { start: token.start + 1, end: token.end - 1 };
            this.facts.push({ at: token.start, add: () => this.info.agentRefs.push({ via: "url", text, span, request }) });
          }
          break;
        case Kind.TemplateHead:
          this.template(i);
          break;
        default:
      }
    }
  }

  /** `<holder>.X.method(` where holder is `env` or `<anything>.env`. */
  private envNamespaceUse(i: number): void {
    if (!this.isDot(i + 1) || this.word(i + 2) === undefined || !this.isDot(i + 3)) return;
    const method = this.word(i + 4);
    if (method === undefined || !NAMESPACE_METHODS.has(method)) return;
    if (this.is(i + 5, "<")) throw new Unsure("generic namespace call");
    if (!this.is(i + 5, "(") && !(this.is(i + 5, "?.") && this.is(i + 6, "("))) return;
    const at = this.chainStart(i);
    if (at < 0) return;
    const binding = this.tokens[i + 2];
    const span = this.spanOf(i + 2, i + 2);
    this.facts.push({ at: this.tokens[at].start, add: () => this.info.envUses.push({ binding: binding.value, method: method as NamespaceMethod, span }) });
  }

  /**
   * The first token of the member/call chain whose last token is `i` (`this.env`, `c.req.env`,
   * `f(x).env`...). Throws `Unsure` where `new` or a tagged template could change how it groups.
   */
  private chainStart(i: number): number {
    const start = this.postfixStart(i);
    if (this.is(start - 1, "new")) throw new Unsure("new before a chain");
    return start;
  }

  private postfixStart(p: number): number {
    for (;;) {
      const token = this.tokens[p];
      if (!token) throw new Unsure("chain");
      if (this.is(p, "!") && this.endsExpression(p - 1)) {
        p--; // non-null assertion
        continue;
      }
      if (this.is(p, ")") || this.is(p, "]")) {
        const open = this.match[p];
        if (this.calleeEnds(open - 1)) {
          p = open - 1;
          continue;
        }
        return open;
      }
      if (token.kind === Kind.Word || token.kind === Kind.Private) {
        if (this.isDot(p - 1)) {
          p -= 2;
          continue;
        }
        return p;
      }
      if (token.kind === Kind.String || token.kind === Kind.Number || token.kind === Kind.Regex || token.kind === Kind.JsxEnd) return p;
      throw new Unsure("chain");
    }
  }

  /** Token q ends a callee or indexed object (so the brackets after it are a call or an index). */
  private calleeEnds(q: number): boolean {
    const token = this.tokens[q];
    if (!token) return false;
    if (token.kind === Kind.Word) return token.value === "this" || token.value === "super" || (!RESERVED.has(token.value) && !OPERATOR_WORDS.has(token.value));
    if (token.kind === Kind.Private) return true;
    if (this.is(q, ")") || this.is(q, "]") || this.is(q, "!")) return true;
    if (this.is(q, ">") || token.kind === Kind.TemplateTail || token.kind === Kind.Template) throw new Unsure("generic call or tagged template in chain");
    return false;
  }

  /** A call of one of the functions whose arguments name bindings, agents or the route prefix. */
  private call(i: number): void {
    const name = this.tokens[i].value;
    const member = this.isDot(i - 1);
    // A declaration of that name (`function useAgent<T>(`, `class AgentClient<T>`), not a call.
    if (!member && (this.is(i - 1, "function") || this.is(i - 1, "*") || this.is(i - 1, "get") || this.is(i - 1, "set") || this.is(i - 1, "async") || this.is(i - 1, "class") || this.is(i - 1, "interface"))) return;
    let open = i + 1;
    if (this.is(open, "<")) {
      const close = this.typeArgumentsOfCall(open);
      if (close === undefined) {
        if (this.typeQueryArguments(i)) return;
        throw new Unsure("generic call");
      }
      open = close + 1;
    }
    if (this.is(open, "?.")) throw new Unsure("optional call");
    if (!this.is(open, "(")) {
      if (this.is(i - 1, "new")) throw new Unsure("new without arguments");
      return;
    }
    const isNew = !member && this.is(i - 1, "new");
    const at = member ? this.chainStart(i) : isNew ? i - 1 : i;
    const close = this.match[open];
    const afterClose = close + 1;
    if (!member && !isNew) {
      if (this.is(afterClose, "{")) return; // a method declaration
      if (this.is(afterClose, ":") && !this.is(i - 1, "?") && !this.is(i - 1, "case")) throw new Unsure("call or method signature");
    }
    const args = this.listItems(open + 1, close);
    for (const [a, b] of args) {
      for (let k = a; k <= b; k++) {
        if (this.depth[k] !== this.depth[a]) continue;
        // `x as Namespace<T>`: a type after `as` / `satisfies`, whose `<` is no comparison.
        if (this.typed && this.is(k, "<") && this.tokens[k - 1].kind === Kind.Word && (this.is(k - 2, "as") || this.is(k - 2, "satisfies"))) {
          const end = this.typeParametersEnd(k);
          if (end !== undefined && end <= b) {
            k = end;
            continue;
          }
        }
        if (this.is(k, ":") || this.is(k, "?") || this.is(k, "<")) throw new Unsure("argument shape");
      }
    }
    const start = this.tokens[at].start;
    if (NAMESPACE_HELPERS.has(name)) {
      const first = args[0];
      if (!first) return;
      const [a, b] = first;
      if (b - a < 2 || !this.is(b - 2, "env") || !this.isDot(b - 1) || this.word(b) === undefined) return;
      if (this.tokens[b - 2].kind !== Kind.Word) return;
      if (this.chainStart(b - 2) !== a) return;
      const binding = this.tokens[b].value;
      const span = this.spanOf(b, b);
      this.facts.push({ at: start, add: () => this.info.envUses.push({ binding, method: name as NamespaceMethod, span }) });
    } else if (name !== ROUTER_CALL) {
      const via = member ? (CLIENT_CALLS.has(name as ClientVia) ? (name as ClientVia) : undefined) : (this.aliases.get(name) ?? (CLIENT_CALLS.has(name as ClientVia) ? (name as ClientVia) : undefined));
      const options = args[0];
      if (!options || !via) return;
      const agent = this.objectString(options, "agent");
      if (!agent) return;
      const prefix = this.objectString(options, "prefix");
      const ref: ClientAgentRef = { via, text: agent.text, span: { start: agent.token.start + 1, end: agent.token.end - 1 } };
      if (prefix !== undefined) {
        ref.prefix = prefix.text;
        ref.prefixSpan = { start: prefix.token.start + 1, end: prefix.token.end - 1 };
      }
      if (this.hasMember(options, "basePath")) ref.basePath = true;
      if (this.hasMember(options, "host")) ref.host = true;
      const instance = this.objectString(options, "name");
      if (instance !== undefined) {
        ref.name = instance.text;
        ref.nameSpan = { start: instance.token.start + 1, end: instance.token.end - 1 };
      }
      const holder = member && this.tokens[i - 2]?.kind === Kind.Word && !this.isDot(i - 3) ? this.identifier(i - 2) : undefined;
      const callee = member ? (holder !== undefined ? `${holder}.${name}` : undefined) : name;
      if (callee !== undefined) ref.callee = callee;
      this.facts.push({ at: start, add: () => this.info.agentRefs.push(ref) });
    } else {
      const options = args[2];
      const prefix = options ? this.objectString(options, "prefix") : undefined;
      const callee = { start: this.tokens[member ? at : i].start, end: this.tokens[i].end };
      const route: RoutePrefix = { prefix: prefix?.text ?? "agents", span: prefix ? { start: prefix.token.start, end: prefix.token.end } : callee };
      if (!prefix && options && this.mayNameKey(options, "prefix")) route.dynamic = true;
      this.facts.push({ at: start, add: () => this.info.routePrefixes.push(route) });
    }
  }

  /** `X.serve(path, options)` (and serveSSE, mount) where X is a plain identifier: an McpAgent handler, if X turns out to be one. */
  private mcpServe(i: number): void {
    const holder = this.tokens[i - 2]?.kind === Kind.Word && !this.isDot(i - 3) ? this.identifier(i - 2) : undefined;
    if (holder === undefined) return;
    const open = i + 1;
    if (this.is(open, "<")) throw new Unsure("generic call");
    if (this.is(open, "?.")) throw new Unsure("optional call");
    if (!this.is(open, "(")) return;
    const at = this.chainStart(i);
    const close = this.match[open];
    const args = this.listItems(open + 1, close);
    for (const [a, b] of args) {
      for (let k = a; k <= b; k++) {
        if (this.depth[k] !== this.depth[a]) continue;
        if (this.is(k, ":") || this.is(k, "?") || this.is(k, "<")) throw new Unsure("argument shape");
      }
    }
    const serve: McpServe = { className: holder, method: this.tokens[i].value as McpServeMethod, span: this.spanOf(i - 2, i - 2) };
    const options = args[1];
    const binding = options ? this.objectString(options, "binding") : undefined;
    if (binding !== undefined) {
      serve.binding = binding.text;
      serve.bindingSpan = { start: binding.token.start + 1, end: binding.token.end - 1 };
    } else if (args.some(([a]) => this.is(a, "...")) || (options !== undefined && this.mayNameKey(options, "binding"))) serve.dynamicBinding = true;
    this.facts.push({ at: this.tokens[at].start, add: () => this.info.mcpServes.push(serve) });
  }

  /** The string value of property `key` of an object literal spanning [a, b]: the first property so named decides. */
  private objectString([a, b]: [number, number], key: string): { text: string; token: Token } | undefined {
    if (!this.is(a, "{") || this.match[a] !== b) return undefined;
    for (const [p, q] of this.listItems(a + 1, b)) {
      this.assertProperty(p, q);
      const keyToken = this.tokens[p];
      const keyText = keyToken.kind === Kind.Word || keyToken.kind === Kind.String ? keyToken.value : undefined;
      if (keyText !== key || !this.is(p + 1, ":")) continue;
      const value = this.tokens[p + 2];
      if (q === p + 2 && (value.kind === Kind.String || value.kind === Kind.Template)) return { text: value.value, token: value };
      this.assertNoJuxtaposition(p + 2, q + 1);
      return undefined;
    }
    return undefined;
  }

  /** The object literal spanning [a, b] has a property (`key: value` or shorthand) so named. */
  private hasMember([a, b]: [number, number], key: string): boolean {
    if (!this.is(a, "{") || this.match[a] !== b) return false;
    return this.listItems(a + 1, b).some(([p, q]) => {
      this.assertProperty(p, q);
      const token = this.tokens[p];
      if (token.kind !== Kind.Word && token.kind !== Kind.String) return false;
      return token.value === key && (this.is(p + 1, ":") || (token.kind === Kind.Word && (p === q || this.is(p + 1, "="))));
    });
  }

  /** As parseModule's mayNameKey: no object literal, or a spread, a computed key or a member so named. */
  private mayNameKey([a, b]: [number, number], key: string): boolean {
    if (!this.is(a, "{") || this.match[a] !== b) return true;
    return this.listItems(a + 1, b).some(([p, q]) => {
      this.assertProperty(p, q);
      if (this.is(p, "...")) return true;
      const k = this.memberKey(p, q);
      if (this.is(k, "[")) return true;
      const token = this.tokens[k];
      return (token.kind === Kind.Word || token.kind === Kind.String) && token.value === key;
    });
  }

  /** Where the key of the object member [p, q] stands: after `get`/`set`/`async` and `*`, if any. */
  private memberKey(p: number, q: number): number {
    let k = p;
    if ((this.is(k, "get") || this.is(k, "set") || this.is(k, "async")) && k < q && !this.is(k + 1, ":") && !this.is(k + 1, "(") && !this.is(k + 1, ",")) k++;
    if (this.is(k, "*")) k++;
    return k;
  }

  /** One member of an object literal has a shape TypeScript reads without recovering. */
  private assertProperty(p: number, q: number): void {
    if (this.is(p, "...")) return;
    let k = this.memberKey(p, q);
    const key = this.tokens[k];
    if (this.is(k, "[")) k = this.match[k];
    else if (key.kind !== Kind.Word && key.kind !== Kind.String && key.kind !== Kind.Number && key.kind !== Kind.Private) throw new Unsure("object member");
    if (k === q) {
      if (key.kind !== Kind.Word) throw new Unsure("object member");
      return; // shorthand
    }
    if (!this.is(k + 1, ":") && !this.is(k + 1, "(") && !this.is(k + 1, "<") && !this.is(k + 1, "=")) throw new Unsure("object member");
  }

  /** A template with substitutions used as a request URL: each literal part may name an agent route. */
  private template(head: number): void {
    const parts: number[] = [head];
    for (let k = this.match[head]; k >= 0; k = this.match[k]) {
      parts.push(k);
      if (this.tokens[k].kind === Kind.TemplateTail) break;
    }
    if (!parts.some((k) => AGENT_URL.test(this.tokens[k].value))) return;
    const request = this.requestAt(head, parts[parts.length - 1]);
    if (request === undefined || !isAgentRequestText(parts.map((k) => this.tokens[k].value))) return;
    const refs: ClientAgentRef[] = [];
    parts.forEach((k, index) => {
      const token = this.tokens[k];
      if (!AGENT_URL.test(token.value)) return;
      const start = token.start + 1;
      const ref: ClientAgentRef = { via: "url", text: token.value, span: { start, end: start + token.value.length }, partial: token.kind !== Kind.TemplateTail, request };
      if (index > 0) ref.afterPlaceholder = true;
      refs.push(ref);
    });
    this.facts.push({ at: this.tokens[head].start, add: () => this.info.agentRefs.push(...refs) });
  }

  /**
   * The request call (recognizers.ts) whose first argument is exactly the tokens [first, last], as
   * written ("fetch", "SELF.fetch", "new WebSocket"); undefined when the literal stands anywhere else.
   */
  private requestAt(first: number, last: number): string | undefined {
    const open = first - 1;
    if (!this.is(open, "(")) return undefined;
    if (this.match[open] !== last + 1 && !this.is(last + 1, ",")) return undefined;
    const c = open - 1;
    const callee = this.tokens[c];
    if (!callee) return undefined;
    // `fetch?.(url)`, `fetch<T>(url)`: TypeScript reads these as calls; not worth telling them apart here.
    if (this.is(c, "?.") || this.is(c, ">")) throw new Unsure("optional or generic call of a URL");
    if (callee.kind !== Kind.Word) return undefined;
    const name = callee.value;
    if (!REQUEST_FUNCTIONS.has(name) && !REQUEST_CONSTRUCTORS.has(name) && !REQUEST_WRAPPERS.has(name)) return undefined;
    const close = this.match[open];
    // Where a type may stand (`type T = fetch(...)`, `x: fetch(...)`, `A | fetch(...)`), TypeScript
    // recovers from the broken type in ways not worth copying.
    const typeLike = this.is(c - 1, ":") || this.is(c - 1, "|") || this.is(c - 1, "&") || this.is(c - 1, "<") || this.is(c - 1, "extends") || this.is(c - 1, "keyof");
    if (typeLike || (this.is(c - 1, "=") && (this.is(c - 3, "type") || this.is(c - 2, ">")))) throw new Unsure("request call where a type may stand");
    // `fetch("/agents/x") {` and `fetch("/agents/x"): T` are broken declarations, not calls.
    if (this.is(close + 1, "{") || this.is(close + 1, ":")) throw new Unsure("call or declaration");
    if (this.isDot(c - 1)) {
      const holder = this.tokens[c - 2]?.kind === Kind.Word && !this.isDot(c - 3) && !this.is(c - 3, "new") ? this.identifier(c - 2) : undefined;
      if (holder === undefined || !REQUEST_FUNCTIONS.has(name) || !REQUEST_FUNCTION_HOLDERS.has(holder)) return undefined;
      return requestCallText(name, holder, false);
    }
    if (this.is(c - 1, "new")) {
      if (this.isDot(c - 2)) throw new Unsure("new after a dot");
      if (REQUEST_CONSTRUCTORS.has(name)) return requestCallText(name, undefined, true);
      if (!REQUEST_WRAPPERS.has(name)) return undefined;
      // `fetch(new Request(url))`: the request is the call the new object is handed to.
      const outer = this.requestAt(c - 1, close);
      return outer !== undefined && !outer.startsWith("new ") ? outer : undefined;
    }
    const before = this.tokens[c - 1];
    if (before?.kind === Kind.Word && !OPERATOR_WORDS.has(before.value)) throw new Unsure("word before a request call");
    return REQUEST_FUNCTIONS.has(name) ? requestCallText(name, undefined, false) : undefined;
  }
}
