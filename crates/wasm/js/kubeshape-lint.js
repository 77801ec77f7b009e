// <kubeshape-lint>: live Kubernetes YAML findings for any page.
//
//   <script type="module" src=".../kubeshape-lint.js"></script>
//   <kubeshape-lint lang="zh">
//     apiVersion: v1
//     kind: Pod
//     ...
//   </kubeshape-lint>
//
// Attributes: lang (en|zh), preset (recommended|strict|go), include and
// exclude (comma-separated rule ids or categories), editable, src (a
// same-origin URL to fetch the YAML from), playground (where "Open in
// playground" points). The element may also wrap an existing <pre><code>.
//
// Everything runs in the page: the WebAssembly module is fetched from next to
// this file, once per page, and only when an element comes near the viewport.

// The element's own build: the checker without the rules' documentation,
// which comes from rules.json beside it (fetched while the wasm compiles).
const MODULE_URL = new URL("./element/kubeshape.js", import.meta.url);
const DOCS_URL = new URL("./rules.json", import.meta.url);
// The Kubernetes field table the schema rules read (unknown-field,
// wrong-type, missing-required-field), also beside it.
const SCHEMA_URL = new URL("./kubernetes.bin", import.meta.url);
// The full build (fixes, the rules' texts, the schema compiled in): loaded
// only when a reader asks for the corrected YAML, or when a text needs what
// the element's build leaves out (see `needsFull`).
const FULL_URL = new URL("./web/kubeshape.js", import.meta.url);
const DEFAULT_PLAYGROUND = "https://kubeshape.github.io/kubeshape/";
const ICONS = { error: "✖", warning: "▲", info: "●" };

let modulePromise = null;
/** The rule catalogue (rules.json: `{en: [...], zh: [...]}`), once loaded. */
let ruleDocs = null;
/** Loads and instantiates the wasm module once for the whole page, with the
 *  rule texts beside it (the element's build carries only the checker). */
function loadModule() {
  modulePromise ??= (async () => {
    const docs = fetch(DOCS_URL).then((r) => (r.ok ? r.json() : null)).catch(() => null);
    const schema = fetch(SCHEMA_URL).then((r) => (r.ok ? r.arrayBuffer() : null)).catch(() => null);
    const m = await import(MODULE_URL.href);
    await m.default();
    // Without the table, every other rule still runs.
    const table = await schema;
    if (table) m.loadSchema(new Uint8Array(table));
    // Without the texts, findings still show; only "why / how to fix" is empty.
    ruleDocs = await docs;
    return m;
  })();
  return modulePromise;
}

let fullPromise = null;
function loadFull() {
  fullPromise ??= import(FULL_URL.href).then(async (m) => { await m.default(); return m; });
  return fullPromise;
}

