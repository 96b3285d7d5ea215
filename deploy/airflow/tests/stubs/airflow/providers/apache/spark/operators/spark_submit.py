"""Stand-in for apache-airflow-providers-apache-spark's SparkSubmitOperator: the constructor arguments and the
template fields of the real operator (provider 4.x), no behaviour. See airflow/_standin.py."""

from airflow._standin import BaseOperator


class SparkSubmitOperator(BaseOperator):
    template_fields = (
        "application", "conf", "files", "py_files", "jars", "driver_class_path", "packages", "exclude_packages",
        "keytab", "principal", "proxy_user", "name", "application_args", "env_vars", "properties_file",
    )
    own_args = {
        "application", "conf", "conn_id", "files", "py_files", "archives", "driver_class_path", "jars",
        "java_class", "packages", "exclude_packages", "repositories", "total_executor_cores", "executor_cores",
        "executor_memory", "driver_memory", "keytab", "principal", "proxy_user", "name", "num_executors",
        "status_poll_interval", "application_args", "env_vars", "verbose", "spark_binary", "properties_file",
        "yarn_queue", "deploy_mode", "use_krb5ccache",
    }

    def __init__(self, *, task_id, application="", application_args=None, **kwargs):
        super().__init__(task_id=task_id, **kwargs)
        self.application = application
        self.application_args = list(application_args or [])
        for name in self.own_args - {"application", "application_args"}:
            setattr(self, name, self.kwargs.get(name))
