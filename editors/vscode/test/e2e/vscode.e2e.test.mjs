// End-to-end test of the packaged extension in a real VS Code: code-server (VS Code 1.100.3 in
// a browser) with the .vsix installed, driven through headless Chromium by playwright-core.
// Run by scripts/test-vscode-e2e, which prepares everything named by these variables:
//   CODE_SERVER   code-server's package folder (with out/node/entry.js)
//   VSIX          the packaged extension
//   CHROMIUM      the browser binary (Debian's /usr/bin/chromium)
//   FIXTURES      the repository's tests/fixtures
//   E2E_OUT       where screenshots and logs go (git-ignored)

import assert from "node:assert/strict";
import { spawn, spawnSync } from "node:child_process";
import { copyFileSync, createWriteStream, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, test } from "node:test";

import { chromium } from "playwright-core";

const env = (name) => {
  const value = process.env[name];
  assert.ok(value, `${name} must be set (run scripts/test-vscode-e2e)`);
  return value;
};
const CODE_SERVER = env("CODE_SERVER");
const VSIX = env("VSIX");
const CHROMIUM = env("CHROMIUM");
const FIXTURES = env("FIXTURES");
const OUT = env("E2E_OUT");

/** Generous: the first start of the workbench and the extension host is slow on 2 cores. */
const UI_TIMEOUT = Number(process.env.E2E_TIMEOUT_MS ?? 90_000);

const root = mkdtempSync(join(tmpdir(), "cyclecloud-vscode-e2e-"));
const userData = join(root, "user-data");
const extensions = join(root, "extensions");
const workspace = join(root, "workspace");
let server;
let context;
let page;

/** code-server (logs, a default config) and Chromium (crash reports) write under the XDG
 * folders (and VS Code a device id under the cache folder): keep that in the temp root, not in the home folder. */
const codeServerEnv = {
  ...process.env,
  XDG_CONFIG_HOME: join(root, "xdg-config"),
  XDG_DATA_HOME: join(root, "xdg-data"),
  XDG_CACHE_HOME: join(root, "xdg-cache"),
};

function codeServerArgs(...args) {
  return [
    join(CODE_SERVER, "out/node/entry.js"),
    "--config", join(root, "config.yaml"),
    "--user-data-dir", userData,
    "--extensions-dir", extensions,
    ...args,
  ];
}

/** VS Code's user settings: a quiet start-up, plus the settings a test adds. */
function userSettings(extra) {
  return {
      "workbench.startupEditor": "none",
      "workbench.tips.enabled": false,
      "workbench.enableExperiments": false,
      "security.workspace.trust.enabled": false,
      "telemetry.telemetryLevel": "off",
      "extensions.autoCheckUpdates": false,
      "extensions.autoUpdate": false,
      "update.mode": "none",
      "editor.quickSuggestions": { other: false, comments: false, strings: false },
    // So that text typed into settings.json arrives as typed.
    "editor.autoClosingBrackets": "never",
    "editor.autoClosingQuotes": "never",
    "editor.autoIndent": "none",
    ...extra,
  };
}

function writeUserSettings(extra) {
  writeFileSync(join(userData, "User/settings.json"), JSON.stringify(userSettings(extra)));
}

function makeWorkspace() {
  mkdirSync(join(workspace, "templates"), { recursive: true });
  mkdirSync(join(workspace, "notes"), { recursive: true });
  copyFileSync(join(FIXTURES, "missing-image-os.txt"), join(workspace, "templates/missing-image-os.txt"));
  copyFileSync(join(FIXTURES, "completion-and-hover.txt"), join(workspace, "templates/completion.txt"));
  // Outside templates/: only the content can make these templates.
  writeFileSync(
    join(workspace, "notes/detected.txt"),
    "# not under templates/, but a template by its first header\n\n[cluster Detected]\n    [[node scheduler]]\n    ImageId = /subscriptions/0/images/x\n",
  );
  writeFileSync(join(workspace, "notes/plain.txt"), "Shopping list\n[cluster] is not the first line here\n");
  mkdirSync(join(userData, "User"), { recursive: true });
  writeUserSettings({});
}

