#!/usr/bin/env bash
# Runs every unit and acceptance test, offline, against the in-repo mock API, with the
# race detector; without arguments, also the tests of the proof tools' module
# (internal/proof). The acceptance tests use `terraform` from PATH, or OpenTofu built from
# the Go module proxy when there is none; they are never skipped.
#
# The full `go test -v` output goes to $TEST_LOG (default: a temporary file); the terminal
# gets one line per test and package. Exits non-zero when a test fails, when no acceptance
# test ran, or when one was skipped.
set -euo pipefail
cd "$(dirname "$0")/.."

# Terraform warns about a CLI configuration file that does not exist; give it an empty one.
if [ -z "${TF_CLI_CONFIG_FILE:-}" ] || [ ! -f "$TF_CLI_CONFIG_FILE" ]; then
  TF_CLI_CONFIG_FILE=$(mktemp -t klarna-tfrc.XXXXXX)
  export TF_CLI_CONFIG_FILE
  trap 'rm -f "$TF_CLI_CONFIG_FILE"' EXIT
fi

while IFS= read -r line; do
  export "${line?}"
done < <(scripts/terraform-cli.sh --env)
echo "acceptance tests use $("$TF_ACC_TERRAFORM_PATH" version | head -n 1) ($TF_ACC_TERRAFORM_PATH)"

log="${TEST_LOG:-$(mktemp -t klarna-test.XXXXXX)}"
export TF_ACC=1
status=0
go test -race -count=1 -timeout 30m -v "${@:-./...}" >"$log" 2>&1 || status=$?
if [ "$#" -eq 0 ]; then
  # The proof tools (make chaos, bench, hygiene) are a module of their own, which
  # `go test ./...` of the provider leaves out.
  go -C internal/proof test -race -count=1 -timeout 10m -v ./... >>"$log" 2>&1 || status=$?
fi

grep -E '^(--- (PASS|FAIL|SKIP)|ok |FAIL|panic:)' "$log" | grep -v -E '^    --- ' || true

passed=$(grep -c -E '^\s*--- PASS' "$log" || true)
failed=$(grep -c -E '^\s*--- FAIL' "$log" || true)
skipped=$(grep -c -E '^\s*--- SKIP' "$log" || true)
acc_passed=$(grep -c -E '^--- PASS: TestAcc[A-Z]' "$log" || true)
acc_skipped=$(grep -c -E '^\s*--- SKIP: TestAcc[A-Z]' "$log" || true)
echo
echo "full output: $log"
echo "acceptance tests passed: $acc_passed, skipped: $acc_skipped"
if [ "$status" -ne 0 ]; then
  echo "go test failed (exit $status); failures:"
  if grep -q -E '^\s*--- FAIL' "$log"; then
    grep -E -B2 -A30 '^\s*--- FAIL' "$log" | head -n 200 || true
  else
    tail -n 40 "$log"
  fi
elif [ "$acc_passed" -eq 0 ]; then
  echo "no acceptance test ran"
  status=1
elif [ "$acc_skipped" -ne 0 ]; then
  echo "acceptance tests were skipped"
  status=1
fi
echo "$passed passed, $failed failed, $skipped skipped"
exit "$status"
