"""STRUCTURE TEST of deploy/airflow/dags/gradiente_train.py, run against minimal stand-ins for the Airflow classes
(stubs/): Airflow itself is not installed here. It checks that the file imports on both import paths (Airflow 3's
airflow.sdk and Airflow 2's airflow), builds the two tasks with their wiring, retries and spark-submit settings,
and that the templated arguments render (jinja2, as Airflow does) to an idempotent per-day run. It does not run
Airflow, spark-submit or PySpark. Run: /usr/bin/python3 -m pytest deploy/airflow/tests
"""

import datetime
import os
import sys

import jinja2
import pytest

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
sys.path.insert(0, os.path.join(os.path.dirname(HERE), "spark"))

import check_accuracy  # noqa: E402
import render_args  # noqa: E402

DAY = datetime.date(2026, 1, 15)


@pytest.fixture(params=[True, False], ids=["airflow3", "airflow2"])
def module(request):
    return render_args.load_dag_module(airflow3=request.param)


def test_dag_and_tasks(module):
    dag = module.dag
    assert dag.dag_id == "gradiente_train"
    assert dag.schedule == "@daily"
    assert dag.catchup is False
    assert dag.start_date.tzinfo is not None
    assert sorted(dag.task_dict) == ["accuracy_gate", "train"]
    train, gate = dag.task_dict["train"], dag.task_dict["accuracy_gate"]
    assert train.downstream_task_ids == {"accuracy_gate"}
    assert gate.upstream_task_ids == {"train"}
    assert train.retries == 2 and train.retry_delay == datetime.timedelta(minutes=5)
    assert gate.retries == 0


def test_train_task_submits_the_shaded_jar(module):
    train = module.dag.task_dict["train"]
    assert train.application.endswith(".jar")
    assert train.java_class == "io.gradiente.jobs.Main"
    assert "application_args" in train.template_fields
    assert train.conf["spark.executorEnv.OPENBLAS_NUM_THREADS"] == "1"
    assert "-Ddev.ludovic.netlib.blas.nativeLib=" in train.conf["spark.executor.extraJavaOptions"]


FLAGS = {"--resume-or-start", "--overwrite"}


def options(args):
    """The train arguments (after "train") as {option: value}; a flag's value is True."""
    opts, rest = {}, list(args[1:])
    while rest:
        name = rest.pop(0)
        assert name.startswith("--") and name not in opts, name
        opts[name] = True if name in FLAGS else rest.pop(0)
    return opts


def test_arguments_render_to_one_run_per_day(module):
    args = render_args.rendered_args("train", DAY, module=module)
    assert args[0] == "train"
    assert all("{{" not in a for a in args)
    opts = options(args)
    assert opts["--run-id"] == "softmax-20260115"
    assert opts["--output"] == module.dag.params["output"]
    # Another day differs only in its run id, so a rerun of a day replaces that day's report and no other.
    other = render_args.rendered_args("train", DAY + datetime.timedelta(days=1), module=module)
    assert [i for i, (a, b) in enumerate(zip(args, other)) if a != b] == [args.index("--run-id") + 1]


def test_a_retry_continues_from_checkpoints_and_a_rerun_replaces_the_report(module):
    train = module.dag.task_dict["train"]
    assert train.retries >= 1
    opts = options(render_args.rendered_args("train", DAY, module=module))
    # The same command for every try: it continues the day's run from its newest checkpoint when one is pending,
    # else starts it, replacing a complete report of that day (a deliberate rerun) once the new one is complete.
    assert opts["--resume-or-start"] is True and opts["--overwrite"] is True
    assert "--resume" not in opts, "--resume refuses a run without checkpoints: the first try would fail"
    assert int(opts["--checkpoint-every"]) >= 1, "without checkpoints a retry has nothing to continue from"
    assert int(opts["--checkpoint-every"]) <= int(opts["--epochs"])
    for word in ("--resume-or-start", "--overwrite", "retry", "rerun"):
        assert word in module.__doc__, word


def test_gate_reads_the_report_train_wrote(module):
    train = options(render_args.rendered_args("train", DAY, module=module))
    gate = render_args.rendered_args("accuracy_gate", DAY, module=module)
    assert gate[gate.index("--report") + 1] == train["--output"] + "/" + train["--run-id"]
    assert float(gate[gate.index("--min-accuracy") + 1]) == module.dag.params["min_accuracy"]


def test_trigger_params_override_defaults(module):
    args = render_args.rendered_args("train", DAY, {"output": "/tmp/reports", "epochs": 3}, module=module)
    assert args[args.index("--output") + 1] == "/tmp/reports"
    assert args[args.index("--epochs") + 1] == "3"


def test_undefined_template_variables_fail(module):
    with pytest.raises(jinja2.exceptions.UndefinedError):
        render_args.render("{{ params.nope }}", render_args.context(module.dag, DAY))


class _Rows:
    def __init__(self, rows):
        self.rows = rows
        self.where_clause = None

    def where(self, clause):
        self.where_clause = clause
        return self

    def select(self, *cols):
        return self

    def collect(self):
        return self.rows


class _FakeSpark:
    """Stands in for a SparkSession: records the path and returns the given metric rows."""

    def __init__(self, rows):
        self.rows = _Rows(rows)
        self.read = self
        self.paths = []
        self.stopped = False

    def parquet(self, path):
        self.paths.append(path)
        return self.rows

    def stop(self):
        self.stopped = True


@pytest.mark.parametrize("value,code", [(0.91, 0), (0.85, 0), (0.84, 1)])
def test_gate_exit_codes(value, code, capsys):
    spark = _FakeSpark([{"value": value}])
    assert check_accuracy.main(["--report", "hdfs:///r/softmax-20260115/", "--min-accuracy", "0.85"],
                               lambda: spark) == code
    assert spark.paths == ["hdfs:///r/softmax-20260115/metrics"]
    assert "split = 'test'" in spark.rows.where_clause and "name = 'accuracy'" in spark.rows.where_clause
    assert spark.stopped
    assert "gradiente gate" in capsys.readouterr().out


def test_gate_fails_without_a_test_accuracy():
    assert check_accuracy.main(["--report", "r", "--min-accuracy", "0.5"], lambda: _FakeSpark([])) == 1


def test_gate_rejects_a_bad_threshold():
    with pytest.raises(SystemExit):
        check_accuracy.parse(["--report", "r", "--min-accuracy", "85"])
