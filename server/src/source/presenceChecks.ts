import type { Span } from "../text/positions";
import { tokensOf } from "./fastScan";
import { Kind, type Token } from "./tokens";

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

/**
 * The presence checks and unchecked references of each name in `names` (one pass over the file's
 * tokens, whatever the number of names); undefined when the file cannot be read with certainty.
 */
export function bindingPresence(file: string, text: string, names: readonly string[]): Map<string, BindingPresence> | undefined {
  // A few names: a file mentioning none of them is not tokenized. Many: one tokenizing beats them all.
  const wanted = new Set(names.length <= 16 ? names.filter((name) => text.includes(name)) : names);
  if (wanted.size === 0) return new Map();
  const tokens = tokensOf(file, text);
  return tokens && presenceOf(tokens, wanted);
}

const COMPARISONS = new Set(["===", "!==", "==", "!="]);
const ABSENT_WORDS = new Set(["undefined", "null"]);
/** After a reference, these make it a test of presence: `x ?`, `x?.y`, `x && y`, `x || y`, `x ?? y`. */
const TESTING_AFTER = new Set(["?", "?.", "&&", "||", "??"]);
const DECLARATION_WORDS = new Set(["const", "let", "var"]);
const IN = new Set(["in"]);
const TYPEOF = new Set(["typeof"]);
const CONDITION_HEADS = new Set(["if", "while"]);

function presenceOf(tokens: readonly Token[], names: ReadonlySet<string>): Map<string, BindingPresence> {
  const result = new Map<string, BindingPresence>();
  const of = (name: string) => {
    let found = result.get(name);
    if (!found) result.set(name, (found = { checks: [], unchecked: [] }));
    return found;
  };
  /** Aliases (`const ns = env.X`): the name they hold and the reference that made each, until a test of the alias is seen. */
  const aliases = new Map<string, { name: string; span: Span; tested: boolean }>();
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i];
    const reference = referenceAt(tokens, i, names);
    if (reference) {
      const found = of(reference.name);
      const span = { start: token.start, end: token.end };
      if (isPresenceTest(tokens, reference.head, reference.last)) {
        found.checks.push(span);
        continue;
      }
      const alias = aliasDeclared(tokens, reference.head, reference.last);
      if (alias !== undefined) {
        aliases.set(alias, { name: reference.name, span, tested: false });
        continue;
      }
      if (found.checks.length === 0) found.unchecked.push(span);
      continue;
    }
    // A test of an alias: the bare word, not a property of something else.
    if (token.kind === Kind.Word && aliases.size > 0 && aliases.has(token.value) && !isProperty(tokens, i)) {
      const alias = aliases.get(token.value)!;
      if (!alias.tested && isPresenceTest(tokens, i, i)) {
        alias.tested = true;
        of(alias.name).checks.push({ start: token.start, end: token.end });
      }
    }
  }
  // An alias nothing tests is an unchecked reference to X (its uses are not followed further).
  for (const alias of aliases.values()) if (!alias.tested) of(alias.name).unchecked.push(alias.span);
  for (const found of result.values()) {
    found.checks.sort((a, b) => a.start - b.start);
    found.unchecked.sort((a, b) => a.start - b.start);
  }
  return result;
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
function referenceAt(tokens: readonly Token[], i: number, names: ReadonlySet<string>): { name: string; head: number; last: number } | undefined {
  const token = tokens[i];
  if (!names.has(token.value)) return undefined;
  if (token.kind === Kind.Word && isProperty(tokens, i)) {
    return { name: token.value, head: chainHead(tokens, i - 2), last: i };
  }
  if (token.kind === Kind.String || token.kind === Kind.Template) {
    const open = tokens[i - 1];
    const close = tokens[i + 1];
    if (open?.kind === Kind.Punct && open.value === "[" && close?.kind === Kind.Punct && close.value === "]" && i >= 2) {
      return { name: token.value, head: chainHead(tokens, i - 2), last: i + 1 };
    }
    // `"X" in env`: a test by itself.
    if (close?.kind === Kind.Word && close.value === "in") return { name: token.value, head: i, last: i + 2 };
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
  if (tokens[head].kind === Kind.String && isWord(tokens[head + 1], IN)) return true;
  const before = tokens[head - 1];
  const after = tokens[last + 1];
  if (isPunct(before, "!") || isWord(before, TYPEOF)) return true;
  if (after !== undefined && after.kind === Kind.Punct && TESTING_AFTER.has(after.value)) return true;
  if (after !== undefined && after.kind === Kind.Punct && COMPARISONS.has(after.value) && isWord(tokens[last + 2], ABSENT_WORDS)) return true;
  if (before !== undefined && before.kind === Kind.Punct && COMPARISONS.has(before.value) && isWord(tokens[head - 2], ABSENT_WORDS)) return true;
  // `if (env.X)`, `while (ns)`: the whole condition.
  if (isPunct(before, "(") && isPunct(after, ")") && isWord(tokens[head - 2], CONDITION_HEADS)) return true;
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

/** Whether `presence` (of a file) tests `name` at or before `offset`: a use there cannot meet it undefined unawares. */
export function testedBefore(presence: ReadonlyMap<string, BindingPresence> | undefined, name: string, offset: number): boolean {
  const found = presence?.get(name);
  return found !== undefined && found.checks.length > 0 && found.checks[0].start <= offset;
}
