# syntax=docker/dockerfile:1
# The platform's image: the release tarball (docs/operations/release.md) on a JRE, run by its own launcher.
#   docker build -t bitwreckers .        then see docker-compose.yml for PostgreSQL, S3, mail and search beside it

# Build stage: Node 24 with npm 11 for the admin app, a JDK for the Maven wrapper; the tests need PostgreSQL and run
# in CI (./cms test), not here.
FROM node:24-bookworm-slim AS build
RUN apt-get update && apt-get install -y --no-install-recommends ca-certificates curl unzip \
    && rm -rf /var/lib/apt/lists/*
COPY --from=eclipse-temurin:25-jdk /opt/java/openjdk /opt/java/openjdk
ENV JAVA_HOME=/opt/java/openjdk PATH=/opt/java/openjdk/bin:$PATH
WORKDIR /src
COPY . .
RUN --mount=type=cache,target=/root/.m2 --mount=type=cache,target=/root/.npm \
    ./mvnw -B -ntp package -DskipTests \
    && mkdir /dist && tar -xzf distribution/target/bitwreckers-*.tar.gz -C /dist --strip-components=1

# Runtime stage: a JRE, the unpacked tarball in /opt/bitwreckers, and a user without privileges whose home holds
# what the node writes (local media, the ahead-of-time cache).
FROM eclipse-temurin:25-jre AS runtime
RUN apt-get update && apt-get install -y --no-install-recommends curl && rm -rf /var/lib/apt/lists/* \
    && groupadd --system bitwreckers \
    && useradd --system --gid bitwreckers --home-dir /var/lib/bitwreckers --create-home bitwreckers
COPY --from=build /dist /opt/bitwreckers
ENV PROFILE=prod \
    HOST=0.0.0.0 \
    PORT=8080 \
    ADMIN_PORT=8081 \
    MEDIA_DIR=/var/lib/bitwreckers/media \
    AOT_CACHE=/var/lib/bitwreckers/bitwreckers.aot
USER bitwreckers
WORKDIR /var/lib/bitwreckers
VOLUME /var/lib/bitwreckers
EXPOSE 8080 8081
# ready = the database, the notification connection and the shutdown state allow serving (docs/operations/release.md)
HEALTHCHECK --interval=10s --timeout=3s --start-period=90s --retries=3 \
    CMD curl -fsS -o /dev/null "http://127.0.0.1:${ADMIN_PORT}/observe/health/ready" || exit 1
# the launcher execs the JVM, so SIGTERM from `docker stop` reaches it and the shutdown runs in order
ENTRYPOINT ["/opt/bitwreckers/bin/bitwreckers"]
CMD ["serve"]
