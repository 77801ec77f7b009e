// End-to-end tests of the playground (index.html + web/), in headless
// Chromium. Run by `cargo xtask test` against the freshly built playground.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { BASE, SHOTS, launch, open } from "./browser.mjs";

const ROOT = new URL("../../", import.meta.url);
const seed = (name) => readFileSync(new URL(`examples/seeds/${name}`, ROOT), "utf8");
const DEPLOYMENT = seed("000-ch1-deployment.yaml");
/** 1-based line of the first line of `text` that contains `needle`. */
const lineOf = (text, needle) => text.split("\n").findIndex((l) => l.includes(needle)) + 1;
const hasChinese = (s) => /[\u4e00-\u9fff]/.test(s);

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

async function playground(options) {
  const session = await open(browser, { permissions: ["clipboard-read", "clipboard-write"], locale: "en-US", ...options });
  await session.page.goto(`${BASE}/`);
  await session.page.waitForSelector("textarea");
  // A fresh browser profile: no draft, no remembered language.
  return session;
}

async function paste(page, text) {
  await page.fill("textarea", text);
  // The re-lint is debounced; wait until the panel shows this text's objects.
  await page.waitForTimeout(400);
}

/** The findings panel as data: rule, line, column, message. */
async function findings(page) {
  return page.$$eval(".finding", (items) => items.map((li) => {
    const [line, column] = li.querySelector(".where").textContent.split(":").map(Number);
    return { rule: li.querySelector(".rule").textContent, line, column, message: li.querySelector(".message").textContent };
  }));
}

test("the seed 000 Deployment shows its findings at the right lines", async () => {
  const { page, problems, context } = await playground();
  await paste(page, DEPLOYMENT);
  const found = await findings(page);
  const at = (rule) => found.find((f) => f.rule === rule);
  assert.ok(at("placeholder-image"), JSON.stringify(found));
  assert.equal(at("placeholder-image").line, lineOf(DEPLOYMENT, "image:"));
  assert.equal(at("missing-memory-limit").line, lineOf(DEPLOYMENT, "- name:"));
  // The gutter marks the same lines, and the object header shows the QoS class.
  const marked = await page.$$eval(".gutter .ln", (rows) => rows.map((r, i) => (r.querySelector(".marker") ? i + 1 : 0)).filter(Boolean));
  assert.ok(marked.includes(lineOf(DEPLOYMENT, "image:")), `marked lines ${marked}`);
  assert.match(await page.textContent(".qos"), /BestEffort/);
  await page.screenshot({ path: `${SHOTS}/playground-light.png` });
  assert.deepEqual(problems.errors, []);
  await context.close();
});

test("the schema rules run once the field table arrives: a misspelt field, a quoted number", async () => {
  const { page, problems, context } = await playground();
  const text = DEPLOYMENT.replace(/^(\s+)image:/m, "$1imagePullpolicy: Always\n$1image:");
  assert.notEqual(text, DEPLOYMENT);
  await paste(page, text);
  await page.waitForFunction(() => [...document.querySelectorAll(".finding .rule")].some((r) => r.textContent === "unknown-field"));
  const found = await findings(page);
  const typo = found.find((f) => f.rule === "unknown-field");
  assert.equal(typo.line, lineOf(text, "imagePullpolicy"));
  // (Code is shown as code: no backticks in the text.)
  assert.match(typo.message, /did you mean imagePullPolicy\?/);
  await paste(page, text.replace("imagePullpolicy: Always", "imagePullPolicy: Always").replace(/replicas: (\d+)/, 'replicas: "$1"'));
  const quoted = (await findings(page)).find((f) => f.rule === "wrong-type");
  assert.ok(quoted, "no wrong-type finding for a quoted replicas");
  assert.match(quoted.message, /is quoted, so it is a string/);
  assert.deepEqual(problems.errors, []);
  await context.close();
});

