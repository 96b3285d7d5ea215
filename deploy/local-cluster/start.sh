#!/usr/bin/env bash
# Starts a Spark standalone cluster on this machine: one master and WORKERS workers (default 2), all on
# 127.0.0.1 with their own ports, and waits until every worker has registered with the master. Each daemon's
# pid goes to $CLUSTER_DIR/pids/<name>.pid and its output to $CLUSTER_DIR/logs/<name>.log; stop.sh stops them.
#   deploy/local-cluster/start.sh            # master + workers 1..WORKERS
#   deploy/local-cluster/start.sh worker 3   # one more worker (e.g. to replace a lost one)
# Needs SPARK_HOME/jars (spark-home.sh). Ports and sizes: see env.sh.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"

if ! ls "$SPARK_HOME"/jars/spark-core_*.jar > /dev/null 2>&1; then
  echo "start: no Spark jars in $SPARK_HOME/jars; run deploy/local-cluster/spark-home.sh first" >&2
  exit 1
fi
mkdir -p "$CLUSTER_DIR/pids" "$CLUSTER_DIR/logs" "$CLUSTER_DIR/work"

# launch NAME CLASS ARGS...: starts a daemon in the background and records its pid.
launch() {
  local name="$1" cls="$2"
  shift 2
  local pidfile="$CLUSTER_DIR/pids/$name.pid"
  if [ -f "$pidfile" ] && is_daemon "$name" "$(cat "$pidfile")"; then
    echo "start: $name is already running (pid $(cat "$pidfile"))" >&2
    return 1
  fi
  # shellcheck disable=SC2086
  "$java_bin" -Xmx"$DAEMON_MEMORY" $DAEMON_JAVA_OPTS "$java17_options" -cp "$SPARK_HOME/conf:$SPARK_HOME/jars/*" \
    "$cls" "$@" > "$CLUSTER_DIR/logs/$name.log" 2>&1 < /dev/null &
  echo $! > "$pidfile"
  echo "start: $name pid $! ($cls $*)" >&2
}

# wait_for N: waits until the master reports at least N alive workers.
wait_for() {
  local want="$1" deadline=$((SECONDS + STARTUP_TIMEOUT)) alive
  while :; do
    alive="$(alive_workers)"
    if [ -n "$alive" ] && [ "$alive" -ge "$want" ]; then
      echo "start: $alive worker(s) registered at $MASTER_URL (UI http://$SPARK_LOCAL_IP:$MASTER_WEBUI_PORT)" >&2
      return 0
    fi
    if [ "$SECONDS" -ge "$deadline" ]; then
      echo "start: only ${alive:-0} of $want worker(s) registered after ${STARTUP_TIMEOUT}s; see $CLUSTER_DIR/logs" >&2
      return 1
    fi
    sleep 0.5
  done
}

start_worker() {
  local i="$1"
  launch "worker-$i" org.apache.spark.deploy.worker.Worker \
    --host "$SPARK_LOCAL_IP" --port $((WORKER_PORT_BASE + i)) --webui-port $((WORKER_WEBUI_PORT_BASE + i)) \
    --cores "$WORKER_CORES" --memory "$WORKER_MEMORY" --work-dir "$CLUSTER_DIR/work/worker-$i" "$MASTER_URL"
}

if [ "${1:-}" = "worker" ]; then
  before="$(alive_workers)"
  start_worker "${2:?start: worker needs a number}"
  wait_for $((${before:-0} + 1))
  exit 0
fi

launch master org.apache.spark.deploy.master.Master \
  --host "$SPARK_LOCAL_IP" --port "$MASTER_PORT" --webui-port "$MASTER_WEBUI_PORT"
for i in $(seq 1 "$WORKERS"); do
  start_worker "$i"
done
wait_for "$WORKERS"
echo "$MASTER_URL"
