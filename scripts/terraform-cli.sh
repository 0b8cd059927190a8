#!/usr/bin/env bash
# Prints the path of a Terraform-compatible CLI: `terraform` from PATH, or else OpenTofu,
# built once from the Go module proxy into a cache directory. With --env it prints the
# environment the acceptance tests need for that CLI instead.
set -euo pipefail

tofu_version="v1.12.6"
cache="${XDG_CACHE_HOME:-$HOME/.cache}/terraform-provider-klarna"

find_cli() {
  if command -v terraform >/dev/null 2>&1; then
    command -v terraform
    return
  fi
  local tofu="$cache/tofu-$tofu_version/tofu"
  if [ ! -x "$tofu" ]; then
    echo "terraform is not on PATH: building OpenTofu $tofu_version from the Go module proxy (a few minutes, once)" >&2
    local dir
    dir=$(go mod download -json "github.com/opentofu/opentofu@$tofu_version" | sed -n 's/^[[:space:]]*"Dir": "\(.*\)",$/\1/p')
    if [ -z "$dir" ]; then
      echo "could not download github.com/opentofu/opentofu@$tofu_version" >&2
      exit 1
    fi
    mkdir -p "$(dirname "$tofu")"
    (cd "$dir" && GOFLAGS=-mod=mod go build -o "$tofu.tmp" ./cmd/tofu)
    mv "$tofu.tmp" "$tofu"
  fi
  echo "$tofu"
}

cli=$(find_cli)
if [ "${1:-}" = "--env" ]; then
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
