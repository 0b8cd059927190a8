#!/usr/bin/env bash
# The demo: a guided tour of the provider against the in-repo mock API, offline. It builds the
# provider and the mock, starts the mock on a free loopback port, and applies examples/demo
# with the real Terraform CLI through a dev_overrides CLI configuration, one numbered file per
# step: credentials, a JWT_SIGNING certificate and a portal user, a single-use deep link, an
# API certificate the provider then presents, mTLS enforcement and the lock-out guard, a list
# data source and the functions. It destroys everything, prints a summary and stops the mock.
# Secrets stay masked in everything it prints.
#
# Nothing is left running and the working directory is removed, whatever step fails. With
# KEEP=1 the destroy is skipped and the mock and the working directory stay, and the script
# prints how to point Terraform at them and how to stop the mock. TERRAFORM=/path/to/cli runs
# the tour with another Terraform or OpenTofu executable.
set -euo pipefail
unset CDPATH
cd "$(dirname "$0")/.."
root=$(pwd)
keep=${KEEP:-}
case "$keep" in 0 | false | no | off) keep="" ;; esac
started=$SECONDS

# Settings of the caller's shell that would change what the provider or the CLI does.
while IFS= read -r name; do
  case "$name" in
    KLARNA_* | TF_CLI_ARGS* | TF_DATA_DIR | TF_WORKSPACE | TF_VAR_* | TF_LOG*) unset "$name" ;;
  esac
done < <(compgen -e)

work=$(mktemp -d -t klarna-demo.XXXXXX)
mock_pid=""
config="$work/config"

# kept prints how to use and stop what KEEP=1 leaves behind; paths are shell-quoted, so the
# lines can be pasted whatever the temporary directory is called.
kept() {
  local q_work q_config q_cli q_ca
  q_work=$(printf '%q' "$work")
  q_config=$(printf '%q' "$config")
  q_cli=$(printf '%q' "$cli")
  q_ca=$(printf '%q' "$work/mock/ca.pem")
  cat <<KEPT

==> Kept for exploring: the mock API (PID $mock_pid) and the working directory $work
    Point Terraform at the mock, then plan, inspect or destroy what the tour made
    (in a subshell, or a new terminal, so your own shell keeps its settings):
      source $q_work/env.sh    # which runs:
$(sed -n 's/^\(export\|unset\) /        \1 /p' "$work/env.sh" 2>/dev/null)
      cd $q_config && $q_cli plan
    The mock's control plane: curl --cacert $q_ca ${base_url:-}/_mock/state
    Stop it and remove everything:
      kill $mock_pid && rm -rf $q_work
KEPT
}

# stop_mock stops the mock with SIGTERM, and SIGKILL if it has not exited within 5 seconds.
stop_mock() {
  kill -TERM "$mock_pid" 2>/dev/null || return 0
  for _ in $(seq 1 50); do
    kill -0 "$mock_pid" 2>/dev/null || break
    sleep 0.1
  done
  kill -KILL "$mock_pid" 2>/dev/null || true
  wait "$mock_pid" 2>/dev/null || true
}

