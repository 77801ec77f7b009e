// The <kubeshape-lint> element on web/embed-demo.html and on test pages,
// in headless Chromium, loaded from the built npm package.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { BASE, SHOTS, launch, open } from "./browser.mjs";

const ROOT = new URL("../../", import.meta.url);
const seed = (name) => readFileSync(new URL(`examples/seeds/${name}`, ROOT), "utf8");
const lineOf = (text, needle) => text.split("\n").findIndex((l) => l.includes(needle)) + 1;
const hasChinese = (s) => /[\u4e00-\u9fff]/.test(s);

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

/** Scrolls each element into view (they load lazily) and waits until every
 * one has a report or an error. */
async function settled(page, selector = "kubeshape-lint") {
  for (const handle of await page.$$(selector)) {
    await handle.scrollIntoViewIfNeeded();
    await page.waitForFunction((el) => el.report || el.shadowRoot.querySelector(".status[role=alert]"), handle, { timeout: 15000 });
  }
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.waitForFunction((sel) => [...document.querySelectorAll(sel)].every((e) =>
    e.report || e.shadowRoot.querySelector(".status[role=alert]")), selector, { timeout: 15000 });
}

/** Findings of one element as rendered in its list: rule, line, column, message. */
function rendered(page, id) {
  return page.$eval(`#${id}`, (el) => [...el.shadowRoot.querySelectorAll(".list li")].map((li) => {
    const [line, column] = li.querySelector(".where").textContent.split(":").map(Number);
    return { rule: li.querySelector("code.rule").textContent, line, column, message: li.querySelector(".message").textContent };
  }));
}

/** Lines that carry a gutter marker in one element. */
function markedLines(page, id) {
  return page.$eval(`#${id}`, (el) => [...el.shadowRoot.querySelectorAll(".row")]
    .map((r, i) => (r.querySelector(".marker") ? i + 1 : 0)).filter(Boolean));
}

test("the demo page marks the seeds' pitfalls on the right lines, in both languages", async () => {
  const { page, problems, context } = await open(browser);
  await page.goto(`${BASE}/web/embed-demo.html`);
  await settled(page);
  const pull = seed("000-2.2-pull-never.yaml");
  const found = await rendered(page, "pull");
  const never = found.find((f) => f.rule === "pull-policy-never");
  assert.ok(never, JSON.stringify(found));
  assert.equal(never.line, lineOf(pull, "imagePullPolicy"));
  assert.ok((await markedLines(page, "pull")).includes(never.line));
  // The same YAML inside <pre><code>, in Chinese, finds the same things.
  const zh = await rendered(page, "pull-zh");
  assert.deepEqual(zh.map((f) => [f.rule, f.line, f.column]), found.map((f) => [f.rule, f.line, f.column]));
  assert.ok(zh.every((f) => hasChinese(f.message)), JSON.stringify(zh));
  // src= fetched the file.
  const fromSrc = await rendered(page, "from-src");
  assert.ok(fromSrc.some((f) => f.rule === "missing-memory-limit"), JSON.stringify(fromSrc));
  // exclude= applies.
  const hpa = await rendered(page, "hpa");
  assert.ok(hpa.some((f) => f.rule === "deprecated-api-version"));
  assert.ok(!hpa.some((f) => f.rule.includes("not-found")));
  // Lost indentation, explained.
  assert.ok((await rendered(page, "indent")).some((f) => f.rule === "lost-indentation"));
  // The message is on the marker for hover and focus, and "why / how to fix" opens.
  const tip = await page.$eval("#pull", (el, line) => el.shadowRoot.querySelectorAll(".row")[line - 1]
    .querySelector(".marker").getAttribute("data-tip"), never.line);
  assert.match(tip, /pull-policy-never/);
  assert.ok(tip.includes(never.message));
  await page.$eval("#pull", (el) => el.shadowRoot.querySelector("details").setAttribute("open", ""));
  assert.match(await page.$eval("#pull", (el) => el.shadowRoot.querySelector("details").textContent), /How to fix/);
  // The rule's "why" and "how to fix" come from rules.json (the element's
  // build carries no rule documentation), in the element's language.
  const explained = (id) => page.$eval(`#${id}`, (el) => {
    const li = [...el.shadowRoot.querySelectorAll(".list li")]
      .find((item) => item.querySelector("code.rule").textContent === "pull-policy-never");
    const details = li.querySelector("details");
    details.setAttribute("open", "");
    return details.textContent;
  });
  const why = await explained("pull");
  assert.match(why, /ErrImageNeverPull/);
  // (Code is shown as code: no backticks in the text.)
  assert.match(why, /kind load docker-image, minikube image load\) or push it to a registry, and use IfNotPresent/);
  assert.match(await explained("pull-zh"), /kind load docker-image/);
  await page.screenshot({ path: `${SHOTS}/widget-demo.png`, fullPage: true });
  // One wasm module for the whole page; nothing outside the origin; no errors.
  assert.equal(problems.requests.filter((u) => u.endsWith(".wasm")).length, 1);
  assert.deepEqual(problems.foreign, []);
  assert.deepEqual(problems.errors, []);
  await context.close();
});

