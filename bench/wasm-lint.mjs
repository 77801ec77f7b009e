// lint() time on a 1,000-line bundle, median of 100 runs after warm-up:
// in Node (the npm package's web build), in headless Chromium (the same
// module on a page), and the playground's own re-lint of a pasted bundle.
// Run with `cargo xtask wasm-bench` (it builds, serves, and calls this).
import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { launch, open, BASE } from "../tests/browser/browser.mjs";

const ROOT = new URL("../", import.meta.url).pathname;
const PACKAGE = process.env.KUBESHAPE_NPM_PACKAGE;
const RUNS = 100;

/** Seed examples joined as one multi-document bundle of at least 1,000 lines. */
export function bundle(lines = 1000) {
  const dir = join(ROOT, "examples/seeds");
  const docs = readdirSync(dir).filter((f) => !f.includes("as-printed") && !f.includes("helm")).sort()
    .map((f) => readFileSync(join(dir, f), "utf8").trimEnd());
  const out = [];
  for (let i = 0; out.join("\n---\n").split("\n").length < lines; i++) {
    out.push(docs[i % docs.length].replace(/name: ([\w-]+)/, `name: $1-${i}`));
  }
  return out.join("\n---\n") + "\n";
}

const median = (xs) => { const s = [...xs].sort((a, b) => a - b); return s[Math.floor(s.length / 2)]; };

const text = bundle();
const lineCount = text.split("\n").length - 1;
const results = {};

{
  const { initSync, lint } = await import(join(PACKAGE, "web/kubeshape.js"));
  initSync({ module: readFileSync(join(PACKAGE, "web/kubeshape_bg.wasm")) });
  for (let i = 0; i < 20; i++) lint(text);
  const times = [];
  for (let i = 0; i < RUNS; i++) {
    const t = performance.now();
    lint(text);
    times.push(performance.now() - t);
  }
  results.node = median(times);
  results.findings = lint(text).findings.length;
}

const browser = await launch();
try {
  const { page } = await open(browser);
  await page.goto(`${BASE}/test/lazy.html`);
  results.chromium = await page.evaluate(async ({ text, runs }) => {
    const m = await import("/npm/web/kubeshape.js");
    await m.default();
    for (let i = 0; i < 20; i++) m.lint(text);
    const times = [];
    for (let i = 0; i < runs; i++) {
      const t = performance.now();
      m.lint(text);
      times.push(performance.now() - t);
    }
    times.sort((a, b) => a - b);
    return times[Math.floor(times.length / 2)];
  }, { text, runs: RUNS });

  // The playground: put the bundle in the editor as a paste does (one input
  // event; Playwright's fill() goes through execCommand, which Chrome makes
  // slow for long texts), and read the lint time the page reports.
  const pg = await open(browser);
  await pg.page.goto(`${BASE}/`);
  await pg.page.waitForSelector("textarea");
  const shown = [];
  for (let i = 0; i < 30; i++) {
    await pg.page.evaluate((t) => {
      const area = document.querySelector("textarea");
      area.value = t;
      area.dispatchEvent(new InputEvent("input", { bubbles: true, inputType: "insertFromPaste" }));
    }, i % 2 ? text : text.replace("replicas: 3", "replicas: 4"));
    await pg.page.waitForTimeout(250);
    shown.push(parseFloat(await pg.page.textContent(".timing")));
  }
  results.playground = median(shown.slice(5));
} finally {
  await browser.close();
}

console.log(`bundle: ${lineCount} lines, ${results.findings} findings; median of ${RUNS} runs after 20 warm-up runs`);
console.log(`lint() in Node ${process.version}:         ${results.node.toFixed(2)} ms`);
console.log(`lint() in headless Chromium:       ${results.chromium.toFixed(2)} ms`);
console.log(`playground re-lint (median of 25): ${results.playground.toFixed(2)} ms`);
