// Content-based detection of CycleCloud templates among `.txt` files. Pure (no `vscode` import)
// so the unit test runs under plain Node.

/** Section kinds that can open a template at the top level (rank 1); a `.txt` file starting with
 * any other text is left alone, so ordinary notes never turn into templates. */
const TOP_LEVEL_KINDS = ["cluster", "parameters", "environment", "noderef"];

/** `[kind …]` with one bracket, the kind compared case-insensitively (the spec says kinds are
 * case-insensitive) and followed by whitespace or the closing bracket. */
const TOP_LEVEL_HEADER = new RegExp(
  `^\\[\\s*(?:${TOP_LEVEL_KINDS.join("|")})(?:\\s[^\\]]*)?\\]`,
  "i",
);

/** How much of a document the check reads: a template's first header comes after at most a
 * licence block, and reading a huge log file whole on every open would be wasteful. */
export const DETECTION_PREFIX_CHARS = 16 * 1024;

/** True when the first line that is neither blank nor a `#` comment is a top-level template
 * header; the header may carry a trailing comment. */
export function looksLikeTemplate(text: string): boolean {
  const prefix = text.length > DETECTION_PREFIX_CHARS ? text.slice(0, DETECTION_PREFIX_CHARS) : text;
  for (const rawLine of prefix.split(/\r\n|\r|\n/)) {
    const line = rawLine.replace(/^\uFEFF/, "").trim();
    if (line === "" || line.startsWith("#")) {
      continue;
    }
    return TOP_LEVEL_HEADER.test(line);
  }
  return false;
}

/** True for a path the extension should inspect: `.txt` files only (other plaintext, e.g. an
 * untitled buffer or a `.log`, is never switched). */
export function isCandidatePath(fsPath: string): boolean {
  return /\.txt$/i.test(fsPath);
}
