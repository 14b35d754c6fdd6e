#!/usr/bin/env bash
# Import every real standards file in ../shared/data/standards and print items per second
# (run twice: the second run measures the idempotent no-change path).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
export OER_VAR_DIR="${OER_VAR_DIR:-$(mktemp -d)}"
PY="${PYTHON:-.venv/bin/python}"
"$PY" manage.py migrate --noinput >/dev/null
time "$PY" manage.py standards import ../shared/data/standards
time "$PY" manage.py standards import ../shared/data/standards
