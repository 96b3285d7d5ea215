"""Minimal stand-ins for the few Airflow classes the DAG file uses. NOT Airflow: just enough behaviour (DAG context,
default_args, task dependencies, keyword checking against the real signatures) for a structure test of the DAG
file on a machine without Airflow. Template rendering is done by the test with jinja2, as Airflow does."""

from __future__ import annotations

import datetime

_current = []

# Keyword arguments of airflow.models.BaseOperator that the DAG may use.
BASE_OPERATOR_ARGS = {
    "task_id", "owner", "email", "email_on_retry", "email_on_failure", "retries", "retry_delay",
    "retry_exponential_backoff", "max_retry_delay", "start_date", "end_date", "depends_on_past",
    "wait_for_downstream", "dag", "params", "default_args", "priority_weight", "weight_rule", "queue", "pool",
    "pool_slots", "sla", "execution_timeout", "on_failure_callback", "on_success_callback", "on_retry_callback",
    "trigger_rule", "resources", "run_as_user", "task_concurrency", "max_active_tis_per_dag", "executor_config",
    "do_xcom_push", "inlets", "outlets", "task_group", "doc", "doc_md",
}


class DAG:
    def __init__(self, dag_id, description=None, schedule=None, start_date=None, catchup=None,
                 max_active_runs=None, default_args=None, params=None, tags=None, **kwargs):
        unknown = set(kwargs) - {"end_date", "doc_md", "dagrun_timeout", "template_searchpath",
                                 "render_template_as_native_obj", "max_active_tasks", "owner_links"}
        if unknown:
            raise TypeError("DAG() got unexpected keyword arguments %s" % sorted(unknown))
        if start_date is not None and not isinstance(start_date, datetime.datetime):
            raise TypeError("start_date must be a datetime")
        self.dag_id = dag_id
        self.description = description
        self.schedule = schedule
        self.start_date = start_date
        self.catchup = catchup
        self.max_active_runs = max_active_runs
        self.default_args = dict(default_args or {})
        self.params = dict(params or {})
        self.tags = list(tags or [])
        self.task_dict = {}

    def __enter__(self):
        _current.append(self)
        return self

    def __exit__(self, *exc):
        _current.pop()
        return False

    @property
    def tasks(self):
        return list(self.task_dict.values())


class BaseOperator:
    template_fields = ()
    own_args = set()

    def __init__(self, task_id, **kwargs):
        allowed = BASE_OPERATOR_ARGS | self.own_args
        unknown = set(kwargs) - allowed
        if unknown:
            raise TypeError("%s() got unexpected keyword arguments %s" % (type(self).__name__, sorted(unknown)))
        dag = kwargs.pop("dag", None) or (_current[-1] if _current else None)
        if dag is None:
            raise RuntimeError("operator %s created outside a DAG" % task_id)
        if task_id in dag.task_dict:
            raise ValueError("duplicate task_id %s" % task_id)
        merged = dict(dag.default_args)
        merged.update(kwargs)
        self.task_id = task_id
        self.dag = dag
        self.retries = merged.pop("retries", 0)
        self.retry_delay = merged.pop("retry_delay", datetime.timedelta(seconds=300))
        self.execution_timeout = merged.pop("execution_timeout", None)
        self.owner = merged.pop("owner", "airflow")
        self.kwargs = merged
        self.upstream_task_ids = set()
        self.downstream_task_ids = set()
        dag.task_dict[task_id] = self

    def __rshift__(self, other):
        self.downstream_task_ids.add(other.task_id)
        other.upstream_task_ids.add(self.task_id)
        return other
