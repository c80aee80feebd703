#!/usr/bin/env bash
# Proves the README's Quick start works on a clone anywhere: clones the committed HEAD into a
# new folder under /tmp, where no ../shared (or anything else of this workspace) sits beside it,
# runs the README's two commands there (`npm run demo`, then `npm test`), prints how each ended,
# and removes the folder. Uncommitted changes are not checked: commit first. Takes ~8 minutes.
# Not part of .ci/run: CI already runs on a clean clone; this is for checking by hand.
set -uo pipefail
export AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED=true
repo=$(git -C "$(dirname "${BASH_SOURCE[0]}")" rev-parse --show-toplevel)
commit=$(git -C "$repo" rev-parse HEAD)
[ -z "$(git -C "$repo" status --porcelain)" ] || echo "clone-check: uncommitted changes in $repo are not part of this check" >&2

# The clone goes one level down in a fresh folder, so its ../shared cannot exist.
parent=$(mktemp -d /tmp/platform-clone-check.XXXXXX)
trap 'rm -rf "$parent"' EXIT
clone="$parent/platform"
git clone --quiet --no-hardlinks "$repo" "$clone" && git -C "$clone" checkout --quiet --detach "$commit" || exit 2
[ ! -e "$parent/shared" ] || { echo "clone-check: $parent/shared exists" >&2; exit 2; }
echo "clone-check: $commit ($(git -C "$clone" log -1 --format=%s)) cloned to $clone"

results=()
status=0
for cmd in "npm run demo" "npm test"; do
  echo; echo "clone-check: \$ $cmd"
  start=$(date +%s)
  (cd "$clone" && $cmd)
  rc=$?
  results+=("$(printf '%-13s exit %-3s %4s s' "$cmd" "$rc" "$(($(date +%s) - start))")")
  [ "$rc" = 0 ] || status=1
done

echo; echo "clone-check: results on a fresh clone of $commit"
printf '  %s\n' "${results[@]}"
echo "clone-check: $([ "$status" = 0 ] && echo 'both README commands passed' || echo FAILED); removing $parent"
exit $status
