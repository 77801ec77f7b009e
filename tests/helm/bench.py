#!/usr/bin/env python3
"""kubeshape's chart render + check against Helm's render alone, on every
corpus chart (dependencies vendored as compare.py does), in one run: the
median of RUNS runs per chart, each in its own process (Helm in-process
through helm-python-sdk, kubeshape through its bench example).

    bench.py BENCH_BIN CORPUS_DIR [--runs N]
"""
import json, os, shutil, statistics, subprocess, sys, tempfile, time

import helm_python as h

sys.path.insert(0, os.path.dirname(__file__))
from compare import vendor  # noqa: E402


def main():
    binary, corpus = sys.argv[1], sys.argv[2]
    runs = int(sys.argv[sys.argv.index("--runs") + 1]) if "--runs" in sys.argv else 20
    charts = sorted(d for d in os.listdir(corpus) if os.path.isfile(os.path.join(corpus, d, "Chart.yaml")))
    scratch = tempfile.mkdtemp(prefix="kubeshape-helm-bench-")
    paths = []
    for name in charts:
        path = os.path.join(scratch, name)
        vendor(os.path.join(corpus, name), path, corpus)
        paths.append(path)
    helm_ms = {}
    for path in paths:
        h.Chart.load(path).render(name="release-name")  # warm
        times = []
        for _ in range(runs):
            started = time.perf_counter()
            h.Chart.load(path).render(name="release-name")
            times.append((time.perf_counter() - started) * 1000)
        helm_ms[path] = statistics.median(times)
    out = subprocess.run([binary, "--runs", str(runs)] + paths, capture_output=True, text=True, check=True)
    ours_ms = json.loads(out.stdout)
    shutil.rmtree(scratch, ignore_errors=True)
    print("%-22s %14s %26s %8s" % ("chart", "Helm render", "kubeshape render + check", "ratio"))
    for path in paths:
        name = os.path.basename(path)
        print("%-22s %11.2f ms %23.2f ms %7.1fx" % (name, helm_ms[path], ours_ms[path], helm_ms[path] / ours_ms[path]))
    total_helm, total_ours = sum(helm_ms.values()), sum(ours_ms.values())
    print("%-22s %11.2f ms %23.2f ms %7.1fx" % ("all charts", total_helm, total_ours, total_helm / total_ours))


if __name__ == "__main__":
    main()
