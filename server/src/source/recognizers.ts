import type { AgentRefVia, ImportBinding, McpServeMethod, NamespaceMethod } from "./model";

/**
 * What the source readers recognize, described once. Both readers (the token scanner in fastScan.ts
 * and the TypeScript fallback in parseModule.ts) take their names, patterns and use sites from here;
 * what a recognized call means for a worker (is `useAgent` the SDK's? which worker does a client
 * talk to?) is decided after reading, in facts/agentClients.ts, from the imports both readers record.
 */

/** `env.X.<method>(...)`: X used as a Durable Object namespace. */
export const NAMESPACE_METHODS: ReadonlySet<string> = new Set<NamespaceMethod>(["idFromName", "idFromString", "newUniqueId", "getByName", "jurisdiction"]);

/** `<helper>(env.X, ...)`: X used as a Durable Object namespace. */
export const NAMESPACE_HELPERS: ReadonlySet<string> = new Set<NamespaceMethod>(["getAgentByName", "getServerByName"]);

export type ClientVia = Exclude<AgentRefVia, "url">;

/**
 * Agents SDK clients whose first argument's `agent:` option names a namespace, and the entry points of
 * the SDK that export them ("" for the package itself; the package was once `@cloudflare/agents`).
 */
export const CLIENT_CALLS: ReadonlyMap<ClientVia, readonly string[]> = new Map<ClientVia, readonly string[]>([
  ["useAgent", ["react"]],
  ["AgentClient", ["client", ""]],
  ["agentFetch", ["client", ""]],
]);

/** Whether `module` is an entry point of the Agents SDK that exports the client `via`. */
export function exportsClient(module: string, via: ClientVia): boolean {
  const match = /^(?:@cloudflare\/)?agents(?:\/(.+))?$/.exec(module);
  return !!match && (CLIENT_CALLS.get(via) ?? []).includes(match[1] ?? "");
}

/**
 * Local names a module gives the client calls under another name (`import { useAgent as useCoder }`):
 * a call of such a name is recorded as the call it imports. Whether the import really is the SDK's
 * is judged later (facts/agentClients.ts).
 */
export function clientAliases(imports: readonly ImportBinding[]): Map<string, ClientVia> {
  const aliases = new Map<string, ClientVia>();
  for (const binding of imports) {
    if (binding.local !== binding.imported && CLIENT_CALLS.has(binding.imported as ClientVia)) aliases.set(binding.local, binding.imported as ClientVia);
  }
  return aliases;
}

/** `X.serve(path, options)` and its SSE forms: an McpAgent class's handlers, which need a Durable Object binding (options' `binding`, or MCP_OBJECT). */
export const MCP_SERVE_METHODS: ReadonlySet<string> = new Set<McpServeMethod>(["serve", "serveSSE", "mount"]);

/** The call that routes agent requests in a worker; its third argument's `prefix` option is the route prefix. */
export const ROUTER_CALL = "routeAgentRequest";

/**
 * Calls whose first argument is a request URL. A URL literal anywhere else (an error message, a test
 * title, a file path, a documentation link) names nothing and is never judged.
 * - `fetch(url)`, and the global one written as a member (`globalThis.fetch`); `SELF.fetch(url)` is
 *   vitest-pool-workers' worker under test. A stub's own `fetch` (`stub.fetch(url)`,
 *   `env.X.get(id).fetch(url)`) goes straight to the object, past any router: not a request here.
 * - `new WebSocket(url)`, `new EventSource(url)`.
 * - `new Request(url)` and `new URL(url, base)` only as the first argument of such a call
 *   (`fetch(new Request(url))`): built and handed to a stub, they never pass a router.
 */
export const REQUEST_FUNCTIONS: ReadonlySet<string> = new Set(["fetch"]);
export const REQUEST_FUNCTION_HOLDERS: ReadonlySet<string> = new Set(["globalThis", "window", "self", "SELF"]);
export const REQUEST_CONSTRUCTORS: ReadonlySet<string> = new Set(["WebSocket", "EventSource"]);
export const REQUEST_WRAPPERS: ReadonlySet<string> = new Set(["Request", "URL"]);

