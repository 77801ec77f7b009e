// The packaged extension, without VS Code (which cannot be downloaded
// here): its manifest as `kubeshape.vsix` holds it, and its activation
// code (the bundle in the .vsix) run with stand-ins for VS Code and the
// language client. The server itself is tested with real clients in
// tests/editors/.
const { test } = require("node:test");
const assert = require("node:assert/strict");
const fs = require("node:fs");
const os = require("node:os");
const path = require("node:path");
const zlib = require("node:zlib");
const Module = require("node:module");

const VSIX = path.join(__dirname, "..", "kubeshape.vsix");

/// The files of a zip archive (the .vsix), by name.
function unzip(file) {
  const zip = fs.readFileSync(file);
  const end = zip.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  assert.ok(end >= 0, "a zip archive");
  const count = zip.readUInt16LE(end + 10);
  let at = zip.readUInt32LE(end + 16);
  const files = new Map();
  for (let i = 0; i < count; i++) {
    const method = zip.readUInt16LE(at + 10);
    const size = zip.readUInt32LE(at + 20);
    const nameLength = zip.readUInt16LE(at + 28);
    const extra = zip.readUInt16LE(at + 30);
    const comment = zip.readUInt16LE(at + 32);
    const local = zip.readUInt32LE(at + 42);
    const name = zip.subarray(at + 46, at + 46 + nameLength).toString();
    const start = local + 30 + zip.readUInt16LE(local + 26) + zip.readUInt16LE(local + 28);
    const data = zip.subarray(start, start + size);
    files.set(name, method === 8 ? zlib.inflateRawSync(data) : data);
    at += 46 + nameLength + extra + comment;
  }
  return files;
}

const files = unzip(VSIX);
const manifest = JSON.parse(files.get("extension/package.json").toString());

test("the .vsix holds a manifest whose entry point it carries", () => {
  assert.equal(manifest.name, "kubeshape");
  assert.equal(manifest.publisher, "kubeshape");
  assert.ok(manifest.engines.vscode.startsWith("^1."));
  // YAML, and a chart's templates (the Kubernetes extension's `helm`).
  assert.deepEqual(manifest.activationEvents, ["onLanguage:yaml", "onLanguage:helm"]);
  const main = path.posix.join("extension", manifest.main);
  assert.ok(files.has(main), `${main} is in the package: ${[...files.keys()].join(", ")}`);
  assert.ok(files.has("extension/readme.md"), "the README");
  assert.ok(files.has("extension/LICENSE.txt"), "the licence");
  assert.ok(![...files.keys()].some((f) => f.includes("node_modules") || f.startsWith("extension/src/")), "bundled, without sources");
});

test("its settings are the server's", () => {
  const props = Object.keys(manifest.contributes.configuration.properties).sort();
  assert.deepEqual(props, [
    "kubeshape.crds",
    "kubeshape.exclude",
    "kubeshape.include",
    "kubeshape.kubernetesVersion",
    "kubeshape.lang",
    "kubeshape.path",
    "kubeshape.preset",
    "kubeshape.trace.server",
  ]);
  // Each one the extension passes on is one the server reads
  // (crates/cli/src/lsp/config.rs documents them in its first comment).
  const config = fs.readFileSync(path.join(__dirname, "../../../crates/cli/src/lsp/config.rs"), "utf8");
  for (const key of props.map((p) => p.slice("kubeshape.".length)).filter((k) => k !== "path" && k !== "trace.server")) {
    assert.match(config, new RegExp("`" + key + "`"), `the server documents ${key}`);
  }
});

/// The bundle in the .vsix, loaded with a stand-in for the `vscode` module.
function loadBundle() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "kubeshape-vsix-"));
  const file = path.join(dir, "extension.js");
  fs.writeFileSync(file, files.get(path.posix.join("extension", manifest.main)));
  const any = { get: (t, p) => (p === "__esModule" ? false : (t[p] ??= new Proxy(function () {}, any))), apply: () => new Proxy(function () {}, any), construct: () => new Proxy({}, any) };
  const load = Module._load;
  Module._load = function (request, ...rest) {
    return request === "vscode" ? new Proxy({}, any) : load.call(this, request, ...rest);
  };
  try {
    return require(file);
  } finally {
    Module._load = load;
  }
}

function fakes(config) {
  const seen = { errors: [], clients: [], listeners: [], watchers: [] };
  const vscode = {
    workspace: {
      getConfiguration: (section) => {
        assert.equal(section, "kubeshape");
        return { get: (key) => config[key] };
      },
      createFileSystemWatcher: (glob) => {
        seen.watchers.push(glob);
        return { dispose() {} };
      },
      onDidChangeConfiguration: (listener) => {
        seen.listeners.push(listener);
        return { dispose() {} };
      },
    },
    window: { showErrorMessage: (message) => seen.errors.push(message) },
  };
  class LanguageClient {
    constructor(id, name, server, client) {
      Object.assign(this, { id, name, server, client, started: 0, notes: [] });
      seen.clients.push(this);
    }
    async start() {
      this.started++;
    }
    async stop() {}
    async sendNotification(method, params) {
      this.notes.push({ method, params });
    }
  }
  return { vscode, LanguageClient, seen };
}

test("activation starts `kubeshape lsp` from PATH with the editor's settings", async () => {
  const ext = loadBundle();
  const bin = fs.mkdtempSync(path.join(os.tmpdir(), "kubeshape-bin-"));
  fs.writeFileSync(path.join(bin, "kubeshape"), "#!/bin/sh\n", { mode: 0o755 });
  const config = { path: "", lang: "zh", exclude: ["latest-tag"], include: [], kubernetesVersion: "" };
  const { vscode, LanguageClient, seen } = fakes(config);
  const context = { subscriptions: [] };
  await ext.start({ vscode, LanguageClient, env: { PATH: `/nonexistent${path.delimiter}${bin}` } }, context);
  assert.deepEqual(seen.errors, []);
  assert.equal(seen.clients.length, 1);
  const [client] = seen.clients;
  assert.equal(client.started, 1);
  assert.deepEqual(client.server, { command: path.join(bin, "kubeshape"), args: ["lsp"] });
  assert.deepEqual(client.client.documentSelector, [
    { scheme: "file", language: "yaml" },
    { scheme: "file", language: "helm" },
  ]);
  assert.deepEqual(client.client.initializationOptions, { kubeshape: { lang: "zh", exclude: ["latest-tag"] } });
  assert.equal(context.subscriptions.length, 1);
  // A change of settings reaches the server.
  config.lang = "en";
  seen.listeners[0]({ affectsConfiguration: (s) => s === "kubeshape" });
  assert.deepEqual(client.notes, [
    { method: "workspace/didChangeConfiguration", params: { settings: { kubeshape: { lang: "en", exclude: ["latest-tag"] } } } },
  ]);
  seen.listeners[0]({ affectsConfiguration: () => false });
  assert.equal(client.notes.length, 1, "other sections' changes are not sent");
  await ext.deactivate();
});

test("without a binary, activation says how to install one", async () => {
  const ext = loadBundle();
  const { vscode, LanguageClient, seen } = fakes({ path: "/nowhere/kubeshape" });
  await ext.start({ vscode, LanguageClient, env: { PATH: "" } }, { subscriptions: [] });
  assert.equal(seen.clients.length, 0);
  assert.equal(seen.errors.length, 1);
  assert.match(seen.errors[0], /\/nowhere\/kubeshape/);
  assert.match(seen.errors[0], /cargo install kubeshape/);
});
