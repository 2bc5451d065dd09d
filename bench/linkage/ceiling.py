"""How far the engine's comparison vectors can go on the Central Asian file, given the truth.

    python -m bench.linkage.ceiling [--path CSV]

One run of Azat's linker (the shipped model, trained without labels) is made to keep every
candidate pair with its comparison levels (gamma), the term frequencies it adjusted by, the
levels of the random pairs it re-estimated u on, and its m, u and prior. A rule blocking on the
true person is appended after the engine's own rules, as in ``misses.py --oracle``: pairs only it
found (Splink's match_key) are the true pairs blocking lost; they give the supervised m its full
sample and otherwise count only as missed. The engine is patched in this process only; the model
it trains is the same (no estimation step reads the blocking rules). Figures are pairwise, over
all true pairs (FN includes what blocking lost); "best" thresholds are chosen with the truth.

1. Unsupervised, as shipped: the engine's probability, p >= 0.5.
2. Unsupervised, best threshold: the same scores cut where F1 is highest; what fixing only the
   prior or the threshold could give.
3. Supervised Fellegi-Sunter: the same levels, m per level the share of all true pairs at it, u
   the share of the non-matching random pairs (Splink's definition, on the engine's own sample
   of about a million), the prior the true share of all pairs; with the engine's term-frequency
   adjustment (a level with one weighs log2(m / tf)) and without it. A level no pair reached
   keeps one pair's worth. Also naive Bayes fitted on the candidate pairs themselves (m, u and
   prior among candidates). Then the engine's model with one part taken from the truth, which
   shows which estimate costs the most.
4. Bayes-optimal on the level vectors: candidate pairs grouped by their full vector of levels
   (then also by the rounded log10 count in the file of the given and of the family skeleton,
   the larger of the two records'); a group is linked when its true share, smoothed by one pair
   at the supervised Fellegi-Sunter (TF) probability so that an unseen vector falls back on it,
   clears the threshold best on the fitting half. 2-fold cross-validation with the candidate
   pairs split at random (seed 7); "in sample" fits and scores on all of them (memorised). Last,
   gradient boosting (scikit-learn, which recordlinkage brings) on the levels and the term
   frequencies, then also the name counts (log10 of both records' counts), with the same folds:
   a classifier free of the independence assumption that does not memorise.
5. Blocking ceiling: every candidate pair classified right; what blocking lost stays missed.

Then false negatives and false positives of the shipped model and of the best classifier of 3
(best threshold) and 4 (held out), by what the two records share besides names (``misses.py``).
"""

from __future__ import annotations

import argparse
import math
import time
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from azat.linkage import engine
from azat.linkage.keys import record_keys
from azat.linkage.records import Record
from bench.linkage import data, generate, metrics, run_azat
from bench.linkage.misses import _shared

DEFAULT_PATH = data.DATA_DIR / "central-asian-20000-seed7.csv"
# The comparisons, in the engine's order; the optional ones (an address) are left out by the
# engine on a file that has none, as the Central Asian file does.
NAMES = tuple(name for name in engine.LEVELS if name not in engine.OPTIONAL_COMPARISONS)
# Each comparison's term-frequency column per level label (None: no adjustment at that level).
TF_COLUMN = {c: {label: tf for label, _, tf in levels} for c, (_, levels) in engine.LEVELS.items()}
SEED = 7


@dataclass
class Capture:
    """What the engine's run leaves behind, taken from inside it."""

    pairs: dict[str, np.ndarray] = field(default_factory=dict)
    random: list[dict[str, np.ndarray]] = field(default_factory=list)
    levels: dict[str, list[tuple[int, str, float, float]]] = field(default_factory=dict)
    prior: float = 0.0
    oracle_key: int = -1


@dataclass
class Model:
    """m and u per comparison, indexed by level (gamma), and the prior."""

    m: list[np.ndarray]
    u: list[np.ndarray]
    prior: float


