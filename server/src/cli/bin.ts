import { runCli } from "./main";

void runCli(process.argv.slice(2), {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  cwd: process.cwd(),
  colorStdout: !!process.stdout.isTTY && !process.env.NO_COLOR,
}).then((code) => {
  // exitCode rather than exit(): pending output (large JSON into a pipe) drains first.
  process.exitCode = code;
});
