#!/usr/bin/env bash
# Prepare a database for use: migrate, load reference data and the demo catalog, collect static
# files, create the first administrator. Idempotent: safe to run before every `make run`.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
PY="${PYTHON:-.venv/bin/python}"
mkdir -p var
"$PY" manage.py migrate --noinput
"$PY" manage.py licenses load
# Standards: Common Core (CASE + official identifiers), Math in ASN (the statements PhET and
# NSDL records link to by ASN URI), ELA (ASN) and NGSS with its crosswalk, read from
# ../shared/data when it is beside the project (skipped with a message otherwise). Before the
# demo catalog, so its harvested alignments resolve as they are written.
STD=../shared/data/standards
"$PY" manage.py standards import --skip-missing \
  "$STD/case-opensalt/CCSS-Math_CASE_math_cfs_sample.json" \
  "$STD/asn-common-standards-project/asn-manifest/CC-reading.json" \
  "$STD/asn-common-standards-project/ccssi-identifiers/CCSSI-identifiers-v2.json" \
  "$STD/asn-ngss-ccss-rdfxml-phet/CommonCoreMath_D10003FB_ASN.xml" \
  "$STD/asn-ngss-ccss-rdfxml-phet/NextGenScience_D2454348_ASN.xml"
"$PY" manage.py load_demo_catalog
# Suggested alignments for the K-12 demo materials, then the scripted demo curator confirms the
# confident ones (docs/standards.md), so standards search works out of the box.
"$PY" manage.py standards suggest --materials --k12 && "$PY" manage.py standards demo-confirm
# One published demo approved list, through the list services (catalog/lists/demo.py).
"$PY" manage.py demo_list
"$PY" manage.py search_index rebuild
# Static files for WhiteNoise (hashed names under the run and production settings).
"$PY" manage.py collectstatic --noinput --verbosity 0
# Last, so the administrator's sign-in details are the final lines before the servers start
# (the password is also kept in var/admin-password.txt until it is changed).
"$PY" manage.py ensure_admin
