import logging
import random

import pytest

from azat.core.translit import to_latin
from azat.linkage.engine import (
    BROAD_COMPARISONS_PER_RECORD,
    BROAD_RULES,
    BroadRule,
    Link,
    broad_rules,
    cluster,
    link,
    model_defaults,
    term_frequencies,
)
from azat.linkage.keys import address_head, phone_key, record_keys
from azat.linkage.records import Record

ZHYLDYZ = [
    Record("z1", "Жылдыз", "Ахметова", birth_date="1990-05-12", sex="f", phone="+996 555 123 456"),
    Record("z2", "Zhyldyz", "Akhmetova", birth_date="1990", sex="f", phone="0555 123 456"),
    Record("z3", "Jyldyz", "Ahmetova", birth_date="1990-05", phone="996555123456"),
    Record("z4", "Jildiz", "Axmetova", birth_date="1990-05-12", sex="f"),
]
OTHERS = [
    # The same common surname, different people.
    Record("o1", "Айгуль", "Ахметова", birth_date="1985-02-01", sex="f", phone="+996700111222"),
    Record("o2", "Гульнара", "Ахметова", birth_date="1972", sex="f"),
    Record("o3", "Нурлан", "Ахметов", birth_date="1990-05-12", sex="m"),
    # One man, his surname in its Russian and Tajik forms.
    Record("t1", "Фарход", "Рахмонов", birth_date="1979-11-30", sex="m"),
    Record("t2", "Farkhod", "Rahmonzoda", birth_date="1979-11-30", sex="m"),
    # A Kyrgyz patronymic written two ways and a passport typed on a Russian layout.
    Record(
        "k1", "Бакыт", "Асанов", "Асанбек уулу", "1988-03-03", "m", document_number="AN 1234567"
    ),
    Record("k2", "Bakyt", "Asanov", "Asanbekovich", "1988", "m", document_number="АН1234567"),
]


def persons(clusters: dict[str, str]) -> set[frozenset[str]]:
    groups: dict[str, set[str]] = {}
    for record_id, cluster_id in clusters.items():
        groups.setdefault(cluster_id, set()).add(record_id)
    return {frozenset(group) for group in groups.values()}


@pytest.fixture(scope="module")
def result():
    return link(ZHYLDYZ + OTHERS)


# --- keys -----------------------------------------------------------------------------------


def test_keys_bridge_scripts_romanisations_and_phone_formats():
    keys = [record_keys(record) for record in ZHYLDYZ]
    assert {k["given_skel"] for k in keys} == {"jildiz"}
    assert {k["family_stem"] for k in keys} == {"axmet"}
    assert {k["phone_e164"] for k in keys[:3]} == {"+996555123456"}
    assert [(k["birth_year"], k["birth_month"], k["birth_day"]) for k in keys] == [
        (1990, 5, 12),
        (1990, None, None),
        (1990, 5, None),
        (1990, 5, 12),
    ]


def test_a_record_written_family_name_first_is_keyed_in_the_real_order():
    swapped = record_keys(Record("a", "Каримова", "Зарина", birth_date="1990"))
    written = record_keys(Record("b", "Zarina", "Karimova", birth_date="1990"))
    for key in ("given_skel", "given_cons", "family_skel", "family_stem", "swap_key"):
        assert swapped[key] == written[key]
    # The spelling as written is kept as the original of the name it is.
    assert swapped["given_orig"] == "зарина"


def test_term_frequencies_scale_each_level_by_its_own_u():
    """A common name counts for less, but never against a match.

    Splink bases a level's term-frequency adjustment on the u of the level that is an exact match
    on the frequency column. For "exact" and "latin" that is the far rarer "skeleton" level, which
    made an exact agreement on a common name weigh less than nothing; each level must use its own.
    """
    from azat.linkage.engine import _comparisons

    checked = 0
    for creator in _comparisons(term_frequencies=True):
        comparison = creator.get_comparison("duckdb")
        levels = comparison.comparison_levels
        for level in levels:
            if level._has_tf_adjustments:
                assert level._u_probability_corresponding_to_exact_match(levels) == (
                    level.u_probability
                ), f"{comparison.output_column_name}.{level.label_for_charts}"
                checked += 1
    assert checked >= 5


