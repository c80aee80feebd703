# platform as a container: `docker build -t platform .` then `docker run --rm platform audit --env dev`.
# Two stages: the build (dev dependencies, tsc, oclif manifest) never reaches the runtime image.

FROM node:20-slim AS build
WORKDIR /src
COPY package.json package-lock.json ./
RUN npm ci --ignore-scripts --no-audit --no-fund
COPY . .
RUN npm run build

FROM node:20-slim
ENV NODE_ENV=production \
    OCLIF_SKIP_NEW_VERSION_CHECK=true
WORKDIR /app
# Production dependencies only, at the versions of the lockfile.
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --ignore-scripts --no-audit --no-fund && npm cache clean --force
# What the npm package ships (package.json "files"), from the build stage.
COPY --from=build /src/bin ./bin
COPY --from=build /src/dist ./dist
COPY --from=build /src/oclif.manifest.json ./
COPY --from=build /src/schema ./schema
RUN ln -s /app/bin/run.js /usr/local/bin/platform
# The image's `node` user, by number so Kubernetes can check runAsNonRoot.
USER 1000:1000
ENTRYPOINT ["platform"]
CMD ["--help"]
