// What the extension decides without VS Code: which binary to run and the
// settings the server is given. Kept apart so a unit test can load it.
import * as fs from "fs";
import * as path from "path";

/// The settings the server reads (its `initializationOptions` and
/// `workspace/didChangeConfiguration`), by their names under `kubeshape.`.
export const SERVER_SETTINGS = ["lang", "preset", "include", "exclude", "kubernetesVersion", "crds"] as const;

/// The binary to run: the configured path, or `kubeshape` on PATH.
/// `undefined` when neither exists.
export function findServer(configured: string, env: NodeJS.ProcessEnv, platform = process.platform): string | undefined {
  const exists = (file: string) => {
    try {
      return fs.statSync(file).isFile();
    } catch {
      return false;
    }
  };
  if (configured.trim() !== "") {
    return exists(configured) ? configured : undefined;
  }
  const names = platform === "win32" ? ["kubeshape.exe", "kubeshape.cmd"] : ["kubeshape"];
  for (const dir of (env.PATH ?? "").split(path.delimiter)) {
    if (!dir) continue;
    for (const name of names) {
      const file = path.join(dir, name);
      if (exists(file)) return file;
    }
  }
  return undefined;
}

/// The server's settings from the editor's: unset and empty ones are left
/// to the workspace's kubeshape.yaml.
export function serverSettings(get: (key: string) => unknown): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key of SERVER_SETTINGS) {
    const value = get(key);
    const empty = value === undefined || value === null || value === "" || (Array.isArray(value) && value.length === 0);
    if (!empty) out[key] = value;
  }
  return out;
}
