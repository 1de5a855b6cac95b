#!/bin/bash
# Captures the workbook's main screens from the real binary in tmux (100x30) into
# docs/screens/*.txt, for the README. Usage: scripts/screenshots.sh [BINARY]
# (default target/release/tensorlings). Needs tmux. Uses a fresh learner home.
set -euo pipefail
BIN=$(realpath "${1:-target/release/tensorlings}")
OUT=docs/screens
HOME_DIR=$(mktemp -d)
S=tl-shots-$$
mkdir -p "$OUT"
tmux kill-session -t "$S" 2>/dev/null || true
tmux new-session -d -s "$S" -x 100 -y 30 "env TENSORLINGS_HOME=$HOME_DIR NO_COLOR=1 $BIN; sleep 5"
trap 'tmux kill-session -t "$S" 2>/dev/null || true; rm -rf "$HOME_DIR"' EXIT

wait_for() { # text, seconds
  for _ in $(seq 1 $(( $2 * 10 ))); do
    tmux capture-pane -t "$S" -p | grep -qF -- "$1" && return 0
    sleep 0.1
  done
  echo "screenshots: waited for '$1'" >&2; tmux capture-pane -t "$S" -p >&2; exit 1
}
keys() { tmux send-keys -t "$S" "$@"; sleep 0.3; }
shot() { tmux capture-pane -t "$S" -p | sed -e 's/[[:space:]]*$//' > "$OUT/$1.txt"; echo "wrote $OUT/$1.txt"; }

wait_for "Lessons" 20
shot home
keys Enter
wait_for "[1] python" 10
keys Enter
wait_for "╰─ out" 60
keys Down; keys Enter
sleep 2
shot lesson
keys Escape
wait_for "Lessons" 10
keys e
wait_for "Your code" 10
# A wrong answer first: the check says what failed.
tmux send-keys -t "$S" C-Home; for _ in 1 2; do tmux send-keys -t "$S" Down; done
tmux send-keys -t "$S" Home C-k; tmux send-keys -t "$S" -l "evens = torch.arange(0, 20, 2)"
keys F6
wait_for "Not yet" 60
shot exercise-check-failed
tmux send-keys -t "$S" C-Home; for _ in 1 2; do tmux send-keys -t "$S" Down; done
tmux send-keys -t "$S" Home C-k; tmux send-keys -t "$S" -l "evens = torch.arange(0, 21, 2)"
keys F6
wait_for "All checks passed" 60
shot exercise-passed
keys Escape
sleep 0.5
tmux capture-pane -t "$S" -p | grep -qF "Lessons" || keys Escape
wait_for "Lessons" 10
keys s
sleep 1
# The input starts with `import torch` typed in: go on from its end.
tmux send-keys -t "$S" End
tmux send-keys -t "$S" -l "; torch.manual_seed(0); torch.rand(2, 3)"
keys Enter
wait_for "tensor([[" 30
shot scratchpad
keys F1
sleep 0.5
shot help
keys Escape
keys C-q
