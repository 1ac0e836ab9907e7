// A rule's messages as data: templates by id with `{{name}}` placeholders, filled from a finding's data.

/** Values a message template's placeholders take. */
export type MessageData = Readonly<Record<string, string | number>>;

const PLACEHOLDER = /\{\{\s*([A-Za-z_][A-Za-z0-9_]*)\s*\}\}/g;

/** The placeholder names a template uses, in order of first use. */
export function placeholdersOf(template: string): string[] {
  const names: string[] = [];
  for (const match of template.matchAll(PLACEHOLDER)) if (!names.includes(match[1])) names.push(match[1]);
  return names;
}

/**
 * Fills a template. A placeholder without a value is a rule's bug, not a user's problem: it throws,
 * so that the rule's run is reported as failed and the tests that render every message catch it.
 */
export function formatMessage(template: string, data: MessageData = {}): string {
  return template.replace(PLACEHOLDER, (_whole, name: string) => {
    const value = data[name];
    if (value === undefined) throw new Error(`message placeholder {{${name}}} has no value`);
    return String(value);
  });
}

/**
 * A template as a SARIF message string (SARIF 2.1.0 §3.11.5): placeholders become `{0}`, `{1}`... in
 * the order of `placeholdersOf`, and literal braces are doubled, as SARIF format strings require.
 */
export function sarifMessageString(template: string): string {
  const names = placeholdersOf(template);
  let out = "";
  let last = 0;
  for (const match of template.matchAll(PLACEHOLDER)) {
    out += escapeBraces(template.slice(last, match.index)) + `{${names.indexOf(match[1])}}`;
    last = match.index! + match[0].length;
  }
  return out + escapeBraces(template.slice(last));
}

function escapeBraces(text: string): string {
  return text.replace(/[{}]/g, (brace) => brace + brace);
}

/** A finding's data as the arguments of its SARIF message, in the order of the template's placeholders. */
export function sarifArguments(template: string, data: MessageData = {}): string[] {
  return placeholdersOf(template).map((name) => String(data[name] ?? ""));
}

/**
 * The message fields of a finding made outside a rule's run (the analysis's own findings: a rule that
 * failed, an unused directive, a broken do-doctor config): its text, id and data, from a message table.
 */
export function messageFields(
  messages: Readonly<Record<string, string>>,
  messageId: string,
  data: MessageData = {},
): { message: string; messageId: string; data: Record<string, string | number> } {
  const template = messages[messageId];
  if (template === undefined) throw new Error(`no message "${messageId}"`);
  return { message: formatMessage(template, data), messageId, data: { ...data } };
}
