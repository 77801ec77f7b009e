// axe-core (npm) on the playground — light, dark, 中文 and a 390 px phone
// — and on the widget demo: no WCAG 2.x A/AA violation. The pages' CSP
// forbids inline scripts, so the test's browser context injects axe with
// the CSP bypassed (the pages themselves are served as always).
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { BASE, launch, open } from "./browser.mjs";

const AXE = readFileSync(new URL("../../node_modules/axe-core/axe.min.js", import.meta.url), "utf8");
const TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"];

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

async function violations(path, options, ready) {
  const { page, context } = await open(browser, { locale: "en-US", bypassCSP: true, ...options });
  await page.goto(`${BASE}${path}`);
  await ready(page);
  await page.addScriptTag({ content: AXE });
  const found = await page.evaluate(async (tags) => (await window.axe.run(document, { runOnly: { type: "tag", values: tags } }))
    .violations.map((v) => `${v.id}: ${v.nodes.slice(0, 3).map((n) => n.target.join(" ")).join(" | ")}`), TAGS);
  await context.close();
  return found;
}

const playground = async (page) => {
  await page.waitForSelector(".finding");
  await page.waitForTimeout(300);
};

for (const [name, options] of [
  ["light", {}],
  ["dark", { colorScheme: "dark" }],
  ["中文", { locale: "zh-CN" }],
  ["a 390 px phone", { viewport: { width: 390, height: 844 } }],
]) {
  test(`the playground (${name}) has no WCAG A/AA violation`, async () => {
    assert.deepEqual(await violations("/", options, playground), []);
  });
}

test("the widget demo has no WCAG A/AA violation", async () => {
  // The elements check themselves as they come near the viewport: scroll
  // through the page so that every one is rendered with its findings.
  const ready = async (page) => {
    await page.evaluate(async () => {
      for (let y = 0; y < document.body.scrollHeight; y += 400) {
        window.scrollTo(0, y);
        await new Promise((r) => setTimeout(r, 100));
      }
    });
    await page.waitForFunction(() => [...document.querySelectorAll("kubeshape-lint")].every((e) => e.report || e.shadowRoot.querySelector("[role=alert]")), null, { timeout: 20000 });
  };
  assert.deepEqual(await violations("/web/embed-demo.html", {}, ready), []);
});