def run_engine(records: list[Record], entity: np.ndarray) -> Capture:
    """Link with every candidate pair kept, the truth as a last blocking rule, and capture."""
    cap = Capture()
    person = {r.record_id: str(e) for r, e in zip(records, entity, strict=True)}
    hooks = ("record_keys", "KEY_COLUMNS", "_blocking_rules", "_level_labels")
    saved: dict[str, Any] = {h: getattr(engine, h) for h in (*hooks, "_non_match_weights", "_rows")}

    def keys(record: Record, **options: Any) -> dict[str, Any]:
        return {**saved["record_keys"](record, **options), "oracle": person[record.record_id]}

    def rules(broad: Any = (), absent: Any = ()) -> list[Any]:
        found = saved["_blocking_rules"](broad, absent)
        cap.oracle_key = len(found)
        return [*found, "l.oracle = r.oracle"]

    def labels(linker: Any) -> dict[str, dict[int, str]]:
        settings = linker._settings_obj
        cap.prior = float(settings._probability_two_random_records_match)
        for c in settings.comparisons:
            cap.levels[c.output_column_name] = sorted(
                (level.comparison_vector_value, level.label_for_charts, level.m_probability,
                 level.u_probability)
                for level in c.comparison_levels
                if not level.is_null_level
            )  # fmt: skip
        return saved["_level_labels"](linker)

    def non_match(frame: Any, names: list[str]) -> dict[str, dict[int, float]]:
        columns = ", ".join(f"gamma_{c}" for c in NAMES)
        relation = frame.as_duckdbpyrelation()
        cap.random.append(relation.select(f"unique_id_l, unique_id_r, {columns}").fetchnumpy())
        return saved["_non_match_weights"](frame, names)

    def rows(frame: Any, backend: str) -> Iterator[dict[str, Any]]:
        columns = ["CAST(unique_id_l AS INTEGER) AS l", "CAST(unique_id_r AS INTEGER) AS r",
                   "CAST(match_key AS INTEGER) AS match_key", "match_probability"]  # fmt: skip
        for name in NAMES:
            whens = [
                f"WHEN {g} THEN greatest(coalesce(tf_{tf}_l, tf_{tf}_r), "
                f"coalesce(tf_{tf}_r, tf_{tf}_l))"
                for g, label, _, _ in cap.levels[name]
                if (tf := TF_COLUMN[name].get(label))
            ]
            case = f"CASE gamma_{name} {' '.join(whens)} END" if whens else "NULL"
            columns += [f"gamma_{name}", f"CAST({case} AS DOUBLE) AS tf_{name}"]
        cap.pairs = frame.as_duckdbpyrelation().select(", ".join(columns)).fetchnumpy()
        return iter(())  # the pairs are read here; link() needs no Link objects

    patched = {"record_keys": keys, "KEY_COLUMNS": (*saved["KEY_COLUMNS"], "oracle"),
               "_blocking_rules": rules, "_level_labels": labels,
               "_non_match_weights": non_match, "_rows": rows}  # fmt: skip
    try:
        for name, value in patched.items():
            setattr(engine, name, value)
        engine.link(records, min_probability=0.0)
    finally:
        for name, value in saved.items():
            setattr(engine, name, value)
    return cap


@dataclass
class Pairs:
    """The candidate pairs (the engine's blocking) and what is known of them."""

    left: np.ndarray
    right: np.ndarray
    label: np.ndarray  # same person
    gamma: np.ndarray  # pairs x comparisons, -1 where a record lacks the field
    tf: np.ndarray  # pairs x comparisons, the term frequency adjusted by (NaN: none)
    shipped: np.ndarray  # the engine's probability
    lost: np.ndarray  # keys (i * n + j) of the true pairs blocking lost
    true_gamma: np.ndarray  # the levels of every true pair, lost ones included


def candidate_pairs(cap: Capture, entity: np.ndarray) -> Pairs:
    p, n = cap.pairs, len(entity)
    left, right = np.minimum(p["l"], p["r"]), np.maximum(p["l"], p["r"])
    key, first = np.unique(left.astype(np.int64) * n + right, return_index=True)
    same = entity[left[first]] == entity[right[first]]
    gamma = np.stack([p[f"gamma_{c}"][first] for c in NAMES], axis=1).astype(int)
    # NULL (no term frequency at the pair's level) comes as a masked value: NaN here.
    tf = np.stack([np.ma.filled(p[f"tf_{c}"].astype(float), np.nan)[first] for c in NAMES], 1)
    found = p["match_key"][first] != cap.oracle_key
    assert int(same.sum()) == len(metrics.truth_pairs(entity)), "the oracle must offer every pair"
    return Pairs(
        left=left[first][found],
        right=right[first][found],
        label=same[found],
        gamma=gamma[found],
        tf=tf[found],
        shipped=np.asarray(p["match_probability"], dtype=float)[first][found],
        lost=key[~found],
        true_gamma=gamma[same],
    )


def shares(gamma: np.ndarray, size: int) -> np.ndarray:
    """Share of the non-null pairs at each level; a level nobody reached keeps one pair."""
    counts = np.bincount(gamma[gamma >= 0], minlength=size).astype(float)
    return np.maximum(counts, 1.0) / max(counts.sum(), 1.0)


