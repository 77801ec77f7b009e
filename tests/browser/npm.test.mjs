// The npm package as a user gets it: `npm pack`, installed into a scratch
// project, then used from Node through both builds; its TypeScript types
// compile against real use and name exactly the fields the report has.
import { test, before } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync, readdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const PACKAGE = process.env.KUBESHAPE_NPM_PACKAGE;
const ROOT = new URL("../../", import.meta.url).pathname;
const seed = readFileSync(join(ROOT, "examples/seeds/000-2.2-pull-never.yaml"), "utf8");
let project;

const run = (cmd, args, cwd) => execFileSync(cmd, args, { cwd, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });

before(() => {
  assert.ok(PACKAGE, "KUBESHAPE_NPM_PACKAGE names the built package folder");
  project = mkdtempSync(join(tmpdir(), "kubeshape-npm-"));
  const packed = run("npm", ["pack", PACKAGE, "--pack-destination", project, "--silent"], project).trim().split("\n").pop();
  writeFileSync(join(project, "package.json"), JSON.stringify({ name: "scratch", private: true, type: "module" }));
  run("npm", ["install", "--no-audit", "--no-fund", "--offline", join(project, packed)], project);
});

test("the tarball holds both builds, the element, types, README and licence", () => {
  const installed = join(project, "node_modules/kubeshape");
  const files = readdirSync(installed);
  for (const f of ["web", "bundler", "element", "rules.json", "kubeshape-lint.js", "kubeshape-lint.d.ts", "README.md", "LICENSE", "package.json"]) {
    assert.ok(files.includes(f), `${f} in ${files}`);
  }
  for (const f of ["kubeshape.js", "kubeshape_bg.wasm", "kubeshape.d.ts"]) {
    assert.ok(readdirSync(join(installed, "web")).includes(f), `web/${f}`);
  }
});

test("the web build works in Node with the wasm bytes", () => {
  writeFileSync(join(project, "web.mjs"), `
    import { readFileSync } from "node:fs";
    import { initSync, lint, rules, explain, version } from "kubeshape/web";
    import { createRequire } from "node:module";
    const wasm = new URL("./node_modules/kubeshape/web/kubeshape_bg.wasm", import.meta.url);
    initSync({ module: readFileSync(wasm) });
    const report = lint(readFileSync(0, "utf8"), { lang: "zh", fileName: "pod.yaml" });
    console.log(JSON.stringify({ report, rules: rules("en").length, explain: explain("latest-tag").id,
      miss: explain("latest-tags"), bad: lint("a: 1", { preset: "lax" }), version: version() }));
  `);
  const out = JSON.parse(execFileSync("node", ["web.mjs"], { cwd: project, input: seed, encoding: "utf8" }));
  const never = out.report.findings.find((f) => f.rule === "pull-policy-never");
  assert.ok(never);
  assert.equal(never.file, "pod.yaml");
  assert.equal(never.line, seed.split("\n").findIndex((l) => l.includes("imagePullPolicy")) + 1);
  assert.match(never.message, /[\u4e00-\u9fff]/);
  assert.ok(out.rules > 40);
  assert.equal(out.explain, "latest-tag");
  assert.match(out.miss.error, /did you mean `latest-tag`/);
  assert.match(out.bad.error, /preset: unknown variant `lax`/);
  assert.match(out.version, /^\d+\.\d+\.\d+/);
});

