import { tokensOf } from "./fastScan";
import { Kind, type Token } from "./tokens";

/** Methods of routers (Hono, itty-router, Express-like) and path tests whose first argument is a route pattern. */
const ROUTE_CALLS = new Set(["get", "post", "put", "patch", "delete", "all", "on", "route", "use", "options", "head", "any", "ws", "match", "startsWith", "mount", "basePath", "handle"]);

/**
 * Whether the file's code routes the path `/<path>` itself (`path` like "agents/my-agent"): a regular
 * expression holding it (`/^\/agents\/my-agent\/([^/]+)$/.exec(c.req.path)`), a route pattern
 * handed to a router (`app.get("/agents/my-agent/:id", ...)`), or a path test
 * (`url.pathname.startsWith("/agents/my-agent/")`, `pathname === "/agents/my-agent"`, `case`). A
 * worker doing so answers those requests before, or instead of, routeAgentRequest (real: an app
 * serving `/agents/my-agent/<session>` from a facet of another agent). URLs it only requests are
 * not routes. Undefined when the file cannot be read with certainty.
 */
export function routesPathItself(file: string, text: string, path: string): boolean | undefined {
  const escaped = path.split("/").join("\\/");
  if (!text.includes(path) && !text.includes(escaped)) return false;
  const tokens = tokensOf(file, text);
  if (!tokens) return undefined;
  const written = `/${path}`;
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i];
    if (token.kind === Kind.Regex) {
      if (token.value.includes(escaped) || token.value.includes(path)) return true;
      continue;
    }
    if (token.kind !== Kind.String && token.kind !== Kind.Template && token.kind !== Kind.TemplateHead) continue;
    if (!startsPath(token.value, written)) continue;
    const before = tokens[i - 1];
    if (before?.kind !== Kind.Punct && before?.kind !== Kind.Word) continue;
    if (before.kind === Kind.Word && before.value === "case") return true;
    if (before.value === "===" || before.value === "==") return true;
    const callee = tokens[i - 2];
    if (before.value === "(" && callee?.kind === Kind.Word && ROUTE_CALLS.has(callee.value) && tokens[i - 3]?.kind === Kind.Punct && (tokens[i - 3].value === "." || tokens[i - 3].value === "?.")) return true;
  }
  return false;
}

/** `/agents/my-agent`, `/agents/my-agent/...`, `/agents/my-agent?...`: the path itself, not `/agents/my-agent-2`. */
function startsPath(value: string, written: string): boolean {
  if (!value.startsWith(written)) return false;
  const next = value.charAt(written.length);
  return next === "" || next === "/" || next === "?" || next === "*" || next === ":";
}