cleanup() {
  local status=$?
  trap - EXIT INT TERM
  if [ "$status" -ne 0 ]; then
    echo "demo failed (exit $status)" >&2
    if [ "$status" -ne 130 ] && [ "$status" -ne 143 ] && [ -s "$work/mock.log" ]; then
      echo "the mock API's log (requests only, no secrets):" >&2
      tail -n 40 "$work/mock.log" >&2
    fi
  fi
  if [ -n "$keep" ] && [ -n "$mock_pid" ] && kill -0 "$mock_pid" 2>/dev/null; then
    kept
    exit "$status"
  fi
  if [ -n "$mock_pid" ]; then
    stop_mock
  fi
  rm -rf "$work"
  exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# step prints a step's title and the one line that says what it shows.
step() {
  printf '\n==> %s\n    %s\n' "$1" "$2"
}

# add copies a step's file from examples/demo into the working configuration.
add() {
  cp "$root/examples/demo/$1" "$config/"
  echo "    (adds examples/demo/$1)"
}

cli=${TERRAFORM:-$(scripts/terraform-cli.sh)}
log_n=0

# tf runs the CLI with its output in a numbered log; on failure it prints the log and fails.
# A CLI that caught a Ctrl-C may still exit 0, and then bash ignores the Ctrl-C: the log
# says whether it came, and the tour stops there.
tf() {
  log_n=$((log_n + 1))
  last_log="$work/logs/$log_n-$1.log"
  local status=0
  "$cli" "$@" -no-color >"$last_log" 2>&1 || status=$?
  if grep -q '^Interrupt received' "$last_log"; then
    echo "interrupted" >&2
    exit 130
  fi
  if [ "$status" -ne 0 ]; then
    echo "terraform $* failed:" >&2
    cat "$last_log" >&2
    return 1
  fi
}

# apply applies and prints what changed, one line per resource.
apply() {
  tf apply -auto-approve -compact-warnings "$@"
  sed -n -E \
    -e 's/^([^ ]+): (Creation|Destruction|Modifications) complete after [0-9a-z.]+/  \1: \2 complete/p' \
    -e 's/^([^ ]+ \(local-exec\): .*)/  \1/p' \
    -e 's/^(Apply complete!.*)/  \1/p' -e 's/^(Destroy complete!.*)/  \1/p' "$last_log"
}

# show prints outputs by name from the last apply's Outputs section, where Terraform prints
# sensitive values as <sensitive>.
show() {
  awk -v names=" $* " '
    /^Outputs:$/ { inside = 1; next }
    inside && /^[A-Za-z0-9_-]+ = / { name = $1; shown = index(names, " " name " ") > 0 }
    inside && shown { print "  " $0 }
  ' "$last_log"
}

mock_get() {
  curl --silent --show-error --fail --cacert "$work/mock/ca.pem" "$base_url/_mock/$1"
}

step "Setup" "Build the provider and the mock API, start the mock on a free loopback port, and make keys with openssl."
command -v openssl >/dev/null || { echo "the demo needs openssl to make its keys and CSR" >&2; exit 1; }
command -v curl >/dev/null || { echo "the demo needs curl to open the deep link" >&2; exit 1; }
mkdir -p "$work/bin" "$work/keys" "$work/logs" "$config"
# One build for both links them in parallel.
go build -ldflags "-X main.version=demo" -o "$work/bin/" . ./internal/cmd/mockapi
mv "$work/bin/mockapi" "$work/mockapi"
# The mock gets a process group of its own (set -m), so that a Ctrl-C reaches Terraform but
# not the mock: Terraform finishes what it started, and then the cleanup stops the mock.
set -m
"$work/mockapi" -addr 127.0.0.1:0 -state-dir "$work/mock" </dev/null >"$work/mock.log" 2>&1 &
mock_pid=$!
set +m
for _ in $(seq 1 100); do
  [ -s "$work/mock/bootstrap.json" ] && break
  kill -0 "$mock_pid" 2>/dev/null || { echo "the mock API exited" >&2; exit 1; }
  sleep 0.1
done
[ -s "$work/mock/bootstrap.json" ] || { echo "the mock API did not start" >&2; exit 1; }
json() { sed -n "s/^  \"$1\": \"\(.*\)\",\{0,1\}$/\1/p" "$work/mock/bootstrap.json"; }
base_url=$(json base_url)
partner=$(grep -A1 '"partner_account_ids"' "$work/mock/bootstrap.json" | sed -n 's/^ *"\(krn:[^"]*\)",\{0,1\}$/\1/p')
echo "  working directory $work"
echo "  mock API at $base_url (PID $mock_pid), partner account $partner"

cat >"$work/terraform.rc" <<RC
provider_installation {
  dev_overrides {
    "partnerops/klarna" = "$work/bin"
  }
  direct {}
}
RC
cat >"$work/env.sh" <<ENV
# Points Terraform and the provider at the demo's mock API: source it.
unset KLARNA_ENVIRONMENT KLARNA_ACCOUNT_ID KLARNA_CLIENT_CERTIFICATE_FILE KLARNA_CLIENT_PRIVATE_KEY_FILE
unset KLARNA_SIGNING_CERTIFICATE_FILE KLARNA_SIGNING_PRIVATE_KEY_FILE
export TF_CLI_CONFIG_FILE="$work/terraform.rc"
export KLARNA_BASE_URL="$base_url"
export KLARNA_CA_CERTIFICATE_FILE="$work/mock/ca.pem"
export KLARNA_API_KEY="\$(sed -n 's/^  "api_key": "\(.*\)",\{0,1\}\$/\1/p' "$work/mock/bootstrap.json")"
ENV
# shellcheck source=/dev/null
. "$work/env.sh"
export TF_IN_AUTOMATION=1 TF_INPUT=0 CHECKPOINT_DISABLE=1
cat >"$config/terraform.tfvars" <<VARS
partner_account_id = "$partner"
keys_dir           = "$work/keys"
VARS
cp "$root/examples/demo/main.tf" "$root/examples/demo/open-deep-link.sh" "$config/"
openssl ecparam -genkey -name prime256v1 -noout -out "$work/keys/jwt-signing.key" 2>/dev/null
openssl ecparam -genkey -name prime256v1 -noout -out "$work/keys/api.key" 2>/dev/null
echo "  two ECDSA P-256 keys, jwt-signing.key and api.key, in $work/keys"
cd "$config"

step "Step 1/9: credentials" "An API key and a client ID for the provider's own account and for a partner; the keys stay <sensitive>."
add 1-credentials.tf
apply
show credentials own_api_key partner_api_key csr_subject

step "Step 2/9: a signing certificate and a portal user" "A JWT_SIGNING certificate from a CSR made with openssl for that subject, and a portal user granted with a JWT it signs."
subject=$("$cli" output -raw csr_subject)
openssl req -new -key "$work/keys/jwt-signing.key" -subj "$subject" -out "$work/keys/jwt-signing.csr"
echo "  openssl req -new -key jwt-signing.key -subj $subject"
add 2-portal-user.tf
apply
show portal_user

step "Step 3/9: a single-use deep link" "An ephemeral deep link, never in the plan or the state, handed to a local command that opens it twice."
add 3-deep-link.tf
apply
sed 's/^/  /' deep-link.log
grep -q 'first time: HTTP 200$' deep-link.log && grep -q 'second time: HTTP 410$' deep-link.log ||
  { echo "the deep link did not open once and then refuse" >&2; exit 1; }

step "Step 4/9: an API certificate" "An API client certificate from a write-only key; the provider does not present it yet."
add 4-api-certificate.tf
apply
show mtls

step "Step 5/9: the provider presents it" "The provider re-configured with the certificate and its key: its connection now verifies."
"$cli" output -raw api_certificate_pem >"$work/keys/api.pem"
echo 'present_api_certificate = true' >>terraform.tfvars
echo "  api.pem saved from the api_certificate_pem output; present_api_certificate = true in terraform.tfvars"
echo "  makes the provider block read client_certificate_pem from api.pem and client_private_key_pem from api.key"
apply
show mtls

step "Step 6/9: mTLS enforced" "The provider's own account now refuses any request without an ACTIVE API certificate."
add 6-enforcement.tf
apply
show mtls_enforcement

step "Step 7/9: the lock-out guard" "Replacing the certificate the provider presents while mTLS is enforced: the provider refuses to revoke it."
if tf apply -auto-approve -replace=klarna_client_certificate.api 2>/dev/null; then
  echo "the replacement was applied; the lock-out guard should have refused it" >&2
  exit 1
fi
grep -q 'lock the account out' "$last_log" || { cat "$last_log" >&2; exit 1; }
# The error's title and first paragraph, as Terraform printed them.
awk '/^Error: / { print "  " $0; err = 1; next }
  err == 1 && NF { para = para (para ? " " : "") $0; next }
  err == 1 && para { print para; err = 2 }' "$last_log" | fold -s -w 96 | sed -e 's/^\([^ ]\)/    \1/' -e 's/ *$//'
echo "  (expected: the apply failed and the certificate stays ACTIVE)"

step "Step 8/9: a list data source and the functions" "klarna_client_certificates and klarna_api_keys list what the accounts hold; parse_account_id and certificate_x5c shape it."
add 8-inventory.tf
apply
show inventory

# What the state holds, by resource type (data sources left out).
made=$("$cli" state list | grep -v '^data\.' | sed 's/\..*//' | sort | uniq -c | awk '{printf "%s%s %s", sep, $1, $2; sep=", "}')
if [ -n "$keep" ]; then
  calls=$(mock_get requests | sed -n 's/^{"total":\([0-9]*\),.*/\1/p')
  printf '\n==> Summary\n    made %s\n    %s API calls to the mock, %ss\n' "$made" "$calls" "$((SECONDS - started))"
  exit 0
fi

step "Step 9/9: destroy" "Everything goes, in an order the guards accept: the enforcement before the certificate it depends on."
tf destroy -auto-approve -compact-warnings
sed -n -E 's/^([^ ]+): Destruction complete after [0-9a-z.]+/  \1: destroyed/p; s/^(Destroy complete!.*)/  \1/p' "$last_log"
calls=$(mock_get requests | sed -n 's/^{"total":\([0-9]*\),.*/\1/p')

printf '\n==> Summary\n'
echo "    made and destroyed: $made"
echo "    $calls API calls to the mock, $((SECONDS - started))s in all"
echo "    the mock API is stopped and the working directory removed"