test("a custom resource pasted under its CRD is checked against it (the gallery's example)", async () => {
  const { page, problems, context } = await open(browser, { locale: "en-US" });
  await page.goto(`${BASE}/#/examples/custom-resource`);
  await page.waitForFunction(() => [...document.querySelectorAll(".finding .rule")].some((r) => r.textContent === "unknown-field"));
  const text = seed("004-3.2-myresource-crd.yaml");
  const found = await findings(page);
  assert.deepEqual(found.map((f) => f.rule), ["unknown-field"], JSON.stringify(found));
  assert.equal(found[0].line, lineOf(text, "Size: 3"));
  assert.match(found[0].message, /Size is not a field of MyResource spec; did you mean size\?/);
  await page.screenshot({ path: `${SHOTS}/playground-crd.png` });
  // Without its CRD, the resource gets one note: its fields are not checked.
  await paste(page, text.split("\n---\n")[1]);
  const alone = await findings(page);
  assert.deepEqual(alone.map((f) => f.rule), ["unknown-kind"], JSON.stringify(alone));
  assert.deepEqual(problems.errors, []);
  await context.close();
});

test("fixes: apply one, apply all safe ones, undo", async () => {
  const { page, problems, context } = await playground();
  const text = DEPLOYMENT.replace(/^(\s+)image:/m, "$1imagePullpolicy: Always\n$1image:");
  await paste(page, text);
  await page.waitForFunction(() => [...document.querySelectorAll(".finding .rule")].some((r) => r.textContent === "unknown-field"));
  // One fix: the rename, from the finding's details.
  const typo = page.locator(".finding", { has: page.locator(".rule", { hasText: "unknown-field" }) });
  await typo.locator(".finding-head").click();
  await typo.locator("button.apply").click();
  await page.waitForTimeout(200);
  let value = await page.inputValue("textarea");
  assert.ok(value.includes("imagePullPolicy: Always") && !value.includes("imagePullpolicy"), value);
  // The fixed finding's button is gone: the focus is on the next finding.
  assert.match(await page.evaluate(() => document.activeElement.id), /^finding-\d+$/);
  // All safe fixes at once, in rounds: the security context is filled in
  // as far as it needs no decision (dropping every capability of a
  // container that may run as root is one to review).
  await page.click("button.apply-all");
  await page.waitForTimeout(200);
  value = await page.inputValue("textarea");
  assert.match(value, /allowPrivilegeEscalation: false/);
  assert.doesNotMatch(value, /drop: \[ALL\]/);
  const rules = (await findings(page)).map((f) => f.rule);
  assert.ok(!rules.includes("privilege-escalation") && rules.includes("capabilities-not-dropped"), rules.join());
  await page.screenshot({ path: `${SHOTS}/playground-fixed.png` });
  // Undo twice: back to the pasted text; Redo twice: the fixes again.
  await page.click("button.undo");
  await page.click("button.undo");
  await page.waitForTimeout(200);
  assert.equal(await page.inputValue("textarea"), text);
  await page.click("button.redo");
  await page.click("button.redo");
  await page.waitForTimeout(200);
  assert.match(await page.inputValue("textarea"), /allowPrivilegeEscalation: false/);
  assert.ok(await page.locator("button.redo").isDisabled());
  assert.deepEqual(problems.errors, []);
  await context.close();
});

test("clicking a finding selects its line in the editor", async () => {
  const { page, context } = await playground();
  await paste(page, DEPLOYMENT);
  const target = lineOf(DEPLOYMENT, "image:");
  await page.click(`.finding:has(.rule:text-is("placeholder-image")) .finding-head`);
  const selected = await page.$eval("textarea", (t) => t.value.slice(0, t.selectionStart).split("\n").length);
  assert.equal(selected, target);
  const active = await page.$$eval(".highlight .line", (ls) => ls.findIndex((l) => l.classList.contains("active")) + 1);
  assert.equal(active, target);
  // The details explain why and offer the fixed snippet.
  assert.match(await page.textContent(".finding.open .details"), /Why it matters/);
  // Keyboard: ArrowDown moves to the next finding.
  await page.keyboard.press("ArrowDown");
  const focused = await page.evaluate(() => document.activeElement.id);
  assert.match(focused, /^finding-\d+$/);
  await context.close();
});

