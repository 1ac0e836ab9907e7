import type { Span } from "../text/positions";
import { usesJsx } from "./fastScan";
import { Kind, type Token, tokenize, Unsure } from "./tokens";

/**
 * Whether a file's code expects a binding to be absent: `env.X ? ... : undefined`, `if (!env.X)`,
 * `env.X === undefined`, `env.X?.fetch(...)`, `env.X ?? fallback`, `"X" in env`, or the same on an
 * alias (`const ns = env.X; if (ns === undefined) ...`). A binding an environment leaves out and the
 * code checks before use is optional by design (real: openagents' staging omits a service binding its
 * scheduled job tests for), so the rules that say "this binding is undefined there" say less.
 *
 * Read from tokens, by name: any `<something>.X` is taken for the binding (workers reach it as
 * `env.X`, `this.env.X`, `c.env.X`, `environment.X`...). A reference counts as checked when it is a
 * test of presence itself, or when a test of X (or of an alias of it) comes earlier in the file (the
 * `env.X.fetch()` of `env.X ? env.X.fetch() : undefined` or after `if (!env.X) return`).
 */
export interface BindingPresence {
  /** Where the file tests X for presence, first first. */
  checks: Span[];
  /** References to X with no test of it before them in the file. */
  unchecked: Span[];
}

/** The presence checks and unchecked references of each name in `names`; undefined when the file cannot be read with certainty. */
export function bindingPresence(file: string, text: string, names: readonly string[]): Map<string, BindingPresence> | undefined {
  const wanted = names.filter((name) => text.includes(name));
  const result = new Map<string, BindingPresence>();
  if (wanted.length === 0) return result;
  let tokens: Token[];
  try {
    tokens = tokenize(text, usesJsx(file), /\.tsx$/i.test(file));
  } catch (error) {
    if (error instanceof Unsure || error instanceof RangeError) return undefined;
    throw error;
  }
  for (const name of wanted) result.set(name, presenceOf(tokens, name));
  return result;
}

const COMPARISONS = new Set(["===", "!==", "==", "!="]);
const ABSENT_WORDS = new Set(["undefined", "null"]);
/** After a reference, these make it a test of presence: `x ?`, `x?.y`, `x && y`, `x || y`, `x ?? y`. */
const TESTING_AFTER = new Set(["?", "?.", "&&", "||", "??"]);
const DECLARATION_WORDS = new Set(["const", "let", "var"]);

function presenceOf(tokens: readonly Token[], name: string): BindingPresence {
  const checks: Span[] = [];
  const unchecked: Span[] = [];
  /** Aliases (`const ns = env.X`) and the reference that made each, until a test of the alias is seen. */
  const aliases = new Map<string, { span: Span; tested: boolean }>();
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i];
    const reference = referenceAt(tokens, i, name);
    if (reference) {
      const span = { start: token.start, end: token.end };
      if (isPresenceTest(tokens, reference.head, reference.last)) {
        checks.push(span);
        continue;
      }
      const alias = aliasDeclared(tokens, reference.head, reference.last);
      if (alias !== undefined) {
        aliases.set(alias, { span, tested: false });
        continue;
      }
      if (checks.length === 0) unchecked.push(span);
      continue;
    }
    // A test of an alias: the bare word, not a property of something else.
    if (token.kind === Kind.Word && aliases.has(token.value) && !isProperty(tokens, i)) {
      const alias = aliases.get(token.value)!;
      if (!alias.tested && isPresenceTest(tokens, i, i)) {
        alias.tested = true;
        checks.push({ start: token.start, end: token.end });
      }
    }
  }
  // An alias nothing tests is an unchecked reference to X (its uses are not followed further).
  for (const alias of aliases.values()) if (!alias.tested) unchecked.push(alias.span);
  checks.sort((a, b) => a.start - b.start);
  unchecked.sort((a, b) => a.start - b.start);
  return { checks, unchecked };
}

/** Whether the word at `i` follows `.` or `?.` (a property, not a variable). */
function isProperty(tokens: readonly Token[], i: number): boolean {
  const before = tokens[i - 1];
  return before !== undefined && before.kind === Kind.Punct && (before.value === "." || before.value === "?.");
}

