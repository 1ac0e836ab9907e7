import * as path from "node:path";
import type { ProbeEvent, ProbeOptions } from "../probe/index";
import { UsageError, type CliIo } from "./io";

const FORMATS = ["text", "json"] as const;
type Format = (typeof FORMATS)[number];

export const PROBE_HELP = `do-doctor probe [path] [options]: runs the project's own wrangler dev, probes the agent route
over HTTP and WebSocket, inspects the live bindings, and gives one verdict.

  --config FILE      the wrangler config (default: wrangler.json, wrangler.jsonc, wrangler.toml in path)
  --env NAME         run wrangler dev --env NAME
  --binding NAME     the Durable Object binding to probe (default: CoderAgent, else the first)
  --name INSTANCE    the agent instance in the route (default: default)
  --path /route      probe this route instead of /<prefix>/<namespace>/<instance> (a query is kept)
  --header "N: v"    send this request header with the route probes (repeatable), e.g. credentials
  --remote-bindings  let wrangler dev reach remote bindings (needs a Cloudflare login); default: --local
  --timeout SECONDS  give up after this long (default: 60)
  --format FORMAT    text (default) or json (the whole report)

Exit codes: 0 ok, 1 any other verdict, 2 usage error, 130/143 interrupted (wrangler is stopped).
`;

interface ProbeArgs {
  options: ProbeOptions;
  format: Format;
}

function parseProbeArgs(args: string[], io: CliIo): ProbeArgs {
  const options: ProbeOptions = { projectDir: io.cwd };
  let format: Format = "text";
  let projectPath: string | undefined;
  const extra: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (arg === "--") {
      extra.push(...args.slice(i + 1));
      break;
    }
    const [flag, inline] = arg.startsWith("--") && arg.includes("=") ? [arg.slice(0, arg.indexOf("=")), arg.slice(arg.indexOf("=") + 1)] : [arg, undefined];
    const take = (): string => {
      if (inline !== undefined) return inline;
      const next = args[i + 1];
      if (next === undefined || next.startsWith("--")) throw new UsageError(`${flag} needs a value`);
      i++;
      return next;
    };
    switch (flag) {
      case "--config":
        options.configFile = take();
        break;
      case "--env":
        options.environment = take();
        break;
      case "--binding":
        options.binding = take();
        break;
      case "--name":
        options.instanceName = take();
        break;
      case "--path": {
        const route = take();
        if (!route.startsWith("/")) throw new UsageError(`--path takes a route starting with "/" (got "${route}")`);
        options.path = route;
        break;
      }
      case "--header": {
        const value = take();
        const colon = value.indexOf(":");
        if (colon <= 0) throw new UsageError(`--header takes "Name: value" (got "${value}")`);
        (options.headers ??= []).push([value.slice(0, colon).trim(), value.slice(colon + 1).trim()]);
        break;
      }
      case "--remote-bindings":
        options.remoteBindings = true;
        break;
      case "--timeout": {
        const value = take();
        const seconds = Number(value);
        if (!Number.isFinite(seconds) || seconds <= 0) throw new UsageError(`--timeout takes a number of seconds (got "${value}")`);
        options.timeoutMs = Math.round(seconds * 1000);
        break;
      }
      case "--format": {
        const value = take();
        if (!FORMATS.includes(value as Format)) throw new UsageError(`unknown format "${value}" for probe (use ${FORMATS.join(" or ")})`);
        format = value as Format;
        break;
      }
      case "--help":
      case "-h":
        throw new HelpRequest();
      default:
        if (arg.startsWith("-")) throw new UsageError(`unknown option ${arg} for probe`);
        if (projectPath !== undefined) throw new UsageError(`probe takes one project folder (got "${projectPath}" and "${arg}")`);
        projectPath = arg;
    }
  }
  if (projectPath !== undefined) options.projectDir = path.resolve(io.cwd, projectPath);
  if (extra.length) options.extraWranglerArgs = extra;
  return { options, format };
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
      io.stderr(`do-doctor: ${error.message}\n\n${PROBE_HELP}`);
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
