// Mapping VS Code's `cyclecloud.*` settings to the object the server understands
// (crates/cyclecloud-server/src/settings.rs: `cyclecloudVersion`, `rules`, `ruleDocsUrl`).
// Pure (no `vscode` import) so it is unit-tested.

/** The `cyclecloud` settings object the server deserializes; absent keys mean "the project's
 * `.cyclecloud-lsp.toml` decides". */
export interface ServerSettings {
  cyclecloudVersion?: string;
  rules?: Record<string, string>;
  ruleDocsUrl?: string;
}

/** Reads one setting; matches `WorkspaceConfiguration.get` so tests can pass a plain lookup. */
export type SettingLookup = (key: string) => unknown;

const LEVELS = new Set(["off", "hint", "warning", "error"]);

/** Only the server's own keys, and only well-formed values: the server drops the *whole*
 * settings object when one value has the wrong type, so one typo in settings.json must not
 * silently discard the rest. Editor-only keys (`server.path`, `trace.server`) stay here. */
export function toServerSettings(get: SettingLookup): ServerSettings {
  const settings: ServerSettings = {};
  const version = get("cyclecloudVersion");
  if (typeof version === "string" && version.trim() !== "") {
    settings.cyclecloudVersion = version.trim();
  }
  const rules = get("rules");
  if (rules !== null && typeof rules === "object" && !Array.isArray(rules)) {
    const levels: Record<string, string> = {};
    for (const [code, level] of Object.entries(rules as Record<string, unknown>)) {
      if (typeof level === "string" && LEVELS.has(level.toLowerCase())) {
        levels[code.toUpperCase()] = level.toLowerCase();
      }
    }
    settings.rules = levels;
  }
  const docsUrl = get("ruleDocsUrl");
  if (typeof docsUrl === "string" && docsUrl.trim() !== "") {
    settings.ruleDocsUrl = docsUrl.trim();
  }
  return settings;
}
