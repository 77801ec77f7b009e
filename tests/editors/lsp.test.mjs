// `kubeshape lsp` driven by the JSON-RPC client VS Code itself uses
// (`vscode-languageserver-protocol` over `vscode-jsonrpc`): every feature
// the server offers, as an editor meets it. KUBESHAPE_BIN names the
// binary (`cargo xtask editors` builds it).
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { mkdirSync, mkdtempSync, writeFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import {
  createProtocolConnection,
  StreamMessageReader,
  StreamMessageWriter,
} from "vscode-languageserver-protocol/node";

const BIN = process.env.KUBESHAPE_BIN ?? "target/debug/kubeshape";
const dir = mkdtempSync(join(tmpdir(), "kubeshape-lsp-"));
const uri = (name) => pathToFileURL(join(dir, name)).href;

// The workspace: a settings file that turns one rule off, a ConfigMap on
// disk that an open Pod refers to.
writeFileSync(join(dir, "kubeshape.yaml"), "exclude: [missing-liveness-probe]\n");
writeFileSync(
  join(dir, "config.yaml"),
  "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: app-config\ndata:\n  LOG_LEVEL: info\n",
);
writeFileSync(join(dir, "values.yaml"), "replicaCount: 1\nimage: {tag: latest}\n");

// Chinese text and an emoji before the finding, on its own line: the
// server must count UTF-16 units (JavaScript strings count the same way).
const POD = [
  "apiVersion: apps/v1",
  "kind: Deployment",
  'metadata: {annotations: {说明: "名字🙂🙂"}, name: web}',
  "spec:",
  "  selector: {matchLabels: {app: web}}",
  "  template:",
  "    metadata: {labels: {app: web}}",
  "    spec:",
  "      containers:",
  "        - name: app",
  "          image: nginx:latest",
  "          env:",
  "            - name: LEVEL",
  "              valueFrom:",
  "                configMapKeyRef: {name: app-config, key: LOG_LEVL}",
  "",
].join("\n");

let server;
let connection;
const published = new Map(); // uri -> [{at, diagnostics}]
const shown = [];

function diagnosticsOf(name) {
  const all = published.get(uri(name)) ?? [];
  return all.length ? all[all.length - 1].diagnostics : undefined;
}

/// Waits for diagnostics of `name` that `ok` accepts, published after `since`.
function waitFor(name, ok, since = 0, timeout = 10000) {
  return new Promise((resolve, reject) => {
    const started = Date.now();
    const poll = () => {
      const list = (published.get(uri(name)) ?? []).filter((p) => p.at >= since);
      const hit = list.find((p) => ok(p.diagnostics));
      if (hit) return resolve(hit);
      if (Date.now() - started > timeout) {
        return reject(new Error(`no diagnostics as expected for ${name}: ${JSON.stringify(list.at(-1))}`));
      }
      setTimeout(poll, 2);
    };
    poll();
  });
}

const codes = (diagnostics) => diagnostics.map((d) => d.code);

before(async () => {
  server = spawn(BIN, ["lsp", "--stdio"], { stdio: ["pipe", "pipe", "inherit"] });
  connection = createProtocolConnection(
    new StreamMessageReader(server.stdout),
    new StreamMessageWriter(server.stdin),
  );
  connection.onNotification("textDocument/publishDiagnostics", (params) => {
    const list = published.get(params.uri) ?? [];
    list.push({ at: performance.now(), diagnostics: params.diagnostics, version: params.version });
    published.set(params.uri, list);
  });
  connection.onNotification("window/showMessage", (params) => shown.push(params));
  connection.listen();
  const result = await connection.sendRequest("initialize", {
    processId: process.pid,
    rootUri: pathToFileURL(dir).href,
    capabilities: {},
    initializationOptions: { kubeshape: { lang: "en", kubernetesVersion: "1.30" } },
  });
  assert.equal(result.capabilities.positionEncoding, "utf-16");
  assert.equal(result.capabilities.textDocumentSync.change, 2);
  assert.ok(result.capabilities.hoverProvider);
  await connection.sendNotification("initialized", {});
  await connection.sendNotification("textDocument/didOpen", {
    textDocument: { uri: uri("pod.yaml"), languageId: "yaml", version: 1, text: POD },
  });
});

after(async () => {
  await connection.sendRequest("shutdown");
  const exited = new Promise((resolve) => server.on("exit", resolve));
  await connection.sendNotification("exit");
  assert.equal(await exited, 0, "exit after shutdown is a clean exit");
  connection.dispose();
  rmSync(dir, { recursive: true, force: true });
});

test("diagnostics carry the rule, its page, the severity and UTF-16 columns", async () => {
  const { diagnostics } = await waitFor("pod.yaml", (d) => d.length > 0);
  const single = diagnostics.find((d) => d.code === "latest-tag");
  assert.ok(single, codes(diagnostics).join(", "));
  assert.equal(single.source, "kubeshape");
  assert.equal(single.severity, 2);
  assert.equal(single.codeDescription.href, "https://kubeshape.github.io/kubeshape/#/rules/latest-tag");
  // A finding after Chinese text and two emoji, on line 3.
  const line = POD.split("\n")[2];
  const name = diagnostics.find((d) => d.code === "single-replica");
  assert.ok(name, `a finding on the metadata line: ${JSON.stringify(diagnostics.map((d) => [d.code, d.range]))}`);
  assert.equal(name.range.start.character, line.indexOf("web"), "UTF-16 column of `web`");
  assert.equal(name.range.end.character, line.indexOf("web") + 3);
  // kubeshape.yaml in the workspace is honoured.
  assert.ok(!codes(diagnostics).includes("missing-liveness-probe"), "excluded by kubeshape.yaml");
});

test("a cross-object finding points at the ConfigMap in the workspace folder", async () => {
  const { diagnostics } = await waitFor("pod.yaml", (d) => d.some((x) => x.code === "configmap-key-not-found"));
  const key = diagnostics.find((d) => d.code === "configmap-key-not-found");
  assert.equal(key.severity, 1);
  const lines = POD.split("\n");
  assert.equal(key.range.start.line, 14);
  assert.equal(key.range.start.character, lines[14].indexOf("LOG_LEVL"));
  assert.equal(key.relatedInformation.length, 1);
  const [related] = key.relatedInformation;
  assert.equal(related.location.uri, uri("config.yaml"));
  assert.equal(related.location.range.start.line, 4, "the `data` of the ConfigMap");
  assert.match(related.message, /app-config/);
});

test("a YAML file that is not Kubernetes is left alone", async () => {
  const values = "replicaCount: 1\nimage: {tag: latest}\n";
  await connection.sendNotification("textDocument/didOpen", {
    textDocument: { uri: uri("values.yaml"), languageId: "yaml", version: 1, text: values },
  });
  const { diagnostics } = await waitFor("values.yaml", () => true);
  assert.deepEqual(diagnostics, []);
});

test("quick fixes: the safe fix is preferred, and the rule can be ignored here", async () => {
  const { diagnostics } = await waitFor("pod.yaml", (d) => d.length > 0);
  const escalation = diagnostics.find((d) => d.code === "privilege-escalation");
  assert.ok(escalation, codes(diagnostics).join(", "));
  const actions = await connection.sendRequest("textDocument/codeAction", {
    textDocument: { uri: uri("pod.yaml") },
    range: escalation.range,
    context: { diagnostics: [escalation], only: ["quickfix"] },
  });
  const fix = actions.find((a) => a.isPreferred && a.diagnostics?.[0]?.code === "privilege-escalation");
  assert.ok(fix, JSON.stringify(actions.map((a) => a.title)));
  assert.equal(fix.kind, "quickfix");
  const edits = fix.edit.changes[uri("pod.yaml")];
  assert.ok(edits.some((e) => e.newText.includes("allowPrivilegeEscalation: false")), JSON.stringify(edits));
  const ignore = actions.find((a) => a.title.startsWith("Ignore privilege-escalation"));
  assert.ok(ignore, JSON.stringify(actions.map((a) => a.title)));
  assert.ok(!ignore.isPreferred);
  const [edit] = ignore.edit.changes[uri("pod.yaml")];
  assert.match(edit.newText, /kubeshape\.io\/ignore/);
  assert.match(edit.newText, /privilege-escalation/);
  // No source action when only quick fixes are asked for.
  assert.ok(actions.every((a) => a.kind === "quickfix"));
});

test("fix all safe: a source action with one edit that adds what is missing", async () => {
  const actions = await connection.sendRequest("textDocument/codeAction", {
    textDocument: { uri: uri("pod.yaml") },
    range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
    context: { diagnostics: [], only: ["source.fixAll"] },
  });
  assert.equal(actions.length, 1, JSON.stringify(actions));
  const [all] = actions;
  assert.equal(all.kind, "source.fixAll.kubeshape");
  const edits = all.edit.changes[uri("pod.yaml")];
  assert.equal(edits.length, 1);
  assert.match(edits[0].newText, /allowPrivilegeEscalation: false/);
  assert.ok(edits[0].range.start.line >= 5, "the edit leaves the lines before it alone");
});

test("hover: the rule's what, why and fix, in the configured language", async () => {
  const { diagnostics } = await waitFor("pod.yaml", (d) => d.length > 0);
  const latest = diagnostics.find((d) => d.code === "latest-tag");
  const hover = await connection.sendRequest("textDocument/hover", {
    textDocument: { uri: uri("pod.yaml") },
    position: latest.range.start,
  });
  assert.equal(hover.contents.kind, "markdown");
  assert.match(hover.contents.value, /\*\*What it finds\.\*\*/);
  assert.match(hover.contents.value, /\*\*Why it matters\.\*\*/);
  assert.match(hover.contents.value, /\*\*How to fix\.\*\*/);
  assert.match(hover.contents.value, /#\/rules\/latest-tag/);
  const nothing = await connection.sendRequest("textDocument/hover", {
    textDocument: { uri: uri("pod.yaml") },
    position: { line: 0, character: 0 },
  });
  assert.equal(nothing, null);

  // Chinese, by didChangeConfiguration: diagnostics are published again.
  const since = performance.now();
  await connection.sendNotification("workspace/didChangeConfiguration", {
    settings: { kubeshape: { lang: "zh", exclude: ["missing-liveness-probe"] } },
  });
  await waitFor("pod.yaml", (d) => d.some((x) => x.code === "latest-tag" && /[\u4e00-\u9fff]/.test(x.message)), since);
  const zh = await connection.sendRequest("textDocument/hover", {
    textDocument: { uri: uri("pod.yaml") },
    position: latest.range.start,
  });
  assert.match(zh.contents.value, /检查什么/);
  assert.match(zh.contents.value, /如何修复/);
  // A bad setting is shown to the user, and the server goes on.
  await connection.sendNotification("workspace/didChangeConfiguration", {
    settings: { kubeshape: { lang: "fr" } },
  });
  const deadline = Date.now() + 5000;
  while (!shown.some((m) => /lang/.test(m.message)) && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 10));
  }
  assert.ok(shown.some((m) => m.type === 2 && /fr/.test(m.message)), JSON.stringify(shown));
  await connection.sendNotification("workspace/didChangeConfiguration", {
    settings: { kubeshape: { lang: "en" } },
  });
});

