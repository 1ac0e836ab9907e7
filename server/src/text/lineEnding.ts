/** The line break a text already uses, for inserted lines to match: CRLF if it has one, else LF. */
export function lineEnding(text: string): "\r\n" | "\n" {
  return text.includes("\r\n") ? "\r\n" : "\n";
}
