/**
 * A small JavaScript/TypeScript tokenizer for the fast module reader (fastScan.ts). It knows
 * strings, templates, comments, regular expressions and JSX well enough to never mistake code for
 * text or text for code in ordinary files, and throws `Unsure` for anything it cannot settle
 * without a parser (the caller then falls back to TypeScript's parser).
 */

export const enum Kind {
  /** Identifier or keyword. */
  Word,
  Punct,
  /** String literal; `value` is its cooked text. */
  String,
  /** Template without substitutions; `value` is its cooked text. */
  Template,
  /** `` `...${ `` */
  TemplateHead,
  /** `` }...${ `` */
  TemplateMiddle,
  /** `` }...` `` */
  TemplateTail,
  Regex,
  Number,
  /** `#name` */
  Private,
  /** A whole JSX element (its attribute strings and `{...}` contents are tokens before it). */
  JsxEnd,
}

export interface Token {
  kind: Kind;
  start: number;
  end: number;
  /** Word or punctuator text, cooked string or template text. */
  value: string;
  /** A line break stands between this token and the one before. */
  newlineBefore: boolean;
}

/** Thrown for input the tokenizer will not guess about. */
export class Unsure extends Error {}

const PUNCTUATORS = [
  ">>>=", "...", "===", "!==", "**=", "<<=", ">>=", ">>>", "&&=", "||=", "??=",
  "=>", "==", "!=", "<=", ">=", "&&", "||", "??", "?.", "++", "--", "+=", "-=", "*=", "/=", "%=", "&=", "|=", "^=", "**", "<<", ">>",
];
const PUNCT_BY_CHAR = new Map<string, string[]>();
for (const p of PUNCTUATORS) {
  const list = PUNCT_BY_CHAR.get(p[0]) ?? [];
  list.push(p);
  PUNCT_BY_CHAR.set(p[0], list);
}

/** After these words an expression starts, so `/` opens a regular expression (and `<` JSX). */
const EXPRESSION_KEYWORDS = new Set(["return", "typeof", "instanceof", "in", "new", "delete", "void", "throw", "case", "do", "else", "extends", "default"]);
/** Words that are operators in some files and identifiers in others: not worth guessing after them. */
const AMBIGUOUS_WORDS = new Set(["of", "yield", "await", "let", "async", "enum"]);
/** A `)` after `if (...)` and friends ends a head, and an expression may follow. */
const HEAD_WORDS = new Set(["if", "while", "for", "with"]);

/** Numeric literals as written (separators checked apart); anything else is left to TypeScript. */
const NUMBER = /^(?:0[xX][0-9a-fA-F][0-9a-fA-F_]*n?|0[bB][01][01_]*n?|0[oO][0-7][0-7_]*n?|(?:\d[\d_]*)?(?:\.\d[\d_]*)?(?:[eE][+-]?\d[\d_]*)?n?|\d[\d_]*\.(?:[eE][+-]?\d[\d_]*)?)$/;
const ID_START = /[\p{ID_Start}$_]/u;
const ID_PART = /[\p{ID_Continue}$\u200c\u200d]/u;

function isIdStart(code: number, ch: string): boolean {
  if (code < 128) return (code >= 97 && code <= 122) || (code >= 65 && code <= 90) || code === 36 || code === 95;
  return ID_START.test(ch);
}
function isIdPart(code: number, ch: string): boolean {
  if (code < 128) return (code >= 97 && code <= 122) || (code >= 65 && code <= 90) || (code >= 48 && code <= 57) || code === 36 || code === 95;
  return ID_PART.test(ch);
}
function isLineBreak(code: number): boolean {
  return code === 10 || code === 13 || code === 0x2028 || code === 0x2029;
}
function isSpace(code: number): boolean {
  return code === 32 || code === 9 || code === 11 || code === 12 || code === 0xa0 || code === 0xfeff || (code > 127 && /\s/.test(String.fromCharCode(code)));
}

/**
 * Tokens of a whole file. `jsx`: the file is parsed with JSX (.tsx, .jsx, and .js as TypeScript does);
 * `tsx`: it is a .tsx file, where `<T,>` and `<T extends U>` open type parameters, not elements.
 */
export function tokenize(text: string, jsx: boolean, tsx = false): Token[] {
  return new Tokenizer(text, jsx, tsx).run();
}