test("a Helm chart's template is checked rendered: findings on its lines, the values behind them, template errors where they are", async () => {
  // A chart in the workspace: Chart.yaml and values.yaml on disk, the
  // template open (not saved).
  mkdirSync(join(dir, "web/templates"), { recursive: true });
  writeFileSync(join(dir, "web/Chart.yaml"), "apiVersion: v2\nname: web\nversion: 0.1.0\n");
  writeFileSync(join(dir, "web/values.yaml"), "tag: latest\npullPolicy: IfNotPresent\n");
  const template = [
    "apiVersion: v1",
    "kind: Pod",
    "metadata:",
    "  name: {{ .Release.Name }}-web",
    "spec:",
    "  containers:",
    "    - name: web",
    '      image: "nginx:{{ .Values.tag }}"',
    "      imagePullPolicy: {{ .Values.pullPolicy }}",
    "",
  ].join("\n");
  const name = "web/templates/pod.yaml";
  await connection.sendNotification("textDocument/didOpen", {
    textDocument: { uri: uri(name), languageId: "helm", version: 1, text: template },
  });
  const { diagnostics } = await waitFor(name, (d) => d.some((x) => x.code === "latest-without-always-pull"));
  const pull = diagnostics.find((d) => d.code === "latest-without-always-pull");
  assert.equal(pull.range.start.line, 8, "the template line that writes the pull policy");
  assert.ok(
    pull.relatedInformation.some((r) => r.location.uri === uri("web/values.yaml") && r.location.range.start.line === 1),
    JSON.stringify(pull.relatedInformation),
  );
  // "Fix all safe" edits the chart where the text lies: the value in
  // values.yaml (on disk), the field in the open template.
  const actions = await connection.sendRequest("textDocument/codeAction", {
    textDocument: { uri: uri(name) },
    range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
    context: { diagnostics: [], only: ["source.fixAll.kubeshape"] },
  });
  assert.equal(actions.length, 1, JSON.stringify(actions));
  const changes = actions[0].edit.changes;
  assert.deepEqual(changes[uri("web/values.yaml")].map((e) => e.newText), ["Always"]);
  assert.match(changes[uri(name)].map((e) => e.newText).join(""), /allowPrivilegeEscalation: false/);
  // An unclosed action: a template error on its line, not silence.
  const since = performance.now();
  await connection.sendNotification("textDocument/didChange", {
    textDocument: { uri: uri(name), version: 2 },
    contentChanges: [{ text: template.replace("{{ .Release.Name }}-web", "{{ .Release.Name -web") }],
  });
  const broken = await waitFor(name, (d) => d.some((x) => x.code === "helm-template-error"), since);
  assert.equal(broken.diagnostics.find((d) => d.code === "helm-template-error").range.start.line, 3);
  const closed = performance.now();
  await connection.sendNotification("textDocument/didClose", { textDocument: { uri: uri(name) } });
  await waitFor(name, (d) => d.length === 0, closed);
});

