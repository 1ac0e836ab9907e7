import type { SyntaxProblem } from "../project/configTree";
import type { Rule } from "./rule";

/**
 * A parser often reports one mistake several times at the same spot (`{ "a": 1,` at the end of the
 * file gives "property name expected", "value expected" and "close brace expected"): one finding per
 * spot, naming them all.
 */
function mergeAtSameSpot(problems: readonly SyntaxProblem[]): SyntaxProblem[] {
  const merged: SyntaxProblem[] = [];
  for (const problem of problems) {
    const previous = merged.find((p) => p.span.start === problem.span.start);
    if (!previous) {
      merged.push({ message: problem.message, span: problem.span });
      continue;
    }
    const prefix = /^[A-Z]+ syntax error: /.exec(previous.message)?.[0];
    const extra = prefix && problem.message.startsWith(prefix) ? problem.message.slice(prefix.length) : problem.message;
    previous.message = `${previous.message.replace(/\.$/, "")}; ${extra}`;
    previous.span = { start: previous.span.start, end: Math.max(previous.span.end, problem.span.end) };
  }
  return merged;
}

export const configParseError: Rule = {
  meta: {
    id: "config-parse-error",
    defaultSeverity: "error",
    description: "The wrangler config has a syntax error; wrangler will refuse it.",
    fixable: false,
    messages: {
      syntaxError: "{{problem}} wrangler cannot read this file until it is fixed; the checks below only see the parts that could be read.",
    },
  },
  check(worker, context) {
    for (const problem of mergeAtSameSpot(worker.parsed.problems)) {
      context.report({
        messageId: "syntaxError",
        data: { problem: problem.message },
        file: worker.file,
        span: problem.span,
      });
    }
  },
};
