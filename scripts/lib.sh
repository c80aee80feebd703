# Shared by scripts/demo.sh and scripts/test.sh: install once, build.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
export AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED=true
ensure_built() {
  if [ ! -d node_modules ]; then npm ci --no-audit --no-fund; fi
  npm run --silent build >/dev/null
}
