// Finding the cyclecloud-lsp binary. Pure Node (no `vscode` import) so it is unit-tested.

import * as fs from "node:fs";
import * as path from "node:path";

/** Where a server binary was found, so the output channel can say which one runs. */
export interface FoundServer {
  command: string;
  source: "setting" | "bundled" | "PATH";
}

/** The binary's file name on this platform. */
export function serverFileName(platform: NodeJS.Platform = process.platform): string {
  return platform === "win32" ? "cyclecloud-lsp.exe" : "cyclecloud-lsp";
}

function isExecutableFile(candidate: string): boolean {
  try {
    if (!fs.statSync(candidate).isFile()) {
      return false;
    }
    if (process.platform !== "win32") {
      fs.accessSync(candidate, fs.constants.X_OK);
    }
    return true;
  } catch {
    return false;
  }
}

/** The order the issue asks for: an explicit setting wins (and is used even if missing, so the
 * user sees an error about *their* path rather than a silent fallback), then the binary bundled
 * in the extension's `server/` folder, then the first `cyclecloud-lsp` on `PATH`. */
export function findServer(
  configuredPath: string,
  extensionPath: string,
  envPath: string | undefined = process.env.PATH,
): FoundServer | undefined {
  const configured = configuredPath.trim();
  if (configured !== "") {
    return { command: configured, source: "setting" };
  }
  const bundled = path.join(extensionPath, "server", serverFileName());
  if (isExecutableFile(bundled)) {
    return { command: bundled, source: "bundled" };
  }
  for (const dir of (envPath ?? "").split(path.delimiter)) {
    if (dir === "") {
      continue;
    }
    const candidate = path.join(dir, serverFileName());
    if (isExecutableFile(candidate)) {
      return { command: candidate, source: "PATH" };
    }
  }
  return undefined;
}
