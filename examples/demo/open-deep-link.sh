#!/usr/bin/env bash
# Opens the deep link in DEEP_LINK_URL twice, as a browser would, and prints the HTTP status
# of each attempt: a deep link lets a person in once. The URL itself is never printed.
set -euo pipefail
: "${DEEP_LINK_URL:?DEEP_LINK_URL is not set}"
ca=()
[ -n "${KLARNA_CA_CERTIFICATE_FILE:-}" ] && ca=(--cacert "$KLARNA_CA_CERTIFICATE_FILE")
for attempt in first second; do
  status=$(curl --silent --show-error "${ca[@]}" --output /dev/null --write-out '%{http_code}' "$DEEP_LINK_URL")
  echo "deep link opened the $attempt time: HTTP $status"
done