test("a didChange that removes a finding clears it within 300 ms", async () => {
  await waitFor("pod.yaml", (d) => d.some((x) => x.code === "latest-tag"));
  const lines = POD.split("\n");
  const line = 10;
  const from = lines[line].indexOf("latest");
  const since = performance.now();
  await connection.sendNotification("textDocument/didChange", {
    textDocument: { uri: uri("pod.yaml"), version: 2 },
    contentChanges: [
      {
        range: { start: { line, character: from }, end: { line, character: from + "latest".length } },
        text: "1.27.3",
      },
    ],
  });
  const hit = await waitFor("pod.yaml", (d) => !d.some((x) => x.code === "latest-tag"), since);
  const elapsed = hit.at - since;
  assert.ok(elapsed < 300, `cleared after ${elapsed.toFixed(1)} ms`);
  assert.equal(hit.version, 2);
  // The other findings stay where they were.
  assert.ok(codes(hit.diagnostics).includes("configmap-key-not-found"));
});

test("full-text changes, and closing a document clears its diagnostics", async () => {
  const since = performance.now();
  await connection.sendNotification("textDocument/didChange", {
    textDocument: { uri: uri("pod.yaml"), version: 3 },
    contentChanges: [{ text: POD.replace("LOG_LEVL", "LOG_LEVEL") }],
  });
  await waitFor("pod.yaml", (d) => d.length > 0 && !d.some((x) => x.code === "configmap-key-not-found"), since);
  const closed = performance.now();
  await connection.sendNotification("textDocument/didClose", { textDocument: { uri: uri("pod.yaml") } });
  await waitFor("pod.yaml", (d) => d.length === 0, closed);
});

