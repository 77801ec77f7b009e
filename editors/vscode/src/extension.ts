// The VS Code face of kubeshape: starts `kubeshape lsp` and hands it the
// YAML documents of the workspace. Diagnostics, quick fixes ("fix",
// "ignore this rule here", "apply all safe fixes") and hovers come from
// the server.
import * as vscode from "vscode";
import { LanguageClient, LanguageClientOptions, ServerOptions } from "vscode-languageclient/node";
import { findServer, serverSettings } from "./server";

/// What activation uses, passed in so that a unit test can run the
/// packaged activation code with stand-ins for VS Code and the client.
export interface Deps {
  vscode: Pick<typeof vscode, "workspace" | "window">;
  LanguageClient: new (
    id: string,
    name: string,
    server: ServerOptions,
    client: LanguageClientOptions,
  ) => Pick<LanguageClient, "start" | "stop" | "sendNotification">;
  env: NodeJS.ProcessEnv;
}

let client: Pick<LanguageClient, "start" | "stop" | "sendNotification"> | undefined;

export function activate(context: vscode.ExtensionContext): Promise<void> {
  return start({ vscode, LanguageClient, env: process.env }, context);
}

export async function start(deps: Deps, context: Pick<vscode.ExtensionContext, "subscriptions">): Promise<void> {
  const { workspace, window } = deps.vscode;
  const settings = () => {
    const config = workspace.getConfiguration("kubeshape");
    return serverSettings((key) => config.get(key));
  };
  const configured = workspace.getConfiguration("kubeshape").get<string>("path") ?? "";
  const command = findServer(configured, deps.env);
  if (!command) {
    const where = configured ? `"${configured}" (kubeshape.path)` : "on PATH";
    void window.showErrorMessage(
      `kubeshape: no kubeshape binary found ${where}. Install it with \`cargo install kubeshape\` or set kubeshape.path.`,
    );
    return;
  }
  const serverOptions: ServerOptions = { command, args: ["lsp"] };
  const clientOptions: LanguageClientOptions = {
    // `helm`: a chart's templates, as the Kubernetes extension names them
    // (the server renders their chart and shows findings on their lines).
    documentSelector: [
      { scheme: "file", language: "yaml" },
      { scheme: "file", language: "helm" },
    ],
    initializationOptions: { kubeshape: settings() },
    synchronize: {
      fileEvents: workspace.createFileSystemWatcher("**/{*.yaml,*.yml,kubeshape.yaml}"),
    },
  };
  const started = new deps.LanguageClient("kubeshape", "kubeshape", serverOptions, clientOptions);
  client = started;
  context.subscriptions.push(
    workspace.onDidChangeConfiguration((event) => {
      if (event.affectsConfiguration("kubeshape")) {
        void started.sendNotification("workspace/didChangeConfiguration", { settings: { kubeshape: settings() } });
      }
    }),
  );
  await started.start();
}

export async function deactivate(): Promise<void> {
  if (client) {
    await client.stop();
    client = undefined;
  }
}
