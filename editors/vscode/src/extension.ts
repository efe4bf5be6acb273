// The VS Code side of cyclecloud-lsp: starts the language server, maps settings, switches
// `.txt` documents that are templates to the `cyclecloud` language, and offers three commands.

import * as vscode from "vscode";
import {
  DidChangeConfigurationNotification,
  LanguageClient,
  type LanguageClientOptions,
  type ServerOptions,
} from "vscode-languageclient/node";

import { isCandidatePath, looksLikeTemplate } from "./detection";
import { SHOW_RENDER_COMMAND, showRenderedCluster } from "./renderCommand";
import { paramsDocumentFilters } from "./paramsSelector";
import { findServer } from "./serverDiscovery";
import { toServerSettings } from "./serverSettings";

const LANGUAGE_ID = "cyclecloud";
const SECTION = "cyclecloud";

let client: LanguageClient | undefined;
let output: vscode.LogOutputChannel | undefined;

/** Called by VS Code on the first plaintext or cyclecloud document. */
export async function activate(context: vscode.ExtensionContext): Promise<void> {
  output = vscode.window.createOutputChannel("CycleCloud Language Server", { log: true });
  context.subscriptions.push(output);

  registerContentDetection(context);

  context.subscriptions.push(
    vscode.commands.registerCommand("cyclecloud.restartServer", () => restartClient(context)),
    vscode.commands.registerCommand("cyclecloud.showOutput", () => output?.show(true)),
    vscode.commands.registerCommand(SHOW_RENDER_COMMAND, () => showRenderedCluster(client)),
    vscode.workspace.onDidChangeConfiguration(async (event) => {
      // The document selector is fixed when the client starts.
      if (
        event.affectsConfiguration(`${SECTION}.server.path`) ||
        event.affectsConfiguration(`${SECTION}.paramsFiles`)
      ) {
        await restartClient(context);
      } else if (event.affectsConfiguration(SECTION) && client?.isRunning()) {
        await client.sendNotification(DidChangeConfigurationNotification.type, {
          settings: { [SECTION]: currentServerSettings() },
        });
      }
    }),
  );

  await startClient(context);
}

/** Called by VS Code on shutdown or when the extension is disabled. */
export async function deactivate(): Promise<void> {
  await stopClient();
}

function currentServerSettings() {
  const config = vscode.workspace.getConfiguration(SECTION);
  return toServerSettings((key) => config.get(key));
}

async function startClient(context: vscode.ExtensionContext): Promise<void> {
  const configured = vscode.workspace.getConfiguration(SECTION).get<string>("server.path", "");
  const server = findServer(configured, context.extensionPath);
  if (server === undefined) {
    output?.error("cyclecloud-lsp was not found: no cyclecloud.server.path, no bundled binary, none on PATH");
    // Not awaited: activation must not wait for the user to dismiss the notification.
    void vscode.window
      .showErrorMessage(
        "CycleCloud: the cyclecloud-lsp language server was not found. Set `cyclecloud.server.path` or put cyclecloud-lsp on PATH.",
        "Open Settings",
      )
      .then((choice) => {
        if (choice === "Open Settings") {
          void vscode.commands.executeCommand("workbench.action.openSettings", `${SECTION}.server.path`);
        }
      });
    return;
  }
  output?.info(`starting ${server.command} (found via ${server.source})`);

  const serverOptions: ServerOptions = { command: server.command, args: ["serve"] };
  const clientOptions: LanguageClientOptions = {
    documentSelector: [
      { scheme: "file", language: LANGUAGE_ID },
      { scheme: "untitled", language: LANGUAGE_ID },
      // A project's `project.ini` (its findings and key hover), whatever language VS Code gives
      // it; no other `.ini` file reaches the server.
      { scheme: "file", pattern: "**/project.ini" },
      // Parameter files only: plain JSON documents never reach the server.
      ...paramsDocumentFilters(vscode.workspace.getConfiguration(SECTION).get("paramsFiles")),
    ],
    outputChannel: output,
    initializationOptions: () => ({ [SECTION]: currentServerSettings() }),
    middleware: {
      workspace: {
        // The server asks for the `cyclecloud` section; answer with only the keys it knows.
        configuration: async (params, token, next) => {
          const answers = await next(params, token);
          if (!Array.isArray(answers)) {
            return answers;
          }
          return params.items.map((item, index) =>
            item.section === SECTION ? currentServerSettings() : answers[index],
          );
        },
      },
    },
  };

  client = new LanguageClient(LANGUAGE_ID, "CycleCloud Language Server", serverOptions, clientOptions);
  try {
    await client.start();
  } catch (error) {
    output?.error(`cyclecloud-lsp failed to start: ${String(error)}`);
    void vscode.window.showErrorMessage(
      `CycleCloud: the language server (${server.command}) failed to start. See the output channel.`,
    );
  }
}

async function stopClient(): Promise<void> {
  const running = client;
  client = undefined;
  if (running !== undefined) {
    try {
      await running.dispose();
    } catch (error) {
      output?.warn(`stopping cyclecloud-lsp: ${String(error)}`);
    }
  }
}

async function restartClient(context: vscode.ExtensionContext): Promise<void> {
  output?.info("restarting cyclecloud-lsp");
  await stopClient();
  await startClient(context);
}

/** Switches plaintext `.txt` documents whose content is a template to `cyclecloud`, on open and
 * on save (a new file becomes a template once its first header is typed and saved). A document
 * the user switches back to plaintext is left alone for the rest of the session. */
function registerContentDetection(context: vscode.ExtensionContext): void {
  const declined = new Set<string>();
  const justLeftCycleCloud = new Set<string>();

  const check = (document: vscode.TextDocument) => {
    const key = document.uri.toString();
    if (document.languageId !== "plaintext") {
      return;
    }
    if (justLeftCycleCloud.has(key)) {
      // VS Code reports a language change as close + open in one batch: the user chose plaintext.
      declined.add(key);
      return;
    }
    if (declined.has(key) || !isCandidatePath(document.uri.path)) {
      return;
    }
    if (looksLikeTemplate(document.getText())) {
      void vscode.languages.setTextDocumentLanguage(document, LANGUAGE_ID).then(undefined, (error) => {
        output?.warn(`could not switch ${key} to ${LANGUAGE_ID}: ${String(error)}`);
      });
    }
  };

  context.subscriptions.push(
    vscode.workspace.onDidOpenTextDocument(check),
    vscode.workspace.onDidSaveTextDocument(check),
    vscode.workspace.onDidCloseTextDocument((document) => {
      if (document.languageId === LANGUAGE_ID) {
        const key = document.uri.toString();
        justLeftCycleCloud.add(key);
        setTimeout(() => justLeftCycleCloud.delete(key), 0);
      }
    }),
  );
  vscode.workspace.textDocuments.forEach(check);
}
