#!/usr/bin/env bash
# Assembles a Spark home (a folder with jars/) from the Spark jars Maven resolves for this project: no Spark
# tarball. Enough for the standalone master, workers, executors and SparkSubmit; there is no bin/ folder, so
# start the daemons with start.sh and submit with deploy/bin/submit.
#   deploy/local-cluster/spark-home.sh            # into $SPARK_HOME (default deploy/local-cluster/target/spark-home)
#   SPARK_LINE=spark4 deploy/local-cluster/spark-home.sh   # Spark 4 (the spark4 profile's versions), into
#                                                           # deploy/local-cluster/target/spark4/spark-home
# Environment: SPARK_LINE (spark3, the default, or spark4), SPARK_HOME, MVN (default mvn), MVN_OPTS (extra Maven
# arguments, e.g. -o or -Dmaven.repo.local=...).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"

here="$local_cluster_root/deploy/local-cluster"
# The line's Spark version as the root pom sets it: the first spark.version for spark3, the spark4 profile's one.
if [ "$SPARK_LINE" = spark4 ]; then
  version="$(sed -n '/<id>spark4<\/id>/,/<\/profile>/s:.*<spark.version>\(.*\)</spark.version>.*:\1:p' \
    "$local_cluster_root/pom.xml" | head -n 1)"
  profile=(-Pspark4)
else
  version="$(sed -n 's:.*<spark.version>\(.*\)</spark.version>.*:\1:p' "$local_cluster_root/pom.xml" | head -n 1)"
  profile=()
fi
stamp="$SPARK_HOME/RELEASE"
mkdir -p "$SPARK_HOME/conf"
cp "$local_cluster_root/deploy/conf/log4j2.properties" "$SPARK_HOME/conf/log4j2.properties"
if [ -f "$stamp" ] && [ "$(head -n 1 "$stamp")" = "Spark $version" ] && [ "$stamp" -nt "$here/pom.xml" ] \
    && [ "$stamp" -nt "$local_cluster_root/pom.xml" ]; then
  echo "spark-home: $SPARK_HOME is up to date (Spark $version)" >&2
  exit 0
fi
echo "spark-home: copying Spark $version jars into $SPARK_HOME/jars" >&2
rm -rf "$SPARK_HOME/jars"
mkdir -p "$SPARK_HOME/jars"
# shellcheck disable=SC2086
${MVN:-mvn} -B -q ${MVN_OPTS:-} ${profile[@]+"${profile[@]}"} -f "$here/pom.xml" dependency:copy-dependencies \
  -DoutputDirectory="$SPARK_HOME/jars" -DincludeScope=runtime -Dmdep.useBaseVersion=true
printf 'Spark %s\nAssembled by deploy/local-cluster/spark-home.sh from Maven-resolved jars.\n' "$version" > "$stamp"
echo "spark-home: $(ls "$SPARK_HOME/jars" | wc -l) jars" >&2
