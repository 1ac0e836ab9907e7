// Mocha's spec (or dot, in CI) reporter plus one plain closing line, "N passed, N failed",
// that any CI reads without knowing mocha.
"use strict";
const Mocha = require("mocha");

const Base = process.env.CI ? Mocha.reporters.Dot : Mocha.reporters.Spec;

class SummaryReporter extends Base {
  constructor(runner, options) {
    super(runner, options);
    runner.once(Mocha.Runner.constants.EVENT_RUN_END, () => {
      const { passes, failures, pending } = runner.stats;
      process.stdout.write(`\n${passes} passed, ${failures} failed${pending ? `, ${pending} skipped` : ""}\n`);
      // scripts/test.mjs adds up the parts it runs into one closing line.
      if (process.env.DO_DOCTOR_COUNTS_FILE) require("node:fs").appendFileSync(process.env.DO_DOCTOR_COUNTS_FILE, `${JSON.stringify({ passes, failures, pending })}\n`);
    });
  }
}

module.exports = SummaryReporter;
