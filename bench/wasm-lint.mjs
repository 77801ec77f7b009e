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

  // Keystroke to paint in the playground: one character typed into a text
  // of 200 and of 2,000 lines (an input event, as the browser sends it),
  // timed until the frame after it is painted (a task queued from the next
  // animation frame runs after that frame's paint). The debounced lint is
  // not on this path; the second figure is the re-lint of 2,000 lines the
  // page reports.
  results.keystroke = {};
  for (const lines of [200, 2000]) {
    const source = bundle(lines);
    await pg.page.evaluate((t) => {
      const area = document.querySelector("textarea");
      area.value = t;
      area.dispatchEvent(new InputEvent("input", { bubbles: true, inputType: "insertFromPaste" }));
    }, source);
    await pg.page.waitForTimeout(400);
    const times = await pg.page.evaluate(async (n) => {
      const area = document.querySelector("textarea");
      const out = [];
      for (let i = 0; i < n; i++) {
        const at = Math.floor(area.value.length / 2);
        const t = performance.now();
        area.value = area.value.slice(0, at) + (i % 2 ? "" : "x") + area.value.slice(at + (i % 2 ? 1 : 0));
        area.dispatchEvent(new InputEvent("input", { bubbles: true, inputType: i % 2 ? "deleteContentBackward" : "insertText" }));
        await new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0)));
        out.push(performance.now() - t);
        // Let the debounced lint run now and then, as between words.
        if (i % 10 === 9) await new Promise((r) => setTimeout(r, 300));
      }
      return out;
    }, 60);
    results.keystroke[lines] = median(times.slice(10));
    if (lines === 2000) {
      const relints = [];
      for (let i = 0; i < 15; i++) {
        await pg.page.evaluate((t) => {
          const area = document.querySelector("textarea");
          area.value = t;
          area.dispatchEvent(new InputEvent("input", { bubbles: true, inputType: "insertFromPaste" }));
        }, i % 2 ? source : source.replace("replicas: 3", "replicas: 4"));
        await pg.page.waitForTimeout(300);
        relints.push(parseFloat(await pg.page.textContent(".timing")));
      }
      results.relint2000 = median(relints.slice(3));
    }
  }
} finally {
  await browser.close();
}

console.log(`bundle: ${lineCount} lines, ${results.findings} findings; median of ${RUNS} runs after 20 warm-up runs`);
console.log(`lint() in Node ${process.version}:         ${results.node.toFixed(2)} ms`);
console.log(`lint() in headless Chromium:       ${results.chromium.toFixed(2)} ms`);
console.log(`playground re-lint (median of 25): ${results.playground.toFixed(2)} ms`);
console.log(`playground keystroke to paint (median of 50): ${results.keystroke[200].toFixed(1)} ms at 200 lines, ${results.keystroke[2000].toFixed(1)} ms at 2,000 lines (targets 8 and 16 ms)`);
console.log(`playground re-lint of 2,000 lines (median of 12): ${results.relint2000.toFixed(2)} ms (target 10 ms)`);