/**
 * Where an expression may start in a .tsx file, `<` opens type parameters rather than an element
 * when TypeScript's own look-ahead says so: a name (after an optional `const`) followed by `,` or
 * `=`, or by `extends` and then anything but `=`, `>` or `/` (`<div extends="x">` stays an element).
 */
const TSX_TYPE_PARAMETERS = /^<\s*(?:const\s+)?[A-Za-z_$][\w$]*\s*(?:,|=(?![=>])|extends(?![\w$])(?!\s*[=>/]))/;

class Tokenizer {
  private pos = 0;
  private newline = false;
  private readonly tokens: Token[] = [];
  /** Indexes of the open `(` tokens, and for each `)` token the index of its `(`. */
  private readonly parens: number[] = [];
  private readonly parenOpenOf = new Map<number, number>();

  constructor(
    private readonly text: string,
    private readonly jsx: boolean,
    private readonly tsx: boolean,
  ) {}

  run(): Token[] {
    if (this.text.startsWith("#!")) {
      while (this.pos < this.text.length && !isLineBreak(this.text.charCodeAt(this.pos))) this.pos++;
    }
    this.scanCode(false);
    return this.tokens;
  }

  private push(kind: Kind, start: number, value: string): void {
    this.tokens.push({ kind, start, end: this.pos, value, newlineBefore: this.newline });
    this.newline = false;
  }

  /** Skips spaces, line breaks and comments, noting line breaks. */
  private skipTrivia(): void {
    const text = this.text;
    while (this.pos < text.length) {
      const code = text.charCodeAt(this.pos);
      if (isLineBreak(code)) {
        this.newline = true;
        this.pos++;
      } else if (isSpace(code)) this.pos++;
      else if (code === 47 /* / */ && text.charCodeAt(this.pos + 1) === 47) {
        while (this.pos < text.length && !isLineBreak(text.charCodeAt(this.pos))) this.pos++;
      } else if (code === 47 && text.charCodeAt(this.pos + 1) === 42 /* * */) {
        const end = text.indexOf("*/", this.pos + 2);
        if (end < 0) throw new Unsure("unterminated comment");
        const body = text.slice(this.pos, end);
        if (/[\n\r\u2028\u2029]/.test(body)) this.newline = true;
        this.pos = end + 2;
      } else return;
    }
  }

  /**
   * Whether an expression may start here, judged by the tokens before: decides whether `/` opens a
   * regular expression and `<` a JSX element. Throws `Unsure` where only a parser could tell.
   */
  private expressionExpected(): boolean {
    const tokens = this.tokens;
    const n = tokens.length;
    const prev = tokens[n - 1];
    if (!prev) return true;
    const afterDot = n >= 2 && tokens[n - 2].kind === Kind.Punct && (tokens[n - 2].value === "." || tokens[n - 2].value === "?.");
    let expected: boolean;
    switch (prev.kind) {
      case Kind.Word:
        if (afterDot) expected = false;
        else if (AMBIGUOUS_WORDS.has(prev.value)) throw new Unsure(`operator or name: ${prev.value}`);
        else expected = EXPRESSION_KEYWORDS.has(prev.value);
        break;
      case Kind.Punct:
        switch (prev.value) {
          case ")": {
            const open = this.parenOpenOf.get(n - 1);
            const head = open !== undefined ? tokens[open - 1] : undefined;
            expected = head?.kind === Kind.Word && HEAD_WORDS.has(head.value) && !(open! >= 2 && (tokens[open! - 2].value === "." || tokens[open! - 2].value === "?."));
            break;
          }
          case "]":
            expected = false;
            break;
          case "}":
          case "++":
          case "--":
          case ">":
          case ">>":
          case ">>>":
          case ".":
          case "?.":
            throw new Unsure(`regex or division after ${prev.value}`);
          case "!": {
            // `a!` asserts non-null (an operand ends); `!x` negates (an operand follows).
            const before = tokens[n - 2];
            expected = !(before && !prev.newlineBefore && (before.kind !== Kind.Punct || before.value === ")" || before.value === "]") && before.kind !== Kind.TemplateHead && before.kind !== Kind.TemplateMiddle && !(before.kind === Kind.Word && (EXPRESSION_KEYWORDS.has(before.value) || AMBIGUOUS_WORDS.has(before.value))));
            break;
          }
          default:
            expected = true;
        }
        break;
      case Kind.TemplateHead:
      case Kind.TemplateMiddle:
        expected = true;
        break;
      default:
        expected = false;
    }
    // After a line break a new statement may begin (so `/` would start a regex): a parser's call.
    if (!expected && this.newline) throw new Unsure("operator or new statement after a line break");
    return expected;
  }

