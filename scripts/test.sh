#!/usr/bin/env bash
# Runs the unit and acceptance tests, offline, against the in-repo mock API, with the race
# detector; without GO TEST ARGS, also the tests of the proof tools' module (internal/proof).
#
#   scripts/test.sh [GO TEST ARGS]           one CLI: the first available (terraform from PATH,
#                                            else OpenTofu 1.12, built once from the Go module
#                                            proxy); it says which
#   scripts/test.sh --cli CLI [GO TEST ARGS] one CLI: terraform-1.16 or tofu-1.12 (built once)
#   scripts/test.sh --matrix [GO TEST ARGS]  three CLIs, as CI runs them: everything on
#                                            Terraform 1.16, then the acceptance tests alone
#                                            (-run '^TestAcc') on the terraform from PATH (1.11)
#                                            and on OpenTofu 1.12
#
# Tests that need a newer CLI than the one running (resource identity, `terraform query`,
# actions: Terraform 1.12 to 1.14) skip themselves with a reason that names the version.
# With one CLI such a skip is listed, not a failure. With --matrix the run fails when an
# acceptance test ran on none of the CLIs. Either way it fails when a test fails, when an
# acceptance test is skipped for any other reason, or when no acceptance test ran.
# internal/cmd/testmatrix reads the `go test -json` output of each pass and decides.
#
# The full output of each pass goes to $TEST_LOG_DIR (default: a temporary directory), one
# `go test -json` file per CLI; the terminal gets the summary.
set -euo pipefail
cd "$(dirname "$0")/.."

matrix=false
chosen=()
case "${1:-}" in
  --matrix)
    matrix=true
    shift
    ;;
  --cli)
    case "${2:-}" in
      terraform-1.16 | tofu-1.12) chosen=("$2") ;;
      *)
        echo "--cli takes terraform-1.16 or tofu-1.12" >&2
        exit 2
        ;;
    esac
    shift 2
    ;;
esac
args=("$@")
if [ "${#args[@]}" -eq 0 ]; then args=(./...); fi

# Terraform warns about a CLI configuration file that does not exist; give it an empty one.
if [ -z "${TF_CLI_CONFIG_FILE:-}" ] || [ ! -f "$TF_CLI_CONFIG_FILE" ]; then
  TF_CLI_CONFIG_FILE=$(mktemp -t klarna-tfrc.XXXXXX)
  export TF_CLI_CONFIG_FILE
  trap 'rm -f "$TF_CLI_CONFIG_FILE"' EXIT
fi

logs="${TEST_LOG_DIR:-$(mktemp -d -t klarna-test.XXXXXX)}"
mkdir -p "$logs"
export TF_ACC=1

# Build the judge before any pass, so that a broken build of it costs no test run.
judge="$logs/testmatrix"
go build -o "$judge" ./internal/cmd/testmatrix

# one_pass NAME ENV_ARGS... -- GO_TEST_ARGS... runs go test -json with the environment that
# `scripts/terraform-cli.sh ENV_ARGS --env` prints, into $logs/NAME.json.
runs=()
status=0
one_pass() {
  local name=$1
  shift
  local cli_args=()
  while [ "$1" != "--" ]; do
    cli_args+=("$1")
    shift
  done
  shift
  local env=()
  local line
  while IFS= read -r line; do
    env+=("$line")
  done < <(scripts/terraform-cli.sh "${cli_args[@]}" --env)
  local cli_path=${env[0]#TF_ACC_TERRAFORM_PATH=}
  local started=$SECONDS
  echo "== $name: $("$cli_path" version | sed -n 1p) ($cli_path): go test $*"
  env "${env[@]}" go test -json -count=1 "$@" >"$logs/$name.json" 2>&1 || status=1
  echo "   $((SECONDS - started)) s"
  runs+=("$name=$logs/$name.json")
}

if [ "$#" -eq 0 ]; then
  # The proof tools (make chaos, bench, hygiene) are a module of their own, which
  # `go test ./...` of the provider leaves out.
  started=$SECONDS
  echo "== proof tools: go -C internal/proof test ./..."
  if go -C internal/proof test -race -count=1 -timeout 10m ./... >"$logs/proof.txt" 2>&1; then
    echo "   passed in $((SECONDS - started)) s"
  else
    status=1
    echo "   FAILED:"
    grep -E -B2 -A30 '^(--- FAIL|FAIL|panic:)' "$logs/proof.txt" | sed -n 1,100p || tail -n 40 "$logs/proof.txt"
  fi
fi

if $matrix; then
  path_cli=$(command -v terraform || true)
  if [ -z "$path_cli" ]; then
    echo "--matrix runs the acceptance tests on the terraform from PATH too (Terraform 1.11, the" >&2
    echo "oldest supported); there is none" >&2
    exit 1
  fi
  path_version=$("$path_cli" version | sed -n 1p | sed -n 's/^Terraform v\([0-9]*\.[0-9]*\).*/\1/p')
  one_pass terraform-1.16 terraform-1.16 -- -race -timeout 40m "${args[@]}"
  one_pass "terraform-${path_version:-path}" -- -run '^TestAcc' -timeout 30m "${args[@]}"
  one_pass tofu-1.12 tofu-1.12 -- -run '^TestAcc' -timeout 30m "${args[@]}"
  echo
  "$judge" "${runs[@]}" || status=1
else
  cli=$(scripts/terraform-cli.sh "${chosen[@]}")
  name=$(basename "$cli")-$("$cli" version | sed -n 1p | sed -n 's/^[A-Za-z]* v\([0-9]*\.[0-9]*\).*/\1/p')
  one_pass "$name" "${chosen[@]}" -- -race -timeout 30m "${args[@]}"
  echo
  "$judge" -single "${runs[@]}" || status=1
fi
echo "full output (go test -json): $logs"
exit "$status"
