# The imlab server image: one jar that runs any set of roles (IMLAB_ROLES), configured by IMLAB_*
# environment variables. docker-compose.yml and the Kubernetes manifests in im-system/im-ops/kubernetes
# run it. Build the jar first, then the image (the context is the repository root; .dockerignore sends
# only the jar):
#
#   ./mvnw -q -DskipTests install
#   docker build -t imlab-server:dev .
FROM eclipse-temurin:17-jre

# curl for container health checks (docker-compose.yml); Kubernetes probes need nothing in the image.
RUN apt-get update \
    && apt-get install -y --no-install-recommends curl \
    && rm -rf /var/lib/apt/lists/*

# Not root. The data folder is the one place the server writes (the generated token secret when
# IMLAB_AUTH_TOKEN_SECRET is blank); a volume mounted there takes this owner when it is new.
RUN useradd --system --uid 10001 --home-dir /imlab imlab \
    && mkdir -p /imlab/imlab-data \
    && chown 10001 /imlab/imlab-data
WORKDIR /imlab
COPY im-system/im-server/target/imlab-server.jar /imlab/imlab-server.jar
USER 10001

# The default 127.0.0.1 would be reachable from inside the container only.
ENV IMLAB_GATEWAY_HOST=0.0.0.0
EXPOSE 8080

# Half the container's memory for the heap: the rest is Netty's direct buffers, thread stacks and
# metaspace (a connection costs about 2.5 KiB of heap and 7 KiB of RSS: docs, capacity plan). Exit on
# OutOfMemoryError so that the orchestrator restarts the process instead of leaving it half alive.
ENTRYPOINT ["java", "-XX:MaxRAMPercentage=50", "-XX:+ExitOnOutOfMemoryError", "-jar", "/imlab/imlab-server.jar"]