def weights(model: Model, gamma: np.ndarray, tf: np.ndarray | None) -> np.ndarray:
    """Match weights (log2 odds) as Splink computes them; with ``tf`` a level that has a term
    frequency weighs log2(m / tf), the engine's adjustment with u cancelled."""
    total = np.full(len(gamma), math.log2(model.prior / (1 - model.prior)))
    for k in range(gamma.shape[1]):
        g = gamma[:, k]
        m, u = model.m[k][np.maximum(g, 0)], model.u[k][np.maximum(g, 0)]
        part = np.log2(m) - np.log2(u)
        if tf is not None:
            known = ~np.isnan(tf[:, k])
            part = np.where(known, np.log2(m) - np.log2(np.where(known, tf[:, k], 1.0)), part)
        total += np.where(g >= 0, part, 0.0)
    return total


def probability(weight: np.ndarray) -> np.ndarray:
    return 1.0 / (1.0 + np.exp2(-np.clip(weight, -1000, 1000)))


def best(score: np.ndarray, label: np.ndarray, actual: int) -> tuple[float, dict[str, Any]]:
    """The cut of ``score`` (link at >= it) with the highest F1, and its figures."""
    order = np.argsort(-score, kind="stable")
    ranked, tp = score[order], np.cumsum(label[order])
    predicted = np.arange(1, len(score) + 1)
    f1 = np.where(np.r_[ranked[1:] != ranked[:-1], True], 2 * tp / (predicted + actual), -1.0)
    i = int(np.argmax(f1))
    return float(ranked[i]), metrics.prf(int(tp[i]), int(predicted[i]), actual)


def at(linked: np.ndarray, label: np.ndarray, actual: int) -> dict[str, Any]:
    return metrics.prf(int(label[linked].sum()), int(linked.sum()), actual)


