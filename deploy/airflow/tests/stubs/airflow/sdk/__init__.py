"""Stand-in for airflow.sdk (Airflow 3 import path of DAG). See airflow/_standin.py."""
from airflow._standin import DAG  # noqa: F401