test("editing an editable block updates its findings", async () => {
  const { page, problems, context } = await open(browser);
  await page.goto(`${BASE}/web/embed-demo.html#about-editable`);
  await settled(page);
  const before = (await rendered(page, "editable")).map((f) => f.rule);
  assert.ok(!before.includes("missing-memory-limit"), before.join());
  const area = page.locator("#editable textarea");
  const text = await area.inputValue();
  const withoutLimits = text.replace(/\n\s*limits:\n(\s+(memory|cpu):.*\n)+/, "\n");
  assert.notEqual(withoutLimits, text);
  await area.fill(withoutLimits);
  await page.waitForFunction(() => document.querySelector("#editable").report?.findings.some((f) => f.rule === "missing-memory-limit"));
  const after = (await rendered(page, "editable")).map((f) => f.rule);
  assert.ok(after.includes("missing-memory-limit"), after.join());
  // The rows under the textarea follow the text.
  const rows = await page.$eval("#editable", (el) => el.shadowRoot.querySelectorAll(".row").length);
  assert.equal(rows, withoutLimits.replace(/\n$/, "").split("\n").length);
  assert.deepEqual(problems.errors, []);
  await context.close();
});

test("the element loads the schema table: a misspelt field is found", async () => {
  const { page, problems, context } = await open(browser);
  await page.goto(`${BASE}/web/embed-demo.html#about-editable`);
  await settled(page);
  const area = page.locator("#editable textarea");
  const text = await area.inputValue();
  const typo = text.replace(/^(\s+)image:/m, "$1imagePullpolicy: Always\n$1image:");
  assert.notEqual(typo, text);
  await area.fill(typo);
  await page.waitForFunction(() => document.querySelector("#editable").report?.findings.some((f) => f.rule === "unknown-field"));
  const finding = await page.$eval("#editable", (el) => el.report.findings.find((f) => f.rule === "unknown-field"));
  assert.equal(finding.line, typo.split("\n").findIndex((l) => l.includes("imagePullpolicy")) + 1);
  assert.match(finding.message, /did you mean `imagePullPolicy`/);
  assert.deepEqual(problems.errors, []);
  await context.close();
});

test("Show corrected YAML loads the full build on demand, applies the safe fixes, and the fixes to review only when asked, marked", async () => {
  const { page, problems, context } = await open(browser);
  const fetched = [];
  page.on("request", (r) => fetched.push(new URL(r.url()).pathname));
  await page.goto(`${BASE}/web/embed-demo.html#about-editable`);
  await settled(page);
  // Nothing of the full build before the click.
  assert.ok(!fetched.some((p) => p.includes("/web/kubeshape")), fetched.join());
  const area = page.locator("#editable textarea");
  const text = await area.inputValue();
  const typo = text.replace(/^(\s+)image:/m, "$1imagePullpolicy: Always\n$1image:");
  await area.fill(typo);
  await page.waitForFunction(() => document.querySelector("#editable").report?.findings.some((f) => f.rule === "unknown-field"));
  await page.locator("#editable button.show-fix").click();
  await page.waitForFunction(() => document.querySelector("#editable").shadowRoot.querySelector(".fixed pre"));
  // The correction as a diff: the text after it is every line but the removed ones.
  const after = (el) => [...el.shadowRoot.querySelector(".fixed pre").children].filter((n) => n.tagName !== "DEL").map((n) => n.textContent.slice(2)).join("");
  const corrected = await page.$eval("#editable", after);
  assert.ok(corrected.includes("imagePullPolicy: Always") && !corrected.includes("imagePullpolicy"), corrected);
  const removed = await page.$eval("#editable", (el) => [...el.shadowRoot.querySelectorAll(".fixed pre del")].map((d) => d.textContent));
  assert.ok(removed.some((d) => d.includes("imagePullpolicy")), JSON.stringify(removed));
  assert.equal(await page.locator("#editable .fixed button.copy").count(), 1, "a copy button");
  const applied = await page.$$eval("#editable", (els) => [...els[0].shadowRoot.querySelectorAll(".fixed li")].map((li) => li.className));
  assert.ok(applied.length >= 1, applied.join("|"));
  // Only fixes that need no decision, and no template values to fill in.
  assert.ok(applied.every((c) => c === "safe"), applied.join("|"));
  assert.ok(!corrected.includes("TODO"), corrected);
  assert.ok(fetched.some((p) => p.endsWith("/web/kubeshape_bg.wasm")), fetched.join());
  // The fixes to review, when asked: each marked.
  await page.locator("#editable .fixed button.show-fix").click();
  await page.waitForFunction(() => [...document.querySelector("#editable").shadowRoot.querySelectorAll(".fixed li")].some((li) => li.className === "review"));
  const reviewed = await page.$eval("#editable", after);
  const marks = await page.$$eval("#editable", (els) => [...els[0].shadowRoot.querySelectorAll(".fixed li.review")].map((li) => li.textContent));
  assert.ok(marks.length >= 1 && marks.every((m) => /to review/.test(m)), marks.join("|"));
  assert.ok(reviewed.includes("# TODO"), reviewed);
  await page.locator("#editable").screenshot({ path: `${SHOTS}/widget-corrected.png` });
  // Editing again hides the stale correction.
  await area.fill(text);
  await page.waitForFunction(() => !document.querySelector("#editable").shadowRoot.querySelector(".fixed"));
  assert.deepEqual(problems.errors, []);
  await context.close();
});

