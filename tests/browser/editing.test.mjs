// The learner's work in the playground: one edit history for typing,
// pastes, examples and fixes (buttons and keys), a draft per tab, the
// lesson of an example open on load, the rule search over the rules'
// texts. Written as the learner's steps, in headless Chromium.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { BASE, launch, open } from "./browser.mjs";

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

async function playground(options) {
  const session = await open(browser, { locale: "en-US", ...options });
  await session.page.goto(`${BASE}/`);
  await session.page.waitForSelector(".finding");
  return session;
}

/** A paste as the browser reports it: one input event of its own type. */
async function paste(page, text) {
  await page.evaluate((t) => {
    const area = document.querySelector("textarea");
    area.focus();
    area.value = t;
    area.dispatchEvent(new InputEvent("input", { bubbles: true, inputType: "insertFromPaste" }));
  }, text);
  await page.waitForTimeout(300);
}

const value = (page) => page.inputValue("textarea");
const POD = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: mine\nspec:\n  containers:\n    - name: app\n      image: nginx:1.27\n";

test("the first visit opens the lesson of the first example", async () => {
  const { page, problems, context } = await playground();
  await page.waitForSelector(".finding.open");
  assert.equal(await page.textContent(".finding.open .rule"), "missing-memory-limit");
  // The pointer over the marked line shows its messages; off the text, nothing.
  const box = await page.locator("textarea").boundingBox();
  const line = (await page.inputValue("textarea")).split("\n").findIndex((l) => l.includes("- name:")) + 1;
  await page.mouse.move(box.x + 120, box.y + 8 + (line - 1) * 20 + 10);
  await page.waitForSelector(".tooltip:not([hidden])");
  assert.match(await page.textContent(".tooltip"), /missing-memory-limit/);
  await page.mouse.move(box.x + 120, box.y + box.height - 30);
  await page.waitForSelector(".tooltip[hidden]", { state: "attached" });
  assert.deepEqual(problems.errors, []);
  await context.close();
});

test("paste then undo keeps the paste reachable, with the keys too", async () => {
  const { page, problems, context } = await playground();
  await paste(page, POD);
  await page.click("textarea");
  await page.keyboard.press("Control+End");
  await page.keyboard.type("# my note");
  await page.waitForTimeout(300);
  const typed = await value(page);
  assert.ok(typed.endsWith("# my note"), typed);
  await paste(page, "kind: Service\n");
  // Ctrl+Z: the paste undone, the typing kept; again: the typing undone.
  await page.keyboard.press("Control+z");
  await page.waitForTimeout(100);
  assert.equal(await value(page), typed);
  await page.keyboard.press("Control+z");
  await page.waitForTimeout(100);
  assert.equal(await value(page), POD);
  // The caret is where the undone typing was.
  assert.equal(await page.$eval("textarea", (t) => t.selectionStart), POD.length);
  // Shift+Ctrl+Z twice: the typing, then the paste, are back.
  await page.keyboard.press("Control+Shift+z");
  await page.keyboard.press("Control+Shift+z");
  await page.waitForTimeout(100);
  assert.equal(await value(page), "kind: Service\n");
  // The Undo button walks the same history.
  await page.click("button.undo");
  await page.waitForTimeout(100);
  assert.equal(await value(page), typed);
  assert.deepEqual(problems.errors, []);
  await context.close();
});

test("Ctrl+Z undoes an applied fix, and the focus moves on to the next finding", async () => {
  const { page, problems, context } = await playground();
  await paste(page, POD.replace("      image:", "      imagePullpolicy: Always\n      image:"));
  const before = await value(page);
  const count = await page.locator(".finding").count();
  await page.locator(".finding", { has: page.locator(".rule", { hasText: "unknown-field" }) }).locator(".finding-head").click();
  await page.click(".finding.open button.apply");
  await page.waitForTimeout(200);
  assert.notEqual(await value(page), before);
  const focused = await page.evaluate(() => document.activeElement.id);
  assert.match(focused, /^finding-\d+$/);
  assert.ok(await page.locator(".finding").count() < count + 1);
  // Arrow keys go on from there, as the hint says.
  await page.keyboard.press("ArrowDown");
  assert.notEqual(await page.evaluate(() => document.activeElement.id), focused);
  await page.click("textarea");
  await page.keyboard.press("Control+z");
  await page.waitForTimeout(200);
  assert.equal(await value(page), before);
  assert.deepEqual(problems.errors, []);
  await context.close();
});

test("an example opens with its lesson; Undo brings the learner's text back", async () => {
  const { page, problems, context } = await playground();
  await paste(page, POD);
  await page.click("nav >> text=Examples");
  await page.click("#example-probes button.broken");
  await page.waitForSelector(".finding.open");
  assert.equal(await page.textContent(".finding.open .rule"), "liveness-initial-delay-too-short");
  await page.click("button.undo");
  await page.waitForTimeout(200);
  assert.equal(await value(page), POD);
  // The keyboard stays on Undo, and moves to Redo once nothing is left.
  assert.equal(await page.evaluate(() => document.activeElement.id), "undo");
  while (await page.locator("button.undo").isEnabled()) await page.click("button.undo");
  assert.equal(await page.evaluate(() => document.activeElement.id), "redo");
  while (await value(page) !== POD) await page.click("button.redo");
  await page.click("button.redo");
  await page.waitForTimeout(200);
  assert.match(await value(page), /initialDelaySeconds/);
  assert.deepEqual(problems.errors, []);
  await context.close();
});

test("each tab keeps its own draft across a reload", async () => {
  const { page, context } = await playground();
  await paste(page, POD.replace("mine", "first-tab"));
  const other = await context.newPage();
  await other.goto(`${BASE}/`);
  await other.waitForSelector(".finding");
  // A new tab starts from the last draft, then goes its own way.
  assert.match(await value(other), /first-tab/);
  await paste(other, POD.replace("mine", "second-tab"));
  await page.reload();
  await page.waitForSelector(".finding");
  assert.match(await value(page), /first-tab/);
  await other.reload();
  await other.waitForSelector(".finding");
  assert.match(await value(other), /second-tab/);
  await context.close();
});

test("the rule search reads the rules' texts, in both languages", async () => {
  const { page, context } = await playground();
  await page.click("nav >> text=Rules");
  // The texts load with rules.json: wait until a search finds the rule.
  const finds = (q, id) => page.fill("input.search", q).then(() => page.waitForFunction(
    (id) => [...document.querySelectorAll(".rule-row code")].some((c) => c.textContent === id), id, { timeout: 5000 }));
  // Only the texts say "OOM" (the why of the GOMEMLIMIT rule).
  await finds("OOM", "go-memlimit-unset");
  await finds("helm", "helm-template-error");
  await finds("内存", "missing-memory-limit");
  const oom = await page.fill("input.search", "OOM").then(() => page.$$eval(".rule-row", (r) => r.length));
  const all = await page.fill("input.search", "").then(() => page.$$eval(".rule-row", (r) => r.length));
  assert.ok(oom < all, `${oom} of ${all}`);
  await context.close();
});
