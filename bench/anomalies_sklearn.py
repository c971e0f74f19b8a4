"""scikit-learn's IsolationForest on the feature matrices bench/anomalies.ts wrote.

Usage: python3 bench/anomalies_sklearn.py DIR SEED...
DIR holds NAME.f64 (row-major float64) and NAME.json ({"rows": n, "dims": d}) per matrix; for
each matrix and seed this writes NAME.sk<SEED>.f64 (the anomaly scores s, i.e. -score_samples)
and prints one JSON line with the fit and scoring times (wall and CPU of this process).
Parameters as the paper and our forest: 100 trees, max_samples=256, random_state=SEED.
"""
import json
import os
import resource
import sys
import time

import numpy as np
from sklearn.ensemble import IsolationForest


def cpu():
    r = resource.getrusage(resource.RUSAGE_SELF)
    return r.ru_utime + r.ru_stime


def main():
    folder = sys.argv[1]
    seeds = [int(s) for s in sys.argv[2:]] or [0]
    for name in sorted(f[:-5] for f in os.listdir(folder) if f.endswith('.json')):
        shape = json.load(open(os.path.join(folder, name + '.json')))
        x = np.fromfile(os.path.join(folder, name + '.f64'), dtype=np.float64).reshape(shape['rows'], shape['dims'])
        for seed in seeds:
            w0, c0 = time.perf_counter(), cpu()
            forest = IsolationForest(n_estimators=100, max_samples=256, random_state=seed).fit(x)
            scores = -forest.score_samples(x)
            w1, c1 = time.perf_counter(), cpu()
            scores.astype(np.float64).tofile(os.path.join(folder, '%s.sk%d.f64' % (name, seed)))
            print(json.dumps({'name': name, 'seed': seed, 'rows': shape['rows'], 'wall_s': w1 - w0, 'cpu_s': c1 - c0}), flush=True)


if __name__ == '__main__':
    main()