  /** Like expressionExpected, but "unsure" counts as yes. */
  private expressionExpectedOrUnsure(): boolean {
    try {
      return this.expressionExpected();
    } catch (error) {
      if (error instanceof Unsure) return true;
      throw error;
    }
  }

  /** Scans code up to the end, or up to the `}` that closes a template substitution or JSX container. */
  private scanCode(untilBrace: boolean): void {
    const text = this.text;
    let braces = 0;
    for (;;) {
      this.skipTrivia();
      if (this.pos >= text.length) {
        if (untilBrace) throw new Unsure("unterminated substitution");
        return;
      }
      const start = this.pos;
      const ch = text[start];
      const code = text.charCodeAt(start);
      if (isIdStart(code, ch)) {
        this.pos++;
        while (this.pos < text.length && isIdPart(text.charCodeAt(this.pos), text[this.pos])) this.pos++;
        if (text.charCodeAt(this.pos) === 92 /* \ */) throw new Unsure("escape in identifier");
        this.push(Kind.Word, start, text.slice(start, this.pos));
        continue;
      }
      if (code === 92) throw new Unsure("escape in identifier");
      if ((code >= 48 && code <= 57) || (code === 46 && /[0-9]/.test(text[start + 1] ?? ""))) {
        this.scanNumber();
        const literal = text.slice(start, this.pos);
        if (!NUMBER.test(literal) || /__|_$|_\.|\._/.test(literal)) throw new Unsure("odd number");
        this.push(Kind.Number, start, literal);
        continue;
      }
      if (code === 34 || code === 39) {
        const value = this.scanString(code);
        this.push(Kind.String, start, value);
        continue;
      }
      if (code === 96 /* ` */) {
        this.scanTemplate();
        continue;
      }
      if (code === 35 /* # */) {
        this.pos++;
        while (this.pos < text.length && isIdPart(text.charCodeAt(this.pos), text[this.pos])) this.pos++;
        if (this.pos === start + 1) throw new Unsure("stray #");
        this.push(Kind.Private, start, text.slice(start, this.pos));
        continue;
      }
      if (code === 47 /* / */ && this.expressionExpected()) {
        this.scanRegex();
        this.push(Kind.Regex, start, text.slice(start, this.pos));
        continue;
      }
      // `<T>(x: T) => x`, `<T,>`, `<T extends U>` and `<T>value` read as plain tokens; any other `<`
      // where an expression starts (`<a />` in a .ts file) is for TypeScript to sort out.
      if (code === 60 /* < */ && !this.jsx && this.expressionExpectedOrUnsure() && !/^<\s*[A-Za-z_$][\w$]*\s*(?:>|,|extends\s|=[^=>]|<\s*[A-Za-z_$])/.test(text.slice(start, start + 200))) {
        throw new Unsure("type assertion or generic arrow function");
      }
      if (code === 60 /* < */ && this.jsx && !(this.tsx && TSX_TYPE_PARAMETERS.test(text.slice(start, start + 200))) && this.expressionExpected()) {
        this.scanJsxElement();
        this.push(Kind.JsxEnd, start, "");
        continue;
      }
      if (ch === "}" && untilBrace && braces === 0) return;
      if (ch === "{") braces++;
      if (ch === "}") braces--;
      let punct = ch;
      for (const candidate of PUNCT_BY_CHAR.get(ch) ?? []) {
        if (text.startsWith(candidate, start)) {
          punct = candidate;
          break;
        }
      }
      // `a?.5:b` is a conditional, not optional chaining.
      if (punct === "?." && /[0-9]/.test(text[start + 2] ?? "")) punct = "?";
      if (!/[{}()[\];,<>+\-*%&|^!~?:=.@/]/.test(punct[0])) throw new Unsure(`unexpected character ${JSON.stringify(ch)}`);
      this.pos += punct.length;
      if (punct === "(") this.parens.push(this.tokens.length);
      else if (punct === ")") {
        const open = this.parens.pop();
        if (open !== undefined) this.parenOpenOf.set(this.tokens.length, open);
      }
      this.push(Kind.Punct, start, punct);
    }
  }