test("中文 switches every text, and the choice is remembered", async () => {
  const { page, problems, context } = await playground();
  await paste(page, DEPLOYMENT);
  await page.click("button.lang");
  const message = await page.textContent(".finding .message");
  assert.ok(hasChinese(message), message);
  assert.ok(hasChinese(await page.textContent("nav")));
  assert.equal(await page.getAttribute("html", "lang"), "zh-CN");
  await page.screenshot({ path: `${SHOTS}/playground-zh.png` });
  await page.reload();
  await page.waitForSelector(".finding");
  assert.ok(hasChinese(await page.textContent(".finding .message")), "language remembered after reload");
  assert.deepEqual(problems.errors, []);
  await context.close();
});

test("an example loads from the gallery", async () => {
  const { page, context } = await playground();
  await page.click("nav >> text=Examples");
  await page.click("#example-pull-policy button.broken");
  // (The example's file is fetched when loaded.)
  await page.waitForFunction(() => document.querySelector("textarea")?.value.includes("faulty-pod"));
  await page.waitForSelector(".finding");
  const rules = (await findings(page)).map((f) => f.rule);
  assert.ok(rules.includes("pull-policy-never"), rules.join());
  await page.click("nav >> text=Examples");
  await page.click("#example-pull-policy button.fixed");
  await page.waitForFunction(() => !document.querySelector("textarea")?.value.includes("imagePullPolicy: Never"));
  await page.waitForTimeout(100);
  const after = (await findings(page)).map((f) => f.rule);
  assert.ok(!after.includes("pull-policy-never"), after.join());
  await context.close();
});

test("settings change the findings", async () => {
  const { page, context } = await playground();
  await paste(page, DEPLOYMENT);
  const before = await findings(page);
  assert.ok(before.some((f) => f.rule === "placeholder-image"));
  await page.click(".settings summary");
  await page.click(`.rule-switch:has(code:text-is("placeholder-image")) input`);
  await page.waitForTimeout(100);
  const after = await findings(page);
  assert.ok(!after.some((f) => f.rule === "placeholder-image"), "switched-off rule is gone");
  await page.selectOption(".settings select >> nth=0", "strict");
  await page.waitForTimeout(100);
  const strict = await findings(page);
  assert.ok(strict.length > after.length, `strict ${strict.length} > recommended ${after.length}`);
  await context.close();
});

test("a share link restores the same state", async () => {
  const { page, context } = await playground();
  const yaml = seed("000-2.2-pull-never.yaml");
  await paste(page, yaml);
  await page.click(".settings summary");
  await page.click(`.rule-switch:has(code:text-is("latest-tag")) input`);
  await page.click("button.lang");
  await page.click(".toolbar button >> nth=0");
  await page.waitForFunction(() => location.hash.startsWith("#s="));
  const url = await page.evaluate(() => location.href);
  const rulesBefore = (await findings(page)).map((f) => f.rule);
  const other = await open(browser, { locale: "en-US" });
  await other.page.goto(url);
  await other.page.waitForSelector(".finding");
  assert.equal(await other.page.inputValue("textarea"), yaml);
  assert.deepEqual((await findings(other.page)).map((f) => f.rule), rulesBefore);
  assert.ok(!rulesBefore.includes("latest-tag"));
  // The reader keeps their own language (the sender's was Chinese).
  assert.ok(!hasChinese(await other.page.textContent("nav")), "the reader's language, not the sender's");
  // The shared text is now the reader's draft: edits survive a reload.
  await other.page.waitForFunction(() => !location.hash.startsWith("#s="));
  await other.page.fill("textarea", `${yaml}# my note\n`);
  await other.page.waitForTimeout(400);
  await other.page.reload();
  await other.page.waitForSelector("textarea");
  assert.ok((await other.page.inputValue("textarea")).endsWith("# my note\n"));
  assert.deepEqual(other.problems.errors, []);
  await other.context.close();
  await context.close();
});

