"""Fails (exit code 1) when a Gradiente report's test accuracy is under a threshold.

    spark-submit check_accuracy.py --report hdfs:///gradiente/reports/softmax-20260101 --min-accuracy 0.85

Reads the report's ``metrics`` table (run_id, split, name, label, value) with Spark SQL: the row where
split = 'test' and name = 'accuracy'. A report without that row (a regression model, no test data) fails too.
"""

from __future__ import annotations

import argparse
import sys


def parse(argv):
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--report", required=True, help="the run folder, <output>/<run-id>")
    p.add_argument("--min-accuracy", required=True, type=float, help="lowest acceptable test accuracy, 0..1")
    args = p.parse_args(argv)
    if not 0.0 <= args.min_accuracy <= 1.0:
        p.error("--min-accuracy must be between 0 and 1, got %s" % args.min_accuracy)
    return args


def test_accuracy(spark, report):
    """The test accuracy recorded in the report, or None."""
    rows = (spark.read.parquet(report.rstrip("/") + "/metrics")
            .where("split = 'test' AND name = 'accuracy' AND label IS NULL")
            .select("value")
            .collect())
    return rows[0]["value"] if rows else None


def verdict(accuracy, threshold):
    """(passed, message)."""
    if accuracy is None:
        return False, "the report has no test accuracy"
    if accuracy < threshold:
        return False, "test accuracy %.4f is under the threshold %.4f" % (accuracy, threshold)
    return True, "test accuracy %.4f meets the threshold %.4f" % (accuracy, threshold)


def main(argv=None, session_factory=None):
    args = parse(sys.argv[1:] if argv is None else argv)
    if session_factory is None:
        from pyspark.sql import SparkSession

        def session_factory():
            return SparkSession.builder.appName("gradiente accuracy gate").getOrCreate()
    spark = session_factory()
    try:
        passed, message = verdict(test_accuracy(spark, args.report), args.min_accuracy)
    finally:
        spark.stop()
    print("gradiente gate: %s: %s" % (args.report, message))
    return 0 if passed else 1


if __name__ == "__main__":
    sys.exit(main())
