// "CycleCloud: Show Rendered Cluster": asks the server (`workspace/executeCommand`
// `cyclecloud.render`) for the cluster the active template builds with parameter defaults, and
// opens it as JSON in a new editor beside the template. The server does the work; this only
// shows the answer.

import * as vscode from "vscode";
import { ExecuteCommandRequest, type LanguageClient } from "vscode-languageclient/node";

/** The server's command (announced in its `executeCommandProvider`). */
export const SERVER_RENDER_COMMAND = "cyclecloud.render";

/** The VS Code command the palette shows for templates. */
export const SHOW_RENDER_COMMAND = "cyclecloud.showRenderedCluster";

/** Renders the active template and opens the result; messages say why when it cannot. */
export async function showRenderedCluster(client: LanguageClient | undefined): Promise<void> {
  const editor = vscode.window.activeTextEditor;
  if (editor === undefined || editor.document.languageId !== "cyclecloud") {
    void vscode.window.showInformationMessage("CycleCloud: open a cluster template to render it.");
    return;
  }
  if (client === undefined || !client.isRunning()) {
    void vscode.window.showErrorMessage("CycleCloud: the language server is not running.");
    return;
  }
  let rendered: unknown;
  try {
    rendered = await client.sendRequest(ExecuteCommandRequest.type, {
      command: SERVER_RENDER_COMMAND,
      arguments: [{ uri: client.code2ProtocolConverter.asUri(editor.document.uri), format: "json" }],
    });
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    void vscode.window.showErrorMessage(`CycleCloud: cannot render this template: ${message}`);
    return;
  }
  const document = await vscode.workspace.openTextDocument({
    language: "json",
    content: `${JSON.stringify(rendered, null, 2)}\n`,
  });
  await vscode.window.showTextDocument(document, { viewColumn: vscode.ViewColumn.Beside, preview: false });
}
