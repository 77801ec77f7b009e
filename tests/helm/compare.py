#!/usr/bin/env python3
"""Renders every chart of the corpus with real Helm (helm-python-sdk, Helm
v4.2.3) and with kubeshape's renderer, and compares them object for object
(each template's documents, parsed, compared as data) and byte for byte.

    compare.py RENDER_BIN CORPUS_DIR [--only NAME] [--verbose]

Dependencies are vendored from sibling folders into a scratch copy, as
`helm dependency build` would. Values from randomness (`randAlphaNum`,
`uuidv4`, ...) and the clock differ by design; a chart's documents whose
only differences are such values are counted as equal when the values
sit at the same places and have the same length, and PEM blocks
(`genCA`, `genSignedCert`: kubeshape's are stand-ins of the same form) are
equal to each other.

Exits non-zero if any chart's objects differ (or a render fails on one
side only).
"""
import json, os, shutil, subprocess, sys, tempfile

import yaml
import helm_python as h

SIBLING_DEPS = {"common", "postgresql", "redis", "mariadb", "memcached"}


def vendor(src, dst, corpus):
    shutil.copytree(src, dst, symlinks=False)
    chart = yaml.safe_load(open(os.path.join(dst, "Chart.yaml")))
    for dep in chart.get("dependencies") or []:
        name = dep.get("name")
        sib = os.path.join(corpus, name)
        target = os.path.join(dst, "charts", name)
        if name in SIBLING_DEPS and os.path.isdir(sib) and not os.path.exists(target):
            os.makedirs(os.path.join(dst, "charts"), exist_ok=True)
            vendor(sib, target, corpus)


def docs(text):
    try:
        return [d for d in yaml.safe_load_all(text) if d is not None]
    except yaml.YAMLError as e:
        return ["<YAML error: %s>" % str(e).splitlines()[0]]


def fuzzy_equal(a, b):
    """Equal, or differing only in strings of the same length that look
    generated (random or time-based)."""
    if type(a) != type(b):
        return False
    if isinstance(a, dict):
        return a.keys() == b.keys() and all(fuzzy_equal(a[k], b[k]) for k in a)
    if isinstance(a, list):
        return len(a) == len(b) and all(fuzzy_equal(x, y) for x, y in zip(a, b))
    if isinstance(a, str) and a != b:
        # PEM blocks (genCA, genSignedCert: stand-ins of the same form)
        pem = ("-----BEGIN", "LS0tLS1CRUdJTi")
        if a.startswith(pem) and b.startswith(pem):
            return True
        return len(a) == len(b) and len(a) >= 8 and not any(c.isspace() for c in a)
    return a == b


def render_helm(path, values_files):
    c = h.Chart.load(path)
    vals = {}
    for f in values_files:
        merge(vals, yaml.safe_load(open(f)) or {})
    return c.render(vals or None, name="release-name")


def merge(dst, src):
    for k, v in src.items():
        if isinstance(v, dict) and isinstance(dst.get(k), dict):
            merge(dst[k], v)
        else:
            dst[k] = v


def render_ours(binary, path, values_files):
    args = [binary, path, "--name", "release-name"]
    for f in values_files:
        args += ["-f", f]
    out = subprocess.run(args, capture_output=True, text=True, check=True)
    return json.loads(out.stdout)


def main():
    binary, corpus = sys.argv[1], sys.argv[2]
    only = sys.argv[sys.argv.index("--only") + 1] if "--only" in sys.argv else None
    verbose = "--verbose" in sys.argv
    charts = sorted(d for d in os.listdir(corpus) if os.path.isfile(os.path.join(corpus, d, "Chart.yaml")))
    total = {"cases": 0, "equal": 0, "bytes": 0, "templates": 0, "templates_equal": 0, "templates_bytes": 0}
    failed = []
    scratch = tempfile.mkdtemp(prefix="kubeshape-helm-")
    for name in charts:
        if only and name != only:
            continue
        path = os.path.join(scratch, name)
        vendor(os.path.join(corpus, name), path, corpus)
        cases = [[]]
        ci = os.path.join(path, "ci")
        if os.path.isdir(ci):
            cases += [[os.path.join(ci, f)] for f in sorted(os.listdir(ci)) if f.endswith("-values.yaml")]
        for values in cases:
            label = name + ("" if not values else " -f " + os.path.basename(values[0]))
            total["cases"] += 1
            try:
                theirs = render_helm(path, values)
            except Exception as e:  # noqa: BLE001
                theirs = {"<error>": str(e).splitlines()[0][:300]}
            ours_out = render_ours(binary, path, values)
            ours = ours_out["rendered"]
            if ours_out["errors"]:
                ours = dict(ours)
                ours["<error>"] = ours_out["errors"][0][:300]
            diffs = []
            keys = sorted(set(theirs) | set(ours))
            same_bytes = True
            for k in keys:
                if k.endswith("NOTES.txt"):
                    continue
                a, b = theirs.get(k), ours.get(k)
                total["templates"] += 1
                if k == "<error>":
                    if (a is None) != (b is None):
                        diffs.append((k, a, b))
                    continue
                if a == b:
                    total["templates_equal"] += 1
                    total["templates_bytes"] += 1
                    continue
                same_bytes = False
                if a is not None and b is not None and fuzzy_equal(docs(a), docs(b)):
                    total["templates_equal"] += 1
                    continue
                if (a is None and b is not None and not docs(b)) or (b is None and a is not None and not docs(a)):
                    total["templates_equal"] += 1
                    continue
                diffs.append((k, a, b))
            if diffs:
                failed.append(label)
                print("DIFF %s: %d template(s)" % (label, len(diffs)))
                for k, a, b in diffs[: (50 if verbose else 3)]:
                    print("  %s" % k)
                    if verbose:
                        import difflib
                        for line in difflib.unified_diff((a or "").splitlines(), (b or "").splitlines(), "helm", "kubeshape", lineterm="", n=1):
                            print("    " + line)
            else:
                total["equal"] += 1
                if same_bytes:
                    total["bytes"] += 1
                print("ok   %s" % label)
    shutil.rmtree(scratch, ignore_errors=True)
    print(
        "charts: %(equal)d of %(cases)d renders equal object for object (%(bytes)d byte-identical); "
        "templates: %(templates_equal)d of %(templates)d equal, %(templates_bytes)d byte-identical" % total
    )
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