def test_term_frequencies_count_one_persons_records_once():
    # One Oguljeren registered four times, and four different Aigul: the rare name is not made
    # as common as the common one by its owner's duplicates.
    rows = [
        record_keys(Record(f"o{i}", "Огулжерен", "Атаева", birth_date="1990", sex="f"))
        for i in range(4)
    ] + [
        record_keys(Record(f"a{i}", "Aigul", name, birth_date=str(1980 + i), sex="f"))
        for i, name in enumerate(("Asanova", "Karimova", "Ismailova", "Bekova"))
    ]
    given = term_frequencies(rows)["given_skel"]
    assert given["aigul"] == 4 * given["oguljeren"]
    assert sum(given.values()) == pytest.approx(1.0)


def test_a_broad_rule_counts_the_pairs_it_would_generate():
    rows = [
        {"family_stem": "axmet", "birth_year": 1990},
        {"family_stem": "axmet", "birth_year": 1990},
        {"family_stem": "axmet", "birth_year": None},
        {"family_stem": "karim", "birth_year": None},
        {"family_stem": None, "birth_year": None},
    ]
    assert BroadRule(("family_stem",)).comparisons(rows) == 3
    # Only pairs with a year unknown on one side: the two 1990 records are not one of them.
    assert BroadRule(("family_stem",), year_unknown=True).comparisons(rows) == 2
    assert BroadRule(("family_stem",), year_unknown=True).sql == (
        "l.family_stem = r.family_stem AND (l.birth_year IS NULL OR r.birth_year IS NULL)"
    )


def test_broad_rules_are_left_out_when_a_file_cannot_afford_them():
    varied = [
        record_keys(Record(f"v{i}", f"Name{i}", f"Family{i}ov", birth_date=str(1950 + i % 50)))
        for i in range(200)
    ]
    assert broad_rules(varied) == list(BROAD_RULES)
    # Everyone with the same family name and year: every broad rule that does not ask for a
    # missing year pairs them all.
    crowded = [
        record_keys(Record(f"c{i}", f"Name{i}", "Karimov", "Aliyevich", "1990")) for i in range(200)
    ]
    chosen = broad_rules(crowded)
    assert len(chosen) < len(BROAD_RULES)
    budget = BROAD_COMPARISONS_PER_RECORD * len(crowded)
    assert sum(rule.comparisons(crowded) for rule in chosen) <= budget


def test_a_document_number_with_two_characters_exchanged_shares_a_blocking_key():
    def keys(number: str) -> dict:
        return record_keys(Record("d", document_number=number))

    assert keys("AN 1234567")["document_sorted"] == keys("AN1234657")["document_sorted"]
    assert keys("AN1234567")["document_sorted"] != keys("AN1234568")["document_sorted"]
    assert keys("")["document_sorted"] is None


def test_an_address_keys_its_house_number_and_the_start_of_its_street():
    def head(address: str) -> str | None:
        return record_keys(Record("a", address=address))["address_head"]

    # A lost space, a slip later in the street's name, another script and word order.
    assert head("12 Colebatch Place") == head("12 colebatchplace") == "12col"
    assert head("8 lethbridge street") == head("8 lethbridbe street")
    assert head("ул. Ленина, 5") == head("ul. Lenina 5, kv. 12") == "5len"
    assert head("297") is None and address_head(None) is None


