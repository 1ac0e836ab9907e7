import * as path from "node:path";
import type { ProbeEvent, ProbeOptions } from "../probe/index";
import { parseCommandLine, type OptionSpecs } from "./args";
import { UsageError, type CliIo } from "./io";

const FORMATS = ["text", "json"] as const;
type Format = (typeof FORMATS)[number];

export const PROBE_HELP = `do-doctor probe [path] [options]: runs the project's own wrangler dev, probes the agent route
over HTTP and WebSocket, inspects the live bindings, and gives one verdict.

  --config FILE      the wrangler config (default: wrangler.json, wrangler.jsonc, wrangler.toml in path)
  --env NAME         run wrangler dev --env NAME
  --binding NAME     the Durable Object, Workflow or service binding to probe
                     (default: CoderAgent, else the first Durable Object, Workflow, service)
  --name INSTANCE    the agent instance in the route (default: default)
  --path /route      probe this route instead of /<prefix>/<namespace>/<instance> (a query is kept)
  --header "N: v"    send this request header with the route probes (repeatable), e.g. credentials
  --remote-bindings  let wrangler dev reach remote bindings (needs a Cloudflare login); default: --local
  --timeout SECONDS  give up after this long (default: 60)
  --format FORMAT    text (default) or json (the whole report)

Exit codes: 0 ok, 1 any other verdict, 2 usage error, 130/143 interrupted (wrangler is stopped).
`;

export interface ProbeArgs {
  options: ProbeOptions;
  format: Format;
}

const PROBE_OPTIONS = {
  config: { type: "string" },
  env: { type: "string" },
  binding: { type: "string" },
  name: { type: "string" },
  path: { type: "string" },
  header: { type: "string", multiple: true },
  "remote-bindings": { type: "boolean" },
  timeout: { type: "string" },
  format: { type: "string" },
  help: { type: "boolean", short: "h" },
} as const satisfies OptionSpecs;

export function parseProbeArgs(args: string[], io: CliIo): ProbeArgs {
  const { values, positionals, afterDoubleDash } = parseCommandLine(args, PROBE_OPTIONS, "probe");
  if (values.help) throw new HelpRequest();
  const options: ProbeOptions = { projectDir: io.cwd };
  if (values.config !== undefined) options.configFile = values.config;
  if (values.env !== undefined) options.environment = values.env;
  if (values.binding !== undefined) options.binding = values.binding;
  if (values.name !== undefined) options.instanceName = values.name;
  if (values.path !== undefined) {
    if (!values.path.startsWith("/")) throw new UsageError(`--path takes a route starting with "/" (got "${values.path}")`);
    options.path = values.path;
  }
  for (const value of values.header ?? []) {
    const colon = value.indexOf(":");
    if (colon <= 0) throw new UsageError(`--header takes "Name: value" (got "${value}")`);
    (options.headers ??= []).push([value.slice(0, colon).trim(), value.slice(colon + 1).trim()]);
  }
  if (values["remote-bindings"]) options.remoteBindings = true;
  if (values.timeout !== undefined) {
    const seconds = Number(values.timeout);
    if (!Number.isFinite(seconds) || seconds <= 0) throw new UsageError(`--timeout takes a number of seconds (got "${values.timeout}")`);
    options.timeoutMs = Math.round(seconds * 1000);
  }
  const format = values.format ?? "text";
  if (!FORMATS.includes(format as Format)) throw new UsageError(`unknown format "${format}" for probe (use ${FORMATS.join(" or ")})`);
  if (positionals.length > 1) throw new UsageError(`probe takes one project folder (got "${positionals[0]}" and "${positionals[1]}")`);
  if (positionals.length === 1) options.projectDir = path.resolve(io.cwd, positionals[0]);
  // Everything after "--" goes to wrangler dev as it is.
  if (afterDoubleDash?.length) options.extraWranglerArgs = afterDoubleDash;
  return { options, format: format as Format };
}

class HelpRequest extends Error {}

/** `do-doctor probe`: resolves to the exit code. SIGINT/SIGTERM stop wrangler before the CLI exits. */
export async function runProbeCommand(args: string[], io: CliIo): Promise<number> {
  let parsed: ProbeArgs;
  try {
    parsed = parseProbeArgs(args, io);
  } catch (error) {
    if (error instanceof HelpRequest) {
      io.stdout(PROBE_HELP);
      return 0;
    }
    if (error instanceof UsageError) {
      io.stderr(`do-doctor: ${error.message}\n`);
      return 2;
    }
    throw error;
  }
  const { options, format } = parsed;
  // The probe (child processes, sockets, HTTP) loads only for this command: `check` starts faster.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { formatProbeEvent, formatProbeReport, ProbeCancelledError, runProbe } = require("../probe/index") as typeof import("../probe/index");
  const controller = new AbortController();
  let interruptedBy: NodeJS.Signals | undefined;
  const onSignal = (signal: NodeJS.Signals) => {
    if (interruptedBy) return;
    interruptedBy = signal;
    io.stderr(`\ndo-doctor: ${signal} received, stopping wrangler dev...\n`);
    controller.abort();
  };
  process.on("SIGINT", onSignal);
  process.on("SIGTERM", onSignal);
  const onEvent = (event: ProbeEvent) => {
    if (format !== "text") return;
    io.stdout(`${formatProbeEvent(event)}\n`);
  };
  try {
    const report = await runProbe(options, controller.signal, onEvent);
    io.stdout(format === "json" ? `${JSON.stringify(report, null, 2)}\n` : formatProbeReport(report));
    return report.verdict === "ok" ? 0 : 1;
  } catch (error) {
    if (error instanceof ProbeCancelledError) {
      io.stderr(`do-doctor: probe cancelled; wrangler dev was stopped.\n`);
      return interruptedBy === "SIGTERM" ? 143 : 130;
    }
    throw error;
  } finally {
    process.removeListener("SIGINT", onSignal);
    process.removeListener("SIGTERM", onSignal);
  }
}
