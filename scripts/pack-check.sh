#!/usr/bin/env bash
# What a user gets from `npm pack`: the tarball (prepack builds it) installed into an empty
# prefix with production dependencies only, and the installed `platform` run from there, far
# from this checkout (cwd is the empty prefix, so nothing resolves back into the repository).
# Usage: bash scripts/pack-check.sh [--no-build]   (--no-build: reuse the current dist/)
# Prints the checks it passed; exits non-zero at the first that fails.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d "${TMPDIR:-/tmp}/platform-pack-XXXXXX")
trap 'rm -rf "$work"' EXIT
cd "$root"

ignore=()
[[ "${1:-}" == "--no-build" ]] && ignore=(--ignore-scripts)
tgz=$(npm pack "${ignore[@]}" --silent --pack-destination "$work" | tail -n 1)
echo "packed: $tgz ($(du -k "$work/$tgz" | cut -f1) KiB)"

# The tarball holds the runtime, not the development tree.
listing=$(tar -tzf "$work/$tgz")
for must in package/bin/run.js package/dist/commands/audit.js package/oclif.manifest.json package/package.json; do
  grep -qx "$must" <<<"$listing" || { echo "missing from the tarball: $must" >&2; exit 1; }
done
if grep -E '^package/(test|src|commands|checks|node_modules)/|\.ts$' <<<"$listing" | grep -v '\.d\.ts$' | head -n 5 | grep -q .; then
  echo "development files in the tarball:" >&2
  grep -E '^package/(test|src|commands|checks|node_modules)/|\.ts$' <<<"$listing" | head -n 5 >&2
  exit 1
fi
echo "tarball: $(wc -l <<<"$listing") files, runtime only"

prefix="$work/prefix"
mkdir -p "$prefix"
start=$(date +%s)
npm install --prefix "$prefix" --omit=dev --no-audit --no-fund --prefer-offline --loglevel=error "$work/$tgz" >/dev/null
echo "installed into an empty prefix in $(($(date +%s) - start)) s"
bin="$prefix/node_modules/.bin/platform"
[[ -x "$bin" ]] || { echo "no executable $bin" >&2; exit 1; }

cd "$prefix"
export OCLIF_SKIP_NEW_VERSION_CHECK=true HOME="$work/home"
mkdir -p "$HOME"
version=$(node -p "require('$root/package.json').version")
out=$("$bin" --version)
grep -q "platform/$version" <<<"$out" || { echo "--version printed: $out" >&2; exit 1; }
echo "--version: $out"
out=$("$bin" -v)
grep -q "platform/$version" <<<"$out" || { echo "-v printed: $out" >&2; exit 1; }
echo "-v: $out"
out=$("$bin" audit --help)
grep -q -- '--store' <<<"$out" && grep -q 'platform audit' <<<"$out" || { echo "audit --help printed: $out" >&2; exit 1; }
echo "audit --help: $(wc -l <<<"$out") lines"
out=$("$bin" autocomplete bash 2>&1)
grep -qi 'bashrc' <<<"$out" || { echo "autocomplete bash printed: $out" >&2; exit 1; }
echo "autocomplete bash: setup instructions printed"
out=$("$bin" autocomplete script bash)
grep -q 'PLATFORM_AC_BASH_SETUP_PATH' <<<"$out" || { echo "autocomplete script bash printed: $out" >&2; exit 1; }
echo "autocomplete script bash: ok"
echo "pack-check: ok"
