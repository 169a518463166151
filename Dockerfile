# Ferry in a container: build with Bun, run the single compiled executable as a non-root user.
# The build stage runs the same commands as CI and a developer: `bun install --frozen-lockfile`, `bun run build`.
#
#   docker build -t ferry .
#   docker run -d -p 8080:8080 -p 3478:3478/udp -p 3478:3478/tcp -p 5349:5349/tcp -p 49160-49200:49160-49200/udp -e TURN_EXTERNAL_IP=<public IP> ferry

FROM oven/bun:1.4.5 AS build
WORKDIR /src
# Dependencies first, so editing the source does not invalidate this layer. The patch must be present:
# `bun install` applies it to node-turn (package.json "patchedDependencies").
COPY package.json bun.lock bunfig.toml ./
COPY patches ./patches
RUN bun install --frozen-lockfile
COPY . .
# vite build → dist/public, then scripts/compile.ts → dist/ferry (UI embedded, patched node-turn checked)
RUN bun run build

# The executable needs only glibc; distroless "cc" has it, no shell, and the "nonroot" user (uid 65532).
FROM gcr.io/distroless/cc-debian12:nonroot
COPY --from=build /src/dist/ferry /ferry
USER nonroot
# Where --tls-self-signed keeps its certificate; mount a volume here to keep it across containers.
ENV FERRY_DATA_DIR=/home/nonroot/.ferry
# The relay's ports: a smaller range than the default 49152-65535, because Docker publishes (and with
# its userland proxy, runs a process for) every port of a range. Widen both together, or use --network host.
ENV TURN_MIN_PORT=49160 TURN_MAX_PORT=49200
# HTTP(S) + WebSocket signaling, the TURN relay over UDP and TCP, TURN over TLS (served only with
# HTTPS; config defaults), and the relay's port range above.
EXPOSE 8080/tcp 3478/udp 3478/tcp 5349/tcp 49160-49200/udp
ENTRYPOINT ["/ferry"]