test("Open in playground carries the YAML to the playground", async () => {
  const { page, context } = await open(browser);
  await page.goto(`${BASE}/web/embed-demo.html`);
  await settled(page);
  await page.waitForFunction(() => document.querySelector("#pull").shadowRoot.querySelector("a.open").href.includes("#s="));
  const href = await page.$eval("#pull", (el) => el.shadowRoot.querySelector("a.open").href);
  const playground = await open(browser);
  await playground.page.goto(href);
  await playground.page.waitForSelector(".finding");
  assert.equal(await playground.page.inputValue("textarea"), seed("000-2.2-pull-never.yaml"));
  await playground.context.close();
  await context.close();
});

test("the module loads only when an element comes near, and src must be same-origin", async () => {
  const { page, problems, context } = await open(browser);
  await page.goto(`${BASE}/test/lazy.html`);
  await page.waitForTimeout(500);
  assert.equal(problems.requests.filter((u) => u.endsWith(".wasm")).length, 0, "no wasm before scrolling");
  await page.$eval("#far", (el) => el.scrollIntoView());
  await settled(page);
  assert.equal(problems.requests.filter((u) => u.endsWith(".wasm")).length, 1);
  assert.ok((await rendered(page, "far")).some((f) => f.rule === "latest-tag"));
  assert.ok((await rendered(page, "far-2")).every((f) => hasChinese(f.message)));
  const refusal = await page.$eval("#foreign", (el) => el.shadowRoot.querySelector(".status").textContent);
  assert.match(refusal, /same-origin/);
  assert.deepEqual(problems.foreign, []);
  await context.close();
});

test("a text that needs the full build is checked by it: templates, look-alike characters, syntax errors in plain words", async () => {
  const { page, problems, context } = await open(browser);
  await page.goto(`${BASE}/test/learning.html`);
  await settled(page);
  const template = await rendered(page, "template");
  assert.deepEqual(template.map((f) => f.rule), ["unrendered-template"], JSON.stringify(template));
  assert.equal(template[0].line, 4);
  const colon = await rendered(page, "colon");
  assert.ok(colon.some((f) => f.rule === "lookalike-characters" && f.line === 3 && hasChinese(f.message)), JSON.stringify(colon));
  const syntax = await rendered(page, "syntax");
  const quote = syntax.find((f) => f.rule === "yaml-syntax");
  assert.ok(quote && quote.line === 4 && !quote.message.startsWith("YAML"), JSON.stringify(syntax));
  assert.ok(problems.requests.some((u) => u.endsWith("/web/kubeshape_bg.wasm")));
  assert.deepEqual(problems.errors, []);
  await context.close();
});

test("dark mode follows prefers-color-scheme", async () => {
  const { page, context } = await open(browser, { colorScheme: "dark" });
  await page.goto(`${BASE}/web/embed-demo.html`);
  await settled(page);
  const bg = await page.$eval("#pull", (el) => getComputedStyle(el.shadowRoot.querySelector(".box")).backgroundColor);
  assert.equal(bg, "rgb(27, 31, 35)");
  await page.screenshot({ path: `${SHOTS}/widget-demo-dark.png` });
  await context.close();
});

