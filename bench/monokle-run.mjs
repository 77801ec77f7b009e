// Runs Monokle's validator (@monokle/validation) over files and folders the
// way its CLI does: every YAML document becomes a resource; the plugins that
// work offline are on (yaml-syntax, pod-security-standards, practices,
// resource-links, metadata); kubernetes-schema and open-policy-agent would
// download schemas and policies. Prints the number of results.
//
// node bench/monokle-run.mjs PATH...   (NODE_PATH points at its install)
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { createRequire } from "node:module";

const require = createRequire(join(process.env.MONOKLE_DIR ?? process.cwd(), "noop.js"));
const { createDefaultMonokleValidator } = await import(require.resolve("@monokle/validation"));
const { parseAllDocuments, LineCounter } = await import(require.resolve("yaml"));

function files(path) {
  if (statSync(path).isDirectory()) {
    return readdirSync(path).sort().flatMap((name) => files(join(path, name)));
  }
  return /\.ya?ml$/.test(path) ? [path] : [];
}

const resources = [];
for (const path of process.argv.slice(2).flatMap(files)) {
  const text = readFileSync(path, "utf8");
  const lineCounter = new LineCounter();
  parseAllDocuments(text, { lineCounter }).forEach((doc, i) => {
    const content = doc.toJS();
    if (!content || typeof content !== "object") return;
    const [start, , end] = doc.range;
    resources.push({
      id: `${path}#${i}`,
      fileId: path,
      filePath: path,
      fileOffset: lineCounter.linePos(start).line - 1,
      name: content.metadata?.name ?? "",
      namespace: content.metadata?.namespace,
      apiVersion: content.apiVersion ?? "",
      kind: content.kind ?? "",
      content,
      text: text.slice(start, end),
    });
  });
}

const validator = createDefaultMonokleValidator();
await validator.preload({
  plugins: {
    "yaml-syntax": true,
    "pod-security-standards": true,
    practices: true,
    "resource-links": true,
    metadata: true,
    "kubernetes-schema": false,
    "open-policy-agent": false,
  },
});
const response = await validator.validate({ resources });
const results = response.runs.reduce((n, run) => n + run.results.length, 0);
console.log(JSON.stringify({ resources: resources.length, results }));
