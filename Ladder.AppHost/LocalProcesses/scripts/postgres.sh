#!/usr/bin/env bash
# Runs one PostgreSQL server for the AppHost as a foreground process.
# PostgreSQL refuses to run as root: as root, prepare the data directory and re-execute this script as the
# postgres user (exec, so the AppHost's signals still reach us).
set -euo pipefail
: "${LADDER_PG_BIN:?}" "${LADDER_PG_DATA:?}" "${LADDER_PG_PORT:?}" "${LADDER_PG_PASSWORD:?}" "${LADDER_PG_DATABASES:?}"

if [ "$(id -u)" = 0 ]; then
  mkdir -p "$LADDER_PG_DATA"
  chown postgres:postgres "$LADDER_PG_DATA"
  chmod 700 "$LADDER_PG_DATA"
  if ! setpriv --reuid=postgres --regid=postgres --init-groups test -w "$LADDER_PG_DATA"; then
    echo "postgres.sh: the postgres user cannot reach $LADDER_PG_DATA; set Ladder:DataDirectory to a path it can traverse" >&2
    exit 1
  fi
  exec setpriv --reuid=postgres --regid=postgres --init-groups "$0" "$@"
fi

mkdir -p "$LADDER_PG_DATA"
chmod 700 "$LADDER_PG_DATA"
fresh=false
if [ ! -s "$LADDER_PG_DATA/PG_VERSION" ]; then
  fresh=true
  pwfile=$(mktemp)
  printf '%s' "$LADDER_PG_PASSWORD" > "$pwfile"
  "$LADDER_PG_BIN/initdb" -D "$LADDER_PG_DATA" -U postgres -E UTF8 --locale=C.UTF-8 \
    --auth-host=scram-sha-256 --auth-local=trust --pwfile="$pwfile" >/dev/null
  rm -f "$pwfile"
fi

# The password comes from an AppHost parameter; set it on every start so a changed parameter still works.
quoted=${LADDER_PG_PASSWORD//\'/\'\'}
{
  echo "ALTER USER postgres PASSWORD '$quoted';"
  if $fresh; then
    for db in $LADDER_PG_DATABASES; do echo "CREATE DATABASE \"$db\";"; done
  fi
} | "$LADDER_PG_BIN/postgres" --single -D "$LADDER_PG_DATA" postgres >/dev/null

# fsync off: a development and test server, where speed beats surviving a power cut.
"$LADDER_PG_BIN/postgres" -D "$LADDER_PG_DATA" -p "$LADDER_PG_PORT" -h 127.0.0.1 -k "$LADDER_PG_DATA" \
  -c fsync=off -c full_page_writes=off -c max_connections=300 -c logging_collector=off &
pid=$!
# Fast shutdown (SIGINT) rather than the smart one SIGTERM asks for, which would wait for every client.
trap 'kill -INT "$pid" 2>/dev/null; wait "$pid"; exit 0' TERM INT
wait "$pid"