def held_out(score_of: Any, label: np.ndarray, lost: int) -> np.ndarray:
    """2-fold cross-validation: ``score_of(fit)`` scores every pair from the ``fit`` pairs; the
    cut best on the fitting half links the other half (blocking's losses shared by the halves)."""
    fold = np.random.default_rng(SEED).random(len(label)) < 0.5
    linked = np.zeros(len(label), dtype=bool)
    for test in (fold, ~fold):
        fit = ~test
        score = score_of(fit)
        cut = best(score[fit], label[fit], int(label[fit].sum()) + lost // 2)[0]
        linked[test] = score[test] >= cut
    return linked


def group_share(
    features: np.ndarray, label: np.ndarray, prior: np.ndarray, fit: np.ndarray
) -> np.ndarray:
    """Each pair's true share in its group of identical ``features`` among the ``fit`` pairs,
    smoothed by one pair worth ``prior`` (an unseen group gets ``prior``)."""
    group = np.unique(features, axis=0, return_inverse=True)[1].ravel()
    n = np.bincount(group[fit], minlength=group.max() + 1)
    t = np.bincount(group[fit], weights=label[fit], minlength=group.max() + 1)
    return (t[group] + prior) / (n[group] + 1.0)


def boosted(features: np.ndarray, label: np.ndarray, fit: np.ndarray) -> np.ndarray:
    """Gradient boosting fitted on the ``fit`` pairs: every pair's probability. The first
    columns, one per comparison, are its level + 1 (categories)."""
    from sklearn.ensemble import HistGradientBoostingClassifier

    model = HistGradientBoostingClassifier(
        categorical_features=np.arange(features.shape[1]) < len(NAMES),
        max_iter=300,
        learning_rate=0.1,
        random_state=SEED,
    )
    return model.fit(features[fit], label[fit]).predict_proba(features)[:, 1]


def name_counts(keys: list[dict[str, Any]], left: np.ndarray, right: np.ndarray) -> np.ndarray:
    """Per pair, log10 of the larger and of the smaller file count of the two records' given
    skeletons, then the same of the family skeletons (NaN when a record has none)."""
    columns = []
    for column in ("given_skel", "family_skel"):
        count = Counter(k[column] for k in keys if k[column])
        per = np.array([count.get(k[column], 0) for k in keys], dtype=float)
        per = np.log10(np.where(per > 0, per, np.nan))
        columns += [np.fmax(per[left], per[right]), np.fmin(per[left], per[right])]
    return np.stack(columns, axis=1)


def line(title: str, figures: dict[str, Any], cut: float | str = "") -> str:
    cut = f"{cut:.3g}" if isinstance(cut, float) else cut
    return (f"{title:<60} {figures['precision']:>9.4f} {figures['recall']:>7.4f} "
            f"{figures['f1']:>7.4f} {figures['predicted'] - figures['tp']:>6} "
            f"{figures['actual'] - figures['tp']:>6} {cut:>9}")  # fmt: skip


def one_part_from_truth(shipped: Model, supervised: Model, pairs: Pairs, actual: int) -> None:
    """The shipped model with its prior, its u, its m or one comparison from the truth."""
    print("\nThe shipped model (TF as the engine) with one part from the truth "
          "(F1 at p >= 0.5; figures at the best threshold):")  # fmt: skip
    variants = {
        "shipped": shipped,
        "true prior": Model(shipped.m, shipped.u, supervised.prior),
        "supervised u": Model(shipped.m, supervised.u, shipped.prior),
        "supervised m": Model(supervised.m, shipped.u, shipped.prior),
        "supervised m and u": Model(supervised.m, supervised.u, shipped.prior),
    }
    for k, name in enumerate(NAMES):
        one = Model(list(shipped.m), list(shipped.u), shipped.prior)
        one.m[k], one.u[k] = supervised.m[k], supervised.u[k]
        variants[f"supervised {name}"] = one
    for title, model in variants.items():
        score = probability(weights(model, pairs.gamma, pairs.tf))
        cut, fig = best(score, pairs.label, actual)
        f1 = at(score >= 0.5, pairs.label, actual)["f1"]
        print(line(f"  {title} ({f1:.4f})", fig, cut))


def by_evidence(keys: list[dict[str, Any]], pairs: Pairs, linked_by: dict[str, np.ndarray]) -> None:
    """True pairs, those blocking lost, and each classifier's FN and FP among the candidate
    pairs, by what the two records share besides names."""
    n, label = len(keys), pairs.label
    kind = np.array(
        [_shared(keys[a], keys[b]) for a, b in zip(pairs.left, pairs.right, strict=True)]
    )
    lost_kind = Counter(_shared(keys[k // n], keys[k % n]) for k in pairs.lost.tolist())
    print(f"{'shared besides names':<45} {'true':>6} {'lost':>6} {'ship FN':>8} {'ship FP':>8} "
          f"{'best FN':>8} {'best FP':>8}")  # fmt: skip
    table = []
    for name in set(kind) | set(lost_kind):
        here = kind == name
        row = [int((here & label).sum()) + lost_kind[name], lost_kind[name]]
        for linked in linked_by.values():
            row += [int((here & label & ~linked).sum()), int((here & ~label & linked).sum())]
        if any(row):
            table.append((name, row))
    for name, row in sorted(table, key=lambda item: (-item[1][0], -item[1][-1])):
        print(f"{name:<45} {row[0]:>6} {row[1]:>6} " + " ".join(f"{v:>8}" for v in row[2:]))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--path", type=Path, default=DEFAULT_PATH)
    args = parser.parse_args()
    started = time.perf_counter()
    if not args.path.exists() and args.path == DEFAULT_PATH:
        args.path.parent.mkdir(parents=True, exist_ok=True)
        generate.write_csv(args.path, records=20_000, seed=7)  # as `python -m bench.linkage`
    records = run_azat.records("central-asian", args.path)
    entity = np.array([r["entity"] for r in data.load("central-asian", args.path)])
    cap = run_engine(records, entity)
    seconds = time.perf_counter() - started
    pairs = candidate_pairs(cap, entity)
    label, gamma, tf = pairs.label, pairs.gamma, pairs.tf
    n, actual, lost = len(records), int(label.sum()) + len(pairs.lost), len(pairs.lost)

    r_left = np.concatenate([b["unique_id_l"].astype(int) for b in cap.random])
    r_right = np.concatenate([b["unique_id_r"].astype(int) for b in cap.random])
    r_gamma = np.stack(
        [np.concatenate([b[f"gamma_{c}"] for b in cap.random]) for c in NAMES], axis=1
    ).astype(int)
    r_match = entity[r_left] == entity[r_right]
    size = [len(cap.levels[c]) for c in NAMES]
    shipped = Model(
        m=[np.array([m for _, _, m, _ in cap.levels[c]]) for c in NAMES],
        u=[np.array([u for _, _, _, u in cap.levels[c]]) for c in NAMES],
        prior=cap.prior,
    )
    true_prior = actual / (n * (n - 1) / 2)
    supervised = Model(
        m=[shares(pairs.true_gamma[:, k], size[k]) for k in range(len(NAMES))],
        u=[shares(r_gamma[~r_match, k], size[k]) for k in range(len(NAMES))],
        prior=true_prior,
    )
    on_candidates = Model(
        m=[shares(gamma[label, k], size[k]) for k in range(len(NAMES))],
        u=[shares(gamma[~label, k], size[k]) for k in range(len(NAMES))],
        prior=float(label.mean()),
    )
    inner = (pairs.shipped > 1e-12) & (pairs.shipped < 1 - 1e-12)
    odds = pairs.shipped[inner] / (1 - pairs.shipped[inner])
    drift = np.abs(weights(shipped, gamma[inner], tf[inner]) - np.log2(odds)).max()

    print(f"{args.path.name}: {n} records, {actual} true pairs, {len(label)} candidate pairs "
          f"({int(label.sum())} true), {lost} true pairs lost by blocking; u from "
          f"{int((~r_match).sum())} non-matching random pairs ({int(r_match.sum())} matching "
          f"left out); prior shipped {cap.prior:.3g}, true {true_prior:.3g}; engine run "
          f"{seconds:.0f} s; shipped weights rebuilt from the levels within {drift:.1e} "
          "bits")  # fmt: skip
    print(f"\n{'':<60} {'precision':>9} {'recall':>7} {'F1':>7} {'FP':>6} {'FN':>6} "
          f"{'threshold':>9}")  # fmt: skip
    print(
        line("1 unsupervised, as shipped, p >= 0.5", at(pairs.shipped >= 0.5, label, actual), 0.5)
    )
    cut, fig = best(pairs.shipped, label, actual)
    print(line("2 unsupervised, best threshold", fig, cut))
    results: dict[str, np.ndarray] = {}
    for title, tfs in (("with TF", tf), ("without TF", None)):
        score = probability(weights(supervised, gamma, tfs))
        print(line(f"3 supervised FS {title}, p >= 0.5", at(score >= 0.5, label, actual), 0.5))
        cut, fig = best(score, label, actual)
        print(line(f"3 supervised FS {title}, best threshold", fig, cut))
        results[f"supervised FS {title}"] = score >= cut
    cut, fig = best(weights(on_candidates, gamma, None), label, actual)
    print(line("3 naive Bayes on candidate pairs, best threshold (weight)", fig, cut))

    fallback = probability(weights(supervised, gamma, tf))
    keys = [record_keys(r) for r in records]
    counts = name_counts(keys, pairs.left, pairs.right)
    buckets = np.where(np.isnan(counts[:, [0, 2]]), -1, np.round(counts[:, [0, 2]])).astype(int)
    for title, features in (
        ("levels", gamma),
        ("levels + name counts", np.hstack([gamma, buckets])),
    ):
        groups = len(np.unique(features, axis=0))
        linked = held_out(lambda fit, f=features: group_share(f, label, fallback, fit), label, lost)
        print(line(f"4 Bayes groups, {title} ({groups}), 2-fold CV", at(linked, label, actual)))
        every = np.ones(len(label), dtype=bool)
        cut, fig = best(group_share(features, label, fallback, every), label, actual)
        print(line(f"4 Bayes groups, {title}, in sample", fig, cut))
        results[f"Bayes groups, {title}, CV"] = linked
    with_tf = [k for k in range(len(NAMES)) if not np.isnan(tf[:, k]).all()]
    levels_tf = np.hstack([gamma + 1, np.log10(tf[:, with_tf])])
    for title, features in (
        ("levels + TF", levels_tf),
        ("levels + TF + name counts", np.hstack([levels_tf, counts])),
    ):
        linked = held_out(lambda fit, f=features: boosted(f, label, fit), label, lost)
        print(line(f"4 gradient boosting, {title}, 2-fold CV", at(linked, label, actual)))
        results[f"gradient boosting, {title}, CV"] = linked
    print(line("5 blocking ceiling (every candidate pair right)", at(label, label, actual)))

    one_part_from_truth(shipped, supervised, pairs, actual)
    chosen = max(results, key=lambda t: at(results[t], label, actual)["f1"])
    print(f"\nBy what the records share besides names (misses.py): true pairs, those lost by "
          f"blocking, then candidate pairs wrongly left out (FN) and wrongly linked (FP) by the "
          f"shipped model at p >= 0.5 and by the best above ({chosen})")  # fmt: skip
    by_evidence(keys, pairs, {"ship": pairs.shipped >= 0.5, "best": results[chosen]})
    print(f"\n{time.perf_counter() - started:.0f} s in all")


if __name__ == "__main__":
    main()
