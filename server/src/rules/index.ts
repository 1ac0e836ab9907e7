import { agentNeedsSqlite } from "./agentNeedsSqlite";
import { agentRouteMismatch } from "./agentRouteMismatch";
import { bindingIncomplete } from "./bindingIncomplete";
import { bindingMissingMigration } from "./bindingMissingMigration";
import { classNotExported } from "./classNotExported";
import { classNotFound } from "./classNotFound";
import { configParseError } from "./configParseError";
import { deletedClassStillBound } from "./deletedClassStillBound";
import { duplicateBindingName } from "./duplicateBindingName";
import { duplicateMigrationTag } from "./duplicateMigrationTag";
import { envMissingDurableObjects } from "./envMissingDurableObjects";
import { exportsAndMigrationsConflict } from "./exportsAndMigrationsConflict";
import { mainNotFound } from "./mainNotFound";
import { migrationClassNotExported } from "./migrationClassNotExported";
import { migrationClassUnknown } from "./migrationClassUnknown";
import { migrationHistoryRewritten } from "./migrationHistoryRewritten";
import { migrationReplayError } from "./migrationReplayError";
import { migrationUnknownKey } from "./migrationUnknownKey";
import { newClassesKvBacked } from "./newClassesKvBacked";
import { nodejsCompatMissing } from "./nodejsCompatMissing";
import type { Rule } from "./rule";
import { scriptNameInvalid } from "./scriptNameInvalid";
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
  bindingMissingMigration,
  agentNeedsSqlite,
  migrationClassUnknown,
  migrationClassNotExported,
  duplicateMigrationTag,
  migrationReplayError,
  migrationUnknownKey,
  migrationHistoryRewritten,
  deletedClassStillBound,
  envMissingDurableObjects,
  unknownBindingInCode,
  agentRouteMismatch,
  nodejsCompatMissing,
  duplicateBindingName,
  scriptNameInvalid,
  spaShadowsAgentRoute,
  exportsAndMigrationsConflict,
  newClassesKvBacked,
];

export function findRule(id: string): Rule | undefined {
  return rules.find((rule) => rule.meta.id === id);
}
