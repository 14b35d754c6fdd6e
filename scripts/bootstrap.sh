#!/usr/bin/env bash
# Prepare a database for use: migrate, load reference data and the demo catalog, create the
# first administrator. Idempotent: safe to run before every `make run`.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
PY="${PYTHON:-.venv/bin/python}"
mkdir -p var
"$PY" manage.py migrate --noinput
"$PY" manage.py load_demo_catalog
"$PY" manage.py ensure_admin
