#!/usr/bin/env bash
# Makes sure Postgres and Redis answer at DATABASE_URL / REDIS_URL (defaults: local).
# Starts them when they don't: with docker compose where a Docker engine answers,
# else with the local binaries; then waits until both are ready, or fails saying which.
set -euo pipefail
cd "$(dirname "$0")/.."

DATABASE_URL="${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/claimtrail}"
REDIS_URL="${REDIS_URL:-redis://127.0.0.1:6379}"

pg_ok() { pg_isready -q -d "$(echo "$DATABASE_URL" | sed -E 's#/[^/?]*(\?.*)?$#/postgres#')" -t 2 >/dev/null 2>&1; }
redis_ok() { [ "$(redis-cli -u "$REDIS_URL" ping 2>/dev/null)" = "PONG" ]; }
have() { command -v "$1" >/dev/null 2>&1; }
docker_ok() { have docker && docker info >/dev/null 2>&1; }

start_postgres() {
  if docker_ok; then docker compose up -d postgres; return; fi
  if have pg_ctlcluster && [ -d /etc/postgresql ]; then
    echo "starting local Postgres"
    pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | sort -V | tail -1)" main start || true
    return
  fi
  echo "Postgres is not reachable at $DATABASE_URL, and neither docker nor pg_ctlcluster is available to start it" >&2
  exit 1
}

start_redis() {
  if docker_ok; then docker compose up -d redis; return; fi
  if have redis-server; then
    echo "starting local Redis"
    # noeviction: BullMQ loses jobs if Redis evicts keys.
    redis-server --daemonize yes --bind 127.0.0.1 --port 6379 --save "" --appendonly no --maxmemory-policy noeviction
    return
  fi
  echo "Redis is not reachable at $REDIS_URL, and neither docker nor redis-server is available to start it" >&2
  exit 1
}

wait_for() {
  local name=$1 check=$2
  for _ in $(seq 1 60); do
    if $check; then return 0; fi
    sleep 0.5
  done
  echo "$name did not become ready within 30 s" >&2
  exit 1
}

have pg_isready || { echo "pg_isready (postgresql-client) is needed to check Postgres" >&2; exit 1; }
have redis-cli || { echo "redis-cli (redis-tools) is needed to check Redis" >&2; exit 1; }

pg_ok || start_postgres
redis_ok || start_redis
wait_for Postgres pg_ok
wait_for Redis redis_ok
echo "services ready: Postgres ($DATABASE_URL) and Redis ($REDIS_URL)"
