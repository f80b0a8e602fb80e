# errcode-exporter image: built in one stage, run from a slim stage as the unprivileged `node` user.
# Host log directories are meant to be mounted read-only under /var/log/errcode (see docker-compose.yml);
# read positions persist in the /var/lib/errcode volume.
ARG NODE_IMAGE=node:22-bookworm-slim

FROM ${NODE_IMAGE} AS build
# /app, as in the final stage: the V8 start-up snapshot the build makes (dist/startup/) holds the paths it was built
# at, and bin/errcode-exporter starts scan and explain from it only in the directory it was built in.
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --ignore-scripts --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
# tsc's output is bundled into the CLI's few modules (start-up), and scan and explain into the start-up snapshot.
COPY scripts/bundle-cli.mjs scripts/build-startup-snapshot.mjs ./scripts/
# The build also snapshots the bundled knowledge (dist/knowledge-snapshot.json), so it needs them.
COPY catalogs ./catalogs
COPY rules ./rules
RUN npm run build

FROM ${NODE_IMAGE} AS runtime-deps
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --ignore-scripts --no-audit --no-fund && npm cache clean --force

FROM ${NODE_IMAGE}
# Build information for the OCI labels: docker build --build-arg VERSION=$(node -p "require('./package.json').version") \
#   --build-arg REVISION=$(git rev-parse HEAD) --build-arg CREATED=$(date -u +%Y-%m-%dT%H:%M:%SZ) .
ARG VERSION=0.1.0
ARG REVISION=unknown
ARG CREATED=unknown
LABEL org.opencontainers.image.title="errcode-exporter" \
      org.opencontainers.image.description="Turns vendor error codes in Ascend NPU, HarmonyOS and Huawei Cloud logs into explained, classified Prometheus metrics." \
      org.opencontainers.image.version="${VERSION}" \
      org.opencontainers.image.revision="${REVISION}" \
      org.opencontainers.image.created="${CREATED}" \
      org.opencontainers.image.licenses="Apache-2.0" \
      org.opencontainers.image.documentation="README.md and docs/deploy.md in the source tree"
ENV NODE_ENV=production
# `errcode-exporter --version` prints it.
ENV ERRCODE_BUILD_REVISION=${REVISION}
# Read by both `run` and `healthcheck`: set ERRCODE_WEB_LISTEN_ADDRESS, ERRCODE_WEB_CONFIG_FILE (TLS, basic auth)
# or ERRCODE_CONFIG here or at `docker run -e`, never only on run's command line, and the HEALTHCHECK follows.
ENV ERRCODE_WEB_LISTEN_ADDRESS=:10135
WORKDIR /app
COPY --from=runtime-deps /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY bin ./bin
COPY package.json ./
COPY catalogs ./catalogs
COPY rules ./rules
COPY examples ./examples
# Mount points owned by `node`, so named volumes created from them are writable by the exporter (positions)
# and the demo generator (demo logs); host logs are bind-mounted read-only and only need to be readable.
RUN mkdir -p /var/lib/errcode /var/log/errcode /var/log/demo \
 && chown node:node /var/lib/errcode /var/log/demo
USER node
EXPOSE 10135
VOLUME ["/var/lib/errcode"]
# With basic auth on, also set ERRCODE_HEALTHCHECK_USERNAME and ERRCODE_HEALTHCHECK_PASSWORD_FILE (a secret).
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 \
  CMD ["node", "/app/dist/cli/main.js", "healthcheck", "--quiet", "--timeout", "4s"]
# The launcher: `docker run IMAGE scan ...` and `explain` start from the snapshot (same Node binary, same /app), every
# other command execs node /app/dist/cli/main.js, as PID 1's only process.
ENTRYPOINT ["/app/bin/errcode-exporter"]
CMD ["run", "--watch", "/var/log/errcode/**/*.log", "--positions", "/var/lib/errcode/positions.json"]