async function startCodeServer() {
  const log = createWriteStream(join(OUT, "code-server.log"));
  const child = spawn(
    process.execPath,
    codeServerArgs(
      "--auth", "none",
      "--bind-addr", "127.0.0.1:0",
      "--disable-telemetry",
      "--disable-update-check",
      "--disable-workspace-trust",
      "--disable-getting-started-override",
      workspace,
    ),
    { stdio: ["ignore", "pipe", "pipe"], env: codeServerEnv },
  );
  child.stderr.pipe(log);
  const url = await new Promise((resolve, reject) => {
    let seen = "";
    const timer = setTimeout(() => reject(new Error(`code-server did not start:\n${seen}`)), UI_TIMEOUT);
    child.stdout.on("data", (chunk) => {
      log.write(chunk);
      seen += chunk;
      const match = /HTTP server listening on (http:\/\/127\.0\.0\.1:\d+)\//.exec(seen);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    });
    child.on("exit", (code) => reject(new Error(`code-server exited with ${code}:\n${seen}`)));
  });
  return { child, url };
}

/** Runs a command from the palette by its title, as a person would. */
async function runCommand(title) {
  await page.keyboard.press("F1");
  const input = page.locator(".quick-input-widget input");
  await input.waitFor({ state: "visible" });
  await input.fill(`>${title}`);
  await page.locator(".quick-input-list .monaco-list-row.focused", { hasText: title }).waitFor();
  await page.keyboard.press("Enter");
}

async function openFile(relativePath) {
  await runCommand("Go to File...");
  const input = page.locator(".quick-input-widget input");
  await input.fill(relativePath);
  const name = relativePath.split("/").pop();
  // Wait until the focused (first) result is this file, so Enter cannot pick a stale row.
  await page.locator(".quick-input-list .monaco-list-row.focused", { hasText: name }).waitFor();
  await page.keyboard.press("Enter");
  await page.locator(".tab.active", { hasText: name }).waitFor({ timeout: UI_TIMEOUT });
  await page.locator(".monaco-editor .view-lines").first().click();
}

/** The language mode shown in the status bar for the active editor. */
async function languageMode() {
  return (await page.locator("#status\\.editor\\.mode").innerText()).trim();
}

before(async () => {
  mkdirSync(OUT, { recursive: true });
  makeWorkspace();
  const install = spawnSync(process.execPath, codeServerArgs("--install-extension", VSIX), {
    encoding: "utf8",
    env: codeServerEnv,
  });
  writeFileSync(join(OUT, "install-extension.log"), `${install.stdout}\n${install.stderr}`);
  assert.equal(install.status, 0, `--install-extension failed:\n${install.stdout}\n${install.stderr}`);
  assert.match(install.stdout, /cyclecloud-lsp.*was successfully installed/);

  server = await startCodeServer();
  context = await chromium.launchPersistentContext(join(root, "chromium-profile"), {
    executablePath: CHROMIUM,
    headless: true,
    env: codeServerEnv, // Chromium's crash-report folder goes under XDG_CONFIG_HOME too
    viewport: { width: 1400, height: 900 },
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-background-networking",
      "--disable-component-update",
      "--no-first-run",
      "--disable-quic",
      "--disable-sync",
    ],
  });
  page = context.pages()[0] ?? (await context.newPage());
  page.setDefaultTimeout(UI_TIMEOUT);
  await page.goto(`${server.url}/?folder=${encodeURIComponent(workspace)}`);
  await page.locator(".monaco-workbench").waitFor();
  await page.locator(".explorer-folders-view, .explorer-viewlet").first().waitFor();
});

/** A test body that leaves a screenshot named after the test when it fails. */
function withScreenshot(name, body) {
  return async () => {
    try {
      await body();
    } catch (error) {
      await page?.screenshot({ path: join(OUT, `failed-${name}.png`) }).catch(() => {});
      throw error;
    }
  };
}

after(async () => {
  if (page) {
    await page.screenshot({ path: join(OUT, "final.png") }).catch(() => {});
  }
  await context?.close();
  if (server) {
    const exited = new Promise((resolve) => server.child.once("exit", resolve));
    server.child.kill("SIGTERM");
    await exited;
  }
  rmSync(root, { recursive: true, force: true });
});

test("a templates/*.txt file is a CycleCloud template and shows the missing-ImageOS problem", withScreenshot("diagnostics", async () => {
  await openFile("templates/missing-image-os.txt");
  assert.equal(await languageMode(), "CycleCloud Template");

  // The grammar is active: the section kind is coloured as a keyword token.
  const kind = page.locator(".view-line span", { hasText: /^cluster$/ }).first();
  await kind.waitFor();
  assert.notEqual(await kind.getAttribute("class"), "mtk1", "the header kind got a scope of its own");

  await runCommand("View: Focus Problems");
  const row = page.locator(".markers-panel .monaco-list-row", { hasText: "ImageOS" }).first();
  await row.waitFor({ timeout: UI_TIMEOUT });
  const text = await row.innerText();
  assert.match(text, /`ImageId` is set but `ImageOS` is not/);
  assert.match(text, /CC0201/);
  assert.match(text, /cyclecloud-lsp/);
  await page.screenshot({ path: join(OUT, "problems-missing-image-os.png") });
}));

test("completion after `JetpackPlatform = ` offers the Jetpack platforms", withScreenshot("completion", async () => {
  await openFile("templates/completion.txt");
  await runCommand("Go to Line/Column...");
  await page.keyboard.type("6:23");
  await page.keyboard.press("Enter");
  // Typing the space after `=` (a trigger character of the server) opens the completion list.
  // (Ctrl+Space does not reach the editor in headless Chromium here.)
  await page.keyboard.press("Backspace");
  await page.keyboard.type(" ");
  const widget = page.locator(".suggest-widget.visible");
  await widget.waitFor({ timeout: UI_TIMEOUT });
  await widget.locator(".monaco-list-row", { hasText: "centos-7" }).waitFor({ timeout: UI_TIMEOUT });
  const labels = await widget.locator(".monaco-list-row .label-name").allInnerTexts();
  for (const expected of ["centos-6", "centos-7", "ubuntu-16.04", "ubuntu-18.04", "windows"]) {
    assert.ok(labels.includes(expected), `${expected} in ${labels.join(", ")}`);
  }
  await page.screenshot({ path: join(OUT, "completion-jetpack-platform.png") });

  await page.keyboard.type("ubuntu-18");
  // Accept only once the filtered list has focused the wanted item: on a slow machine the widget
  // re-filters after each keystroke, and an early Enter would accept whatever was focused before.
  await widget.locator(".monaco-list-row.focused", { hasText: "ubuntu-18.04" }).waitFor({ timeout: UI_TIMEOUT });
  await page.keyboard.press("Enter");
  await page.locator(".view-line", { hasText: /JetpackPlatform\s=\subuntu-18\.04/ }).waitFor();
}));

test("a .txt file outside templates/ is switched by its content, and plain text is left alone", withScreenshot("detection", async () => {
  await openFile("notes/detected.txt");
  await page.waitForFunction(
    () => document.querySelector("#status\\.editor\\.mode")?.textContent?.includes("CycleCloud Template"),
    undefined,
    { timeout: UI_TIMEOUT },
  );
  await runCommand("View: Focus Problems");
  await page
    .locator(".markers-panel .monaco-list-row", { hasText: "detected.txt" })
    .first()
    .waitFor({ timeout: UI_TIMEOUT });

  await openFile("notes/plain.txt");
  assert.equal(await languageMode(), "Plain Text");
}));

test("restart and output commands work, and the restarted server still checks edits", withScreenshot("restart", async () => {
  await runCommand("CycleCloud: Restart Language Server");
  await runCommand("CycleCloud: Show Language Server Output");
  await page
    .locator(".panel .view-line", { hasText: /restarting\scyclecloud-lsp/ })
    .first()
    .waitFor({ timeout: UI_TIMEOUT });
  await page
    .locator(".panel .view-line", { hasText: /found\svia\sbundled/ })
    .first()
    .waitFor({ timeout: UI_TIMEOUT });
  await page.screenshot({ path: join(OUT, "output-channel.png") });

  // Fix the template: the new server must clear the finding.
  await openFile("templates/missing-image-os.txt");
  await runCommand("View: Focus Problems");
  const fileRow = page.locator(".markers-panel .monaco-list-row", { hasText: "missing-image-os.txt" }).first();
  await fileRow.waitFor({ timeout: UI_TIMEOUT });
  await page.locator(".monaco-editor .view-lines").first().click();
  await runCommand("Go to Line/Column...");
  await page.keyboard.type("8:200");
  await page.keyboard.press("Enter");
  await page.keyboard.press("Enter");
  await page.keyboard.type("ImageOS = linux");
  await runCommand("View: Focus Problems");
  await page.locator(".view-line", { hasText: /ImageOS\s=\slinux/ }).waitFor();
  await fileRow.waitFor({ state: "detached", timeout: UI_TIMEOUT });
  await page.screenshot({ path: join(OUT, "problems-fixed.png") });
}));

test("a rule turned off in the user settings disappears from the Problems panel", withScreenshot("settings", async () => {
  await openFile("notes/detected.txt");
  await runCommand("View: Focus Problems");
  const cc0401 = page.locator(".markers-panel .monaco-list-row", { hasText: /CC0401/ });
  const cc0201 = page.locator(".markers-panel .monaco-list-row", { hasText: /ImageOS/ });
  await cc0401.first().waitFor({ timeout: UI_TIMEOUT });
  await cc0201.first().waitFor({ timeout: UI_TIMEOUT });

  // As a person would: edit settings.json in the editor and save. The extension passes the new
  // `rules` to the server, which re-checks the open documents.
  await runCommand("Preferences: Open User Settings (JSON)");
  await page.locator(".tab.active", { hasText: "settings.json" }).waitFor();
  await page.locator(".monaco-editor .view-lines").first().click();
  await page.keyboard.press("Control+A");
  await page.keyboard.press("Delete");
  await page.keyboard.insertText(JSON.stringify(userSettings({ "cyclecloud.rules": { CC0401: "off" } })));
  await page.keyboard.press("Control+S");
  await cc0401.first().waitFor({ state: "detached", timeout: UI_TIMEOUT });
  assert.ok((await cc0201.count()) > 0, "the other findings stay");
  await page.screenshot({ path: join(OUT, "problems-rule-off.png") });
}));
