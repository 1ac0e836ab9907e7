import type * as TypeScript from "typescript";
import type { ModuleInfo } from "../source/model";

/**
 * How the worker routes requests to its Durable Objects, as far as the probe needs to know it:
 * - agents: `routeAgentRequest` (the static engine's routePrefixes), `/<prefix>/<namespace>/<name>`
 * - partyserver: `routePartykitRequest` imported from "partyserver", `/<prefix>/<namespace>/<name>`,
 *   prefix "parties" unless its options say otherwise
 * - none: neither is called; the worker reaches its Durable Objects behind its own paths (its own
 *   fetch, `getAgentByName`, RPC), so no route can be known and only the binding is probed.
 */
export type Router =
  | { kind: "agents"; prefix: string }
  | { kind: "partyserver"; prefix: string; dynamic?: boolean }
  | { kind: "none" };

export const ROUTER_CALL = { agents: "routeAgentRequest", partyserver: "routePartykitRequest" } as const;

let ts: typeof TypeScript | undefined;
function loadTypeScript(): typeof TypeScript {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  ts ??= require("typescript") as typeof TypeScript;
  return ts;
}

/** The prefixes of the `routePartykitRequest` calls of one module (imported from "partyserver"), by name. */
export function partykitPrefixes(module: ModuleInfo, text: string): { prefix: string; dynamic: boolean }[] {
  const locals = module.imports.filter((i) => i.module === "partyserver" && i.imported === "routePartykitRequest").map((i) => i.local);
  const namespaces = module.imports.filter((i) => i.module === "partyserver" && i.imported === "*").map((i) => i.local);
  if (locals.length === 0 && namespaces.length === 0) return [];
  const t = loadTypeScript();
  const source = t.createSourceFile(module.file, text, t.ScriptTarget.Latest, false, /\.[cm]?tsx$|\.jsx$/.test(module.file) ? t.ScriptKind.TSX : t.ScriptKind.TS);
  const found: { prefix: string; dynamic: boolean }[] = [];
  const visit = (node: TypeScript.Node) => {
    if (t.isCallExpression(node)) {
      const callee = node.expression;
      const named =
        (t.isIdentifier(callee) && locals.includes(callee.text)) ||
        (t.isPropertyAccessExpression(callee) && t.isIdentifier(callee.expression) && namespaces.includes(callee.expression.text) && callee.name.text === "routePartykitRequest");
      if (named) found.push(prefixOption(t, node.arguments[2]));
    }
    t.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

function prefixOption(t: typeof TypeScript, options: TypeScript.Expression | undefined): { prefix: string; dynamic: boolean } {
  if (!options) return { prefix: "parties", dynamic: false };
  if (!t.isObjectLiteralExpression(options)) return { prefix: "parties", dynamic: true };
  let dynamic = false;
  for (const property of options.properties) {
    if (t.isSpreadAssignment(property)) dynamic = true;
    else if (property.name && t.isComputedPropertyName(property.name)) dynamic = true;
    const name = property.name && (t.isIdentifier(property.name) || t.isStringLiteral(property.name)) ? property.name.text : undefined;
    if (name !== "prefix") continue;
    if (t.isPropertyAssignment(property) && (t.isStringLiteral(property.initializer) || t.isNoSubstitutionTemplateLiteral(property.initializer))) {
      // partyserver: `options?.prefix || "parties"`.
      return { prefix: property.initializer.text || "parties", dynamic: false };
    }
    return { prefix: "parties", dynamic: true };
  }
  return { prefix: "parties", dynamic };
}
