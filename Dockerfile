# Multi-stage build of the Minqing server and its browser bundle.
FROM rust:1.95-bookworm AS build
RUN apt-get update && apt-get install -y --no-install-recommends nodejs npm && rm -rf /var/lib/apt/lists/*
WORKDIR /src
COPY . .
RUN scripts/build.sh --release

FROM debian:bookworm-slim
RUN apt-get update && apt-get install -y --no-install-recommends ca-certificates curl \
    && rm -rf /var/lib/apt/lists/* \
    && useradd --system --home /srv/minqing minqing
WORKDIR /srv/minqing
COPY --from=build /src/target/release/minqing /usr/local/bin/minqing
COPY --from=build /src/target/site ./site
USER minqing
ENV MINQING_BIND=0.0.0.0:3000 \
    MINQING_SITE_ROOT=/srv/minqing/site \
    MINQING_LOG_FORMAT=json
EXPOSE 3000
HEALTHCHECK --interval=10s --timeout=3s --retries=3 CMD curl -fsS http://127.0.0.1:3000/readyz || exit 1
ENTRYPOINT ["minqing"]
CMD ["serve"]