test("renderChart renders a chart and lint checks one, its findings on the template lines", () => {
  const chart = new URL("../../tests/corpus/helm-charts/seed-004-myapp/", import.meta.url);
  const files = Object.fromEntries(["Chart.yaml", "values.yaml", "templates/deployment.yaml"]
    .map((p) => [p, readFileSync(new URL(p, chart), "utf8")]));
  const paste = readFileSync(new URL("../../examples/helm/seed-004-chart.yaml", import.meta.url), "utf8");
  writeFileSync(join(project, "chart.mjs"), `
    import { readFileSync } from "node:fs";
    import { initSync, lint, renderChart } from "kubeshape/web";
    initSync({ module: readFileSync(new URL("./node_modules/kubeshape/web/kubeshape_bg.wasm", import.meta.url)) });
    const { files, paste } = JSON.parse(readFileSync(0, "utf8"));
    console.log(JSON.stringify({
      rendered: renderChart(files, { releaseName: "demo", set: "image.tag=1.4.2" }),
      report: lint(files, { lang: "zh" }),
      pasted: lint(paste),
    }));
  `);
  const out = JSON.parse(execFileSync("node", ["chart.mjs"], { cwd: project, input: JSON.stringify({ files, paste }), encoding: "utf8" }));
  assert.match(out.rendered.rendered[0].text, /image: "myrepo\/myapp:1\.4\.2"/);
  assert.match(out.rendered.stream, /^---\n# Source: myapp\/templates\/deployment\.yaml\n/);
  const pull = out.report.findings.find((f) => f.rule === "latest-without-always-pull");
  assert.equal(pull.file, "templates/deployment.yaml");
  assert.equal(pull.line, 18);
  assert.deepEqual(pull.values.map((v) => v.line).sort(), [2, 3, 4]);
  assert.match(pull.message, /[\u4e00-\u9fff]/);
  const pasted = out.pasted.findings.find((f) => f.rule === "latest-without-always-pull");
  assert.equal(pasted.line, paste.split("\n").findIndex((l) => l.includes("imagePullPolicy")) + 1);
});

test("the bundler build imports the wasm as an ES module", () => {
  writeFileSync(join(project, "bundler.mjs"), `
    import { lint } from "kubeshape";
    const r = lint("apiVersion: v1\\nkind: Pod\\nmetadata: {name: p}\\nspec:\\n  containers:\\n  - {name: a, image: nginx}\\n");
    console.log(JSON.stringify(r.summary));
  `);
  const out = execFileSync("node", ["--experimental-wasm-modules", "--no-warnings", "bundler.mjs"], { cwd: project, encoding: "utf8" });
  assert.ok(JSON.parse(out).warning > 0, out);
});

test("the TypeScript types compile against real use and match the report's fields", () => {
  writeFileSync(join(project, "use.ts"), `
    import { lint, explain, renderChart, type Report, type Finding, type LintOptions, type ChartFiles, type RenderedChart } from "kubeshape";
    import type { KubeshapeLint } from "kubeshape/element";
    const options: LintOptions = { lang: "zh", preset: "strict", exclude: ["latest-tag"], fail_on: "warning" };
    const result = lint("kind: Pod", options);
    if ("error" in result) throw new Error(result.error);
    const report: Report = result;
    const first: Finding | undefined = report.findings[0];
    const where: number = (first?.line ?? 0) + (first?.column ?? 0);
    const qos: string | null | undefined = report.objects[0]?.qos;
    const e = explain("latest-tag", "en");
    const why: string = "error" in e ? e.error : e.why + e.text;
    declare const el: KubeshapeLint;
    const last: Report | null = el.report;
    const chart: ChartFiles = { "Chart.yaml": "name: a", "templates/a.yaml": "kind: Pod" };
    const rendered = renderChart(chart, { releaseName: "a", set: ["x=1"] });
    const stream: string = "error" in rendered ? rendered.error : (rendered as RenderedChart).stream;
    const charted = lint(chart, { lang: "en", values: "x: 1" });
    const valueLine: number | undefined = "error" in charted ? 0 : charted.findings[0]?.values?.[0]?.line;
    export { where, qos, why, last, stream, valueLine };
  `);
  writeFileSync(join(project, "tsconfig.json"), JSON.stringify({
    compilerOptions: { strict: true, noEmit: true, module: "nodenext", moduleResolution: "nodenext", target: "es2022", lib: ["es2022", "dom"], skipLibCheck: false },
    files: ["use.ts"],
  }));
  const tsc = join(ROOT, "node_modules/.bin/tsc");
  try {
    run(tsc, ["-p", "tsconfig.json"], project);
  } catch (e) {
    assert.fail(`tsc: ${e.stdout}${e.stderr}`);
  }
  // Every field of a real report is declared, and every declared field exists.
  const types = readFileSync(join(project, "node_modules/kubeshape/web/kubeshape.d.ts"), "utf8");
  const fields = (name) => {
    const body = types.match(new RegExp(`interface ${name} (?:extends \\w+ )?\\{([\\s\\S]*?)\\n\\}`))[1];
    // Only the interface's own fields: the lines at its shallowest indentation.
    const lines = body.split("\n").filter((l) => /^\s+\w+\??:/.test(l));
    const indent = Math.min(...lines.map((l) => l.match(/^\s*/)[0].length));
    return lines.filter((l) => l.match(/^\s*/)[0].length === indent).map((l) => l.trim().split(/:/)[0]).sort();
  };
  // The keys of a real value: every required field, and only declared ones
  // (an optional field, `name?`, may be absent).
  const matches = (keys, name) => {
    const declared = fields(name);
    const required = declared.filter((f) => !f.endsWith("?"));
    const all = declared.map((f) => f.replace(/\?$/, ""));
    assert.deepEqual(required.filter((f) => !keys.includes(f)), [], `${name}: required fields missing`);
    assert.deepEqual(keys.filter((k) => !all.includes(k)), [], `${name}: fields not declared`);
  };
  writeFileSync(join(project, "keys.mjs"), `
    import { readFileSync } from "node:fs";
    import { initSync, lint } from "kubeshape/web";
    initSync({ module: readFileSync(new URL("./node_modules/kubeshape/web/kubeshape_bg.wasm", import.meta.url)) });
    const r = lint(readFileSync(0, "utf8"));
    console.log(JSON.stringify({ report: Object.keys(r), finding: Object.keys(r.findings[0]), object: Object.keys(r.objects[0]),
      summary: Object.keys(r.summary), ref: Object.keys(r.findings.find((f) => f.object).object) }));
  `);
  const keys = JSON.parse(execFileSync("node", ["keys.mjs"], { cwd: project, input: seed, encoding: "utf8" }));
  matches(keys.report, "Report");
  matches(keys.finding, "Finding");
  matches(keys.object, "ObjectFact");
  matches(keys.ref, "ObjectRef");
  const summary = types.match(/summary: \{([\s\S]*?)\};/)[1];
  assert.deepEqual(keys.summary.sort(), [...summary.matchAll(/(\w+): number/g)].map((m) => m[1]).sort());
});
