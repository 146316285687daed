#!/usr/bin/env bash
# The scale figures of docs/scaling.md: fan-out with N chat nodes over the 3-server NATS cluster, every room on every
# node (spread) and each room on one node (room), at the same offered rates.
#   bench/scale.sh [--nodes "2 4"] [--steps 5000,10000,20000] [--tag NAME]
# Starts (and stops, with SIGTERM to the PID it started) the AppHost in Release; results in bench/results/NAME-*.
set -euo pipefail
cd "$(git -C "$(dirname "$0")" rev-parse --show-toplevel)"

NODES="2 4" STEPS="5000,10000,20000" TAG="scale-$(date -u +%Y%m%d-%H%M)"
while [ $# -gt 0 ]; do
  case "$1" in
    --nodes) NODES="$2"; shift ;;
    --steps) STEPS="$2"; shift ;;
    --tag) TAG="$2"; shift ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
  shift
done

ulimit -n 20000
BENCH="dotnet bench/Ladder.Bench/bin/Release/net10.0/Ladder.Bench.dll"
DATA="${LADDER_BENCH_DATA:-/tmp/ladder-bench-data}"
LIMITS=(--Ladder:Chat:SendsPerSecond=100000 --Ladder:Chat:SendBurst=100000 --Ladder:Telemetry:TraceSampleRatio=0.01 --Ladder:Chat:DevTokens=true)
APPHOST_PID=""
trap '[ -n "$APPHOST_PID" ] && kill -TERM "$APPHOST_PID" 2>/dev/null; wait 2>/dev/null || true' EXIT

dotnet build bench/Ladder.Bench -c Release -nologo -v q
dotnet build Ladder.AppHost -c Release -nologo -v q

for n in $NODES; do
  rm -rf "$DATA"
  dotnet run --project Ladder.AppHost -c Release --no-build -- --Ladder:DataDirectory="$DATA" --Ladder:ChatNodes="$n" "${LIMITS[@]}" \
    >/tmp/ladder-bench-apphost.log 2>&1 &
  APPHOST_PID=$!
  urls=$(seq 1 "$n" | sed 's|.*|http://127.0.0.1:510&|' | paste -sd, -)
  for _ in $(seq 1 120); do
    ok=1; for u in ${urls//,/ }; do curl -sf -m 2 "$u/health" >/dev/null || ok=0; done
    [ $ok = 1 ] && break; sleep 2
  done
  sleep 5
  for placement in spread room; do
    $BENCH fanout --nodes "$urls" --placement "$placement" --steps "$STEPS" --reps 1 --tag "$TAG-n$n-$placement"
  done
  kill -TERM "$APPHOST_PID"; wait "$APPHOST_PID" 2>/dev/null || true; APPHOST_PID=""
done
