// The playground's Helm mode, as a learner meets it: paste seed 004's chart
// as the article prints it (`# values.yaml`, `# templates/deployment.yaml`),
// land in Helm mode (`helm/`, the build with the chart renderer), see the
// floating image found on the template line that writes the pull policy,
// with the values lines behind it, then switch to 中文.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { BASE, SHOTS, launch, open } from "./browser.mjs";

const ROOT = new URL("../../", import.meta.url);
const CHART = readFileSync(new URL("examples/helm/seed-004-chart.yaml", ROOT), "utf8");
const lineOf = (text, needle) => text.split("\n").findIndex((l) => l.includes(needle)) + 1;
const hasChinese = (s) => /[\u4e00-\u9fff]/.test(s);

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

async function findings(page) {
  return page.$$eval(".finding", (items) => items.map((li) => {
    const [line, column] = li.querySelector(".where").textContent.split(":").map(Number);
    return { rule: li.querySelector(".rule").textContent, line, column, message: li.querySelector(".message").textContent };
  }));
}

test("a chart pasted as the article prints it opens Helm mode, found on its template line", async () => {
  const { page, problems, context } = await open(browser, { locale: "en-US" });
  await page.goto(`${BASE}/`);
  await page.waitForSelector("textarea");
  await page.fill("textarea", CHART);
  // The main build has no renderer: it opens helm/ with the same draft.
  for (let i = 0; i < 150 && !/\/helm\//.test(page.url()); i++) await page.waitForTimeout(100);
  assert.match(page.url(), /\/helm\//);
  await page.waitForSelector("textarea");
  await page.waitForSelector(".finding");
  const found = await findings(page);
  const pull = found.find((f) => f.rule === "latest-without-always-pull");
  assert.ok(pull, JSON.stringify(found));
  assert.equal(pull.line, lineOf(CHART, "imagePullPolicy:"));
  assert.equal(pull.column, CHART.split("\n")[pull.line - 1].indexOf("{{") + 1);
  assert.ok(!found.some((f) => f.rule === "unrendered-template" || f.rule === "yaml-syntax"), JSON.stringify(found));
  // Open it: the values behind it, by the paste's lines.
  await page.click(".finding:has(code.rule:text-is('latest-without-always-pull')) button.finding-head");
  const notes = await page.textContent(".finding.open ul.values");
  assert.match(notes, /values\.yaml:3 \(tag: latest\)|values\.yaml:3 \(`?tag: latest`?\)/);
  assert.match(notes, /values\.yaml:4/);
  // The gutter marks the template line and the values lines.
  const marked = await page.$$eval(".gutter .ln", (rows) => rows.map((r, i) => (r.querySelector(".marker") ? i + 1 : 0)).filter(Boolean));
  for (const needle of ["imagePullPolicy:", "tag: latest", "pullPolicy: IfNotPresent"]) {
    assert.ok(marked.includes(lineOf(CHART, needle)), `${needle} marked in ${marked}`);
  }
  await page.screenshot({ path: `${SHOTS}/playground-helm.png` });
  // The render itself, as helm template prints it.
  await page.click("details.rendered summary");
  const rendered = await page.textContent("details.rendered pre");
  assert.match(rendered, /# Source: mychart\/templates\/deployment\.yaml/);
  assert.match(rendered, /image: "myrepo\/myapp:latest"/);
  await page.click("details.rendered summary");
  // 中文: the message and the notes.
  await page.click("button.lang");
  const message = await page.textContent(".finding.open .message");
  assert.ok(hasChinese(message), message);
  assert.match(await page.textContent(".finding.open ul.values"), /渲染自 values\.yaml:4/);
  await page.screenshot({ path: `${SHOTS}/playground-helm-zh.png` });
  assert.deepEqual(problems.errors, []);
  assert.deepEqual(problems.foreign, []);
  await context.close();
});

test("Helm mode's gallery: the article's chart opens on its pitfall, and helm create's scaffold loads", async () => {
  const { page, problems, context } = await open(browser, { locale: "en-US" });
  await page.goto(`${BASE}/helm/`);
  await page.waitForSelector("textarea");
  await page.click("nav >> text=Examples");
  await page.click("#example-helm-chart button.broken");
  await page.waitForSelector(".finding.open");
  assert.equal(await page.textContent(".finding.open code.rule"), "latest-without-always-pull");
  // The chart's safe fixes land in its values and template sections, as
  // `kubeshape fix` edits a chart's files; Undo brings the paste back.
  const pasted = await page.inputValue("textarea");
  // The lesson's own fix, from its details: that rule's fix, in the chart.
  await page.click(".finding.open button.apply");
  await page.waitForFunction(() => document.querySelector("textarea").value.includes("pullPolicy: Always"));
  assert.ok(!(await page.inputValue("textarea")).includes("allowPrivilegeEscalation"), "that rule's fix alone");
  await page.click("button.undo");
  await page.waitForTimeout(300);
  assert.equal(await page.inputValue("textarea"), pasted);
  await page.waitForSelector("button.apply-all");
  await page.click("button.apply-all");
  await page.waitForFunction(() => !document.querySelector("textarea").value.includes("pullPolicy: IfNotPresent"));
  const fixed = await page.inputValue("textarea");
  assert.match(fixed, /# values\.yaml[\s\S]*pullPolicy: Always[\s\S]*# templates\/deployment\.yaml[\s\S]*allowPrivilegeEscalation: false/);
  await page.waitForTimeout(300);
  const left = (await findings(page)).map((f) => f.rule);
  assert.ok(!left.includes("latest-without-always-pull") && !left.includes("privilege-escalation"), left.join());
  await page.click("button.undo");
  await page.waitForTimeout(300);
  assert.equal(await page.inputValue("textarea"), pasted);
  await page.click("nav >> text=Examples");
  await page.click("#example-helm-create button.broken");
  await page.waitForFunction(() => document.querySelector("textarea")?.value.includes("# templates/_helpers.tpl"));
  await page.waitForTimeout(400);
  const rules = (await findings(page)).map((f) => f.rule);
  assert.ok(rules.includes("missing-memory-limit"), rules.join());
  assert.ok(!rules.includes("helm-template-error"), rules.join());
  await page.screenshot({ path: `${SHOTS}/playground-helm-create.png` });
  assert.deepEqual(problems.errors, []);
  await context.close();
});