def test_the_same_address_makes_a_candidate_pair_when_nothing_else_agrees():
    # Swapped names, another birth date and document: only the address and a name's initial
    # are shared, as in FEBRL4's hardest duplicates.
    records = [
        Record("a", "Zarlia", "Gearman", birth_date="1910-12-25", address="2 quiros street"),
        Record("b", "Hand", "Zarlia", birth_date="1961-02-03", address="2 quiros streett"),
        Record("c", "Nurlan", "Bekov", birth_date="1961-02-03"),
    ]
    links = {(x.left, x.right): x for x in link(records, min_probability=0.0).links}
    assert ("a", "b") in links
    assert any(name == "address" for name, _level, _weight in links["a", "b"].drivers)


def test_keys_leave_missing_values_missing():
    keys = record_keys(Record("x"))
    assert all(value is None for name, value in keys.items() if name != "unique_id")


def test_national_phone_numbers_are_read_in_the_region_where_they_are_valid():
    assert phone_key("8 701 123 45 67") == "+77011234567"
    assert phone_key("00992 93 123 4567") == "+992931234567"
    assert phone_key("call me") is None


# --- clustering -----------------------------------------------------------------------------


def test_cluster_joins_links_at_the_threshold_and_names_clusters_by_their_smallest_id():
    links = [Link("b", "c", 0.97, 5.0), Link("a", "b", 0.95, 4.0), Link("c", "d", 0.6, 1.0)]
    assert cluster("abcd", links, threshold=0.95) == {"a": "a", "b": "a", "c": "a", "d": "d"}


def test_cluster_never_joins_a_rejected_pair_even_through_other_records():
    links = [Link("a", "b", 0.99, 9.0), Link("b", "c", 0.98, 8.0)]
    clusters = cluster("abc", links, threshold=0.95, cannot_link=[("c", "a")])
    assert clusters == {"a": "a", "b": "a", "c": "c"}


def test_cluster_joins_confirmed_pairs_first_so_they_win_over_weaker_links():
    links = [Link("a", "b", 0.99, 9.0)]
    clusters = cluster(
        "abc", links, threshold=0.95, must_link=[("b", "c")], cannot_link=[("a", "c")]
    )
    assert clusters == {"a": "a", "b": "b", "c": "b"}


def test_cluster_lets_a_rejection_win_over_a_contradicting_confirmation():
    clusters = cluster("ab", [], threshold=0.9, must_link=[("a", "b")], cannot_link=[("b", "a")])
    assert clusters == {"a": "a", "b": "b"}


def test_cluster_does_not_depend_on_the_order_of_links():
    links = [Link(a, b, 0.96, 1.0) for a, b in ["ab", "cd", "bc", "de"]]
    rejected = [("a", "e")]
    first = cluster("abcde", links, threshold=0.95, cannot_link=rejected)
    second = cluster("edcba", list(reversed(links)), threshold=0.95, cannot_link=rejected)
    assert first == second


# A man known to a hotline only by a common name and a birth year, and two namesakes born that
# year on different days, each linked to him but not to each other.
NAMESAKES = [
    Record("x", "Азамат", "Каримов", birth_date="1990"),
    Record("y", "Azamat", "Karimov", birth_date="1990-05-12", sex="m"),
    Record("z", "Azamat", "Karimov", birth_date="1990-08-23", sex="m"),
]
NAMESAKE_LINKS = [Link("x", "y", 0.97, 5.0), Link("x", "z", 0.96, 4.6)]


def test_cluster_does_not_chain_namesakes_through_a_record_that_matches_both():
    clusters = cluster("xyz", NAMESAKE_LINKS, threshold=0.95, records=NAMESAKES)
    assert persons(clusters) == {frozenset("xy"), frozenset("z")}


def test_cluster_without_records_keeps_plain_connected_components():
    clusters = cluster("xyz", NAMESAKE_LINKS, threshold=0.95)
    assert persons(clusters) == {frozenset("xyz")}


