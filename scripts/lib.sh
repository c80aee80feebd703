# Shared by scripts/demo.sh and scripts/test.sh: install once, build.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
export AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED=true
ensure_built() {
  if [ ! -d node_modules ]; then npm ci --no-audit --no-fund; fi
  npm run --silent build >/dev/null
}

# The evidence and audit reports are rendered by Debian's headless Chromium in tests. The
# Japanese reports need a CJK font, or Chromium draws every kanji as an empty box (tofu).
ensure_chromium() {
  command -v chromium >/dev/null && fc-list :lang=ja 2>/dev/null | grep -q . && return 0
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    echo "Installing Debian's chromium and a Japanese font for the report tests..." >&2
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
      chromium fonts-dejavu-core fonts-ipafont-gothic fontconfig >/dev/null
  else
    echo "The tests need Chromium and a Japanese font: apt-get install chromium fonts-ipafont-gothic (Debian), then run again." >&2
    exit 2
  fi
}
