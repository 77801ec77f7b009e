// The repository's pre-commit hooks (.pre-commit-hooks.yaml), run by the
// real `pre-commit` tool (PyPI) against a scratch git repository, as a
// user's `.pre-commit-config.yaml` would run them (`pre-commit try-repo`
// takes this working tree as the hooks' repository, uncommitted changes
// included). KUBESHAPE_PRE_COMMIT names the tool, KUBESHAPE_BIN the binary
// the hooks find on PATH.
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync, readFileSync, mkdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve, dirname, delimiter } from "node:path";

const PRE_COMMIT = process.env.KUBESHAPE_PRE_COMMIT ?? "pre-commit";
const BIN = resolve(process.env.KUBESHAPE_BIN ?? "target/debug/kubeshape");
const REPO = resolve(".");

const DEPLOYMENT = (selector) =>
  [
    "apiVersion: apps/v1",
    "kind: Deployment",
    "metadata:",
    "  name: web",
    "spec:",
    "  replicas: 2",
    ...(selector ? ["  selector:", "    matchLabels: {app: web}"] : []),
    "  template:",
    "    metadata:",
    "      labels: {app: web}",
    "    spec:",
    "      containers:",
    "        - name: app # the API",
    "          image: ghcr.io/acme/web:1.4.2",
    "",
  ].join("\n");

function sh(cwd, command, args, env = {}) {
  const out = spawnSync(command, args, {
    cwd,
    encoding: "utf8",
    env: {
      ...process.env,
      PATH: `${dirname(BIN)}${delimiter}${process.env.PATH}`,
      GIT_AUTHOR_NAME: "kubeshape test",
      GIT_AUTHOR_EMAIL: "test@example.com",
      GIT_COMMITTER_NAME: "kubeshape test",
      GIT_COMMITTER_EMAIL: "test@example.com",
      PRE_COMMIT_HOME: join(cwd, ".cache-pre-commit"),
      ...env,
    },
    timeout: 120000,
  });
  return { status: out.status, text: `${out.stdout}\n${out.stderr}` };
}

test("the hooks fail a repository with an error finding and fix what is safe", () => {
  const dir = mkdtempSync(join(tmpdir(), "kubeshape-pre-commit-"));
  mkdirSync(join(dir, "k8s"));
  mkdirSync(join(dir, "chart/templates"), { recursive: true });
  writeFileSync(join(dir, "k8s/web.yaml"), DEPLOYMENT(false));
  writeFileSync(join(dir, "chart/Chart.yaml"), "apiVersion: v2\nname: web\nversion: 0.1.0\n");
  writeFileSync(join(dir, "chart/values.yaml"), "image:\n  tag: latest\n");
  writeFileSync(join(dir, "chart/templates/deployment.yaml"), "kind: Deployment\nmetadata:\n  name: {{ .Release.Name }}\n");
  writeFileSync(join(dir, ".gitignore"), ".cache-pre-commit/\n");
  assert.equal(sh(dir, "git", ["init", "-q"]).status, 0);
  assert.equal(sh(dir, "git", ["add", "."]).status, 0);

  // The check hook: the missing selector is an error; the values file and
  // the chart's template are left alone.
  let run = sh(dir, PRE_COMMIT, ["try-repo", REPO, "kubeshape", "--all-files"]);
  assert.equal(run.status, 1, run.text);
  assert.match(run.text, /kubeshape check\.+Failed/);
  assert.match(run.text, /k8s\/web\.yaml:5:1/);
  assert.match(run.text, /missing-required-field/);
  assert.doesNotMatch(run.text, /values\.yaml:\d/);
  assert.doesNotMatch(run.text, /templates\/deployment\.yaml:\d/);

  // Fixed by hand: warnings alone pass.
  writeFileSync(join(dir, "k8s/web.yaml"), DEPLOYMENT(true));
  sh(dir, "git", ["add", "."]);
  run = sh(dir, PRE_COMMIT, ["try-repo", REPO, "kubeshape", "--all-files"]);
  assert.equal(run.status, 0, run.text);
  assert.match(run.text, /kubeshape check\.+Passed/);

  // The fix hook edits the file (pre-commit fails a run that modifies
  // files) and keeps its comment.
  run = sh(dir, PRE_COMMIT, ["try-repo", REPO, "kubeshape-fix", "--all-files"]);
  assert.equal(run.status, 1, run.text);
  assert.match(run.text, /files were modified by this hook/);
  const fixed = readFileSync(join(dir, "k8s/web.yaml"), "utf8");
  assert.match(fixed, /allowPrivilegeEscalation: false/);
  assert.match(fixed, /# the API/);
  assert.equal(readFileSync(join(dir, "chart/values.yaml"), "utf8"), "image:\n  tag: latest\n");
  // Once fixed, the fix hook has nothing left to do.
  sh(dir, "git", ["add", "."]);
  run = sh(dir, PRE_COMMIT, ["try-repo", REPO, "kubeshape-fix", "--all-files"]);
  assert.equal(run.status, 0, run.text);
  rmSync(dir, { recursive: true, force: true });
});
