#!/usr/bin/env bash
# `make run`: the background-task worker (linkage runs) beside the development server.
# The worker stops when the server stops (Ctrl-C, error or normal exit).
set -euo pipefail
PY="${PY:-.venv/bin/python}"
ADDRESS="${1:-127.0.0.1:8000}"

"$PY" manage.py db_worker &
WORKER=$!
stop_worker() {
  if kill -0 "$WORKER" 2>/dev/null; then
    kill "$WORKER" 2>/dev/null || true
    wait "$WORKER" 2>/dev/null || true
  fi
}
trap stop_worker EXIT INT TERM

"$PY" manage.py runserver "$ADDRESS"
