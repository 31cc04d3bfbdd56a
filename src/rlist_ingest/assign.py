"""Optimal one-to-one assignment (Hungarian algorithm, O(n^2 m)) for aligning records.

Written here rather than taking SciPy as a dependency for one function; it is checked
against brute force in the tests.
"""

from __future__ import annotations

import numpy as np


def max_assignment(sim: np.ndarray) -> list[tuple[int, int]]:
    """Pairs (row, col) maximising the total of ``sim`` with each row and column used at
    most once; every row is assigned when rows <= cols (and vice versa)."""
    sim = np.asarray(sim, dtype=float)
    if sim.size == 0:
        return []
    transposed = sim.shape[0] > sim.shape[1]
    cost = -(sim.T if transposed else sim)
    n, m = cost.shape
    u = np.zeros(n + 1)
    v = np.zeros(m + 1)
    p = np.zeros(m + 1, dtype=int)  # p[j]: row (1-based) assigned to column j
    way = np.zeros(m + 1, dtype=int)
    for i in range(1, n + 1):
        p[0] = i
        j0 = 0
        minv = np.full(m + 1, np.inf)
        used = np.zeros(m + 1, dtype=bool)
        while True:
            used[j0] = True
            i0 = p[j0]
            free = ~used
            free[0] = False
            cur = cost[i0 - 1] - u[i0] - v[1:]
            better = free[1:] & (cur < minv[1:])
            minv[1:][better] = cur[better]
            way[1:][better] = j0
            masked = np.where(free[1:], minv[1:], np.inf)
            j1 = int(np.argmin(masked)) + 1
            delta = masked[j1 - 1]
            u[p[used]] += delta
            v[used] -= delta
            minv[1:][free[1:]] -= delta
            j0 = j1
            if p[j0] == 0:
                break
        while j0:
            j1 = way[j0]
            p[j0] = p[j1]
            j0 = j1
    pairs = [(int(p[j]) - 1, j - 1) for j in range(1, m + 1) if p[j]]
    if transposed:
        pairs = [(c, r) for r, c in pairs]
    return sorted(pairs)
