"""The GitHub Action (action.yml) and the SARIF it uploads.

- action.yml validates against the Action metadata schema, and the
  documented workflow against the workflow schema (both as vendored by
  check-jsonschema, PyPI);
- the action's "Check" step, run as the runner runs it (bash, its inputs as
  environment variables, GITHUB_OUTPUT), writes a SARIF log and says
  whether the run failed;
- that log keeps the rules GitHub's code scanning enforces on upload
  beyond the SARIF schema (tested elsewhere): every result has a ruleId
  that the tool's rules define (and a matching ruleIndex), a location with
  a line and column of at least 1 in a relative URI, and
  partialFingerprints that stay the same across runs and when the lines
  of the file move.

Run by `cargo xtask test` with the tools' virtual environment's Python:
  python tests/editors/action_test.py KUBESHAPE_BIN CHECK_JSONSCHEMA
"""

import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from ruamel.yaml import YAML

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.argv[1]).resolve()
CHECK_JSONSCHEMA = sys.argv[2]
failures = []


def check(ok, what):
    print(("ok   " if ok else "FAIL ") + what)
    if not ok:
        failures.append(what)


def schemas():
    for schema, file in [
        ("vendor.github-actions", "action.yml"),
        ("vendor.github-workflows", "docs/examples/github-workflow.yml"),
    ]:
        run = subprocess.run(
            [CHECK_JSONSCHEMA, "--builtin-schema", schema, str(ROOT / file)],
            capture_output=True,
            text=True,
        )
        check(run.returncode == 0, f"{file} validates against {schema}: {run.stdout}{run.stderr}".strip())


def run_check_step(workdir, paths, fail_on="error"):
    """The action's Check step, as the runner would run it."""
    action = YAML(typ="safe").load((ROOT / "action.yml").read_text())
    step = next(s for s in action["runs"]["steps"] if s.get("id") == "check")
    output = Path(workdir) / "github-output"
    output.write_text("")
    inputs = {"paths": paths, "preset": "", "fail-on": fail_on, "lang": "en", "config": "", "sarif-file": "kubeshape.sarif"}
    env = dict(os.environ)
    env["PATH"] = f"{BIN.parent}{os.pathsep}{env['PATH']}"
    env["GITHUB_OUTPUT"] = str(output)
    for name, value in step["env"].items():
        key = value.strip("${} ").removeprefix("inputs.")
        env[name] = inputs[key]
    run = subprocess.run(["bash", "-e", "-c", step["run"]], cwd=workdir, env=env, capture_output=True, text=True)
    outputs = dict(line.split("=", 1) for line in output.read_text().splitlines() if "=" in line)
    return run, outputs


def github_rules(log, label):
    run = log["runs"][0]
    rules = run["tool"]["driver"]["rules"]
    ids = [r["id"] for r in rules]
    results = run["results"]
    check(len(results) > 0, f"{label}: results")
    bad = []
    for r in results:
        rule = r.get("ruleId")
        if not rule or rule not in ids:
            bad.append(f"ruleId {rule!r} not among the rules")
        elif "ruleIndex" in r and ids[r["ruleIndex"]] != rule:
            bad.append(f"ruleIndex {r['ruleIndex']} is not {rule}")
        loc = r["locations"][0]["physicalLocation"]
        uri = loc["artifactLocation"]["uri"]
        if uri.startswith("/") or "://" in uri:
            bad.append(f"{uri} is not relative")
        region = loc["region"]
        if region.get("startLine", 0) < 1 or region.get("startColumn", 1) < 1:
            bad.append(f"{rule} at {uri} line {region.get('startLine')} column {region.get('startColumn')}")
        if region.get("endLine", region["startLine"]) < region["startLine"]:
            bad.append(f"{rule} at {uri}: the region ends before it starts")
        if not r.get("partialFingerprints", {}).get("kubeshape/v1"):
            bad.append(f"{rule} at {uri} has no fingerprint")
        if not r["message"]["text"].strip():
            bad.append(f"{rule} at {uri} has no message")
        for related in r.get("relatedLocations", []):
            if related["physicalLocation"]["region"]["startLine"] < 1:
                bad.append(f"{rule}: a related location at line 0")
    check(not bad, f"{label}: every result keeps GitHub's rules {bad[:5]}")
    unlinked = [r["id"] for r in rules if not r.get("helpUri", "").startswith("https://")]
    check(not unlinked, f"{label}: every rule links to its page {unlinked[:5]}")


def fingerprints(log):
    return sorted(
        (r["ruleId"], r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"], r["partialFingerprints"]["kubeshape/v1"])
        for r in log["runs"][0]["results"]
    )


def main():
    schemas()
    work = Path(tempfile.mkdtemp(prefix="kubeshape-action-"))
    try:
        shutil.copytree(ROOT / "crates/cli/tests/data/repo", work / "repo")
        shutil.copytree(ROOT / "tests/corpus/kubernetes-examples", work / "corpus")
        run, outputs = run_check_step(work, "repo corpus")
        check(run.returncode == 0, f"the Check step ends well and leaves failing to the last step: {run.stderr[-500:]}")
        check(outputs.get("failed") == "true", f"failed=true (the fixtures have errors): {outputs}")
        check(outputs.get("sarif-file") == "kubeshape.sarif", f"sarif-file output: {outputs}")
        first = json.loads((work / "kubeshape.sarif").read_text())
        github_rules(first, "repo and corpus")

        # The same run again: the same fingerprints.
        run_check_step(work, "repo corpus")
        again = json.loads((work / "kubeshape.sarif").read_text())
        check(fingerprints(first) == fingerprints(again), "fingerprints are stable across runs")

        # Lines moved (a comment added at the top of every file): the same
        # fingerprints for the findings about objects.
        for path in list((work / "repo").rglob("*.yaml")) + list((work / "corpus").rglob("*.yaml")):
            text = path.read_text()
            path.write_text("# moved down by a line\n" + text)
        run_check_step(work, "repo corpus")
        moved = json.loads((work / "kubeshape.sarif").read_text())
        def about_objects(log):
            return sorted(
                (r["ruleId"], r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"], r["partialFingerprints"]["kubeshape/v1"])
                for r in log["runs"][0]["results"]
                if r["locations"][0].get("logicalLocations")
            )

        same = set(about_objects(first)) & set(about_objects(moved))
        check(
            len(same) == len(about_objects(first)) and len(same) > 100,
            f"fingerprints survive lines moving: {len(same)} of {len(about_objects(first))}",
        )

        # fail-on warning on a clean-enough file still fails; a usage error stops the step.
        clean = work / "clean"
        clean.mkdir()
        (clean / "cm.yaml").write_text("apiVersion: v1\nkind: ConfigMap\nmetadata: {name: settings}\ndata: {LEVEL: info}\n")
        run, outputs = run_check_step(work, "clean")
        check(run.returncode == 0 and outputs.get("failed") == "false", f"a clean folder passes: {outputs} {run.stderr[-300:]}")
        run, outputs = run_check_step(work, "clean", fail_on="nonsense")
        check(run.returncode == 2, f"a usage error stops the step with its code: {run.returncode}")
    finally:
        shutil.rmtree(work, ignore_errors=True)
    if failures:
        print(f"{len(failures)} failed")
        sys.exit(1)
    print("all passed")


main()