test("typing across a re-lint keeps every character, the caret and focus", async () => {
  const { page, problems, context } = await open(browser);
  await page.goto(`${BASE}/web/embed-demo.html#about-editable`);
  await settled(page);
  const area = page.locator("#editable textarea");
  await area.click();
  await page.keyboard.press("Control+End");
  await page.keyboard.type("\n# a");
  // Long enough for the debounced re-lint to run and re-render.
  await page.waitForTimeout(700);
  await page.keyboard.type("bc");
  await page.waitForTimeout(700);
  await page.keyboard.type("d");
  const text = await area.inputValue();
  assert.ok(text.endsWith("\n# abcd"), JSON.stringify(text.slice(-20)));
  const focused = await page.$eval("#editable", (el) => el.shadowRoot.activeElement?.tagName);
  assert.equal(focused, "TEXTAREA");
  assert.deepEqual(problems.errors, []);
  await context.close();
});

test("an open why / how to fix stays open, and focused, when the findings are checked again", async () => {
  const { page, problems, context } = await open(browser);
  await page.goto(`${BASE}/web/embed-demo.html#about-editable`);
  await settled(page);
  const host = page.locator("#editable");
  const summary = host.locator("li details summary").first();
  await summary.focus();
  await page.keyboard.press("Enter");
  const key = await page.$eval("#editable", (el) => el.shadowRoot.querySelector("details[open]")?.closest("li").dataset.key);
  assert.ok(key, "a finding's details opened");
  // An edit elsewhere re-renders the list.
  const area = host.locator("textarea");
  await area.focus();
  await page.keyboard.press("Control+End");
  await page.keyboard.type("\n# note");
  await page.waitForFunction(() => document.querySelector("#editable").shadowRoot.querySelector("textarea").value.endsWith("# note"));
  await page.waitForTimeout(700);
  const still = await page.$eval("#editable", (el, k) => [...el.shadowRoot.querySelectorAll("li[data-key]")].find((li) => li.dataset.key === k)?.querySelector("details").open, key);
  assert.equal(still, true);
  // Severity is said in words, and each summary names its finding.
  const words = await page.$eval("#editable", (el) => [...el.shadowRoot.querySelectorAll("li .sr")].map((s) => s.textContent));
  assert.ok(words.some((w) => /^(error|warning|info): $/.test(w)), JSON.stringify(words));
  const summaries = await page.$eval("#editable", (el) => [...el.shadowRoot.querySelectorAll("summary")].map((s) => s.textContent));
  assert.equal(new Set(summaries).size, summaries.length, JSON.stringify(summaries));
  assert.deepEqual(problems.errors, []);
  await context.close();
});

test("Open in playground keeps the YAML after Show corrected YAML, and the regions have distinct names", async () => {
  const { page, problems, context } = await open(browser);
  await page.goto(`${BASE}/web/embed-demo.html`);
  await settled(page);
  const link = () => page.$eval("#editable", (el) => el.shadowRoot.querySelector("a.open").href);
  await page.waitForFunction(() => document.querySelector("#editable").shadowRoot.querySelector("a.open")?.href.includes("#s="));
  const before = await link();
  await page.locator("#editable button.show-fix").first().click();
  await page.waitForFunction(() => document.querySelector("#editable").shadowRoot.querySelector(".fixed"));
  assert.equal(await link(), before);
  const names = await page.$$eval("kubeshape-lint", (els) => els.map((el) => el.shadowRoot.querySelector("[role=region]")?.getAttribute("aria-label")).filter(Boolean));
  assert.equal(new Set(names).size, names.length, JSON.stringify(names));
  assert.deepEqual(problems.errors, []);
  await context.close();
});

test("line numbers stay in view when a long line scrolls the code sideways", async () => {
  const { page, problems, context } = await open(browser);
  await page.goto(`${BASE}/web/embed-demo.html`);
  await settled(page);
  await page.evaluate(() => {
    const el = document.createElement("kubeshape-lint");
    el.id = "long";
    el.textContent = `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: long\ndata:\n  A: "${"x".repeat(400)}"\n`;
    document.body.prepend(el);
  });
  await page.waitForFunction(() => document.querySelector("#long").report);
  const left = await page.$eval("#long", (el) => {
    const code = el.shadowRoot.querySelector(".code");
    code.scrollLeft = 600;
    const ln = el.shadowRoot.querySelector(".ln");
    return { code: code.getBoundingClientRect().left, ln: ln.getBoundingClientRect().left, scrolled: code.scrollLeft };
  });
  assert.ok(left.scrolled > 0, "the code scrolls sideways");
  assert.ok(Math.abs(left.ln - left.code) < 2, JSON.stringify(left));
  assert.deepEqual(problems.errors, []);
  await context.close();
});