  private scanNumber(): void {
    const text = this.text;
    while (this.pos < text.length) {
      const ch = text[this.pos];
      if (/[0-9A-Za-z_.]/.test(ch)) {
        this.pos++;
        if ((ch === "e" || ch === "E") && (text[this.pos] === "+" || text[this.pos] === "-") && !/^0[xX]/.test(text.slice(0, 2))) this.pos++;
      } else break;
    }
  }

  /** A quoted string; returns its cooked value. */
  private scanString(quote: number): string {
    const text = this.text;
    const start = this.pos;
    this.pos++;
    let escaped = false;
    while (this.pos < text.length) {
      const code = text.charCodeAt(this.pos);
      if (code === quote) {
        this.pos++;
        const raw = text.slice(start + 1, this.pos - 1);
        return escaped ? cook(raw) : raw;
      }
      if (code === 92) {
        escaped = true;
        this.pos += text.charCodeAt(this.pos + 1) === 13 && text.charCodeAt(this.pos + 2) === 10 ? 3 : 2;
        continue;
      }
      if (code === 10 || code === 13) break;
      this.pos++;
    }
    throw new Unsure("unterminated string");
  }

  /** A template literal, with its substitutions tokenized in between its parts. */
  private scanTemplate(): void {
    const text = this.text;
    let partStart = this.pos;
    let head = true;
    this.pos++;
    let escaped = false;
    while (this.pos < text.length) {
      const code = text.charCodeAt(this.pos);
      if (code === 96) {
        this.pos++;
        const value = finishTemplate(text.slice(partStart + 1, this.pos - 1), escaped);
        this.push(head ? Kind.Template : Kind.TemplateTail, partStart, value);
        return;
      }
      if (code === 36 /* $ */ && text.charCodeAt(this.pos + 1) === 123 /* { */) {
        this.pos += 2;
        const value = finishTemplate(text.slice(partStart + 1, this.pos - 2), escaped);
        this.push(head ? Kind.TemplateHead : Kind.TemplateMiddle, partStart, value);
        this.scanCode(true);
        // At the closing `}`: the next part starts there.
        partStart = this.pos;
        this.pos++;
        head = false;
        escaped = false;
        continue;
      }
      if (code === 92) {
        escaped = true;
        this.pos += 2;
        continue;
      }
      this.pos++;
    }
    throw new Unsure("unterminated template");
  }

  private scanRegex(): void {
    const text = this.text;
    this.pos++;
    let inClass = false;
    while (this.pos < text.length) {
      const code = text.charCodeAt(this.pos);
      if (isLineBreak(code)) break;
      if (code === 92) {
        this.pos += 2;
        continue;
      }
      if (code === 91 /* [ */) inClass = true;
      else if (code === 93 /* ] */) inClass = false;
      else if (code === 47 && !inClass) {
        this.pos++;
        while (this.pos < text.length && isIdPart(text.charCodeAt(this.pos), text[this.pos])) this.pos++;
        return;
      }
      this.pos++;
    }
    throw new Unsure("unterminated regular expression");
  }

