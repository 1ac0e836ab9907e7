import { runCli } from "./main";

const code = runCli(process.argv.slice(2), {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  cwd: process.cwd(),
  colorStdout: !!process.stdout.isTTY && !process.env.NO_COLOR,
});
// Let pending output drain before exiting (large JSON/SARIF into a pipe).
process.exitCode = code;