/** How a request call was written, as recorded in ClientAgentRef.request: "fetch", "SELF.fetch", "new WebSocket". */
export function requestCallText(callee: string, holder: string | undefined, isNew: boolean): string {
  if (isNew) return `new ${callee}`;
  return holder === undefined ? callee : `${holder}.${callee}`;
}

/** A literal part naming an agent route: `agents/<namespace>` after the default prefix, or after a prefix ending in "agents". */
export const AGENT_URL = /(?:^|\/)agents\/[A-Za-z0-9_-]+/;

/** The start of a URL: a path, or an absolute http(s)/ws(s) URL. */
const URL_START = /^(?:\/|https?:\/\/|wss?:\/\/)/i;

/**
 * Whether the literal parts of a request argument (one part for a plain string, the head and the
 * literal parts of a template) are URL-shaped and name an agent route: the text starts like a URL
 * (or with a placeholder, usually the origin), has no white space, and some part matches AGENT_URL.
 */
export function isAgentRequestText(parts: readonly string[]): boolean {
  if (parts.length === 0) return false;
  const head = parts[0];
  // A template that starts with a placeholder (`${origin}/agents/...`) has an empty head.
  if (parts.length === 1 || head !== "") {
    if (!URL_START.test(head)) return false;
  }
  if (parts.some((part) => /\s/.test(part))) return false;
  return parts.some((part) => AGENT_URL.test(part));
}

/** A class body touches SQLite storage (`this.sql`, `storage.sql`). */
export const SQL_USE = /\b(?:this\.sql\s*`|this\.sql\s*\(|storage\.sql\b|\.sql\.exec\s*\()/;

/**
 * A file named as a test (`x.test.ts`, `x.spec.tsx`, `x.e2e.ts`) or a type test (`x.test-d.ts`),
 * whatever its folder. Only `SELF.fetch` is judged in test code (agentRoutes) and type tests not at
 * all, so such a file is read for client facts only when it says `SELF` (or holds a `\u` escape,
 * which could spell it).
 */
export const TEST_FILE_NAME = /\.(?:test|spec|e2e|test-d)\.[cm]?[jt]sx?$/i;
export const SELF_HINT = /\bSELF\b|\\u/;
/** A type test (`x.test-d.ts`): never run, so never judged. */
export const TYPE_TEST_FILE_NAME = /\.test-d\.[cm]?[jt]sx?$/i;

/**
 * A cheap test before a file is read for client facts: it can name an agent only if it says one of
 * these. The client calls as whole words (an alias imports the name, a namespace import calls it by
 * name; `useAgentChat` is another function). A request URL names an agent route only where AGENT_URL
 * matches a literal part that is not the head of a plain string or template (those must start like
 * a URL): `agents/<name>` after a `/` (written plainly, `\/`, or as an escape of `/`) or after the `}`
 * of a substitution, and the name's first character written plainly or escaped.
 */
export const CLIENT_HINT = /\buseAgent\b|\bAgentClient\b|\bagentFetch\b|(?:[/}]|\\x2[fF]|\\u0*2[fF]|\\u\{0*2[fF]\}|\\0?57)agents\/[A-Za-z0-9_\\-]/;

/**
 * Functions that take a Durable Object class and return it instrumented, by name, with the argument
 * holding the class: @sentry/cloudflare's `instrumentDurableObjectWithSentry(optionsCallback, Class)`
 * and @microlabs/otel-cf-workers' `instrumentDO(Class, config)`.
 */
export const CLASS_WRAPPERS: ReadonlyMap<string, "first" | "last"> = new Map([
  ["instrumentDurableObjectWithSentry", "last"],
  ["instrumentDO", "first"],
]);
