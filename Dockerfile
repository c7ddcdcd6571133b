# Two stages: build a static binary, then run it from a minimal image.
# Nothing is fetched at run time; the data folder is a volume.
FROM golang:1.26-bookworm AS build
WORKDIR /src
COPY go.mod go.sum ./
RUN go mod download
COPY . .
ARG VERSION=dev
RUN CGO_ENABLED=0 go build -trimpath -ldflags "-s -w -X main.version=${VERSION}" -o /out/rectify ./cmd/rectify \
 && mkdir -p /out/data

FROM gcr.io/distroless/static-debian12:nonroot
COPY --from=build /out/rectify /rectify
# The volume must belong to the unprivileged user the server runs as.
COPY --from=build --chown=65532:65532 /out/data /data
VOLUME ["/data"]
ENV RECTIFY_DATA=/data RECTIFY_ADDR=0.0.0.0:8080 RECTIFY_LOG_FORMAT=json
EXPOSE 8080
USER nonroot:nonroot
ENTRYPOINT ["/rectify"]
CMD ["serve"]