test("sharing a Secret asks first", async () => {
  const { page, context } = await playground();
  await paste(page, "apiVersion: v1\nkind: Secret\nmetadata:\n  name: db\nstringData:\n  password: hunter2\n");
  let asked = "";
  page.once("dialog", async (d) => { asked = d.message(); await d.dismiss(); });
  await page.click(".toolbar button >> nth=0");
  await page.waitForTimeout(200);
  assert.match(asked, /Secret/);
  assert.equal(await page.evaluate(() => location.hash), "", "no link after declining");
  await context.close();
});

test("a YAML syntax error is a located finding", async () => {
  const { page, context } = await playground();
  await paste(page, "apiVersion: v1\nkind: Pod\nmetadata:\n  name: [web\n");
  const found = await findings(page);
  const syntax = found.find((f) => f.rule === "yaml-syntax");
  assert.ok(syntax, JSON.stringify(found));
  assert.ok(syntax.line >= 4, `line ${syntax.line}`);
  await context.close();
});

test("after the first load nothing is fetched; nothing leaves the origin", async () => {
  const { page, problems, context } = await playground();
  await page.waitForSelector(".finding");
  const loaded = problems.requests.length;
  await paste(page, DEPLOYMENT);
  await page.click("nav >> text=Rules");
  await page.fill("input.search", "probe");
  await page.click(".rule-row a >> nth=0");
  await page.waitForSelector(".rule-page");
  await page.click(".rule-page button >> nth=0");
  await page.waitForSelector(".finding");
  const later = problems.requests.slice(loaded).filter((u) => !u.startsWith("blob:") && !u.startsWith("data:"));
  assert.deepEqual(later, []);
  assert.deepEqual(problems.foreign, []);
  assert.deepEqual(problems.errors, []);
  await context.close();
});

