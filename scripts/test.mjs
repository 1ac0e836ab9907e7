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

// The probe suites run these projects' own wrangler (4.86.0) and agents (0.32.0), installed from their
// committed lockfiles the way a user would, when node_modules is missing or older than the lockfile.
for (const dir of ["test/probe-projects", "examples/coder-agent"]) {
  const marker = `${dir}/node_modules/.package-lock.json`;
  const fresh = existsSync(marker) && statSync(marker).mtimeMs >= statSync(`${dir}/package-lock.json`).mtimeMs;
  if (!fresh) run("npm", ["ci", "--no-audit", "--no-fund"], { cwd: dir });
}

run("npm", ["run", "build"]);
rmSync("out", { recursive: true, force: true });
run("npx", ["tsc", "-p", "."]);
const suites = process.argv.slice(2);
// Suites that run in plain Node; the extension-host suites (test/extension, test/e2e) need a VS Code.
const nodeSuites = ["out/test/unit/**/*.test.js", "out/test/cli/**/*.test.js", "out/test/lsp/**/*.test.js", "out/test/probe/**/*.test.js"];
run("npx", ["mocha", "--reporter", "./scripts/mocha-summary-reporter.cjs", ...(suites.length ? suites : nodeSuites)]);
