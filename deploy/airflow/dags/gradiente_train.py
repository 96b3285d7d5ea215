"""Retrains Gradiente's softmax model every day on a Spark cluster and fails the run when it got worse.

Tasks:
  train          spark-submit of the shaded jar: ``gradiente train`` writes the report to
                 ``{output}/softmax-{ds_nodash}/``. The run id comes from the logical date, so a rerun or a
                 backfill of a day replaces that day's report and never touches another day's.
  accuracy_gate  spark-submit of ``check_accuracy.py`` (PySpark): reads the new report's ``metrics`` table and
                 fails when the test accuracy is under ``params.min_accuracy``.

Retries continue, reruns replace. ``train`` saves a checkpoint every ``params.checkpoint_every`` epochs under
``{output}/_checkpoints/softmax-{ds_nodash}/`` and runs with ``--resume-or-start --overwrite``; what it does
depends only on what the day's attempts left in the output folder, not on Airflow's try numbers:
  - checkpoints pending (an attempt of this day stopped before its report was written: a killed driver, a lost
    worker, the execution timeout): the retry (or a rerun of a day whose tries all failed) continues from the
    newest one, and the weights are bit-identical to an uninterrupted run. The configuration and the data must be
    those of the checkpoint; when they changed (a new DAG default, new data at the same path) the task fails with
    exit 2 naming the difference, every retry alike, until the checkpoints are deleted (then the day starts over).
  - no checkpoints pending: the day is trained from the start. When the day has a report (a deliberate rerun:
    a cleared task, a backfill of a completed day), ``--overwrite`` replaces it, and only once the new report
    is complete, so the gate never reads half a report and the old one stays if the rerun fails for good.
Once a report is written, its checkpoints move into it (``{output}/softmax-{ds_nodash}/_checkpoints/``), so
nothing is pending any more and the next run of that day is a rerun. The one retry that trains again although
the report is there is a retry of an attempt that failed after writing it (spark-submit or the worker lost after
the driver finished): it gives the same bits. Without ``--overwrite`` a run that finds its report complete says
"already complete" and exits 0 (``gradiente train --help``), which is what a DAG that never reruns a day would use.

Works on Airflow 2.7+ and 3 with the ``apache-airflow-providers-apache-spark`` package. Settings that depend on
the installation are read from the environment of the scheduler and workers when the file is parsed:
GRADIENTE_JAR (the shaded jar, a path on the machine that runs spark-submit or an hdfs:// URL),
GRADIENTE_GATE (check_accuracy.py, likewise) and GRADIENTE_SPARK_CONN (the Spark connection, default
spark_default, whose host is the master: spark://host:7077, yarn or k8s://...). Data and thresholds are DAG params,
so a manual trigger can override them.
"""

from __future__ import annotations

import os
from datetime import datetime, timedelta, timezone

try:  # Airflow 3
    from airflow.sdk import DAG
except ImportError:  # Airflow 2
    from airflow import DAG
from airflow.providers.apache.spark.operators.spark_submit import SparkSubmitOperator

GRADIENTE_JAR = os.environ.get("GRADIENTE_JAR", "/opt/gradiente/gradiente-jobs-shaded.jar")
GRADIENTE_GATE = os.environ.get("GRADIENTE_GATE", "/opt/gradiente/check_accuracy.py")
SPARK_CONN = os.environ.get("GRADIENTE_SPARK_CONN", "spark_default")

# One run folder per logical date: retries and reruns of a day stay inside that day's folder.
RUN_ID = "softmax-{{ ds_nodash }}"
REPORT = "{{ params.output }}/" + RUN_ID

# The command line of the training job (after the jar). deploy/airflow/tests renders it for a date and the
# JUnit test AirflowDagArgsTest runs it through `gradiente train --dry-run`, so it cannot drift from the CLI.
TRAIN_ARGS = [
    "train",
    "--model", "softmax",
    "--format", "idx",
    "--train", "{{ params.train }}",
    "--test", "{{ params.test }}",
    "--epochs", "{{ params.epochs }}",
    "--batch-size", "{{ params.batch_size }}",
    "--lr", "{{ params.lr }}",
    "--momentum", "{{ params.momentum }}",
    "--seed", "{{ params.seed }}",
    "--partitions", "{{ params.partitions }}",
    "--output", "{{ params.output }}",
    "--run-id", RUN_ID,
    "--checkpoint-every", "{{ params.checkpoint_every }}",
    "--resume-or-start",
    "--overwrite",
]

GATE_ARGS = ["--report", REPORT, "--min-accuracy", "{{ params.min_accuracy }}"]

# What every run needs on Java 17 with native BLAS (the same settings as deploy/bin/submit).
JVM_OPTS = ("--add-modules=jdk.incubator.vector -Djava.awt.headless=true "
            "-Ddev.ludovic.netlib.blas.nativeLib=libopenblas.so.0")
SPARK_CONF = {
    "spark.executor.extraJavaOptions": JVM_OPTS,
    "spark.driver.extraJavaOptions": JVM_OPTS,
    "spark.executorEnv.OPENBLAS_NUM_THREADS": "1",
    "spark.yarn.appMasterEnv.OPENBLAS_NUM_THREADS": "1",
    "spark.kubernetes.driverEnv.OPENBLAS_NUM_THREADS": "1",
}

with DAG(
    dag_id="gradiente_train",
    description="Daily softmax retraining with spark-submit, gated on test accuracy",
    schedule="@daily",
    start_date=datetime(2026, 1, 1, tzinfo=timezone.utc),
    catchup=False,
    max_active_runs=1,
    default_args={
        "owner": "gradiente",
        "retries": 2,
        "retry_delay": timedelta(minutes=5),
    },
    params={
        "train": "hdfs:///gradiente/data/mnist/train-images-idx3-ubyte.gz",
        "test": "hdfs:///gradiente/data/mnist/t10k-images-idx3-ubyte.gz",
        "output": "hdfs:///gradiente/reports",
        "epochs": 20,
        "batch_size": 500,
        "lr": 0.01,
        "momentum": 0.9,
        "seed": 42,
        "partitions": 8,
        "checkpoint_every": 1,
        "min_accuracy": 0.85,
    },
    tags=["gradiente", "spark"],
) as dag:
    train = SparkSubmitOperator(
        task_id="train",
        conn_id=SPARK_CONN,
        application=GRADIENTE_JAR,
        java_class="io.gradiente.jobs.Main",
        name="gradiente-train-{{ ds_nodash }}",
        application_args=TRAIN_ARGS,
        conf=SPARK_CONF,
        executor_cores=2,
        executor_memory="4g",
        driver_memory="2g",
        num_executors=4,
        env_vars={"OPENBLAS_NUM_THREADS": "1"},
        execution_timeout=timedelta(hours=2),
    )

    accuracy_gate = SparkSubmitOperator(
        task_id="accuracy_gate",
        conn_id=SPARK_CONN,
        application=GRADIENTE_GATE,
        name="gradiente-accuracy-gate-{{ ds_nodash }}",
        application_args=GATE_ARGS,
        executor_cores=1,
        executor_memory="1g",
        num_executors=1,
        # A model under the threshold will not get better by rerunning the check.
        retries=0,
        execution_timeout=timedelta(minutes=20),
    )

    train >> accuracy_gate
