#!/usr/bin/env bash
# lab12: starts an incident on the real imlab server, with one hidden fault drawn at random, and
# users chatting through it; runs until Ctrl-C. Run from anywhere; the guide is labs/guides/lab12.adoc.
# Extra arguments go to the server, as with java -jar (e.g. --imlab.gateway.port=8081).
set -euo pipefail
cd "$(dirname "$0")/.."
jar=im-system/im-server/target/imlab-server.jar
if [[ ! -f "$jar" ]]; then
  echo "The server's jar is not built. Once: ./mvnw -q -pl im-system/im-server -am package -DskipTests" >&2
  exit 1
fi
if [[ ! -f labs/target/classes/dev/imlab/labs/lab12/IncidentServer.class ]]; then
  echo "The labs are not compiled. Once: ./mvnw -q -pl labs test-compile (or ./mvnw test -pl labs -Dgroups=lab12)" >&2
  exit 1
fi
exec java -Xmx512m -Dloader.path=labs/target/classes -Dloader.main=dev.imlab.labs.lab12.IncidentServer \
  -cp "$jar" org.springframework.boot.loader.launch.PropertiesLauncher "$@"
