"""Stand-in for the airflow package (Airflow 2 import path of DAG). See _standin.py."""
from airflow._standin import DAG  # noqa: F401