test("the rule catalogue searches and opens rule pages", async () => {
  const { page, context } = await playground();
  await page.click("nav >> text=Rules");
  const all = await page.$$eval(".rule-row", (r) => r.length);
  await page.fill("input.search", "latest");
  const some = await page.$$eval(".rule-row", (r) => r.length);
  assert.ok(some > 0 && some < all, `${some} of ${all}`);
  await page.click(".rule-row a >> nth=0");
  assert.match(await page.evaluate(() => location.hash), /^#\/rules\//);
  assert.match(await page.textContent(".rule-page"), /Why is this bad\?/);
  // The texts come from rules.json (not compiled into the wasm): loaded, not "…".
  await page.waitForFunction(() => !document.querySelector(".rule-page pre.snippet").textContent.startsWith("…"));
  assert.match(await page.textContent(".rule-page pre.snippet.good"), /\S/);
  await context.close();
});

test("dark mode and a phone-width screen render", async () => {
  const dark = await playground({ colorScheme: "dark" });
  await paste(dark.page, DEPLOYMENT);
  const bg = await dark.page.evaluate(() => getComputedStyle(document.body).backgroundColor);
  assert.notEqual(bg, "rgb(251, 251, 250)");
  await dark.page.screenshot({ path: `${SHOTS}/playground-dark.png` });
  await dark.context.close();
  const phone = await playground({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
  await paste(phone.page, DEPLOYMENT);
  const overflow = await phone.page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert.ok(overflow <= 1, `page is ${overflow}px wider than the phone`);
  await phone.page.screenshot({ path: `${SHOTS}/playground-phone.png`, fullPage: true });
  await phone.context.close();
});

test("the verdict never says Passes over a warning: the pitfall being taught is not green", async () => {
  const { page, problems, context } = await playground();
  // The gallery's first example (no memory limit) has warnings and no error.
  await paste(page, seed("000-2.1-no-memory-limit.yaml"));
  assert.equal(await page.textContent(".verdict"), "Needs attention");
  assert.ok(!(await page.$(".verdict.pass")));
  // A Deployment with nothing at warning or above passes.
  const clean = JSON.parse(readFileSync(new URL("policies/kubewarden/test_data/deployment-clean.json", ROOT), "utf8")).object;
  await paste(page, JSON.stringify(clean, null, 2));
  assert.equal(await page.textContent(".verdict"), "Passes");
  // An error fails.
  await paste(page, DEPLOYMENT);
  assert.equal(await page.textContent(".verdict"), "Fails");
  assert.deepEqual(problems.errors, []);
  await context.close();
});

test("on a 390 px phone the findings are on the first screen and nothing widens the page", async () => {
  const { page, problems, context } = await playground({ viewport: { width: 390, height: 844 } });
  await paste(page, seed("000-2.1-no-memory-limit.yaml"));
  const measure = () => page.evaluate(() => ({
    scroll: document.documentElement.scrollWidth,
    client: document.documentElement.clientWidth,
    top: document.querySelector(".finding")?.getBoundingClientRect().top,
  }));
  let m = await measure();
  assert.equal(m.scroll, m.client, "no horizontal overflow");
  assert.ok(m.top < 844, `the first finding starts at ${m.top} px, below the first screen`);
  // Opening a finding (long messages, the corrected snippet) widens nothing.
  await page.click(".finding .finding-head");
  await page.waitForSelector(".finding.open");
  m = await measure();
  assert.equal(m.scroll, m.client, `opened: ${m.scroll} px wide in a ${m.client} px window`);
  await page.screenshot({ path: `${SHOTS}/playground-phone.png` });
  assert.deepEqual(problems.errors, []);
  await context.close();
});

test("loading an example keeps the learner's text one Undo away", async () => {
  const { page, problems, context } = await playground();
  const mine = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: my-own-work\ndata:\n  A: b\n";
  await paste(page, mine);
  // The caret somewhere in the learner's text…
  await page.click("textarea");
  await page.keyboard.press("Control+End");
  await page.waitForFunction(() => !document.querySelector(".status span").textContent.startsWith("Ln 1,"));
  await page.click("nav >> text=Examples");
  await page.click("#example-pull-policy button.broken");
  // (The example's file is fetched when loaded.)
  await page.waitForFunction(() => document.querySelector("textarea")?.value.includes("faulty-pod"));
  await page.waitForSelector(".finding");
  // …is at the start of the example, not where it was in the old text.
  assert.equal(await page.textContent(".status span"), "Ln 1, Col 1");
  await page.click("button.undo");
  await page.waitForTimeout(100);
  assert.equal(await page.inputValue("textarea"), mine);
  assert.deepEqual(problems.errors, []);
  await context.close();
});

test("Back after loading an example stays on the site, and an edited hash opens its page", async () => {
  const { page, problems, context } = await playground();
  const start = page.url();
  await page.click("nav >> text=Examples");
  await page.waitForFunction(() => location.hash === "#/examples");
  await page.click("#example-pull-policy button.broken");
  await page.waitForFunction(() => document.querySelector("textarea")?.value.includes("faulty-pod"));
  await page.waitForSelector(".finding");
  await page.goBack();
  await page.waitForSelector("#example-pull-policy");
  assert.ok(page.url().startsWith(start.split("#")[0]), page.url());
  assert.match(page.url(), /#\/examples$/);
  // The loaded example is still the text.
  await page.goForward();
  await page.waitForSelector("textarea");
  assert.match(await page.inputValue("textarea"), /faulty-pod/);
  // A hash typed into the address bar opens that page.
  await page.evaluate(() => { location.hash = "#/rules/latest-tag"; });
  await page.waitForFunction(() => document.body.textContent.includes("latest-tag") && !document.querySelector("textarea"));
  assert.deepEqual(problems.errors, []);
  await context.close();
});
