// Finding the server binary: setting, then bundled, then PATH (src/serverDiscovery.ts).

import assert from "node:assert/strict";
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { delimiter, join } from "node:path";
import { after, test } from "node:test";

import { findServer, serverFileName } from "../../src/serverDiscovery";

const roots: string[] = [];
after(() => roots.forEach((root) => rmSync(root, { recursive: true, force: true })));

function tempRoot(): string {
  const root = mkdtempSync(join(tmpdir(), "cyclecloud-vscode-"));
  roots.push(root);
  return root;
}

function fakeBinary(dir: string): string {
  mkdirSync(dir, { recursive: true });
  const file = join(dir, serverFileName());
  writeFileSync(file, "#!/bin/sh\n");
  chmodSync(file, 0o755);
  return file;
}

test("setting, then bundled binary, then PATH", () => {
  const root = tempRoot();
  const extension = join(root, "extension");
  const onPath = fakeBinary(join(root, "bin"));
  const pathVar = [join(root, "missing"), join(root, "bin")].join(delimiter);

  assert.deepEqual(findServer("", extension, pathVar), { command: onPath, source: "PATH" });
  const bundled = fakeBinary(join(extension, "server"));
  assert.deepEqual(findServer("", extension, pathVar), { command: bundled, source: "bundled" });
  assert.deepEqual(findServer(" /opt/x/cyclecloud-lsp ", extension, pathVar), {
    command: "/opt/x/cyclecloud-lsp",
    source: "setting",
  });
  assert.equal(findServer("", join(root, "none"), join(root, "missing")), undefined);
});

test("a file that is not executable is skipped", () => {
  const root = tempRoot();
  const file = fakeBinary(join(root, "bin"));
  chmodSync(file, 0o644);
  assert.equal(findServer("", join(root, "none"), join(root, "bin")), undefined);
});
