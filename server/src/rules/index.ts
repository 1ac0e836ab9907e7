import { agentNeedsSqlite } from "./agentNeedsSqlite";
import { agentNameHasSlash } from "./agentNameHasSlash";
import { agentRouteMismatch } from "./agentRouteMismatch";
import { bindingIncomplete } from "./bindingIncomplete";
import { bindingMissingMigration } from "./bindingMissingMigration";
import { classNotExported } from "./classNotExported";
import { classNotFound } from "./classNotFound";
import { configParseError } from "./configParseError";
import { containerClassInvalid } from "./containerClassInvalid";
import { containerImageMissing } from "./containerImageMissing";
import { deletedClassStillBound } from "./deletedClassStillBound";
import { durableObjectClassWrongBase } from "./durableObjectClassWrongBase";
import { duplicateBindingName } from "./duplicateBindingName";
import { duplicateMigrationTag } from "./duplicateMigrationTag";
import { envMissingBindings } from "./envMissingBindings";
import { envTypesStale } from "./envTypesStale";
import { exportsAndMigrationsConflict } from "./exportsAndMigrationsConflict";
import { exportsEntryInvalid } from "./exportsEntryInvalid";
import { mainNotFound } from "./mainNotFound";
import { mcpAgentBinding } from "./mcpAgentBinding";
import { migrationClassNotExported } from "./migrationClassNotExported";
import { migrationClassUnknown } from "./migrationClassUnknown";
import { migrationHistoryRewritten } from "./migrationHistoryRewritten";
import { migrationReplayError } from "./migrationReplayError";
import { migrationUnknownKey } from "./migrationUnknownKey";
import { newClassesKvBacked } from "./newClassesKvBacked";
import { nodejsCompatMissing } from "./nodejsCompatMissing";
import type { Rule } from "./rule";
import { scriptNameInvalid } from "./scriptNameInvalid";
import { serviceEntrypointMissing } from "./serviceEntrypointMissing";
import { serviceWorkerDurableObjects } from "./serviceWorkerDurableObjects";
import { sourceUnreadable } from "./sourceUnreadable";
import { spaShadowsAgentRoute } from "./spaShadowsAgentRoute";
import { unknownBindingInCode } from "./unknownBindingInCode";
import { workflowClassWrongBase } from "./workflowClassWrongBase";

/** Every rule, in the order their findings are most useful to read. */
export const rules: readonly Rule[] = [
  configParseError,
  mainNotFound,
  sourceUnreadable,
  bindingIncomplete,
  classNotFound,
  serviceWorkerDurableObjects,
  classNotExported,
  workflowClassWrongBase,
  durableObjectClassWrongBase,
  bindingMissingMigration,
  agentNeedsSqlite,
  migrationClassUnknown,
  migrationClassNotExported,
  duplicateMigrationTag,
  migrationReplayError,
  migrationUnknownKey,
  migrationHistoryRewritten,
  deletedClassStillBound,
  envMissingBindings,
  envTypesStale,
  unknownBindingInCode,
  mcpAgentBinding,
  agentRouteMismatch,
  agentNameHasSlash,
  nodejsCompatMissing,
  duplicateBindingName,
  scriptNameInvalid,
  spaShadowsAgentRoute,
  exportsAndMigrationsConflict,
  exportsEntryInvalid,
  containerClassInvalid,
  containerImageMissing,
  serviceEntrypointMissing,
  newClassesKvBacked,
];

/**
 * Former rule ids that still work wherever a rule id is written (`--rule`, do-doctor.config.jsonc,
 * editor settings, inline disable directives), mapped to the rule that replaced them.
 */
export const RULE_ALIASES: Readonly<Record<string, string>> = {
  "env-missing-durable-objects": "env-missing-bindings",
};

/** The current id of a rule id as written (an alias gives the rule that replaced it). */
export function canonicalRuleId(id: string): string {
  return Object.hasOwn(RULE_ALIASES, id) ? RULE_ALIASES[id] : id;
}

/** Severity settings keyed by current rule ids; for one rule written twice, the later setting wins. */
export function canonicalSeverities<T>(settings: Readonly<Record<string, T>> | undefined): Record<string, T> | undefined {
  if (!settings) return undefined;
  const result: Record<string, T> = {};
  for (const [id, value] of Object.entries(settings)) result[canonicalRuleId(id)] = value;
  return result;
}

export function findRule(id: string): Rule | undefined {
  const current = canonicalRuleId(id);
  return rules.find((rule) => rule.meta.id === current);
}
