// The README's test command: installs what the tests need, builds, then runs every suite.
// Node builtins only, so it works on a fresh clone before `npm ci`.
import { spawnSync } from "node:child_process";
import { existsSync, rmSync, statSync } from "node:fs";

const run = (command, args, options = {}) => {
  const result = spawnSync(command, args, { stdio: "inherit", ...options });
  if (result.status !== 0) {
    console.error(`\n${command} ${args.join(" ")} failed (${result.status ?? result.signal})`);
    process.exit(result.status || 1);
  }
};

const installed = existsSync("node_modules/.package-lock.json") && statSync("node_modules/.package-lock.json").mtimeMs >= statSync("package-lock.json").mtimeMs;
if (!installed) run("npm", ["ci", "--no-audit", "--no-fund"]);

run("npm", ["run", "build"]);
rmSync("out", { recursive: true, force: true });
run("npx", ["tsc", "-p", "."]);
const suites = process.argv.slice(2);
run("npx", ["mocha", "--reporter", "./scripts/mocha-summary-reporter.cjs", ...(suites.length ? suites : ["out/test/**/*.test.js"])]);
