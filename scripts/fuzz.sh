#!/usr/bin/env bash
# Runs every fuzz target of the module for the given time each (default 30s). The seed
# corpora also run, briefly, in `make test`.
set -euo pipefail
cd "$(dirname "$0")/.."
fuzztime="${1:-30s}"
status=0
for pkg in $(go list ./...); do
  for target in $(go test -list '^Fuzz' "$pkg" | grep '^Fuzz' || true); do
    echo "== $pkg $target ($fuzztime)"
    go test -run='^$' -fuzz="^${target}\$" -fuzztime="$fuzztime" "$pkg" || status=1
  done
done
exit "$status"
