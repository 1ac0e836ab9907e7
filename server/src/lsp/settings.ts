import type { SeveritySetting } from "../analyze";

/** `doDoctor.*` settings, as the client sends them (workspace/configuration or initializationOptions). */
export interface ServerSettings {
  enable: boolean;
  /** Per-rule severity overrides: `{ "agent-route-mismatch": "warning", "duplicate-binding-name": "off" }`. */
  rules: Record<string, SeveritySetting>;
  /** Quiet time after the last edit before re-checking. */
  debounceMs: number;
  /** How `do-doctor-disable` comments that silence nothing are shown ("off" hides them). */
  reportUnusedDisableDirectives: SeveritySetting;
  /** The user set it (it then overrides the project's do-doctor.config.jsonc). */
  reportUnusedDisableDirectivesSet?: boolean;
  /** `doDoctor.gitBase`: the git revision whose migrations count as deployed (overrides the project config's). */
  gitBase?: string;
}

export const DEFAULT_SETTINGS: ServerSettings = { enable: true, rules: {}, debounceMs: 150, reportUnusedDisableDirectives: "warning" };

const SEVERITIES = new Set(["error", "warning", "info", "off"]);

/** Reads whatever the client sent, keeping only well-formed values. */
export function readSettings(raw: unknown): ServerSettings {
  const settings: ServerSettings = { ...DEFAULT_SETTINGS, rules: {} };
  if (!raw || typeof raw !== "object") return settings;
  const value = raw as Record<string, unknown>;
  if (typeof value.enable === "boolean") settings.enable = value.enable;
  if (typeof value.debounceMs === "number" && value.debounceMs >= 0 && value.debounceMs <= 10_000) settings.debounceMs = value.debounceMs;
  if (typeof value.reportUnusedDisableDirectives === "string" && SEVERITIES.has(value.reportUnusedDisableDirectives)) {
    settings.reportUnusedDisableDirectives = value.reportUnusedDisableDirectives as SeveritySetting;
    settings.reportUnusedDisableDirectivesSet = true;
  }
  if (typeof value.gitBase === "string" && value.gitBase.trim() !== "" && !value.gitBase.startsWith("-")) settings.gitBase = value.gitBase.trim();
  if (value.rules && typeof value.rules === "object") {
    for (const [id, severity] of Object.entries(value.rules as Record<string, unknown>)) {
      if (typeof severity === "string" && SEVERITIES.has(severity)) settings.rules[id] = severity as SeveritySetting;
    }
  }
  return settings;
}
