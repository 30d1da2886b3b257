# Build: cgo is on because the SQLite driver (mattn/go-sqlite3) is C.
FROM golang:1.26-bookworm AS build
WORKDIR /src
COPY go.mod go.sum ./
RUN go mod download
COPY . .
RUN CGO_ENABLED=1 go build -trimpath -ldflags="-s -w" -o /out/portfolio .

# Run: a small Debian with the C library the binary links against.
FROM debian:bookworm-slim
RUN apt-get update && apt-get install -y --no-install-recommends ca-certificates tzdata postgresql-client \
    && rm -rf /var/lib/apt/lists/* \
    && useradd --system --home /data portfolio && mkdir -p /data && chown portfolio /data
COPY --from=build /out/portfolio /usr/local/bin/portfolio
USER portfolio
WORKDIR /data
ENV PORTFOLIO_DB=/data/portfolio.db TZ=Asia/Shanghai
EXPOSE 8080
VOLUME /data
ENTRYPOINT ["portfolio"]
CMD ["serve", "--addr", ":8080"]
