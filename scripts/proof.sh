#!/usr/bin/env bash
# Builds one of the proof tools (chaos, bench, hygiene) and runs it from the repository's
# root with the flags given. The tools and their harness are a Go module of their own,
# internal/proof, so that `go test ./...` of the provider leaves them out; they build the
# provider of this checkout themselves.
set -euo pipefail
cd "$(dirname "$0")/.."
tool="${1:?usage: scripts/proof.sh chaos|bench|hygiene [flags]}"
shift
go -C internal/proof build -o "$PWD/bin/proof/$tool" "./cmd/$tool"
exec "bin/proof/$tool" "$@"
