import shutil

import pytest

from azat.linkage.engine import link
from azat.linkage.records import Record

pytestmark = [
    pytest.mark.spark,
    pytest.mark.skipif(shutil.which("java") is None, reason="Spark needs Java (java not on PATH)"),
]

RECORDS = [
    Record("z1", "Жылдыз", "Ахметова", birth_date="1990-05-12", sex="f", phone="+996 555 123 456"),
    Record("z2", "Zhyldyz", "Akhmetova", birth_date="1990", sex="f", phone="0555 123 456"),
    Record("z3", "Jyldyz", "Ahmetova", birth_date="1990-05", phone="996555123456"),
    Record("z4", "Jildiz", "Axmetova", birth_date="1990-05-12", sex="f"),
    Record("o1", "Айгуль", "Ахметова", birth_date="1985-02-01", sex="f"),
    Record("o2", "Гульнара", "Ахметова", birth_date="1972", sex="f"),
    Record("t1", "Фарход", "Рахмонов", birth_date="1979-11-30", sex="m"),
    Record("t2", "Farkhod", "Rahmonzoda", birth_date="1979-11-30", sex="m"),
    Record(
        "k1", "Бакыт", "Асанов", "Асанбек уулу", "1988-03-03", "m", document_number="AN 1234567"
    ),
    Record("k2", "Bakyt", "Asanov", "Asanbekovich", "1988", "m", document_number="АН1234567"),
]


def test_spark_and_duckdb_give_the_same_clusters_and_scores():
    pytest.importorskip("pyspark", reason="the spark extra is not installed")
    duckdb = link(RECORDS, backend="duckdb")
    spark = link(RECORDS, backend="spark")
    assert spark.clusters == duckdb.clusters
    assert len(set(spark.clusters.values())) == 5
    assert [(x.left, x.right) for x in spark.links] == [(x.left, x.right) for x in duckdb.links]
    for ours, theirs in zip(spark.links, duckdb.links, strict=True):
        assert ours.probability == pytest.approx(theirs.probability, abs=1e-6)
    assert spark.stats["backend"] == "spark"
