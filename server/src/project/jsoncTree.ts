import { createScanner, parseTree, printParseErrorCode, SyntaxKind, type Node, type ParseError } from "jsonc-parser";
import type { ConfigObject, ConfigValue, ParsedConfig } from "./configTree";

/** Far deeper than any real config; the parser and the converter recurse, so a hostile file stops here. */
const MAX_NESTING = 256;

/** wrangler reads .json and .jsonc alike as JSONC: comments and trailing commas are fine. */
export function parseJsoncConfig(text: string): ParsedConfig {
  const tooDeep = nestingBeyond(text, MAX_NESTING);
  if (tooDeep !== undefined) {
    return { format: "jsonc", text, root: undefined, problems: [{ message: `The configuration is nested more than ${MAX_NESTING} levels deep and cannot be read.`, span: { start: tooDeep, end: tooDeep + 1 } }] };
  }
  const errors: ParseError[] = [];
  const tree = parseTree(text, errors, { allowTrailingComma: true, disallowComments: false, allowEmptyContent: true });
  const problems = errors.map((error) => ({
    message: describeJsonError(printParseErrorCode(error.error)),
    span: { start: error.offset, end: error.offset + Math.max(1, error.length) },
  }));
  const root = tree ? convert(tree) : undefined;
  if (tree && root?.kind !== "object") {
    problems.push({ message: "The configuration must be an object ({ ... }).", span: { start: tree.offset, end: tree.offset + tree.length } });
  }
  return { format: "jsonc", text, root: root?.kind === "object" ? root : undefined, problems };
}

function describeJsonError(code: string): string {
  const words = code.replace(/([a-z])([A-Z])/g, "$1 $2").toLowerCase();
  return `JSON syntax error: ${words}.`;
}

function convert(node: Node): ConfigValue {
  const span = { start: node.offset, end: node.offset + node.length };
  switch (node.type) {
    case "object": {
      const object: ConfigObject = { kind: "object", span, properties: [] };
      for (const child of node.children ?? []) {
        const [keyNode, valueNode] = child.children ?? [];
        if (!keyNode || typeof keyNode.value !== "string") continue;
        const keySpan = { start: keyNode.offset, end: keyNode.offset + keyNode.length };
        // A property cut short while typing ("key": <nothing>) still names its key.
        const value: ConfigValue = valueNode
          ? convert(valueNode)
          : { kind: "other", span: { start: keySpan.end, end: keySpan.end }, value: null };
        object.properties.push({ key: keyNode.value, keySpan, value });
      }
      return object;
    }
    case "array":
      return { kind: "array", span, items: (node.children ?? []).map(convert) };
    case "string":
      return { kind: "string", span, value: String(node.value) };
    case "number":
      return { kind: "number", span, value: Number(node.value) };
    case "boolean":
      return { kind: "boolean", span, value: Boolean(node.value) };
    case "null":
      return { kind: "null", span, value: null };
    default:
      return { kind: "other", span, value: null };
  }
}

/** The offset of the first `{` or `[` opened `limit` levels deep, found without recursion. */
function nestingBeyond(text: string, limit: number): number | undefined {
  const scanner = createScanner(text, true);
  let depth = 0;
  for (let token = scanner.scan(); token !== SyntaxKind.EOF; token = scanner.scan()) {
    if (token === SyntaxKind.OpenBraceToken || token === SyntaxKind.OpenBracketToken) {
      if (++depth > limit) return scanner.getTokenOffset();
    } else if (token === SyntaxKind.CloseBraceToken || token === SyntaxKind.CloseBracketToken) {
      depth = Math.max(0, depth - 1);
    }
  }
  return undefined;
}
