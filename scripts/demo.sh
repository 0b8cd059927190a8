#!/usr/bin/env bash
# The demo: builds the provider, starts the mock API on a free loopback port, applies
# examples/demo with the real Terraform CLI through a dev_overrides CLI configuration,
# prints what it made (secrets masked), destroys it and stops the mock. Nothing is left
# running, whatever step fails.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)

work=$(mktemp -d -t klarna-demo.XXXXXX)
mock_pid=""
cleanup() {
  local status=$?
  if [ -n "$mock_pid" ] && kill -0 "$mock_pid" 2>/dev/null; then
    kill -TERM "$mock_pid" 2>/dev/null || true
    wait "$mock_pid" 2>/dev/null || true
  fi
  rm -rf "$work"
  if [ "$status" -ne 0 ]; then
    echo "demo failed (exit $status); the mock's log was:" >&2
    cat "$root/.demo-mock.log" >&2 2>/dev/null || true
  fi
  rm -f "$root/.demo-mock.log"
  exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

step() { printf '\n==> %s\n' "$*"; }

cli=$(scripts/terraform-cli.sh)
color=()
[ -t 1 ] || color=(-no-color)

step "Building the provider and the mock API"
mkdir -p "$work/bin"
go build -ldflags "-X main.version=demo" -o "$work/bin/terraform-provider-klarna" .
go build -o "$work/mockapi" ./internal/cmd/mockapi

step "Starting the mock API on loopback"
"$work/mockapi" -addr 127.0.0.1:0 -state-dir "$work/mock" >"$root/.demo-mock.log" 2>&1 &
mock_pid=$!
for _ in $(seq 1 100); do
  [ -s "$work/mock/bootstrap.json" ] && break
  kill -0 "$mock_pid" 2>/dev/null || { echo "the mock API exited" >&2; exit 1; }
  sleep 0.1
done
[ -s "$work/mock/bootstrap.json" ] || { echo "the mock API did not start" >&2; exit 1; }
json() { sed -n "s/^  \"$1\": \"\(.*\)\",\{0,1\}$/\1/p" "$work/mock/bootstrap.json"; }
base_url=$(json base_url)
partner=$(grep -A1 '"partner_account_ids"' "$work/mock/bootstrap.json" | sed -n 's/^ *"\(krn:[^"]*\)",\{0,1\}$/\1/p')
echo "mock API at $base_url, partner account $partner"

step "Writing a Terraform CLI configuration with dev_overrides"
cat >"$work/terraform.rc" <<RC
provider_installation {
  dev_overrides {
    "partnerops/klarna" = "$work/bin"
  }
  direct {}
}
RC
export TF_CLI_CONFIG_FILE="$work/terraform.rc"
export TF_IN_AUTOMATION=1 TF_INPUT=0
export KLARNA_API_KEY
KLARNA_API_KEY=$(json api_key)
export KLARNA_BASE_URL="$base_url"
export KLARNA_CA_CERTIFICATE_FILE="$work/mock/ca.pem"
export TF_VAR_partner_account_id="$partner"
cp -r examples/demo "$work/config"
cd "$work/config"

step "terraform apply"
"$cli" apply -auto-approve -compact-warnings "${color[@]}"

step "What the demo made"
"$cli" state list
"$cli" output "${color[@]}"

step "terraform destroy"
"$cli" destroy -auto-approve -compact-warnings "${color[@]}"

step "Done: the mock API is stopped and the working directory removed"
