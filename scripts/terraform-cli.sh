#!/usr/bin/env bash
# Prints the path of a Terraform-compatible CLI for the acceptance tests, the examples and the demo.
#
#   scripts/terraform-cli.sh                  terraform from PATH, or else OpenTofu 1.12
#   scripts/terraform-cli.sh terraform-1.16   Terraform v1.16.4
#   scripts/terraform-cli.sh tofu-1.12        OpenTofu v1.12.6
#   scripts/terraform-cli.sh [CLI] --env      the environment the acceptance tests need for
#                                             that CLI (TF_ACC_TERRAFORM_PATH=..., and for
#                                             OpenTofu its provider namespace and host)
#
# A CLI that is not on PATH is built once from the Go module proxy alone (no release download,
# no registry) into $XDG_CACHE_HOME/terraform-provider-klarna (default ~/.cache/...); later calls
# answer from that cache in well under a second. A cold build takes a few minutes (Terraform
# about 6.5 on two cores). Terraform's go.mod replaces its nested modules (internal/legacy and
# the internal/backend/remote-state/* backends) with folders that its module zip leaves out:
# they are fetched from the proxy at the release commit and put where the replace lines point.
set -euo pipefail

tofu_version="v1.12.6"
terraform_version="v1.16.4"
terraform_module="github.com/hashicorp/terraform"
cache="${XDG_CACHE_HOME:-$HOME/.cache}/terraform-provider-klarna"

usage() {
  echo "usage: $0 [terraform-1.16 | tofu-1.12] [--env]" >&2
  exit 2
}

# Removed on exit: the scratch directory and a half-written binary in the cache.
tmp=""
partial=""
cleanup() {
  if [ -n "$partial" ]; then rm -f "$partial"; fi
  if [ -n "$tmp" ]; then
    chmod -R u+w "$tmp" 2>/dev/null || true
    rm -rf "$tmp"
  fi
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

scratch() {
  if [ -z "$tmp" ]; then tmp=$(mktemp -d "${TMPDIR:-/tmp}/terraform-cli.XXXXXX"); fi
}

# module_dir MODULE@VERSION prints the module's directory in the module cache, downloading it.
# It runs in the scratch directory (made beforehand), outside any module, so the repository's
# go.mod plays no part.
module_dir() {
  local json dir
  json=$(cd "$tmp" && go mod download -json "$1") || {
    echo "could not download $1 from the Go module proxy:" >&2
    echo "$json" >&2
    exit 1
  }
  dir=$(sed -n 's/^[[:space:]]*"Dir": "\(.*\)",$/\1/p' <<<"$json")
  if [ -z "$dir" ]; then
    echo "go mod download $1 named no directory:" >&2
    echo "$json" >&2
    exit 1
  fi
  echo "$dir"
}

# install_binary BUILD_DIR PACKAGE DEST [LDFLAGS] builds PACKAGE in BUILD_DIR into a temporary
# file next to DEST and renames it into place, so DEST is either absent or complete.
install_binary() {
  local build_dir=$1 package=$2 dest=$3 ldflags=${4:-}
  mkdir -p "$(dirname "$dest")"
  partial=$(mktemp "$dest.XXXXXX")
  (cd "$build_dir" && CGO_ENABLED=0 GOFLAGS="-mod=mod -buildvcs=false" go build -trimpath -ldflags="$ldflags" -o "$partial" "$package")
  chmod 0755 "$partial"
  mv -f "$partial" "$dest"
  partial=""
}

# The builders set cli rather than print it: they run in this shell, so the exit trap sees
# their scratch directory and partial binary.
tofu_cli() {
  cli="$cache/tofu-$tofu_version/tofu"
  if [ ! -x "$cli" ]; then
    echo "building OpenTofu $tofu_version from the Go module proxy (a few minutes, once)" >&2
    scratch
    local dir
    dir=$(module_dir "github.com/opentofu/opentofu@$tofu_version")
    install_binary "$dir" ./cmd/tofu "$cli"
  fi
}

terraform_cli() {
  cli="$cache/terraform-$terraform_version/terraform"
  if [ -x "$cli" ]; then
    return
  fi
  echo "building Terraform $terraform_version from the Go module proxy (about 6.5 minutes on two idle cores, once)" >&2
  scratch
  local dir
  dir=$(module_dir "$terraform_module@$terraform_version")

  # The nested modules are served at the release commit as v0.0.0-<UTC commit time>-<hash[:12]>.
  local hash="" stamp=""
  read -r hash stamp < <(cd "$tmp" && go list -m \
    -f '{{with .Origin}}{{.Hash}}{{end}} {{with .Time}}{{.UTC.Format "20060102150405"}}{{end}}' \
    "$terraform_module@$terraform_version") || true
  if [ "${#hash}" -ne 40 ] || [ "${#stamp}" -ne 14 ]; then
    echo "could not find the commit of $terraform_module@$terraform_version (hash '${hash:-}', time '${stamp:-}')" >&2
    exit 1
  fi
  local pseudo="v0.0.0-$stamp-${hash:0:12}"

  # A writable copy of the module, with each nested module where its replace line points.
  local src="$tmp/terraform"
  cp -R "$dir" "$src"
  chmod -R u+w "$src"
  local replaces
  replaces=$(awk -v mod="$terraform_module/" '
    { sub(/^replace[[:space:]]+/, "") }
    $2 == "=>" && index($1, mod) == 1 && $3 ~ /^\.\// { print $1, $3 }
  ' "$src/go.mod")
  if [ -z "$replaces" ]; then
    echo "no nested-module replace lines in $terraform_module@$terraform_version's go.mod" >&2
    exit 1
  fi
  local path target nested
  while read -r path target; do
    nested=$(module_dir "$path@$pseudo")
    rm -rf "${src:?}/$target"
    mkdir -p "$(dirname "$src/$target")"
    cp -R "$nested" "$src/$target"
    chmod -R u+w "$src/$target"
  done <<<"$replaces"

  # As Terraform's release builds do: without version.dev=no it calls itself v1.16.4-dev.
  install_binary "$src" . "$cli" "-s -w -X github.com/hashicorp/terraform/version.dev=no"
}

# The default: terraform from PATH, else OpenTofu.
default_cli() {
  if command -v terraform >/dev/null 2>&1; then
    cli=$(command -v terraform)
  else
    echo "terraform is not on PATH: using OpenTofu $tofu_version" >&2
    tofu_cli
  fi
}

cli="" want="" env=false
for arg in "$@"; do
  case "$arg" in
    --env) env=true ;;
    terraform-1.16 | tofu-1.12)
      if [ -n "$want" ]; then usage; fi
      want=$arg
      ;;
    *) usage ;;
  esac
done

case "$want" in
  terraform-1.16) terraform_cli ;;
  tofu-1.12) tofu_cli ;;
  *) default_cli ;;
esac

if $env; then
  echo "TF_ACC_TERRAFORM_PATH=$cli"
  case "$(basename "$cli")" in
    tofu*)
      echo "TF_ACC_PROVIDER_NAMESPACE=hashicorp"
      echo "TF_ACC_PROVIDER_HOST=registry.opentofu.org"
      ;;
  esac
else
  echo "$cli"
fi
