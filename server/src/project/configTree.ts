import type { Span } from "../text/positions";

/**
 * One shape for JSON, JSONC and TOML configs: values with the spans they came from, so the model
 * reader is written once and every finding can point at the exact text.
 */
export type ConfigValue = ConfigObject | ConfigArray | ConfigScalar;

export interface ConfigObject {
  kind: "object";
  span: Span;
  properties: ConfigProperty[];
}

export interface ConfigProperty {
  key: string;
  keySpan: Span;
  value: ConfigValue;
}

export interface ConfigArray {
  kind: "array";
  span: Span;
  items: ConfigValue[];
}

export interface ConfigScalar {
  kind: "string" | "number" | "boolean" | "null" | "other";
  span: Span;
  value: string | number | boolean | null;
}

export interface SyntaxProblem {
  message: string;
  span: Span;
}

export interface ParsedConfig {
  format: "jsonc" | "toml";
  text: string;
  root: ConfigObject | undefined;
  problems: SyntaxProblem[];
}

export function property(object: ConfigObject | undefined, key: string): ConfigProperty | undefined {
  if (!object) return undefined;
  // Later duplicates win, as in JSON.parse.
  for (let i = object.properties.length - 1; i >= 0; i--) {
    if (object.properties[i].key === key) return object.properties[i];
  }
  return undefined;
}

export function asObject(value: ConfigValue | undefined): ConfigObject | undefined {
  return value?.kind === "object" ? value : undefined;
}

export function asArray(value: ConfigValue | undefined): ConfigArray | undefined {
  return value?.kind === "array" ? value : undefined;
}

export function asString(value: ConfigValue | undefined): string | undefined {
  return value?.kind === "string" && typeof value.value === "string" ? value.value : undefined;
}