def test_cluster_refuses_a_link_between_known_different_sexes():
    records = [Record("a", "Жылдыз", sex="f"), Record("b", "Жылдыз", sex="m"), Record("c")]
    links = [Link("a", "c", 0.99, 9.0), Link("b", "c", 0.98, 8.0)]
    assert persons(cluster("abc", links, threshold=0.95, records=records)) == {
        frozenset("ac"),
        frozenset("b"),
    }


def test_cluster_lets_a_direct_link_outweigh_differing_birth_dates():
    records = [
        Record("a", birth_date="1946-07-30"),
        Record("b", birth_date="1964-03-02"),
        Record("c", birth_date="1946-07-30"),
    ]
    links = [Link("a", "b", 0.999, 20.0), Link("b", "c", 0.99, 12.0), Link("a", "c", 0.98, 11.0)]
    assert persons(cluster("abc", links, threshold=0.95, records=records)) == {frozenset("abc")}


def test_cluster_lets_one_document_number_outweigh_differing_birth_dates():
    records = [
        Record("a", birth_date="1946-07-30", document_number="AN 1234567"),
        Record("b", birth_date="1964-03-02", document_number="АН1234567"),
        Record("c", birth_date="1946-07-30"),
    ]
    links = [Link("a", "c", 0.99, 12.0), Link("b", "c", 0.98, 11.0)]
    assert persons(cluster("abc", links, threshold=0.95, records=records)) == {
        frozenset("ac"),
        frozenset("b"),
    }
    links.append(Link("a", "b", 0.97, 10.0))
    records[2] = Record("c", birth_date="1946-07-30", document_number="AN1234567")
    assert persons(cluster("abc", links, threshold=0.95, records=records)) == {frozenset("abc")}


def test_cluster_accepts_one_typo_in_a_birth_date_and_swapped_day_and_month():
    records = [
        Record("a", birth_date="1990-05-12"),
        Record("b", birth_date="1990-05-21"),
        Record("c", birth_date="1990-12-05"),
        Record("d", birth_date="1991"),
    ]
    links = [Link("a", "b", 0.99, 9.0), Link("b", "c", 0.98, 8.0), Link("c", "d", 0.97, 7.0)]
    assert persons(cluster("abcd", links, threshold=0.95, records=records)) == {frozenset("abcd")}


def test_cluster_joins_confirmed_pairs_and_keeps_rejections_despite_the_evidence():
    clusters = cluster(
        "xyz",
        NAMESAKE_LINKS,
        threshold=0.95,
        records=NAMESAKES,
        must_link=[("y", "z")],
        cannot_link=[("x", "z")],
    )
    assert persons(clusters) == {frozenset("yz"), frozenset("x")}


# --- the engine -----------------------------------------------------------------------------


def test_the_four_spellings_of_one_woman_are_one_person(result):
    groups = persons(result.clusters)
    assert frozenset({"z1", "z2", "z3", "z4"}) in groups


def test_different_people_with_the_same_common_surname_stay_apart(result):
    groups = persons(result.clusters)
    assert {frozenset({"o1"}), frozenset({"o2"}), frozenset({"o3"})} <= groups


def test_a_namesake_born_years_apart_is_left_to_a_reviewer_not_joined():
    namesakes = [
        Record("n1", "Айгуль", "Исмаилова", birth_date="1993-04-02", sex="f"),
        Record("n2", "Aigul", "Ismailova", birth_date="1979", sex="f"),
        *OTHERS,
    ]
    result = link(namesakes)
    assert result.clusters["n1"] != result.clusters["n2"]
    pair = [item for item in result.links if (item.left, item.right) == ("n1", "n2")]
    assert all(item.probability < 0.95 for item in pair)


def test_surname_forms_patronymic_forms_and_lookalike_documents_link(result):
    groups = persons(result.clusters)
    assert frozenset({"t1", "t2"}) in groups
    assert frozenset({"k1", "k2"}) in groups


