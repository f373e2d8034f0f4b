# syntax=docker/dockerfile:1
# Build once, run as api or worker (CMD picks). Node 22 LTS, non-root at run time.
FROM node:22-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY . .
RUN npm run build && npm prune --omit=dev

FROM node:22-bookworm-slim AS runtime
ENV NODE_ENV=production
WORKDIR /app
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY --from=build /app/package.json ./package.json
COPY --from=build /app/seeds ./seeds
USER node
EXPOSE 3000
CMD ["node", "dist/apps/api/src/main.js"]
