/** wrangler's `✘ [ERROR]` and `▲ [WARNING]` blocks always carry colour codes, NO_COLOR or not. */
// eslint-disable-next-line no-control-regex
const ANSI = /[\u001b\u009b][[\]()#;?]*(?:(?:(?:[a-zA-Z\d]*(?:;[-a-zA-Z\d/#&.:=?%@~_]*)*)?\u0007)|(?:(?:\d{1,4}(?:;\d{0,4})*)?[\dA-PR-TZcf-ntqry=><~]))/g;

export function stripAnsi(text: string): string {
  return text.replace(ANSI, "");
}

/** One line of wrangler's output, colour codes removed. */
export interface OutputLine {
  stream: "stdout" | "stderr";
  text: string;
}

/** The log form used in reports and recordings: `stdout| ...` / `stderr| ...`. */
export function formatLogLine(line: OutputLine): string {
  return `${line.stream}| ${line.text}`;
}

export function parseLogLine(text: string): OutputLine {
  const match = /^(stdout|stderr)\| ?(.*)$/.exec(text);
  return match ? { stream: match[1] as OutputLine["stream"], text: match[2] } : { stream: "stdout", text };
}
