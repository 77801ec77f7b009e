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

/**
 * Types 60 keys (a character, then Backspace) into the page's textarea at
 * its middle under a Chromium trace; returns the medians (the first ten
 * keys left out) of keydown-to-painted-frame and of the input handler.
 */
async function keystrokes(browser, page, source) {
  await page.evaluate((t) => {
    const area = document.querySelector("textarea");
    area.value = t;
    area.dispatchEvent(new InputEvent("input", { bubbles: true, inputType: "insertFromPaste" }));
    area.focus();
    const middle = Math.floor(t.length / 2);
    area.setSelectionRange(middle, middle);
  }, source);
  await page.waitForTimeout(400);
  await browser.startTracing(page, { categories: ["devtools.timeline", "blink"] });
  for (let i = 0; i < 60; i++) {
    await page.keyboard.press(i % 2 ? "Backspace" : "x");
    await page.waitForTimeout(30 + Math.random() * 30);
    // Let the debounced lint run now and then, as between words.
    if (i % 10 === 9) await page.waitForTimeout(300);
  }
  const trace = JSON.parse(await browser.stopTracing());
  const done = (trace.traceEvents ?? trace).filter((e) => e.ph === "X" && e.dur !== undefined);
  const dispatch = (type) => done.filter((e) => e.name === "EventDispatch" && e.args?.data?.type === type);
  const keys = dispatch("keydown").sort((a, b) => a.ts - b.ts);
  const thread = keys[0].tid;
  const inputs = dispatch("input").filter((e) => e.tid === thread).sort((a, b) => a.ts - b.ts);
  const frames = done.filter((e) => e.tid === thread && e.name === "WebFrameWidgetImpl::UpdateLifecycle").sort((a, b) => a.ts - b.ts);
  const latency = [], handler = [];
  for (const key of keys) {
    const input = inputs.find((e) => e.ts > key.ts);
    const frame = input && frames.find((f) => f.ts >= input.ts + input.dur);
    if (!frame) continue;
    latency.push((frame.ts + frame.dur - key.ts) / 1000);
    handler.push(input.dur / 1000);
  }
  // The debounced re-lint after a pause: its timer's task (the lint, the
  // page updated with the findings) to the end of the frame that shows them.
  const relint = done.filter((e) => e.tid === thread && e.name === "TimerFire" && e.dur > 1000).map((t) => {
    const frame = frames.find((f) => f.ts >= t.ts + t.dur);
    return frame ? (frame.ts + frame.dur - t.ts) / 1000 : NaN;
  }).filter((x) => !Number.isNaN(x));
  return { latency: median(latency.slice(10)), handler: median(handler.slice(10)), relint: median(relint) };
}

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

  // Keystroke to paint in the playground: real key presses (Chromium's
  // own keyboard events, as a person's) into a text of 200 and of 2,000
  // lines, at uneven intervals, read from a Chromium trace: for each key,
  // from its keydown to the end of the first frame painted after the page
  // handled the edit (the debounced lint is not on this path). Next to it
  // the floor: a bare textarea with the same text and font, which costs
  // what the browser's own editing and painting cost.
  results.keystroke = {};
  results.floor = {};
  results.handler = {};
  const floor = await open(browser);
  await floor.page.setContent('<textarea wrap="off" style="width:700px;height:600px;font:13px/20px monospace;tab-size:2"></textarea>');
  for (const lines of [200, 2000]) {
    const source = bundle(lines);
    const ours = await keystrokes(browser, pg.page, source);
    results.keystroke[lines] = ours.latency;
    results.handler[lines] = ours.handler;
    results.relintShown = ours.relint;
    results.floor[lines] = (await keystrokes(browser, floor.page, source)).latency;
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
console.log(`  a bare textarea, the same keys:     ${results.floor[200].toFixed(1)} ms at 200 lines, ${results.floor[2000].toFixed(1)} ms at 2,000 lines`);
console.log(`  the page's input handler:           ${results.handler[200].toFixed(2)} ms at 200 lines, ${results.handler[2000].toFixed(2)} ms at 2,000 lines`);
console.log(`playground re-lint of 2,000 lines (median of 12): ${results.relint2000.toFixed(2)} ms (target 10 ms)`);
console.log(`  and until its findings are painted (the page updated, the frame drawn): ${results.relintShown.toFixed(1)} ms`);
