/** What a CLI command writes to and where it runs; main.ts and the commands it dispatches to share it. */
export interface CliIo {
  stdout(text: string): void;
  stderr(text: string): void;
  cwd: string;
  colorStdout: boolean;
}

/** A command line the CLI cannot run: a one-line message, exit code 2. */
export class UsageError extends Error {}
