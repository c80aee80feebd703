# Shared by scripts/demo.sh and scripts/test.sh: install once, build.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
export AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED=true
ensure_built() {
  if [ ! -d node_modules ]; then npm ci --no-audit --no-fund; fi
  npm run --silent build >/dev/null
}

# The evidence report is rendered by Debian's headless Chromium in a test.
ensure_chromium() {
  command -v chromium >/dev/null && return 0
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    echo "Installing Debian's chromium for the evidence report test..." >&2
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends chromium fonts-dejavu-core >/dev/null
  else
    echo "The tests need Chromium: apt-get install chromium (Debian), then run again." >&2
    exit 2
  fi
}
