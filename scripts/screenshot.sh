#!/usr/bin/env bash
# Makes docs/demo.png from a real terminal: runs `npm run demo` in tmux, captures the
# coloured screen (tmux capture-pane -e), turns it into HTML (aha) and photographs that
# with headless Chromium. Needs: tmux aha chromium (Debian packages).
set -euo pipefail
cd "$(dirname "$0")/.."
out="${1:-docs/demo.png}"
session="ktail-shot-$$"
tmux new-session -d -s "$session" -x 132 -y 32 "npm run demo --silent"
trap 'tmux kill-session -t "$session" 2>/dev/null || true' EXIT
sleep "${KTAIL_SHOT_WAIT:-25}"
tmp=$(mktemp -d)
tmux capture-pane -t "$session" -e -p > "$tmp/screen.ansi"
aha --black --title "ktail -m" < "$tmp/screen.ansi" \
  | sed 's#<pre>#<pre style="font: 14px/1.25 DejaVu Sans Mono, monospace; margin: 12px">#' > "$tmp/screen.html"
chromium --headless --no-sandbox --disable-gpu --disable-background-networking --disable-component-update \
  --disable-sync --no-first-run --user-data-dir="$tmp/chrome" --hide-scrollbars \
  --window-size=1120,700 --screenshot="$PWD/$out" "file://$tmp/screen.html" 2>/dev/null
echo "wrote $out"
