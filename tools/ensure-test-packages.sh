#!/usr/bin/env bash
# The tests need three Debian packages: Chromium (the browser tests), xmlsec1 (pysaml2 signs and
# checks SAML messages with it) and the PostgreSQL server (tests/test_outage.py starts and stops
# a cluster of its own with initdb and pg_ctl). Install what is missing when we may.
set -euo pipefail
missing=()
if ! command -v chromium >/dev/null 2>&1 && [ ! -x /usr/bin/chromium ]; then
  missing+=(chromium fonts-dejavu-core)
fi
if ! command -v xmlsec1 >/dev/null 2>&1; then
  missing+=(xmlsec1)
fi
if ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 && ! command -v initdb >/dev/null 2>&1; then
  missing+=(postgresql)
fi
if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
  echo "Installing for the tests (Debian packages): ${missing[*]}"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
else
  echo "Missing Debian packages: ${missing[*]}; the tests that need them are skipped"
  echo "(they fail instead when CI=true)."
fi