  /** `<` in expression position of a JSX file: one element, with its children, to its end. */
  private scanJsxElement(): void {
    const text = this.text;
    this.pos++;
    this.skipTrivia();
    if (text[this.pos] === ">") {
      // A fragment.
      this.pos++;
      this.scanJsxChildren();
      return;
    }
    const name = this.scanJsxName();
    if (!name) throw new Unsure("not a JSX tag");
    // `<T,>(x) => x` and `<T extends U>` are type parameters of an arrow function; `<T>(x)` may be either.
    const after = text.slice(this.pos, this.pos + 200);
    if (/^\s*(?:,|extends\b)/.test(after) || /^\s*>\s*\(/.test(after)) throw new Unsure("generic arrow or JSX");
    for (;;) {
      this.skipTrivia();
      const ch = text[this.pos];
      if (ch === undefined) throw new Unsure("unterminated JSX tag");
      if (ch === "/" && text[this.pos + 1] === ">") {
        this.pos += 2;
        return;
      }
      if (ch === ">") {
        this.pos++;
        this.scanJsxChildren();
        return;
      }
      if (ch === "{") {
        this.scanJsxContainer();
        continue;
      }
      if (!this.scanJsxName()) throw new Unsure("unexpected character in JSX tag");
      this.skipTrivia();
      if (text[this.pos] !== "=") continue;
      this.pos++;
      this.skipTrivia();
      const value = text[this.pos];
      if (value === '"' || value === "'") {
        const start = this.pos;
        const end = text.indexOf(value, start + 1);
        if (end < 0) throw new Unsure("unterminated JSX attribute");
        this.pos = end + 1;
        const raw = text.slice(start + 1, end);
        if (raw.includes("\\")) throw new Unsure("backslash in JSX attribute");
        this.push(Kind.String, start, raw);
      } else if (value === "{") this.scanJsxContainer();
      else if (value === "<") {
        const start = this.pos;
        this.scanJsxElement();
        this.push(Kind.JsxEnd, start, "");
      } else throw new Unsure("unexpected JSX attribute value");
    }
  }

  private scanJsxName(): string {
    const text = this.text;
    const start = this.pos;
    while (this.pos < text.length) {
      const code = text.charCodeAt(this.pos);
      if (isIdPart(code, text[this.pos]) || code === 45 /* - */ || code === 46 /* . */ || code === 58 /* : */) this.pos++;
      else break;
    }
    return text.slice(start, this.pos);
  }

  /** `{ expression }` inside JSX, kept as brace tokens around the expression's tokens. */
  private scanJsxContainer(): void {
    const start = this.pos;
    this.pos++;
    this.push(Kind.Punct, start, "{");
    this.scanCode(true);
    const close = this.pos;
    this.pos++;
    this.push(Kind.Punct, close, "}");
  }

  /** Children up to the closing tag (which is consumed). */
  private scanJsxChildren(): void {
    const text = this.text;
    for (;;) {
      while (this.pos < text.length && text[this.pos] !== "<" && text[this.pos] !== "{") {
        if (isLineBreak(text.charCodeAt(this.pos))) this.newline = true;
        this.pos++;
      }
      if (this.pos >= text.length) throw new Unsure("unterminated JSX element");
      if (text[this.pos] === "{") {
        this.scanJsxContainer();
        continue;
      }
      // `<`: a closing tag or a child element.
      const save = this.pos;
      this.pos++;
      this.skipTrivia();
      if (text[this.pos] === "/") {
        const end = text.indexOf(">", this.pos);
        if (end < 0) throw new Unsure("unterminated closing tag");
        this.pos = end + 1;
        return;
      }
      this.pos = save;
      const start = this.pos;
      this.scanJsxElement();
      this.push(Kind.JsxEnd, start, "");
    }
  }
}

function finishTemplate(raw: string, escaped: boolean): string {
  // Template values read CR LF and CR as LF.
  const normalized = raw.includes("\r") ? raw.replace(/\r\n?/g, "\n") : raw;
  return escaped ? cook(normalized) : normalized;
}

/** Cooks the escapes of a string or template body; throws `Unsure` on forms not worth guessing (octal). */
function cook(raw: string): string {
  let out = "";
  for (let i = 0; i < raw.length; i++) {
    const ch = raw[i];
    if (ch !== "\\") {
      out += ch;
      continue;
    }
    const next = raw[++i];
    switch (next) {
      case "n": out += "\n"; break;
      case "r": out += "\r"; break;
      case "t": out += "\t"; break;
      case "b": out += "\b"; break;
      case "f": out += "\f"; break;
      case "v": out += "\v"; break;
      case "\r":
        if (raw[i + 1] === "\n") i++;
        break;
      case "\n":
      case "\u2028":
      case "\u2029":
        break;
      case "0":
        if (/[0-9]/.test(raw[i + 1] ?? "")) throw new Unsure("octal escape");
        out += "\0";
        break;
      case "x": {
        const hex = raw.slice(i + 1, i + 3);
        if (!/^[0-9A-Fa-f]{2}$/.test(hex)) throw new Unsure("bad escape");
        out += String.fromCharCode(parseInt(hex, 16));
        i += 2;
        break;
      }
      case "u": {
        const braced = /^\{([0-9A-Fa-f]{1,6})\}/.exec(raw.slice(i + 1));
        if (braced) {
          const value = parseInt(braced[1], 16);
          if (value > 0x10ffff) throw new Unsure("bad escape");
          out += String.fromCodePoint(value);
          i += braced[0].length;
          break;
        }
        const hex = raw.slice(i + 1, i + 5);
        if (!/^[0-9A-Fa-f]{4}$/.test(hex)) throw new Unsure("bad escape");
        out += String.fromCharCode(parseInt(hex, 16));
        i += 4;
        break;
      }
      case undefined:
        throw new Unsure("trailing backslash");
      default:
        if (/[1-9]/.test(next)) throw new Unsure("octal escape");
        out += next;
    }
  }
  return out;
}
