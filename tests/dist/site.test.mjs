// The static site `cargo xtask dist OUT` writes, served by a plain static
// host (`python3 -m http.server`, which knows nothing of kubeshape): the
// playground lints, a rule's own URL opens its page, the widget demo
// works, and every asset has its precompressed copies. KUBESHAPE_URL is
// the host, KUBESHAPE_SITE the folder.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { existsSync, readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { BASE, launch, open } from "../browser/browser.mjs";

const SITE = process.env.KUBESHAPE_SITE;
let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

test("the playground lints on a plain static host", async () => {
  const { page, problems, context } = await open(browser, { locale: "en-US" });
  await page.goto(`${BASE}/`);
  await page.waitForSelector("textarea");
  await page.fill("textarea", readFileSync(new URL("../../examples/seeds/000-ch1-deployment.yaml", import.meta.url), "utf8"));
  // The re-lint is debounced: wait for this text's findings.
  await page.waitForFunction(() => [...document.querySelectorAll(".finding .rule")].some((e) => e.textContent === "placeholder-image"), null, { timeout: 15000 });
  const rules = await page.$$eval(".finding .rule", (items) => items.map((i) => i.textContent));
  assert.ok(rules.includes("placeholder-image"), rules.join(", "));
  assert.deepEqual(problems.errors, []);
  assert.deepEqual(problems.foreign, []);
  await context.close();
});

test("each rule has its own URL, which opens its page", async () => {
  const { page, problems, context } = await open(browser, { locale: "en-US" });
  await page.goto(`${BASE}/rules/latest-tag/`);
  await page.waitForURL(/#\/rules\/latest-tag$/);
  await page.waitForSelector("h1, h2");
  const text = await page.textContent("body");
  assert.match(text, /latest-tag/);
  assert.deepEqual(problems.errors, []);
  await context.close();
  const html = readFileSync(join(SITE, "rules/latest-tag/index.html"), "utf8");
  assert.match(html, /<h1><code>latest-tag<\/code>/);
  assert.match(html, /Why it matters/);
});

test("the widget demo renders its findings", async () => {
  const { page, problems, context } = await open(browser, { locale: "en-US" });
  await page.goto(`${BASE}/web/embed-demo.html`);
  await page.waitForFunction(() => [...document.querySelectorAll("kubeshape-lint")].some((e) => e.report), null, { timeout: 20000 });
  assert.deepEqual(problems.errors, []);
  assert.deepEqual(problems.foreign, []);
  await context.close();
});

test("every asset has a .br and a .gz beside it", () => {
  const missing = [];
  (function walk(dir) {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const p = join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (/\.(html|js|wasm|json|bin)$/.test(e.name) && !(existsSync(`${p}.br`) && existsSync(`${p}.gz`))) missing.push(p);
    }
  })(SITE);
  assert.deepEqual(missing, []);
});
