# syntax=docker/dockerfile:1
# Multi-stage build: a static binary (no cgo: SQLite is modernc's pure Go
# port) on a distroless base that runs as a non-root user.

FROM golang:1.26-bookworm AS build
WORKDIR /src
COPY go.mod go.sum ./
RUN go mod download
COPY . .
RUN CGO_ENABLED=0 go build -trimpath -ldflags="-s -w" -o /out/plekwijzer ./cmd/plekwijzer \
    && mkdir -p /out/data

FROM gcr.io/distroless/static-debian12:nonroot
COPY --from=build /out/plekwijzer /usr/local/bin/plekwijzer
COPY --from=build --chown=nonroot:nonroot /out/data /data
ENV PLEKWIJZER_DATA_DIR=/data \
    PLEKWIJZER_ADDR=:8080
USER nonroot:nonroot
EXPOSE 8080
VOLUME ["/data"]
HEALTHCHECK --interval=10s --timeout=4s --start-period=30s --retries=3 \
    CMD ["/usr/local/bin/plekwijzer", "healthcheck"]
ENTRYPOINT ["/usr/local/bin/plekwijzer"]
CMD ["serve"]
