#!/usr/bin/env bash
# The GPU check, run in one call on a machine with an NVIDIA GPU (see README, "GPU").
# Usage: scripts/gpu-check.sh [BINARY]   (default: target/release/tensorlings)
# Prints: the engine's device probe, the `!nvidia-smi` cell, PyTorch's view of the
# same card, and the conformance corpus run on that machine.
set -u
bin=${1:-target/release/tensorlings}
echo "== tensorlings doctor"
"$bin" doctor
echo "== a cell with !nvidia-smi and torch.cuda"
cell=$(mktemp --suffix=.py)
printf '!nvidia-smi\n# %%%%\nimport torch\nprint(torch.cuda.is_available(), torch.cuda.device_count())\n' > "$cell"
"$bin" run "$cell"
echo "== PyTorch on the same machine"
python3 -c "import torch; print(torch.__version__, torch.cuda.is_available(), torch.cuda.get_device_name(0))" 2>&1 | tail -1
echo "== conformance corpus on this machine"
pass=0; fail=0
for case in tests/conformance/seed/*.py tests/conformance/extra/*.py; do
  if timeout 60 "$bin" run --allow-errors "$case" 2>/dev/null | cmp -s - "${case%.py}.out"; then
    pass=$((pass + 1))
  else
    fail=$((fail + 1)); echo "FAIL $case"
  fi
done
echo "$pass passed, $fail failed"