def test_every_record_is_in_the_clusters_and_links_are_ordered_pairs(result):
    assert set(result.clusters) == {record.record_id for record in ZHYLDYZ + OTHERS}
    assert all(item.left < item.right for item in result.links)
    assert all(0.5 <= item.probability <= 1 for item in result.links)


def test_links_say_which_comparisons_drove_them(result):
    pair = next(item for item in result.links if (item.left, item.right) == ("z1", "z2"))
    names = [name for name, _, _ in pair.drivers]
    assert names[0] == "phone"
    assert ("given_name", "latin") in {(name, level) for name, level, _ in pair.drivers}
    weights = [abs(weight) for _, _, weight in pair.drivers]
    assert weights == sorted(weights, reverse=True)


def test_sex_does_not_count_again_when_the_given_names_agree(result):
    # Jyldyz and Jildiz: the name already says she is a woman, so "both women" adds nothing.
    pair = next(item for item in result.links if (item.left, item.right) == ("z1", "z4"))
    assert "sex" not in {name for name, _, _ in pair.drivers}
    assert "given_name" in {name for name, _, _ in pair.drivers}


def test_a_small_file_uses_the_fixed_model_and_says_so(result):
    assert result.stats["trained"] == 0
    assert "model_defaults.toml" in str(result.stats["model"])
    assert result.stats["records"] == len(ZHYLDYZ + OTHERS)
    assert result.stats["blocking_rules"] > 5


def test_the_same_input_gives_the_same_output(result):
    again = link(list(reversed(ZHYLDYZ + OTHERS)))
    assert again.clusters == result.clusters
    assert again.links == result.links


def test_reviewer_decisions_override_the_model():
    result = link(
        ZHYLDYZ + OTHERS,
        cannot_link=[("z1", "z4")],
        must_link=[("o1", "o2")],
    )
    assert result.clusters["z1"] != result.clusters["z4"]
    assert result.clusters["o1"] == result.clusters["o2"]


def test_progress_is_reported_through_every_phase():
    seen: list[tuple[str, float]] = []
    link(ZHYLDYZ, progress=lambda phase, fraction: seen.append((phase, fraction)))
    phases = [phase for phase, _ in seen]
    assert [p for i, p in enumerate(phases) if p not in phases[:i]] == [
        "prepare",
        "block",
        "train",
        "predict",
        "cluster",
    ]
    assert seen[-1] == ("cluster", 1.0)


def test_one_record_or_none_is_its_own_person():
    assert link([Record("only")]).clusters == {"only": "only"}
    assert link([]).clusters == {}


def test_duplicate_ids_and_unknown_backends_are_refused():
    with pytest.raises(ValueError, match="unique"):
        link([Record("a"), Record("a")])
    with pytest.raises(ValueError, match="backend"):
        link([Record("a")], backend="sqlite")


def _generated(count: int, seed: int) -> list[Record]:
    """People of a few common names, each recorded once to three times in several spellings."""
    rnd = random.Random(seed)
    first = ["Ай", "Нур", "Гуль", "Жыл", "Бак", "Ма", "Ди", "Рус", "Фар", "Са", "Ер", "Тал"]
    second = ["гуль", "лан", "дыз", "ыт", "дина", "нара", "там", "ход", "ида", "жан", "бек"]
    given = [a + b for a in first for b in second]
    roots = [
        a + b.lower()
        for a in [
            "Ахмет",
            "Карим",
            "Рахмон",
            "Юсуп",
            "Назар",
            "Турсун",
            "Асан",
            "Садык",
            "Умар",
            "Исма",
            "Бобо",
            "Шукур",
        ]
        for b in ["", "Бай", "Кул", "Али"]
    ]
    spellings = [lambda s: s, to_latin]
    records: list[Record] = []
    person = 0
    while len(records) < count:
        person += 1
        name, root = rnd.choice(given), rnd.choice(roots)
        year = rnd.randint(1960, 2005)
        date = f"{year}-{rnd.randint(1, 12):02d}-{rnd.randint(1, 28):02d}"
        phone = f"+996{rnd.randint(500_000_000, 799_999_999)}"
        for _ in range(rnd.choice([1, 1, 2, 3])):
            spell = rnd.choice(spellings)
            records.append(
                Record(
                    f"g{len(records):05d}",
                    spell(name),
                    spell(root + "ов"),
                    birth_date=date if rnd.random() < 0.7 else str(year),
                    phone=phone if rnd.random() < 0.5 else "",
                    source=f"p{person}",
                )
            )
    return records[:count]