test("errors: unknown methods and documents are JSON-RPC errors, and the server goes on", async () => {
  await assert.rejects(connection.sendRequest("textDocument/definition", {}), (e) => e.code === -32601);
  await assert.rejects(
    connection.sendRequest("textDocument/hover", {
      textDocument: { uri: uri("never-opened.yaml") },
      position: { line: 0, character: 0 },
    }),
    (e) => e.code === -32602,
  );
  // A broken YAML document is a diagnostic with a place, not a failure.
  await connection.sendNotification("textDocument/didOpen", {
    textDocument: { uri: uri("broken.yaml"), languageId: "yaml", version: 1, text: "kind: Pod\nmetadata: {name: [x\n" },
  });
  const { diagnostics } = await waitFor("broken.yaml", (d) => d.length > 0);
  assert.ok(diagnostics.some((d) => d.severity === 1 && d.range.start.line >= 1), JSON.stringify(diagnostics));
});

test("a 5 MB document stays responsive", async () => {
  const one = (i) =>
    `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web-${i}\nspec:\n  replicas: 2\n  selector: {matchLabels: {app: web-${i}}}\n  template:\n    metadata: {labels: {app: web-${i}}}\n    spec:\n      containers:\n        - name: app\n          image: nginx:latest\n`;
  const parts = [];
  let size = 0;
  for (let i = 0; size < 5 * 1024 * 1024; i++) {
    const doc = one(i);
    parts.push(doc);
    size += doc.length + 4;
  }
  const text = parts.join("---\n");
  const since = performance.now();
  await connection.sendNotification("textDocument/didOpen", {
    textDocument: { uri: uri("big.yaml"), languageId: "yaml", version: 1, text },
  });
  const hit = await waitFor("big.yaml", (d) => d.length > 0, since, 60000);
  const hover = await connection.sendRequest("textDocument/hover", {
    textDocument: { uri: uri("big.yaml") },
    position: hit.diagnostics[0].range.start,
  });
  const answered = performance.now() - since;
  assert.ok(hover && hover.contents.value.length > 0);
  // At most 2,000 diagnostics, the most severe, and one saying how many more.
  assert.ok(hit.diagnostics.length <= 2001, `${hit.diagnostics.length} diagnostics`);
  const more = hit.diagnostics.find((d) => d.code === "too-many-findings");
  assert.ok(more, "the cut is said");
  assert.match(more.message, /^\d+ more findings are not shown/);
  console.log(`5 MB document (${parts.length} objects): ${hit.diagnostics.length} diagnostics after ${(hit.at - since).toFixed(0)} ms, hover answered at ${answered.toFixed(0)} ms`);
  await connection.sendNotification("textDocument/didClose", { textDocument: { uri: uri("big.yaml") } });
});

