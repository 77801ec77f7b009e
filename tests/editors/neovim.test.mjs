// `kubeshape lsp` under a real editor: Neovim's built-in LSP client,
// headless, with the Lua configuration in neovim.lua. Checks the
// diagnostics Neovim holds for a file (its byte columns after Chinese
// text and an emoji), then the buffer after a quick fix.
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";

const BIN = resolve(process.env.KUBESHAPE_BIN ?? "target/debug/kubeshape");
const NVIM = process.env.KUBESHAPE_NVIM ?? "nvim";

const MANIFEST = [
  "apiVersion: apps/v1",
  "kind: Deployment",
  'metadata: {annotations: {说明: "名字🙂"}, name: web}',
  "spec:",
  "  selector: {matchLabels: {app: web}}",
  "  template:",
  "    metadata: {labels: {app: web}}",
  "    spec:",
  "      containers:",
  "        - name: app # 容器",
  "          image: nginx:1.27",
  "",
].join("\n");

test("Neovim shows the findings where they are and applies a quick fix", () => {
  const dir = mkdtempSync(join(tmpdir(), "kubeshape-nvim-"));
  const file = join(dir, "web.yaml");
  const out = join(dir, "seen.json");
  writeFileSync(file, MANIFEST);
  const run = spawnSync(
    NVIM,
    ["--headless", "--clean", "-n", "-u", "NONE", "-c", `luafile ${resolve("tests/editors/neovim.lua")}`],
    {
      env: { ...process.env, KUBESHAPE_BIN: BIN, KUBESHAPE_FILE: file, KUBESHAPE_OUT: out },
      timeout: 60000,
      encoding: "utf8",
    },
  );
  assert.equal(run.status, 0, `nvim: ${run.stderr}`);
  const seen = JSON.parse(readFileSync(out, "utf8"));
  assert.ok(seen.ok, seen.error);
  assert.ok(seen.attached, "diagnostics arrived");
  assert.equal(seen.encoding, "utf-16");
  const escalation = seen.before.find((d) => d.code === "privilege-escalation");
  assert.ok(escalation, JSON.stringify(seen.before));
  assert.equal(escalation.source, "kubeshape");
  assert.equal(escalation.severity, 2, "vim.diagnostic.severity.WARN");
  assert.equal(escalation.lnum, 9);
  // Neovim turns the server's UTF-16 columns into byte columns: `web`
  // after `说明`, `名字` and an emoji.
  const single = seen.before.find((d) => d.code === "single-replica");
  assert.ok(single, JSON.stringify(seen.before));
  const line = Buffer.from(MANIFEST.split("\n")[2]);
  assert.equal(single.lnum, 2);
  assert.equal(single.col, line.indexOf("web"), "byte column of `web`");
  assert.equal(single.end_col, line.indexOf("web") + 3);
  assert.equal(escalation.col, Buffer.from(MANIFEST.split("\n")[9]).indexOf("name"));
  assert.match(seen.applied, /privilege-escalation/);
  assert.ok(seen.cleared, "the finding went away after the fix");
  assert.ok(!seen.after.some((d) => d.code === "privilege-escalation"));
  const text = seen.lines.join("\n");
  assert.match(text, /allowPrivilegeEscalation: false/);
  assert.match(text, /# 容器/, "the comment is kept");
  assert.ok(seen.titles.some((t) => t.startsWith("Ignore privilege-escalation")), JSON.stringify(seen.titles));
  rmSync(dir, { recursive: true, force: true });
});
