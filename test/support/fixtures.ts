import * as fs from "node:fs";
import * as path from "node:path";

export const REPO_ROOT = process.env.DO_DOCTOR_ROOT ?? path.resolve(__dirname, "..", "..", "..");
export const FIXTURES = path.join(REPO_ROOT, "test", "fixtures");
export const EXAMPLES = path.join(REPO_ROOT, "examples");

export interface ExpectedFinding {
  ruleId: string;
  /** For rules with messages as data: which message. */
  messageId?: string;
  severity?: string;
  file: string;
  line: number;
}

export interface FixtureCase {
  name: string;
  dir: string;
  description: string;
  findings: ExpectedFinding[];
}

/** A project and its oracle: `expected.json` in the project's folder unless `expectedFile` names another. */
export function readFixture(dir: string, expectedFile = path.join(dir, "expected.json")): FixtureCase {
  const expected = JSON.parse(fs.readFileSync(expectedFile, "utf8")) as { description: string; findings: ExpectedFinding[] };
  return { name: path.basename(dir), dir, description: expected.description, findings: expected.findings };
}

/**
 * examples/coder-agent, whose expected findings live with the tests (test/unit/coder-agent.expected.json),
 * not in the example, which users open in the editor.
 */
export function coderAgentExample(): FixtureCase {
  return readFixture(path.join(EXAMPLES, "coder-agent"), path.join(REPO_ROOT, "test", "unit", "coder-agent.expected.json"));
}

/** examples/jobs-worker (a Workflow, a container, a service entrypoint), its oracle in test/unit/jobs-worker.expected.json. */
export function jobsWorkerExample(): FixtureCase {
  return readFixture(path.join(EXAMPLES, "jobs-worker"), path.join(REPO_ROOT, "test", "unit", "jobs-worker.expected.json"));
}

export function allFixtures(): FixtureCase[] {
  return fs
    .readdirSync(FIXTURES, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && fs.existsSync(path.join(FIXTURES, entry.name, "expected.json")))
    .map((entry) => readFixture(path.join(FIXTURES, entry.name)))
    .sort((a, b) => a.name.localeCompare(b.name));
}

/** Copies a fixture into a fresh temporary folder, for tests that write files (dependencies and wrangler state left out). */
export function copyToTemp(dir: string): string {
  const target = fs.mkdtempSync(path.join(require("node:os").tmpdir(), "do-doctor-"));
  fs.cpSync(dir, target, { recursive: true, filter: (source) => !/[\\/](node_modules|\.wrangler)$/.test(source) });
  return target;
}
