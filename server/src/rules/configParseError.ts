import type { Rule } from "./rule";

export const configParseError: Rule = {
  meta: {
    id: "config-parse-error",
    defaultSeverity: "error",
    description: "The wrangler config has a syntax error; wrangler will refuse it.",
    fixable: false,
  },
  check(worker, context) {
    for (const problem of worker.parsed.problems) {
      context.report({
        message: `${problem.message} wrangler cannot read this file until it is fixed; the checks below only see the parts that could be read.`,
        file: worker.file,
        span: problem.span,
      });
    }
  },
};
