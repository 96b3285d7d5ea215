#!/usr/bin/env bash
# Stops what start.sh started, by the pids in $CLUSTER_DIR/pids: workers first, then the master. Each daemon
# and the processes it started (executors) get SIGTERM, then SIGKILL after 10 seconds. A pid whose process is not
# that Spark daemon any more (its command line does not run the daemon's class from $SPARK_HOME) is left alone.
#   deploy/local-cluster/stop.sh              # everything
#   deploy/local-cluster/stop.sh worker-1     # one daemon
set -uo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"

# The pid and every descendant of it.
tree() {
  local pid="$1" child
  echo "$pid"
  for child in $(ps -o pid= --ppid "$pid" 2> /dev/null); do
    tree "$child"
  done
}

stop_one() {
  local name="$1" pidfile="$CLUSTER_DIR/pids/$1.pid" pid pids p
  [ -f "$pidfile" ] || return 0
  pid="$(cat "$pidfile")"
  if kill -0 "$pid" 2> /dev/null && ! is_daemon "$name" "$pid"; then
    echo "stop: $name: pid $pid is no longer the Spark $name that start.sh started, leaving it alone" \
      "($(ps -ww -o args= -p "$pid" 2> /dev/null | cut -c1-120))" >&2
  elif kill -0 "$pid" 2> /dev/null; then
    pids="$(tree "$pid")"
    # shellcheck disable=SC2086
    kill -TERM $pids 2> /dev/null
    for _ in $(seq 1 100); do
      alive=""
      for p in $pids; do
        kill -0 "$p" 2> /dev/null && alive="$alive $p"
      done
      [ -z "$alive" ] && break
      sleep 0.1
    done
    if [ -n "${alive:-}" ]; then
      # shellcheck disable=SC2086
      kill -KILL $alive 2> /dev/null
    fi
    echo "stop: $name (pid $pid) stopped" >&2
  fi
  rm -f "$pidfile"
}

if [ $# -gt 0 ]; then
  for name in "$@"; do
    stop_one "$name"
  done
  exit 0
fi
for pidfile in "$CLUSTER_DIR"/pids/worker-*.pid; do
  [ -e "$pidfile" ] && stop_one "$(basename "$pidfile" .pid)"
done
stop_one master
