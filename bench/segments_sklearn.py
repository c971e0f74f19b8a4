"""scikit-learn's side of bench/segments.ts: KMeans (k-means++, n_init=10) on
the app's own standardised RFM features at each k, and silhouette_score of
both its labels and the app's, on all points, so the two are scored the same
way. Reads features.csv (4 columns) and ours.csv (one column of labels per k)
from the directory given; prints one JSON object."""
import json
import resource
import sys
import time

import numpy as np
from sklearn.cluster import KMeans
from sklearn.metrics import silhouette_score


def main(folder: str) -> None:
    X = np.loadtxt(f"{folder}/features.csv", delimiter=",")
    ours = np.loadtxt(f"{folder}/ours.csv", delimiter=",", dtype=int, ndmin=2)
    ks = [int(k) for k in open(f"{folder}/ks.txt").read().split()]
    out = []
    for col, k in enumerate(ks):
        wall, cpu = time.perf_counter(), time.process_time()
        km = KMeans(n_clusters=k, init="k-means++", n_init=10, random_state=0).fit(X)
        fit_wall, fit_cpu = time.perf_counter() - wall, time.process_time() - cpu
        out.append({
            "k": k,
            "sklearnSilhouette": float(silhouette_score(X, km.labels_)),
            "oursSilhouette": float(silhouette_score(X, ours[:, col])),
            "sklearnInertia": float(km.inertia_),
            "fitWallS": fit_wall,
            "fitCpuS": fit_cpu,
        })
    usage = resource.getrusage(resource.RUSAGE_SELF)
    print(json.dumps({"n": int(X.shape[0]), "ks": out, "cpuS": usage.ru_utime + usage.ru_stime, "maxRssMb": usage.ru_maxrss / 1024}))


if __name__ == "__main__":
    main(sys.argv[1])
