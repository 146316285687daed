#!/usr/bin/env bash
# Runs every benchmark scenario against the baseline broadcast server and then against Ladder, on this machine.
#   [LADDER_TREE=/path/to/worktree] bench/run.sh [--quick] [--tag NAME] [--skip-baseline] [--skip-ladder]
# Starts (and stops, with SIGTERM to the PIDs it started) the baseline server and the AppHost in Release with the
# per-user send limit raised; results go to bench/results/NAME-<scenario>-<target>.{json,md,svg}.
set -euo pipefail
cd "$(git -C "$(dirname "$0")" rev-parse --show-toplevel)"

QUICK="" TAG="$(date -u +%Y%m%d-%H%M)" BASELINE=1 LADDER=1
while [ $# -gt 0 ]; do
  case "$1" in
    --quick) QUICK="--quick" ;;
    --tag) TAG="$2"; shift ;;
    --skip-baseline) BASELINE=0 ;;
    --skip-ladder) LADDER=0 ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
  shift
done

# 10,000+ client sockets in the generator and as many in a node: the children inherit this limit.
ulimit -n 20000
BENCH="dotnet bench/Ladder.Bench/bin/Release/net10.0/Ladder.Bench.dll"
DATA="${LADDER_BENCH_DATA:-/tmp/ladder-bench-data}"
# The platform is built and run from this tree: the repository itself, or a clean `git worktree` of a commit
# when the working tree holds unfinished changes that should not be measured.
TREE="${LADDER_TREE:-$PWD}"
# Raised send limits (the generator sends as few users), and 1 % of traces recorded as a loaded deployment would:
# at 100 % the dashboard's span intake alone takes a third of a core at 20k deliveries/s. The generator's users get
# their tokens from POST /dev/token, which is off unless asked for.
LIMITS=(--Ladder:Chat:SendsPerSecond=100000 --Ladder:Chat:SendBurst=100000 --Ladder:Telemetry:TraceSampleRatio=0.01 --Ladder:Chat:DevTokens=true)
STARTED=""

cleanup() {
  for pid in $STARTED; do
    kill -TERM "$pid" 2>/dev/null || true
  done
  for pid in $STARTED; do
    for _ in $(seq 1 30); do kill -0 "$pid" 2>/dev/null || break; sleep 1; done
  done
}
trap cleanup EXIT

wait_free() {
  # Someone else's platform on the dev ports: wait for it to go rather than touch it.
  for _ in $(seq 1 60); do
    if ! ss -ltn | grep -qE "127.0.0.1:($(echo "$@" | tr ' ' '|'))\b"; then return 0; fi
    echo "ports $* in use; waiting…"; sleep 10
  done
  echo "ports $* still in use" >&2; exit 1
}

wait_healthy() {
  for _ in $(seq 1 120); do
    local ok=1
    for url in "$@"; do curl -sf -m 2 "$url" >/dev/null || ok=0; done
    [ $ok = 1 ] && return 0
    sleep 2
  done
  echo "not healthy: $*" >&2; exit 1
}

start_baseline() {
  dotnet bench/Ladder.Bench.Baseline/bin/Release/net10.0/Ladder.Bench.Baseline.dll --urls http://127.0.0.1:5190 >/tmp/ladder-bench-baseline.log 2>&1 &
  BASELINE_PID=$!; STARTED="$STARTED $BASELINE_PID"
  sleep 2
}

stop_pid() {
  kill -TERM "$1"; for _ in $(seq 1 30); do kill -0 "$1" 2>/dev/null || break; sleep 1; done
  STARTED="${STARTED// $1/}"
}

start_apphost() {
  wait_free 5101 5102 18888
  rm -rf "$DATA"
  dotnet run --project "$TREE/Ladder.AppHost" -c Release --no-build -- --Ladder:DataDirectory="$DATA" "${LIMITS[@]}" >/tmp/ladder-bench-apphost.log 2>&1 &
  APPHOST_PID=$!; STARTED="$STARTED $APPHOST_PID"
  wait_healthy http://127.0.0.1:5101/health http://127.0.0.1:5102/health
  sleep 5
}

dotnet build bench/Ladder.Bench -c Release -nologo -v q
dotnet build bench/Ladder.Bench.Baseline -c Release -nologo -v q
if [ $LADDER = 1 ]; then dotnet build "$TREE/Ladder.AppHost" -c Release -nologo -v q; fi

# perf resolves JIT-compiled frames through /tmp/perf-PID.map; the chat nodes inherit this from the AppHost.
export DOTNET_PerfMapEnabled=1

if [ $LADDER = 1 ]; then
  if [ -z "$QUICK" ]; then
    # 15,000 connections on one fresh node first (the generator's 20,000 open files allow one node's worth).
    start_apphost
    $BENCH idle --nodes http://127.0.0.1:5101 --conns 15000 --reps 1 --tag "$TAG-15k"
    stop_pid "$APPHOST_PID"
  fi
  start_apphost
  $BENCH all $QUICK --tag "$TAG" --profile --max-minutes 30
  stop_pid "$APPHOST_PID"
fi

if [ $BASELINE = 1 ]; then
  wait_free 5190
  start_baseline
  $BENCH all --target baseline $QUICK --tag "$TAG" --profile --max-minutes 30
  stop_pid "$BASELINE_PID"
  if [ -z "$QUICK" ]; then
    start_baseline
    $BENCH idle --target baseline --conns 15000 --reps 1 --tag "$TAG-15k"
    stop_pid "$BASELINE_PID"
  fi
fi

# The issue's bar filled in, with Ladder / baseline ratios.
$BENCH compare --tag "$TAG"
