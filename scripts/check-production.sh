#!/usr/bin/env bash
# Checks that the built tree runs on production dependencies alone, as a deployment would: a copy of the working
# tree (with its dist/ folders, without node_modules) gets `npm ci --omit=dev` (no tsx, TypeScript or turbo), then
# the parley-model CLI runs and `npm start` serves /readyz on a free port with a fresh data directory.
# Run it after a build (`npm run build`). PARLEY_DEMO=on (default off, for speed) also seeds and trains the demo bot,
# which exercises the training child process and the encoder worker from dist/.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
work=$(mktemp -d)
server=
cleanup() {
  if [[ -n "$server" ]]; then kill -TERM -- "-$server" 2>/dev/null && wait "$server" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT

for built in packages/protocol packages/client packages/connectors packages/model apps/bot; do
  [[ -f "$built/dist/index.js" ]] || { echo "check-production: $built/dist is missing; run npm run build first" >&2; exit 1; }
done
[[ -f apps/console/dist/index.html ]] || { echo "check-production: apps/console/dist is missing" >&2; exit 1; }

rsync -a --exclude node_modules --exclude .git --exclude .turbo --exclude .cache --exclude test-artifacts \
  --exclude /apps/bot/data --exclude /data "$root/" "$work/app/"
cd "$work/app"
ONNXRUNTIME_NODE_INSTALL=skip npm ci --omit=dev --no-audit --no-fund --loglevel=error
for dev in tsx typescript turbo; do
  [[ ! -e "node_modules/$dev" ]] || { echo "check-production: $dev is installed; is it a devDependency?" >&2; exit 1; }
done

node packages/model/bin/parley-model.mjs --help >/dev/null

port=$(node -e 'const s=require("net").createServer().listen(0,()=>{console.log(s.address().port);s.close()})')
log="$work/server.log"
PARLEY_DATA_DIR="$work/data" PARLEY_DEMO="${PARLEY_DEMO:-off}" PORT="$port" setsid npm start >"$log" 2>&1 &
server=$! # its own process group: npm, the start script and the server stop together
deadline=$((SECONDS + ${PARLEY_CHECK_TIMEOUT:-300}))
until curl -sf "http://localhost:$port/readyz" >/dev/null; do
  if ! kill -0 "$server" 2>/dev/null || ((SECONDS > deadline)); then
    echo "check-production: the server did not become ready; its log:" >&2
    tail -n 40 "$log" >&2
    exit 1
  fi
  sleep 1
done
curl -sf "http://localhost:$port/widget.js" >/dev/null
curl -sf "http://localhost:$port/console/" >/dev/null
echo "check-production: npm start on production dependencies serves /readyz (port $port)"
