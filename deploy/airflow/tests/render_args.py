"""Renders the DAG's templated spark-submit arguments for a logical date, the way Airflow renders them (jinja2,
StrictUndefined, params = DAG params updated by trigger-time params), against the stand-ins in stubs/.

    /usr/bin/python3 deploy/airflow/tests/render_args.py --date 2026-01-15 [--task train] [--param key=value ...]

prints a JSON list: the arguments after the jar. The JUnit test AirflowDagArgsTest feeds them to
`gradiente train --dry-run`.
"""

from __future__ import annotations

import argparse
import datetime
import importlib
import json
import os
import sys

import jinja2

HERE = os.path.dirname(os.path.abspath(__file__))
STUBS = os.path.join(HERE, "stubs")
DAGS = os.path.join(os.path.dirname(HERE), "dags")


def load_dag_module(airflow3=True):
    """Imports dags/gradiente_train.py against the stand-ins; airflow3=False hides airflow.sdk (Airflow 2)."""
    for path in (STUBS, DAGS):
        if path not in sys.path:
            sys.path.insert(0, path)
    for name in [m for m in sys.modules if m == "gradiente_train" or m == "airflow" or m.startswith("airflow.")]:
        del sys.modules[name]
    if not airflow3:
        sys.modules["airflow.sdk"] = None  # makes `from airflow.sdk import ...` raise ImportError
    try:
        return importlib.import_module("gradiente_train")
    finally:
        if not airflow3:
            del sys.modules["airflow.sdk"]


def context(dag, date, overrides=None):
    """The part of Airflow's template context the DAG uses."""
    params = dict(dag.params)
    params.update(overrides or {})
    return {"ds": date.isoformat(), "ds_nodash": date.strftime("%Y%m%d"), "params": params}


def render(value, ctx):
    env = jinja2.Environment(undefined=jinja2.StrictUndefined)
    if isinstance(value, str):
        return env.from_string(value).render(**ctx)
    if isinstance(value, list):
        return [render(v, ctx) for v in value]
    if isinstance(value, dict):
        return {k: render(v, ctx) for k, v in value.items()}
    return value


def rendered_args(task_id, date, overrides=None, module=None):
    module = module or load_dag_module()
    task = module.dag.task_dict[task_id]
    return render(task.application_args, context(module.dag, date, overrides))


def main(argv=None):
    p = argparse.ArgumentParser(description="Render gradiente_train's spark-submit arguments for a date.")
    p.add_argument("--date", required=True, type=datetime.date.fromisoformat, help="logical date, YYYY-MM-DD")
    p.add_argument("--task", default="train")
    p.add_argument("--param", action="append", default=[], metavar="KEY=VALUE",
                   help="a trigger-time param (overrides the DAG's default)")
    args = p.parse_args(argv)
    overrides = dict(kv.split("=", 1) for kv in args.param)
    json.dump(rendered_args(args.task, args.date, overrides), sys.stdout)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
