#!/usr/bin/env bash
# Issue 11's must-show over many seeds: provision from empty under each fault mix, per seed,
# then prints one line per seed and mix and the totals. Usage: scripts/faults.sh [FROM-TO] (default 1-10).
set -euo pipefail
cd "$(dirname "$0")/.."
seeds="${1:-1-10}"
report="$(mktemp)"
npm run build --silent >/dev/null
PLATFORM_FAULT_SEEDS="$seeds" PLATFORM_FAULT_REPORT="$report" npx vitest run test/integration/reliability.test.ts || true
node -e '
const rows = require("fs").readFileSync(process.argv[1], "utf8").trim().split("\n").filter(Boolean).map(JSON.parse)
for (const r of rows) console.log(`seed ${r.seed} ${r.mix.padEnd(5)} runs ${r.runs} exit ${r.exit} same-counts ${r.sameCounts} further-mutating ${r.furtherMutating} retries ${r.retries} throttles ${r.throttles} injected ${JSON.stringify(r.injected)}`)
const ok = rows.filter((r) => r.exit === 0 && r.sameCounts && r.furtherMutating === 0)
console.log(`${ok.length}/${rows.length} seed runs: exit 0 in at most 2 runs, clean counts, zero mutating calls after`)
' "$report"
