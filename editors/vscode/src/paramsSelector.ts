// Which JSON documents reach the server: only those matching the `cyclecloud.paramsFiles`
// globs (parameter files, checked against the template `.cyclecloud-lsp.toml` `[[params]]` maps
// them to). Plain JSON files never reach it. Pure (no `vscode` import) so it is unit-tested.

/** A document filter as `vscode-languageclient` takes it. */
export interface JsonFilter {
  scheme: "file";
  language: "json" | "jsonc";
  pattern: string;
}

/** VS Code matches a filter's pattern against the whole path, so a glob relative to the
 * workspace (`params/*.json`) gets a leading `**` and matches at any depth. */
function anchored(glob: string): string {
  if (glob.startsWith("**/") || glob.startsWith("/")) {
    return glob;
  }
  return `**/${glob.replace(/^\.\//, "")}`;
}

/** One `json` and one `jsonc` filter per well-formed glob of the setting (strings only, trimmed,
 * duplicates once); anything else in the setting is ignored. */
export function paramsDocumentFilters(setting: unknown): JsonFilter[] {
  if (!Array.isArray(setting)) {
    return [];
  }
  const globs = new Set<string>();
  for (const value of setting) {
    if (typeof value === "string" && value.trim() !== "") {
      globs.add(anchored(value.trim()));
    }
  }
  return [...globs].flatMap((pattern) =>
    (["json", "jsonc"] as const).map((language) => ({ scheme: "file" as const, language, pattern })),
  );
}