/**
 * `<chain>.X`, `<chain>?.X` or `<chain>["X"]` at token `i` (the `X`), with the chain's first token
 * (`head`) and the reference's last token (`last`); `"X" in <word>` too, as a test.
 */
function referenceAt(tokens: readonly Token[], i: number, name: string): { head: number; last: number } | undefined {
  const token = tokens[i];
  if (token.kind === Kind.Word && token.value === name && isProperty(tokens, i)) {
    return { head: chainHead(tokens, i - 2), last: i };
  }
  if ((token.kind === Kind.String || token.kind === Kind.Template) && token.value === name) {
    const open = tokens[i - 1];
    const close = tokens[i + 1];
    if (open?.kind === Kind.Punct && open.value === "[" && close?.kind === Kind.Punct && close.value === "]" && i >= 2) {
      return { head: chainHead(tokens, i - 2), last: i + 1 };
    }
    // `"X" in env`: a test by itself.
    if (close?.kind === Kind.Word && close.value === "in") return { head: i, last: i + 2 };
  }
  return undefined;
}

/** The first token of the member chain ending at token `end` (`this.env`, `c.env`, `ctx.env`...). */
function chainHead(tokens: readonly Token[], end: number): number {
  let i = end;
  while (i >= 2) {
    const dot = tokens[i - 1];
    if (dot.kind === Kind.Punct && (dot.value === "." || dot.value === "?.") && tokens[i - 2].kind === Kind.Word) {
      i -= 2;
      continue;
    }
    break;
  }
  return i;
}

function isPunct(token: Token | undefined, value: string): boolean {
  return token !== undefined && token.kind === Kind.Punct && token.value === value;
}

function isWord(token: Token | undefined, values: ReadonlySet<string>): boolean {
  return token !== undefined && token.kind === Kind.Word && values.has(token.value);
}

/** Whether the expression from `head` to `last` stands where its presence is tested. */
function isPresenceTest(tokens: readonly Token[], head: number, last: number): boolean {
  if (tokens[head].kind === Kind.String && isWord(tokens[head + 1], new Set(["in"]))) return true;
  const before = tokens[head - 1];
  const after = tokens[last + 1];
  if (isPunct(before, "!") || isWord(before, new Set(["typeof"]))) return true;
  if (after !== undefined && after.kind === Kind.Punct && TESTING_AFTER.has(after.value)) return true;
  if (after !== undefined && after.kind === Kind.Punct && COMPARISONS.has(after.value) && isWord(tokens[last + 2], ABSENT_WORDS)) return true;
  if (before !== undefined && before.kind === Kind.Punct && COMPARISONS.has(before.value) && isWord(tokens[head - 2], ABSENT_WORDS)) return true;
  // `if (env.X)`, `while (ns)`: the whole condition.
  if (isPunct(before, "(") && isPunct(after, ")") && isWord(tokens[head - 2], new Set(["if", "while"]))) return true;
  return false;
}

/** `const ns = <reference>` (the reference alone, up to `;`, `,` or the line's end): the alias's name. */
function aliasDeclared(tokens: readonly Token[], head: number, last: number): string | undefined {
  if (!isPunct(tokens[head - 1], "=")) return undefined;
  const after = tokens[last + 1];
  if (!(after === undefined || after.newlineBefore || isPunct(after, ";") || isPunct(after, ","))) return undefined;
  if (tokens[head - 2]?.kind === Kind.Word && isWord(tokens[head - 3], DECLARATION_WORDS)) return tokens[head - 2].value;
  // `const ns: DurableObjectNamespace | undefined = env.X`: a type annotation on one line.
  for (let j = head - 2; j >= 2 && j > head - 40; j--) {
    const token = tokens[j];
    if (token.newlineBefore || isPunct(token, ";") || isPunct(token, "=")) return undefined;
    if (isPunct(token, ":") && tokens[j - 1].kind === Kind.Word && isWord(tokens[j - 2], DECLARATION_WORDS)) return tokens[j - 1].value;
  }
  return undefined;
}

/** Whether the file tests `name` for presence before `offset` (a use there cannot meet it undefined unawares). */
export function testedBefore(file: string, text: string, name: string, offset: number): boolean {
  const found = bindingPresence(file, text, [name])?.get(name);
  return found !== undefined && found.checks.some((check) => check.start <= offset);
}
