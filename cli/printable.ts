/**
 * Text from an AWS account as a terminal may show it: a C0 or C1 control or DEL in a name (a
 * trail's, an account's) could move the cursor or rewrite the screen. JSON escapes C0 but not DEL
 * or C1, so JSON output is passed through this too.
 */
export function printable(text: string): string {
  let shown = "";
  for (const c of text) shown += c < " " || (c >= "\x7f" && c <= "\x9f") ? "?" : c;
  return shown;
}
