# One image for both processes: `web` (Next.js) and `worker` (BullMQ). See docker-compose.yaml.
FROM node:20-bookworm-slim AS build
ENV COREPACK_ENABLE_DOWNLOAD_PROMPT=0 NEXT_TELEMETRY_DISABLED=1 TURBO_TELEMETRY_DISABLED=1
WORKDIR /app
RUN corepack enable
COPY package.json pnpm-lock.yaml pnpm-workspace.yaml ./
COPY apps/web/package.json apps/web/
COPY apps/worker/package.json apps/worker/
COPY packages/auth/package.json packages/auth/
COPY packages/config/package.json packages/config/
COPY packages/core/package.json packages/core/
COPY packages/db/package.json packages/db/
COPY packages/pve/package.json packages/pve/
COPY packages/pve-sim/package.json packages/pve-sim/
COPY packages/queue/package.json packages/queue/
COPY packages/redis/package.json packages/redis/
COPY packages/services/package.json packages/services/
COPY packages/ssh/package.json packages/ssh/
RUN pnpm install --frozen-lockfile
COPY . .
RUN pnpm exec prisma generate && pnpm exec turbo run build --env-mode=loose

FROM node:20-bookworm-slim AS runtime
ENV NODE_ENV=production NEXT_TELEMETRY_DISABLED=1 KILN_DATA_DIR=/data PORT=3000
WORKDIR /app
# git: the worker fetches catalogue sources with it (docs/catalogue-sources.md).
RUN apt-get update && apt-get install -y --no-install-recommends git ca-certificates && rm -rf /var/lib/apt/lists/*
COPY --from=build /app /app
RUN mkdir -p /data && chown node:node /data
USER node
VOLUME ["/data"]
EXPOSE 3000 3001
# web: apply migrations, then serve with Kiln's HTTP server around Next.js (apps/web/server; set
# HOST=0.0.0.0 to be reachable from outside the container); worker: node apps/worker/dist/main.js
CMD ["sh", "-c", "node_modules/.bin/prisma migrate deploy && cd apps/web && exec node --max-semi-space-size=4 --max-old-space-size=384 dist/server.js"]