def test_a_larger_file_is_trained_without_labels_and_logs_no_values(caplog):
    records = _generated(model_defaults().min_records_for_training, seed=3)
    caplog.set_level(logging.DEBUG)
    result = link(records)
    assert result.stats["trained"] == 1
    assert result.stats["em_sessions"] >= 1
    assert 0 < float(result.stats["prior_probability"]) < 0.01
    # Trained parameters are reported, and no disagreement is left an absolute veto.
    assert "sex.exact=" in str(result.stats["m_u"])
    assert "disagreement_floored" in result.stats
    for part in str(result.stats["m_u"]).split("; "):
        if "All other comparisons" in part:
            assert float(part.split("=")[1].split("/")[0]) >= 0.001
    logged = " ".join(record.getMessage() for record in caplog.records).casefold()
    assert "axmet" not in logged and "ахмет" not in logged and "+996" not in logged
    truth = {record.record_id: record.source for record in records}
    true_persons = len(set(truth.values()))
    assert true_persons <= len(persons(result.clusters)) <= 1.3 * true_persons
    mixed = [group for group in persons(result.clusters) if len({truth[r] for r in group}) > 1]
    assert len(mixed) <= 0.01 * true_persons


def _m_u(stats: dict, level: str) -> tuple[float, float]:
    for part in str(stats["m_u"]).split("; "):
        name, values = part.split("=")
        if name == level:
            m, u = values.split("/")
            return float(m), float(u)
    raise AssertionError(level)


def test_u_is_measured_on_non_matches_only():
    # Only a person's own records share a phone here. Random pairs include some of those, and
    # they alone would make "same phone" agree in prior * m of random pairs; u must come out
    # below that, or a shared number would count for little more than the duplicates themselves.
    records = _generated(model_defaults().min_records_for_training, seed=3)
    stats = link(records).stats
    assert "phone.exact" in str(stats["u_lowered"]).split(",")
    m, u = _m_u(stats, "phone.exact")
    assert u < float(stats["prior_probability"]) * m
    # Strangers do share a year of birth: that u stays what a stranger's looks like.
    _, u_year = _m_u(stats, "birth_date.year_month_unknown")
    assert 0.005 < u_year < 0.1


def test_every_comparison_level_has_a_readable_label():
    from azat.linkage.engine import LEVELS
    from azat.linkage.labels import LEVELS as READABLE

    for name, (_, levels) in LEVELS.items():
        for label, _, _ in levels:
            assert label in READABLE, f"{name}.{label}"


def test_driver_levels_read_in_the_words_of_their_field():
    from django.utils import translation

    from azat.linkage.labels import driver_rows

    with translation.override("en"):
        rows = driver_rows([["sex", "exact", 1.0], ["given_name", "exact", 5.0]])
    assert [row["level"] for row in rows] == ["same", "same spelling"]


def test_a_file_without_addresses_leaves_the_address_comparison_out():
    without = link(ZHYLDYZ + OTHERS)
    assert without.stats["comparisons_left_out"] == "address"
    with_one = link([*ZHYLDYZ, Record("h", "Aida", "Sultanova", address="2 quiros street")])
    assert with_one.stats["comparisons_left_out"] == ""
    assert with_one.stats["blocking_rules"] == without.stats["blocking_rules"] + 1
