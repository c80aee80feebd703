#!/usr/bin/env bash
# The whole test suite: unit tests (aws-sdk-client-mock) and integration tests against
# moto_server instances that the tests start and stop themselves.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
ensure_built
ensure_chromium
REPORT=$(mktemp)
status=0
npx vitest run --reporter=default --reporter=json --outputFile.json="$REPORT" "$@" || status=$?
node -e '
const r = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
console.log(`vitest: ${r.numPassedTests} passed, ${r.numFailedTests} failed` + (r.numPendingTests ? `, ${r.numPendingTests} skipped` : ""));
' "$REPORT" || true
rm -f "$REPORT"
exit $status