// What the element's build leaves to the full one: look-alike characters
// (a tab, a no-break or ideographic space, a full-width colon or comma, a
// dash, curly quotes, invisible characters), template placeholders, and
// parse errors in plain words. (Comments say what they like: an article's
// title in curly quotes needs nothing.)
const LEARNING = /[\t\u00a0\u2000-\u200f\u202a-\u202f\u205f\u2060\u2066-\u2069\u3000\ufeff\uff1a\uff0c\uff0d\u2013\u2014\u2018\u2019\u201c\u201d]|\{\{|\$[{(]/;
function needsFull(yaml, report) {
  const code = yaml.replace(/(^|\s)#.*$/gm, "$1");
  return LEARNING.test(code) || !!report?.findings?.some((f) => f.rule === "yaml-syntax");
}

const catalogues = new Map();
function catalogue(lang) {
  if (!catalogues.has(lang)) {
    const list = ruleDocs?.[lang];
    catalogues.set(lang, new Map(Array.isArray(list) ? list.map((r) => [r.id, r]) : []));
  }
  return catalogues.get(lang);
}

const UI = {
  en: {
    checking: "Checking…", findings: "Findings", clean: "No findings.", why: "Why / how to fix",
    fix: "How to fix", open: "Open in playground", line: "Line", error: "error", warning: "warning",
    info: "info", errors: "errors", warnings: "warnings", infos: "infos", one: true, edit: "YAML (editable)",
    failed: "Could not load kubeshape", srcError: "src must be a same-origin URL", seed: "From",
    corrected: "Show corrected YAML", review: "to review", nothing: "No fix to apply.", copy: "Copy corrected YAML", copied: "Copied",
    withReview: "Also apply the fixes to review", reviewNote: "Fixes marked “to review” change behaviour or fill in values to check: read them before you deploy.",
  },
  zh: {
    checking: "检查中……", findings: "检查结果", clean: "没有发现问题。", why: "原因与修复方法",
    fix: "如何修复", open: "在练习场中打开", line: "第", error: "错误", warning: "警告",
    info: "提示", errors: "个错误", warnings: "个警告", infos: "个提示", edit: "YAML（可编辑）",
    failed: "无法加载 kubeshape", srcError: "src 必须是同源 URL", seed: "出自",
    corrected: "显示修正后的 YAML", review: "需复核", nothing: "没有可应用的修复。", copy: "复制修正后的 YAML", copied: "已复制",
    withReview: "同时应用需要复核的修复", reviewNote: "标有“需复核”的修复会改变行为或填入需要确认的值：部署前请逐一阅读。",
  },
};

const STYLE = `
:host { display: block; margin: 1em 0;
  --_bg: var(--kubeshape-bg, #fbfbfa); --_fg: var(--kubeshape-fg, #1d232a);
  --_muted: var(--kubeshape-muted, #5b6670); --_border: var(--kubeshape-border, #e2e5e8);
  --_gutter: var(--kubeshape-gutter-bg, #f1f2f4); --_error: var(--kubeshape-error, #c62828);
  --_warning: var(--kubeshape-warning, #a35f00); --_info: var(--kubeshape-info, #2a62c9);
  --_line: var(--kubeshape-line-bg, #fff4c2);
  --_font: var(--kubeshape-font, system-ui, -apple-system, "Segoe UI", "PingFang SC", "Microsoft YaHei", sans-serif);
  --_mono: var(--kubeshape-mono, ui-monospace, "SF Mono", Menlo, Consolas, monospace);
  --_radius: var(--kubeshape-radius, 6px); }
@media (prefers-color-scheme: dark) {
  :host { --_bg: var(--kubeshape-bg, #1b1f23); --_fg: var(--kubeshape-fg, #e3e6e8);
    --_muted: var(--kubeshape-muted, #9aa4ad); --_border: var(--kubeshape-border, #30363d);
    --_gutter: var(--kubeshape-gutter-bg, #22272e); --_error: var(--kubeshape-error, #ff6b6b);
    --_warning: var(--kubeshape-warning, #f0b429); --_info: var(--kubeshape-info, #6ea0ff);
    --_line: var(--kubeshape-line-bg, #3a3520); }
}
.box { border: 1px solid var(--_border); border-radius: var(--_radius); background: var(--_bg); color: var(--_fg); font: 14px/1.5 var(--_font); overflow: hidden; }
.code { position: relative; overflow: auto; font: 13px/20px var(--_mono); }
.rows { min-width: max-content; padding: 6px 0; }
.row { display: flex; min-height: 20px; }
.row.hit { background: color-mix(in srgb, var(--_line) 55%, transparent); }
.ln { flex: none; width: 3.5em; padding-right: .6em; text-align: right; color: var(--_muted); background: var(--_gutter); user-select: none; position: sticky; left: 0; z-index: 1; }
.marker { position: absolute; left: 2px; top: 0; border: 0; padding: 0 2px; background: none; font: 11px/20px var(--_font); cursor: help; color: inherit; }
.marker.error { color: var(--_error); } .marker.warning { color: var(--_warning); } .marker.info { color: var(--_info); }
.marker:hover::after, .marker:focus::after { content: attr(data-tip); position: absolute; left: 1.5em; top: 20px; z-index: 2; width: max-content; max-width: min(60ch, 80vw); white-space: pre-wrap; text-align: left; background: var(--_fg); color: var(--_bg); padding: 4px 8px; border-radius: 4px; font: 12px/1.4 var(--_font); }
.marker:focus-visible { outline: 2px solid var(--_info); }
.text { white-space: pre; padding: 0 .8em; }
mark { background: none; color: inherit; text-decoration: underline wavy; text-underline-offset: 3px; text-decoration-skip-ink: none; }
mark.error { text-decoration-color: var(--_error); } mark.warning { text-decoration-color: var(--_warning); } mark.info { text-decoration-color: var(--_info); }
.stack { position: relative; min-width: max-content; }
.editor textarea { position: absolute; top: 0; bottom: 0; left: 3.5em; right: 0; width: calc(100% - 3.5em); height: 100%; margin: 0; border: 0; padding: 6px .8em; resize: none; background: transparent; color: transparent; caret-color: var(--_fg); font: 13px/20px var(--_mono); white-space: pre; overflow: hidden; outline: none; }
.editor textarea:focus-visible { box-shadow: inset 0 0 0 2px var(--_info); }
.bar { display: flex; gap: .8em; align-items: center; flex-wrap: wrap; padding: 4px 10px; border-top: 1px solid var(--_border); font-size: 13px; color: var(--_muted); }
.bar .count.error { color: var(--_error); } .bar .count.warning { color: var(--_warning); } .bar .count.info { color: var(--_info); }
.bar a { margin-left: auto; color: var(--_info); }
.bar button, .fixed button.copy { font: inherit; color: var(--_info); background: none; border: 1px solid var(--_border); border-radius: 4px; cursor: pointer; }
.fixed { border-top: 1px solid var(--_border); padding: 4px 10px; font-size: 13px; }
.fixed pre { margin: 4px 0; padding: 6px; background: var(--_gutter); overflow: auto; font: 12px/1.5 ui-monospace, monospace; }
.fixed li.review { color: var(--_warning); }
.diff ins { text-decoration: none; color: var(--_fg); background: color-mix(in srgb, #2e7d32 22%, transparent); display: block; }
.diff del { text-decoration: none; color: var(--_muted); background: color-mix(in srgb, var(--_error) 16%, transparent); display: block; }
.diff .same { color: var(--_muted); }
.message code, details code { font: 0.92em ui-monospace, monospace; background: var(--_gutter); padding: 0 .2em; border-radius: 3px; }
.fixed .note { color: var(--_warning); }
.list { margin: 0; padding: 0 10px 6px; list-style: none; font-size: 13px; }
.list li { padding: 4px 0; border-top: 1px dashed var(--_border); }
.icon.error { color: var(--_error); } .icon.warning { color: var(--_warning); } .icon.info { color: var(--_info); }
.where { font-family: var(--_mono); color: var(--_muted); margin: 0 .4em; }
.rule { font-family: var(--_mono); color: var(--_muted); font-size: 12px; }
details { margin: 2px 0 0 1.6em; } summary { cursor: pointer; color: var(--_info); }
details p { margin: 4px 0; }
.status { padding: 4px 10px; color: var(--_muted); font-size: 13px; }
.sr { position: absolute; width: 1px; height: 1px; margin: -1px; padding: 0; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; border: 0; }
`;

function dedent(text) {
  const lines = text.replace(/\r\n?/g, "\n").split("\n");
  while (lines.length && lines[0].trim() === "") lines.shift();
  while (lines.length && lines[lines.length - 1].trim() === "") lines.pop();
  const indents = lines.filter((l) => l.trim()).map((l) => l.match(/^[ \t]*/)[0].length);
  const cut = indents.length ? Math.min(...indents) : 0;
  return lines.map((l) => l.slice(cut)).join("\n") + "\n";
}

function list(attr) {
  return (attr || "").split(",").map((s) => s.trim()).filter(Boolean);
}

function el(tag, props = {}, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(props)) {
    if (v === undefined || v === null || v === false) continue;
    if (k === "class") node.className = v;
    else if (k in node && typeof v !== "string") node[k] = v;
    else node.setAttribute(k, v === true ? "" : v);
  }
  node.append(...children.flat().filter((c) => c !== null && c !== undefined));
  return node;
}

/** The corrected text as a line diff of the original: removed lines
 *  marked `-`, added `+`, the rest as context (a longest common
 *  subsequence of lines; the whole text when the two are too long to
 *  compare line by line). */
function diffView(before, after) {
  const a = before.replace(/\n$/, "").split("\n");
  const b = after.replace(/\n$/, "").split("\n");
  if (a.length * b.length > 4_000_000) return el("pre", {}, after);
  const w = b.length + 1;
  const lcs = new Uint32Array((a.length + 1) * w);
  for (let i = a.length - 1; i >= 0; i--) {
    for (let j = b.length - 1; j >= 0; j--) {
      lcs[i * w + j] = a[i] === b[j] ? lcs[(i + 1) * w + j + 1] + 1 : Math.max(lcs[(i + 1) * w + j], lcs[i * w + j + 1]);
    }
  }
  const rows = [];
  let i = 0, j = 0;
  while (i < a.length || j < b.length) {
    if (i < a.length && j < b.length && a[i] === b[j]) { rows.push(el("span", { class: "same" }, `  ${a[i]}\n`)); i++; j++; }
    else if (i < a.length && (j >= b.length || lcs[(i + 1) * w + j] >= lcs[i * w + j + 1])) { rows.push(el("del", {}, `- ${a[i]}\n`)); i++; }
    else { rows.push(el("ins", {}, `+ ${b[j]}\n`)); j++; }
  }
  return el("pre", { class: "diff" }, rows);
}

/** A rule or finding text, each `…`-quoted part as <code>. */
function rich(text) {
  return String(text ?? "").split("`").map((part, i) => (i % 2 ? el("code", {}, part) : part));
}

async function packState(state) {
  const bytes = new TextEncoder().encode(JSON.stringify(state));
  const stream = new Blob([bytes]).stream().pipeThrough(new CompressionStream("deflate-raw"));
  const out = new Uint8Array(await new Response(stream).arrayBuffer());
  let s = "";
  for (let i = 0; i < out.length; i += 0x8000) s += String.fromCharCode(...out.subarray(i, i + 0x8000));
  return btoa(s).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

const visibility = typeof IntersectionObserver === "function"
  ? new IntersectionObserver((entries) => {
    for (const e of entries) {
      if (e.isIntersecting) {
        visibility.unobserve(e.target);
        e.target._start();
      }
    }
  }, { rootMargin: "300px" })
  : null;

export class KubeshapeLint extends HTMLElement {
  static observedAttributes = ["lang", "preset", "include", "exclude", "editable", "src"];

  constructor() {
    super();
    this.attachShadow({ mode: "open" });
    this._yaml = null;
    this._report = null;
    this._mod = null;
    this._timer = 0;
    this._started = false;
    this._version = 0;
  }

  get lang() {
    return (this.getAttribute("lang") || document.documentElement.lang || "en").toLowerCase().startsWith("zh") ? "zh" : "en";
  }

  get ui() {
    return UI[this.lang];
  }

  /** The YAML shown (and, when editable, as edited). */
  get value() {
    return this._yaml ?? "";
  }

  set value(text) {
    this._yaml = String(text);
    this._render();
    this._lintSoon(0);
  }

  /** The last report (the JSON report of `lint()`), or null before the first check. */
  get report() {
    return this._report;
  }

  connectedCallback() {
    if (this._yaml === null && !this.hasAttribute("src")) {
      const pre = this.querySelector("pre");
      this._yaml = dedent((pre ?? this).textContent || "");
    }
    this._render();
    if (visibility) visibility.observe(this);
    else this._start();
  }

  disconnectedCallback() {
    visibility?.unobserve(this);
  }

  attributeChangedCallback(name, before, after) {
    if (before === after || !this.isConnected) return;
    if (name === "src") {
      this._yaml = null;
      if (this._started) this._fetchSrc();
      return;
    }
    this._render();
    this._lintSoon(0);
  }

  async _start() {
    if (this._started) return;
    this._started = true;
    try {
      if (this.hasAttribute("src")) await this._fetchSrc();
      this._mod = await loadModule();
      this._lint();
    } catch (e) {
      this._fail(`${this.ui.failed}: ${e?.message ?? e}`);
    }
  }

  async _fetchSrc() {
    const url = new URL(this.getAttribute("src"), document.baseURI);
    if (url.origin !== location.origin) {
      this._fail(this.ui.srcError);
      return;
    }
    const response = await fetch(url, { credentials: "same-origin" });
    if (!response.ok) throw new Error(`${url.pathname}: HTTP ${response.status}`);
    this._yaml = (await response.text()).replace(/\r\n?/g, "\n");
    this._render();
    if (this._mod) this._lint();
  }

  _fail(message) {
    this._error = message;
    this._render();
  }

  _lintSoon(delay = 150) {
    if (!this._mod) return;
    clearTimeout(this._timer);
    this._timer = setTimeout(() => this._lint(), delay);
  }

  _options() {
    const options = { lang: this.lang, fileName: this.getAttribute("src") || "snippet.yaml" };
    if (this.hasAttribute("preset")) options.preset = this.getAttribute("preset");
    const include = list(this.getAttribute("include"));
    const exclude = list(this.getAttribute("exclude"));
    if (include.length) options.include = include;
    if (exclude.length) options.exclude = exclude;
    return options;
  }

  /** Loads the full build once, applies the fixes that need no decision
   *  (and, when asked, those to review), shows the result. */
  async _showFixed(review = false) {
    const yaml = this._yaml;
    try {
      const result = (await loadFull()).fix(yaml, { ...this._options(), review });
      if (yaml !== this._yaml) return;
      this._fixed = result?.error ? { error: result.error } : { ...result, review };
    } catch (e) {
      this._fixed = { error: `${this.ui.failed}: ${e}` };
    }
    this._render();
  }

  _lint() {
    if (!this._mod || this._yaml === null) return;
    this._fixed = null;
    const yaml = this._yaml;
    const result = this._mod.lint(yaml, this._options());
    if (!result?.error && needsFull(yaml, result)) {
      // Checked again by the full build; until then, "Checking…".
      this._report = null;
      this._render();
      loadFull()
        .then((m) => { if (yaml === this._yaml) this._show(m.lint(yaml, this._options())); })
        .catch(() => { if (yaml === this._yaml) this._show(result); });
      return;
    }
    this._show(result);
  }

  _show(result) {
    if (result && result.error) {
      this._error = result.error;
      this._report = null;
    } else {
      this._error = null;
      this._report = result;
    }
    this._render();
    this._updateLink();
    this.dispatchEvent(new CustomEvent("kubeshape-report", { detail: this._report, bubbles: true }));
  }

  async _updateLink() {
    const version = ++this._version;
    const link = this.shadowRoot.querySelector("a.open");
    if (!link || typeof CompressionStream !== "function") return;
    const options = this._options();
    const state = { yaml: this._yaml, lang: this.lang, preset: options.preset, include: options.include ?? [], exclude: options.exclude ?? [] };
    if (!state.preset) delete state.preset;
    const payload = await packState(state);
    if (version !== this._version) return;
    const base = new URL(this.getAttribute("playground") || DEFAULT_PLAYGROUND, document.baseURI);
    base.hash = `s=${payload}`;
    this._linkHref = base.href;
    this.shadowRoot.querySelector("a.open")?.setAttribute("href", base.href);
  }

  _findingsByLine() {
    const by = new Map();
    for (const f of this._report?.findings ?? []) {
      if (f.suppressed) continue;
      if (!by.has(f.line)) by.set(f.line, []);
      by.get(f.line).push(f);
    }
    return by;
  }

  _row(number, text, hits) {
    const rank = { info: 1, warning: 2, error: 3 };
    const worst = hits?.reduce((a, f) => (rank[f.severity] > rank[a] ? f.severity : a), "info");
    // The gutter is for the eye (the list below says the same in words):
    // hidden from assistive technology, its markers a pointer's shortcut.
    const gutter = el("span", { class: "ln", part: "gutter", "aria-hidden": "true" });
    if (hits) {
      const tip = hits.map((f) => `${ICONS[f.severity]} ${f.message.replaceAll("`", "")} (${f.rule})`).join("\n");
      gutter.append(el("span", {
        class: `marker ${worst}`, part: `marker marker-${worst}`, "data-tip": tip,
        onclick: () => this.shadowRoot.getElementById(`f-${hits[0].index}`)?.scrollIntoView({ block: "nearest" }),
      }, ICONS[worst]));
    }
    gutter.append(String(number));
    const body = el("span", { class: "text" });
    if (!hits) {
      body.append(text);
    } else {
      const chars = Array.from(text);
      const level = new Array(chars.length).fill(0);
      for (const f of hits) {
        const from = Math.max(f.column - 1, 0);
        let to = f.end_line === number ? f.end_column - 1 : chars.length;
        if (to <= from) to = chars.length;
        for (let i = from; i < Math.min(to, chars.length); i++) level[i] = Math.max(level[i], rank[f.severity]);
      }
      const names = ["", "info", "warning", "error"];
      for (let i = 0; i < chars.length;) {
        let j = i + 1;
        while (j < chars.length && level[j] === level[i]) j++;
        const piece = chars.slice(i, j).join("");
        body.append(level[i] ? el("mark", { class: names[level[i]], part: "mark" }, piece) : piece);
        i = j;
      }
    }
    return el("div", { class: hits ? "row hit" : "row", part: hits ? "line line-hit" : "line" }, gutter, body);
  }

  _render() {
    const root = this.shadowRoot;
    const ui = this.ui;
    // What the reader was doing, read before anything moves: the textarea
    // leaves the tree below (and with it focus, caret and scroll), and the
    // findings' "why / how to fix" are rebuilt closed.
    const before = root.querySelector("textarea");
    const active = root.activeElement;
    const typing = before && active === before
      ? [before.selectionStart, before.selectionEnd, before.selectionDirection] : null;
    const scrolled = before ? [before.scrollTop, before.scrollLeft] : null;
    const opened = new Set([...root.querySelectorAll("li[data-key] details[open]")].map((d) => d.closest("li").dataset.key));
    const focusKey = active?.closest?.("li[data-key]")?.dataset.key ?? null;
    const focusPart = active?.tagName === "SUMMARY" ? "summary" : null;
    const yaml = this._yaml ?? "";
    const byLine = this._findingsByLine();
    const findings = (this._report?.findings ?? []).filter((f) => !f.suppressed);
    findings.forEach((f, i) => { f.index = i; });
    const lines = yaml.endsWith("\n") ? yaml.slice(0, -1).split("\n") : yaml.split("\n");
    const rows = el("div", { class: "rows", "aria-hidden": this.hasAttribute("editable") ? "true" : null },
      lines.map((l, i) => this._row(i + 1, l, byLine.get(i + 1))));
    let code;
    if (this.hasAttribute("editable")) {
      const previous = root.querySelector("textarea");
      const area = previous ?? el("textarea", {
        spellcheck: "false", autocapitalize: "off", wrap: "off", part: "textarea",
        oninput: (e) => { this._yaml = e.target.value; this._renderRows(); this._lintSoon(); },
      });
      area.setAttribute("aria-label", ui.edit);
      if (area.value !== yaml) area.value = yaml;
      code = el("div", { class: "code editor", part: "code" }, el("div", { class: "stack" }, rows, area));
    } else {
      code = el("div", { class: "code", part: "code", role: "region", "aria-label": this._regionName(), tabindex: "0" }, rows);
    }
    const parts = [code];
    if (this._error) {
      parts.push(el("div", { class: "status", role: "alert", part: "status" }, this._error));
    } else if (!this._report) {
      parts.push(el("div", { class: "status", part: "status" }, ui.checking));
    } else {
      const s = this._report.summary;
      const counts = [["error", s.error, ui.errors], ["warning", s.warning, ui.warnings], ["info", s.info, ui.infos]]
        .filter(([, n]) => n > 0)
        .map(([k, n, label]) => el("span", { class: `count ${k}` }, `${ICONS[k]} ${n} ${n === 1 && ui.one ? ui[k] : label}`));
      parts.push(el("div", { class: "bar", part: "bar" },
        counts.length ? counts : el("span", {}, `✓ ${ui.clean}`),
        findings.length ? el("button", { class: "show-fix", part: "fix-button", onclick: () => this._showFixed() }, ui.corrected) : null,
        el("a", { class: "open", part: "playground-link", target: "_blank", rel: "noopener", href: this._linkHref ?? (this.getAttribute("playground") || DEFAULT_PLAYGROUND) }, ui.open)));
      const rules = catalogue(this.lang);
      parts.push(el("ol", { class: "list", part: "findings", "aria-label": ui.findings },
        findings.map((f) => {
          const rule = rules.get(f.rule);
          const key = `${f.rule}@${f.line}:${f.column}`;
          const more = rule && el("details", { part: "details", open: opened.has(key) ? "" : null },
            el("summary", {}, ui.why, el("span", { class: "sr" }, ` (${f.rule}, ${ui.line} ${f.line})`)),
            f.help ? el("p", {}, rich(f.help)) : null,
            el("p", {}, rich(rule.why)),
            el("p", {}, el("strong", {}, `${ui.fix}: `), rich(rule.fix)),
            el("p", { class: "rule" }, `${ui.seed} ${rule.source}`));
          return el("li", { id: `f-${f.index}`, class: f.severity, part: `finding finding-${f.severity}`, "data-key": key },
            el("span", { class: `icon ${f.severity}`, "aria-hidden": "true" }, ICONS[f.severity]),
            el("span", { class: "sr" }, `${ui[f.severity]}: `),
            el("span", { class: "where" }, `${f.line}:${f.column}`),
            el("span", { class: "message" }, rich(f.message)), " ",
            el("code", { class: "rule" }, f.rule),
            more);
        })));
    }
    const fixed = this._fixed;
    if (fixed) {
      parts.push(el("div", { class: "fixed", part: "fixed", role: "region", "aria-label": ui.corrected },
        fixed.error ? el("p", { role: "alert" }, fixed.error)
          : [
            fixed.applied.length ? diffView(this._yaml ?? "", fixed.text) : el("p", {}, ui.nothing),
            fixed.applied.length ? el("button", {
              class: "copy", part: "copy-button",
              onclick: (e) => navigator.clipboard?.writeText(fixed.text).then(() => { e.target.textContent = ui.copied; }),
            }, ui.copy) : null,
            fixed.applied.length ? el("ul", {}, fixed.applied.map((a) => el("li", { class: a.safe ? "safe" : "review" },
              `${a.line}: ${a.title}${a.safe ? "" : ` (${ui.review})`}`))) : null,
            fixed.review && fixed.applied.some((a) => !a.safe) ? el("p", { class: "note" }, ui.reviewNote) : null,
            !fixed.review && fixed.remaining > 0
              ? el("button", { class: "show-fix", part: "fix-button", onclick: () => this._showFixed(true) }, ui.withReview)
              : null,
          ]));
    }
    const box = el("div", { class: "box", part: "box", lang: this.lang === "zh" ? "zh-CN" : "en" }, parts);
    root.replaceChildren(el("style", {}, STYLE), box);
    const area = root.querySelector("textarea");
    if (area && scrolled) [area.scrollTop, area.scrollLeft] = scrolled;
    if (area && typing) {
      area.focus({ preventScroll: true });
      area.setSelectionRange(...typing);
    } else if (focusKey) {
      const li = [...root.querySelectorAll("li[data-key]")].find((x) => x.dataset.key === focusKey);
      (focusPart && li?.querySelector("summary") || li?.querySelector("summary"))?.focus({ preventScroll: true });
    }
  }

  /** The accessible name of the YAML region: distinct on a page of many
   *  (the element's `aria-label`, its `src`, or its first object). */
  _regionName() {
    const label = this.getAttribute("aria-label") || this.getAttribute("src");
    if (label) return `YAML: ${label}`;
    const index = [...document.querySelectorAll("kubeshape-lint")].indexOf(this) + 1;
    const object = this._report?.objects?.[0];
    const what = object?.kind ? `: ${object.kind}${object.name ? ` ${object.name}` : ""}` : "";
    return `YAML ${index > 0 ? index : ""}${what}`.replace("  ", " ");
  }

  /** Re-renders only the lines under the textarea while typing. */
  _renderRows() {
    const rows = this.shadowRoot.querySelector(".rows");
    if (!rows) return;
    const byLine = this._findingsByLine();
    const yaml = this._yaml ?? "";
    const lines = yaml.endsWith("\n") ? yaml.slice(0, -1).split("\n") : yaml.split("\n");
    rows.replaceChildren(...lines.map((l, i) => this._row(i + 1, l, byLine.get(i + 1))));
  }
}

if (!customElements.get("kubeshape-lint")) {
  customElements.define("kubeshape-lint", KubeshapeLint);
}
