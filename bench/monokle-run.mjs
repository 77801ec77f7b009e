// Runs Monokle's validator (@monokle/validation) over files and folders the
// way its CLI's `monokle validate --output sarif DIR` does: every YAML
// document becomes a resource; the references between resources are
// resolved (`processRefs`: the resource-links plugin reads them, and finds
// nothing without them); the plugins that work offline are on (yaml-syntax,
// pod-security-standards, practices, resource-links, metadata;
// kubernetes-schema and open-policy-agent would download schemas and
// policies); and the SARIF response is printed as the CLI prints it
// (`JSON.stringify(response, null, 2)`). The counts of resources and
// results go to stderr.
//
// node bench/monokle-run.mjs PATH...   (MONOKLE_DIR holds its install)
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { createRequire } from "node:module";

const require = createRequire(join(process.env.MONOKLE_DIR ?? process.cwd(), "noop.js"));
const { createDefaultMonokleValidator, processRefs, ResourceParser } = await import(
  require.resolve("@monokle/validation")
);
const { parseAllDocuments, LineCounter } = await import(require.resolve("yaml"));

function files(path) {
  if (statSync(path).isDirectory()) {
    return readdirSync(path).sort().flatMap((name) => files(join(path, name)));
  }
  return /\.ya?ml$/.test(path) ? [path] : [];
}

const paths = process.argv.slice(2).flatMap(files);
const resources = [];
for (const path of paths) {
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
if (resources.length === 0) {
  console.error("no YAML resources found");
  process.exit(1);
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
processRefs(resources, new ResourceParser(), undefined, paths);
// Without references the resource-links plugin checks nothing (as it did
// here before the reference pass was run): refuse to time that.
const references = resources.reduce((n, r) => n + (r.refs?.length ?? 0), 0);
if (references === 0) {
  console.error("the reference pass found no references: resource-links would check nothing");
  process.exit(1);
}
const response = await validator.validate({ resources });
// (Writes to files and pipes are synchronous in Node on Linux.)
process.stdout.write(JSON.stringify(response, null, 2) + "\n");
const results = response.runs.reduce((n, run) => n + run.results.length, 0);
console.error(JSON.stringify({ resources: resources.length, references, results }));