// Raw bytes, as a broken client might send them: each bad frame gets a
// JSON-RPC error and the session goes on.
test("malformed messages are parse errors, never the end of the session", async () => {
  const raw = spawn(BIN, ["lsp"], { stdio: ["pipe", "pipe", "inherit"] });
  let buffer = Buffer.alloc(0);
  const replies = [];
  raw.stdout.on("data", (chunk) => {
    buffer = Buffer.concat([buffer, chunk]);
    for (;;) {
      const header = buffer.indexOf("\r\n\r\n");
      if (header < 0) return;
      const length = Number(/Content-Length: (\d+)/i.exec(buffer.subarray(0, header).toString())[1]);
      if (buffer.length < header + 4 + length) return;
      replies.push(JSON.parse(buffer.subarray(header + 4, header + 4 + length).toString()));
      buffer = buffer.subarray(header + 4 + length);
    }
  });
  const frame = (body) => `Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`;
  const until = async (n) => {
    const deadline = Date.now() + 5000;
    while (replies.length < n && Date.now() < deadline) await new Promise((r) => setTimeout(r, 5));
    assert.ok(replies.length >= n, JSON.stringify(replies));
  };
  // Before initialize: not initialized.
  raw.stdin.write(frame(JSON.stringify({ jsonrpc: "2.0", id: 1, method: "textDocument/hover", params: {} })));
  await until(1);
  assert.equal(replies[0].error.code, -32002);
  raw.stdin.write(frame('{"jsonrpc": "2.0", "id": 2, "method": "initialize", "params": {"capabilities": {}}}'));
  // Not JSON; JSON but not an object; no Content-Length; no method.
  raw.stdin.write(frame("{not json"));
  raw.stdin.write(frame("[1, 2]"));
  raw.stdin.write("Content-Type: application/json\r\n\r\n");
  raw.stdin.write(frame('{"jsonrpc": "2.0", "id": 3}'));
  raw.stdin.write(frame('{"jsonrpc": "2.0", "id": 4, "method": "shutdown"}'));
  await until(6);
  assert.ok(replies[1].result.capabilities, JSON.stringify(replies[1]));
  assert.deepEqual(
    replies.slice(2, 5).map((r) => r.error.code),
    [-32700, -32700, -32700],
  );
  assert.equal(replies[5].error.code, -32600);
  await until(7);
  assert.equal(replies[6].id, 4);
  assert.equal(replies[6].result, null);
  const exited = new Promise((resolve) => raw.on("exit", resolve));
  raw.stdin.write(frame('{"jsonrpc": "2.0", "method": "exit"}'));
  assert.equal(await exited, 0);
});
