// Mapping VS Code's `cyclecloud.*` settings to the object the server understands
// (crates/cyclecloud-server/src/settings.rs: `cyclecloudVersion`, `rules`, `ruleDocsUrl`,
// `inlayHints`, `format`, `vmSizes`).
// Pure (no `vscode` import) so it is unit-tested.

/** The `cyclecloud` settings object the server deserializes; absent keys mean "the project's
 * `.cyclecloud-lsp.toml` decides". */
export interface ServerSettings {
  cyclecloudVersion?: string;
  rules?: Record<string, string>;
  ruleDocsUrl?: string;
  inlayHints?: {
    enable?: boolean;
    parameterDefaults?: boolean;
    inheritedAttributes?: boolean;
    evaluatedValues?: boolean;
  };
  format?: { indent: number | string };
  vmSizes?: { file: string; mode?: string };
}

const INLAY_HINT_KEYS = [
  "enable",
  "parameterDefaults",
  "inheritedAttributes",
  "evaluatedValues",
] as const;

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
  const hints: Record<string, boolean> = {};
  for (const key of INLAY_HINT_KEYS) {
    const value = get(`inlayHints.${key}`);
    if (typeof value === "boolean") {
      hints[key] = value;
    }
  }
  if (Object.keys(hints).length > 0) {
    settings.inlayHints = hints;
  }
  const indent = get("format.indent");
  if (typeof indent === "number" && Number.isInteger(indent) && indent >= 0 && indent <= 16) {
    settings.format = { indent };
  } else if (typeof indent === "string" && ["tab", "keep"].includes(indent.trim().toLowerCase())) {
    settings.format = { indent: indent.trim().toLowerCase() };
  }
  const vmSizesFile = get("vmSizes.file");
  if (typeof vmSizesFile === "string" && vmSizesFile.trim() !== "") {
    const mode = get("vmSizes.mode");
    settings.vmSizes = { file: vmSizesFile.trim() };
    if (typeof mode === "string" && ["extend", "replace"].includes(mode)) {
      settings.vmSizes.mode = mode;
    }
  }
  return settings;
}
