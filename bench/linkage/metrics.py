"""Scoring against ground truth, with the definitions of ../shared/domain/linkage.md §1.1.

* Pairwise precision / recall / F1 on unordered pairs against the full truth: every true pair the
  linker did not report (lost by blocking or scored too low) is a false negative.
* After clustering: connected components of the predicted links; each cluster stands for all its
  within-cluster pairs, scored against the truth the same way (counted, never enumerated, so an
  over-merged cluster of 10,000 records costs nothing to score).
* Persons: the number of clusters (singletons included) against the number of true entities.
* ``source``: for a two-file link (FEBRL4) only pairs of records from different files count.
"""

from __future__ import annotations

import itertools

import numpy as np
from scipy.sparse import coo_matrix
from scipy.sparse.csgraph import connected_components


def components(n: int, left: np.ndarray, right: np.ndarray) -> np.ndarray:
    """Connected-component label (0..k-1) of each of ``n`` records joined by the edges given."""
    graph = coo_matrix((np.ones(len(left), dtype=np.int8), (left, right)), shape=(n, n))
    return connected_components(graph, directed=False)[1]


def _pair_keys(left: np.ndarray, right: np.ndarray, n: int) -> np.ndarray:
    lo, hi = np.minimum(left, right).astype(np.int64), np.maximum(left, right).astype(np.int64)
    keys = lo * n + hi
    return np.unique(keys[lo != hi])


def truth_pairs(entity: np.ndarray, source: np.ndarray | None = None) -> np.ndarray:
    """All unordered within-entity pairs as keys i*n+j (i<j); cross-source only if ``source``."""
    n = len(entity)
    order = np.argsort(entity, kind="stable")
    ent = entity[order]
    bounds = np.flatnonzero(np.r_[True, ent[1:] != ent[:-1], True])
    lefts, rights = [], []
    for start, stop in itertools.pairwise(bounds):
        if stop - start < 2:
            continue
        idx = order[start:stop]
        i, j = np.triu_indices(len(idx), k=1)
        lefts.append(idx[i])
        rights.append(idx[j])
    if not lefts:
        return np.empty(0, dtype=np.int64)
    left, right = np.concatenate(lefts), np.concatenate(rights)
    if source is not None:
        keep = source[left] != source[right]
        left, right = left[keep], right[keep]
    return _pair_keys(left, right, n)


def prf(tp: int, predicted: int, actual: int) -> dict[str, float | int]:
    precision = tp / predicted if predicted else 1.0
    recall = tp / actual if actual else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {
        "tp": tp,
        "predicted": predicted,
        "actual": actual,
        "precision": precision,
        "recall": recall,
        "f1": f1,
    }


def pairwise(
    left: np.ndarray, right: np.ndarray, truth: np.ndarray, n: int, source: np.ndarray | None
) -> dict[str, float | int]:
    if source is not None:
        keep = source[left] != source[right]
        left, right = left[keep], right[keep]
    keys = _pair_keys(left, right, n)
    tp = int(np.isin(keys, truth, assume_unique=True).sum())
    return prf(tp, len(keys), len(truth))


def _within_pairs(labels: np.ndarray, source: np.ndarray | None) -> int:
    if source is None:
        counts = np.bincount(labels).astype(np.int64)
        return int((counts * (counts - 1) // 2).sum())
    a = np.bincount(labels[source == 0], minlength=labels.max() + 1).astype(np.int64)
    b = np.bincount(labels[source != 0], minlength=labels.max() + 1).astype(np.int64)
    return int((a * b).sum())


def clustered(
    cluster: np.ndarray, entity: np.ndarray, source: np.ndarray | None
) -> dict[str, float | int]:
    """Pairwise scores of the clusters, counted through the cluster × entity contingency."""
    cell = np.unique(np.stack([cluster, entity]), axis=1, return_inverse=True)[1].ravel()
    return prf(
        _within_pairs(cell, source), _within_pairs(cluster, source), _within_pairs(entity, source)
    )


def score(
    left: np.ndarray,
    right: np.ndarray,
    entity: np.ndarray,
    source: np.ndarray | None = None,
    truth: np.ndarray | None = None,
) -> dict[str, object]:
    """All figures for one linker output: predicted pairs (record indices) and the truth."""
    n = len(entity)
    if truth is None:
        truth = truth_pairs(entity, source)
    labels = components(n, left, right)
    persons = int(labels.max()) + 1 if n else 0
    true_persons = len(np.unique(entity))
    return {
        "pairwise": pairwise(left, right, truth, n, source),
        "clustered": clustered(labels, entity, source),
        "persons": persons,
        "largest_cluster": int(np.bincount(labels).max()) if n else 0,
        "true_persons": true_persons,
        "persons_error": (persons - true_persons) / true_persons if true_persons else 0.0,
    }
