# Settings shared by the local-cluster scripts; every one can be overridden from the environment.
# Sourced, not run.

local_cluster_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"

# The Spark line: spark3 (Spark 3.5, Scala 2.12, the default build) or spark4 (Spark 4, Scala 2.13, the build's
# spark4 profile).
SPARK_LINE="${SPARK_LINE:-spark3}"
case "$SPARK_LINE" in
  spark3) line_dir=""; line_scala=2.12 ;;
  spark4) line_dir="spark4/"; line_scala=2.13 ;;
  *) echo "local-cluster: SPARK_LINE must be spark3 or spark4, got '$SPARK_LINE'" >&2; exit 2 ;;
esac
# The Spark home: a folder with jars/ (assembled by spark-home.sh).
export SPARK_HOME="${SPARK_HOME:-$local_cluster_root/deploy/local-cluster/target/${line_dir}spark-home}"
export SPARK_SCALA_VERSION="${SPARK_SCALA_VERSION:-$line_scala}"
export SPARK_LOCAL_IP="${SPARK_LOCAL_IP:-127.0.0.1}"
# Executors load OpenBLAS; one thread each, Spark already runs one task per core.
export OPENBLAS_NUM_THREADS="${OPENBLAS_NUM_THREADS:-1}"

# Where pid files, logs and the workers' scratch space go.
CLUSTER_DIR="${CLUSTER_DIR:-$local_cluster_root/deploy/local-cluster/target/cluster}"
MASTER_PORT="${MASTER_PORT:-17077}"
MASTER_WEBUI_PORT="${MASTER_WEBUI_PORT:-18080}"
# Worker i (1-based) listens on WORKER_PORT_BASE+i and serves its UI on WORKER_WEBUI_PORT_BASE+i.
WORKER_PORT_BASE="${WORKER_PORT_BASE:-17077}"
WORKER_WEBUI_PORT_BASE="${WORKER_WEBUI_PORT_BASE:-18080}"
WORKERS="${WORKERS:-2}"
WORKER_CORES="${WORKER_CORES:-1}"
WORKER_MEMORY="${WORKER_MEMORY:-1g}"
DAEMON_MEMORY="${DAEMON_MEMORY:-256m}"
# The master and workers only coordinate: a small heap, the client compiler and the serial collector keep them
# light on a laptop or a CI machine.
DAEMON_JAVA_OPTS="${DAEMON_JAVA_OPTS:--XX:TieredStopAtLevel=1 -XX:+UseSerialGC}"
STARTUP_TIMEOUT="${STARTUP_TIMEOUT:-60}"

MASTER_URL="spark://$SPARK_LOCAL_IP:$MASTER_PORT"
MASTER_JSON="http://$SPARK_LOCAL_IP:$MASTER_WEBUI_PORT/json/"

java_bin="${JAVA_HOME:+$JAVA_HOME/bin/}java"

# The JVM options Spark's own launcher adds on Java 17, as a java @-argfile.
java17_options="@$local_cluster_root/deploy/conf/java17.options"

# The number of ALIVE workers the master reports, or nothing when it does not answer.
alive_workers() {
  { curl -fsS --max-time 2 "$MASTER_JSON" 2>/dev/null || true; } | tr -d ' \n' \
    | sed -n 's/.*"aliveworkers":\([0-9]*\).*/\1/p'
}

# The main class start.sh runs for daemon NAME (master, worker-N).
daemon_class() {
  case "$1" in
    master) echo org.apache.spark.deploy.master.Master ;;
    worker-*) echo org.apache.spark.deploy.worker.Worker ;;
    *) return 1 ;;
  esac
}

# Whether PID is alive and still the daemon NAME that start.sh launched: its command line runs the daemon's class
# from this SPARK_HOME. A pid file outlives its process, and the pid may since belong to another program.
is_daemon() {
  local name="$1" pid="$2" cls cmd
  cls="$(daemon_class "$name")" || return 1
  cmd="$(ps -ww -o args= -p "$pid" 2> /dev/null)" || return 1
  [[ " $cmd " == *" $cls "* && "$cmd" == *"$SPARK_HOME/jars/"* ]]
}
