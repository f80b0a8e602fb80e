# errcode-exporter image: built in one stage, run from a slim stage as the unprivileged `node` user.
# Host log directories are meant to be mounted read-only under /var/log/errcode (see docker-compose.yml);
# read positions persist in the /var/lib/errcode volume.
ARG NODE_IMAGE=node:22-bookworm-slim

FROM ${NODE_IMAGE} AS build
WORKDIR /src
COPY package.json package-lock.json ./
RUN npm ci --ignore-scripts --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
# The build also snapshots the bundled knowledge (dist/knowledge-snapshot.json), so it needs them.
COPY catalogs ./catalogs
COPY rules ./rules
RUN npm run build

FROM ${NODE_IMAGE} AS runtime-deps
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --ignore-scripts --no-audit --no-fund && npm cache clean --force

FROM ${NODE_IMAGE}
ENV NODE_ENV=production
WORKDIR /app
COPY --from=runtime-deps /app/node_modules ./node_modules
COPY --from=build /src/dist ./dist
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
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:10135/healthz').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
ENTRYPOINT ["node", "/app/dist/cli/main.js"]
CMD ["run", "--watch", "/var/log/errcode/**/*.log", "--positions", "/var/lib/errcode/positions.json", "--web.listen-address", ":10135"]
