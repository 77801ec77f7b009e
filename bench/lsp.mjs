// The language server's latency and memory (`cargo xtask lsp-bench`):
//
// - a 2,000-line bundle (manifests of tests/corpus, one after another) is
//   opened, then changed 200 times (one value, as a keystroke would); for
//   each change, the server's own time from starting the check to having
//   written its diagnostics (`kubeshape/stats`), and the time the client
//   waited from sending the change to receiving them (which includes the
//   50 ms debounce);
// - 100 documents (each file of tests/corpus, in turn) are opened, and the
//   server's resident memory read from /proc.
//
// Usage: node bench/lsp.mjs path/to/kubeshape
import { spawn } from "node:child_process";
import { readFileSync, readdirSync, statSync, mkdtempSync, rmSync } from "node:fs";
import { join } from "node:path";
import { tmpdir } from "node:os";
import { pathToFileURL } from "node:url";
import {
  createProtocolConnection,
  StreamMessageReader,
  StreamMessageWriter,
} from "vscode-languageserver-protocol/node";

const BIN = process.argv[2] ?? "target/release/kubeshape";
const CHANGES = 200;

function files(dir) {
  const out = [];
  for (const name of readdirSync(dir).sort()) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) out.push(...files(path));
    else if (/\.ya?ml$/.test(name)) out.push(path);
  }
  return out;
}

const corpus = files("tests/corpus/kubernetes-examples").map((p) => readFileSync(p, "utf8"));
// The bundle: whole files until 2,000 lines.
const parts = [];
let lines = 0;
for (const text of corpus) {
  if (lines >= 2000) break;
  parts.push(text.trimEnd());
  lines += text.trimEnd().split("\n").length + 1;
}
const bundle = parts.join("\n---\n") + "\n";
const bundleLines = bundle.split("\n").length - 1;

const dir = mkdtempSync(join(tmpdir(), "kubeshape-lsp-bench-"));
const server = spawn(BIN, ["lsp"], { stdio: ["pipe", "pipe", "inherit"] });
const connection = createProtocolConnection(new StreamMessageReader(server.stdout), new StreamMessageWriter(server.stdin));
const waiting = new Map();
connection.onNotification("textDocument/publishDiagnostics", (params) => {
  const wait = waiting.get(params.uri);
  if (wait && (params.version ?? 0) >= wait.version) {
    waiting.delete(params.uri);
    wait.resolve({ at: performance.now(), count: params.diagnostics.length });
  }
});
connection.listen();
const published = (uri, version) => new Promise((resolve) => waiting.set(uri, { version, resolve }));

await connection.sendRequest("initialize", { processId: process.pid, rootUri: pathToFileURL(dir).href, capabilities: {} });
await connection.sendNotification("initialized", {});

const uri = pathToFileURL(join(dir, "bundle.yaml")).href;
let done = published(uri, 1);
await connection.sendNotification("textDocument/didOpen", {
  textDocument: { uri, languageId: "yaml", version: 1, text: bundle },
});
const first = await done;

// Change one digit of the first `replicas:` (or the first line's last
// character) back and forth.
const at = bundle.split("\n").findIndex((l) => /^\s*replicas: \d/.test(l));
const line = at >= 0 ? at : 0;
const column = bundle.split("\n")[line].length - 1;
const waited = [];
let stats = await connection.sendRequest("kubeshape/stats");
const before = stats.checks.length;
for (let i = 0; i < CHANGES; i++) {
  const version = i + 2;
  done = published(uri, version);
  const sent = performance.now();
  await connection.sendNotification("textDocument/didChange", {
    textDocument: { uri, version },
    contentChanges: [
      { range: { start: { line, character: column }, end: { line, character: column + 1 } }, text: String(1 + (i % 2)) },
    ],
  });
  const got = await done;
  waited.push(got.at - sent);
}
stats = await connection.sendRequest("kubeshape/stats");
const server_ms = stats.checks.slice(before);

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
};
const p95 = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length * 0.95)];
};
const rss = () => {
  const status = readFileSync(`/proc/${server.pid}/status`, "utf8");
  return Number(/VmRSS:\s+(\d+) kB/.exec(status)[1]);
};
const rssOne = rss();

await connection.sendNotification("textDocument/didClose", { textDocument: { uri } });
const opened = [];
for (let i = 0; i < 100; i++) {
  const text = corpus[i % corpus.length];
  const u = pathToFileURL(join(dir, `doc-${i}.yaml`)).href;
  done = published(u, 1);
  await connection.sendNotification("textDocument/didOpen", {
    textDocument: { uri: u, languageId: "yaml", version: 1, text },
  });
  await done;
  opened.push(text.length);
}
const rssHundred = rss();
stats = await connection.sendRequest("kubeshape/stats");

const result = {
  bundle: { lines: bundleLines, bytes: Buffer.byteLength(bundle), diagnostics: first.count },
  changes: CHANGES,
  server_ms: { median: median(server_ms), p95: p95(server_ms), max: Math.max(...server_ms) },
  client_ms: { median: median(waited), p95: p95(waited) },
  rss_kb: { one_bundle: rssOne, hundred_documents: rssHundred },
  hundred_documents: { documents: stats.documents, bytes: opened.reduce((a, b) => a + b, 0) },
};
console.log(JSON.stringify(result, null, 2));
await connection.sendRequest("shutdown");
await connection.sendNotification("exit");
connection.dispose();
rmSync(dir, { recursive: true, force: true });
const ok = result.server_ms.median <= 20;
console.log(
  `didChange of a ${bundleLines}-line bundle: server ${result.server_ms.median.toFixed(2)} ms median ` +
    `(p95 ${result.server_ms.p95.toFixed(2)}), client ${result.client_ms.median.toFixed(1)} ms median with the 50 ms debounce; ` +
    `${ok ? "within" : "OVER"} the 20 ms target. Memory: ${(rssOne / 1024).toFixed(1)} MB with the bundle, ` +
    `${(rssHundred / 1024).toFixed(1)} MB with 100 documents open.`,
);
process.exit(ok ? 0 : 1);
