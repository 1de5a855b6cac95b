#!/usr/bin/env bash
# The GPU check: one run on a machine with an NVIDIA GPU, CUDA 13 libraries and
# PyTorch (python3), printing everything a reader needs to know what works there.
#
# Build the carried files on a machine with the repo (no GPU needed):
#   cargo build --release
#   cargo test --release --test cuda --no-run 2>&1 | grep -o 'target/release/deps/cuda-[0-9a-f]*' | head -1 > /tmp/cuda-test-path
#   mkdir -p .gpu && strip -o .gpu/tensorlings target/release/tensorlings \
#     && strip -o .gpu/cuda-tests "$(cat /tmp/cuda-test-path)" && gzip -f .gpu/tensorlings .gpu/cuda-tests
# Run it from the repository root on the GPU machine (about 4-6 minutes):
#   bash scripts/gpu-check.sh            # uses .gpu/tensorlings.gz and .gpu/cuda-tests.gz
#   bash scripts/gpu-check.sh BIN TESTS  # or explicit (uncompressed) binaries
#
# Sections: 1 device probe, 2 the CUDA test executable (every op family against
# the CPU, device semantics, autograd, an MLP step), 3 the conformance corpus run
# with CUDA as the default device (outputs compared with the .out files after
# dropping `, device='cuda:0'`, numbers within float tolerance), 4 the GPU
# benchmarks on our binary and on the machine's PyTorch with ratios. A failing
# section never stops the next; the summary at the end lists each outcome.
set -u
cd "$(dirname "$0")/.."
START=$(date +%s)
declare -a SUMMARY
say() { printf '\n===== %s (t=%ss)\n' "$1" "$(( $(date +%s) - START ))"; }
note() { SUMMARY+=("$1"); }

work=$(mktemp -d /tmp/gpu-check.XXXXXX)
bin=${1:-}
tests=${2:-}
if [ -z "$bin" ]; then
  if [ -f .gpu/tensorlings.gz ]; then gunzip -c .gpu/tensorlings.gz > "$work/tensorlings"; bin=$work/tensorlings
  elif [ -f .gpu/tensorlings ]; then bin=.gpu/tensorlings
  else bin=target/release/tensorlings; fi
fi
if [ -z "$tests" ]; then
  if [ -f .gpu/cuda-tests.gz ]; then gunzip -c .gpu/cuda-tests.gz > "$work/cuda-tests"; tests=$work/cuda-tests
  elif [ -f .gpu/cuda-tests ]; then tests=.gpu/cuda-tests; fi
fi
chmod +x "$bin" ${tests:+"$tests"} 2>/dev/null

# The CUDA libraries PyTorch's wheels carry (cuBLAS, NVRTC): put them on the path.
libdirs=$(python3 - <<'PY' 2>/dev/null
import glob, os, site
roots = site.getsitepackages() + [site.getusersitepackages()]
dirs = set()
cands = [os.path.join(r, pat) for r in roots for pat in ("nvidia/*/lib", "nvidia/cu*/lib", "torch/lib")]
cands += ["/usr/local/cuda/lib64", "/usr/local/cuda/targets/x86_64-linux/lib"]
for c in cands:
        for d in glob.glob(c):
            if glob.glob(os.path.join(d, "libcublas.so*")) or glob.glob(os.path.join(d, "libnvrtc.so*")):
                dirs.add(d)
print(":".join(sorted(dirs)))
PY
)
export LD_LIBRARY_PATH="${libdirs}${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"
export XDG_CACHE_HOME="$work/cache"   # a fresh kernel cache: the first compile is timed too

say "1. device probe"
echo "binary: $bin   tests: ${tests:-none}   LD_LIBRARY_PATH: $LD_LIBRARY_PATH"
nvidia-smi --query-gpu=name,memory.total,driver_version,compute_cap --format=csv 2>&1 | head -3
timeout 60 "$bin" doctor 2>&1
printf '!nvidia-smi\n# %%%%\nimport torch\nprint(torch.cuda.is_available(), torch.cuda.device_count(), torch.cuda.get_device_name(0))\n' > "$work/probe.py"
timeout 60 "$bin" run --timeout 50 --allow-errors "$work/probe.py" 2>&1
python3 -c "import torch; print('PyTorch', torch.__version__, torch.cuda.is_available(), torch.cuda.get_device_name(0))" 2>&1 | tail -1
say "1b. first use: NVRTC compiles every kernel file (timed), then a smoke test"
cat > "$work/warm.py" <<'PY'
import time, torch
t0 = time.perf_counter()
x = torch.randn(64, 64, device="cuda")
y = (x * 2 + 1).exp().sum(1).softmax(0)
z = (x @ x.t()).max(1).values.to(torch.float64) > 0
w = (x.half() + 1).cpu()
print("first ops (kernels compiled and loaded):", round(time.perf_counter() - t0, 2), "s")
print(torch.ones(3, device="cuda") * 2, z.sum().item())
PY
if timeout 300 "$bin" run --timeout 280 --allow-errors "$work/warm.py" 2>&1; then note "warm-up: ok"; else note "warm-up: FAILED (see section 1b)"; fi

say "2. CUDA test executable"
if [ -n "$tests" ]; then
  # The NVRTC-only tests (compile every kernel for two architectures) run in CI;
  # skipped here to keep the run short. --nocapture shows each family's count.
  timeout 300 "$tests" --test-threads 2 --nocapture --skip every_kernel_compiles --skip the_kernels_the_launchers --skip kernel_parameters_match --skip kernels_compile_to_machine_code 2>&1 | grep -v '^$' | tail -80
  rc=${PIPESTATUS[0]}
  if [ "$rc" = 0 ]; then note "cuda tests: all passed"; else note "cuda tests: FAILED (exit $rc, see section 2)"; fi
else
  # No test executable carried: the same check families (tests/cuda/*.py, each op
  # on CPU tensors and on CUDA copies) run through the binary itself.
  echo "no test executable carried: running tests/cuda/*.py through the binary"
  failed=0
  for fam in elementwise reduce matmul_copy autograd_semantics; do
    { cat tests/cuda/harness.py tests/cuda/$fam.py; printf '\nreport()\n'; } > "$work/fam_$fam.py"
    out=$(timeout 120 "$bin" run --timeout 110 --allow-errors "$work/fam_$fam.py" 2>&1)
    echo "$fam: $(echo "$out" | head -1)"
    echo "$out" | grep -E '^(FAIL|  |[A-Za-z]*Error)' | head -20
    echo "$out" | grep -qE '^(FAIL|[A-Za-z]*Error)' && failed=1
  done
  if [ "$failed" = 0 ]; then note "cuda check families (via the binary): all passed"; else note "cuda check families: FAILED (see section 2)"; fi
fi

say "3. conformance corpus with CUDA as the default device"
cat > "$work/compare.py" <<'PY'
# Same output as the .out file after dropping device suffixes, numbers within tolerance.
import re, sys
got, want = open(sys.argv[1]).read(), open(sys.argv[2]).read()
for a, b in [(", device='cuda:0'", ""), ("device(type='cuda', index=0)", "device(type='cpu')"), ("cuda:0", "cpu")]:
    got = got.replace(a, b)
if got == want:
    print("exact"); sys.exit(0)
if "can't convert cuda:0 device type tensor to numpy" in got:
    # PyTorch with a CUDA default device refuses numpy() the same way.
    print("expected: numpy() of a CUDA tensor"); sys.exit(2)
num = re.compile(r"-?(?:\d+\.\d*|\.\d+|\d+)(?:[eE][-+]?\d+)?|nan|inf")
ga, wa = num.split(got), num.split(want)
gn, wn = num.findall(got), num.findall(want)
if ga != wa or len(gn) != len(wn):
    print("text differs"); sys.exit(1)
for x, y in zip(gn, wn):
    if x == y: continue
    try: fx, fy = float(x), float(y)
    except ValueError: print("text differs"); sys.exit(1)
    if abs(fx - fy) > 1e-3 + 1e-3 * abs(fy):
        print(f"number differs: {x} vs {y}"); sys.exit(1)
print("within tolerance"); sys.exit(0)
PY
ls tests/conformance/seed/*.py tests/conformance/extra/*.py > "$work/cases"
run_case() {
  case=$1; out=$2/$(echo "$case" | tr / _).txt
  TENSORLINGS_DEFAULT_DEVICE=cuda timeout 60 "$3" run --timeout 50 --allow-errors "$case" > "$out" 2>&1
  verdict=$(python3 "$2/compare.py" "$out" "${case%.py}.out")
  echo "$? $case $verdict"
}
export -f run_case
xargs -P 8 -I{} bash -c 'run_case "$@"' _ {} "$work" "$bin" < "$work/cases" | sort -k2 > "$work/results"
pass=$(awk '$1==0' "$work/results" | wc -l); total=$(wc -l < "$work/results"); numpy_cases=$(awk '$1==2' "$work/results" | wc -l)
expected=$(grep -v '^#' tests/conformance_expected_failures.txt 2>/dev/null | grep -c . )
awk '$1==0 {print "PASS", $2, "(" substr($0, index($0,$3)) ")"}' "$work/results" | grep -v "(exact)" | head -40
awk '$1==2 {print "EXPECTED", $2, "(numpy() of a CUDA tensor is a TypeError, as in PyTorch)"}' "$work/results"
for c in $(awk '$1==1 || $1>2 {print $2}' "$work/results"); do
  echo "FAIL $c: $(grep " $c " "$work/results" | cut -d' ' -f3-)"
  diff <(sed -e "s/, device='cuda:0'//g" "$work/$(echo "$c" | tr / _).txt") "${c%.py}.out" | head -8 | sed 's/^/    /'
done
echo "$pass of $total cases match on the GPU; $numpy_cases differ only by numpy() of a CUDA tensor ($expected cases are expected failures on the CPU too)"
note "conformance on cuda: $pass of $total match, $numpy_cases numpy()-only (expected CPU failures: $expected)"

say "4. GPU benchmarks: ours vs PyTorch (same machine, same call)"
printf '%-26s %14s %14s %10s\n' "bench" "tensorlings" "pytorch" "ratio"
for f in benches/gpu_copy_bandwidth.py benches/gpu_mul.py benches/gpu_randn.py benches/gpu_matmul.py benches/gpu_tiny_op.py benches/gpu_notebook.py; do
  ours=$(timeout 120 "$bin" run --timeout 110 --memory-mb 16384 "$f" 2>&1); theirs=$(timeout 120 python3 "$f" 2>&1)
  echo "$ours" | grep -v '^BENCH' | head -5 | sed "s|^|  [$f ours] |"
  echo "$theirs" | grep -v '^BENCH' | head -5 | sed "s|^|  [$f torch] |"
  while read -r _ name value unit; do
    tv=$(echo "$theirs" | awk -v n="$name" '$1=="BENCH" && $2==n {print $3}')
    ratio=$(python3 -c "print(f'{float(\"$value\")/float(\"$tv\"):.2f}x')" 2>/dev/null || echo "?")
    printf '%-26s %10s %-3s %10s %-3s %10s\n' "$name" "$value" "$unit" "${tv:-?}" "$unit" "$ratio"
    echo "$name $value ${tv:-nan} $unit" >> "$work/bench"
  done < <(echo "$ours" | grep '^BENCH')
done
python3 - "$work/bench" <<'PY' 2>/dev/null
import sys
rows = {l.split()[0]: [float(x) for x in l.split()[1:3]] for l in open(sys.argv[1])}
def get(n, i): return rows.get(n, [float("nan")] * 2)[i]
copy = get("gpu_copy_bandwidth", 0)
print("\ntargets (issue 5):")
print(f"  a*b bandwidth / d2d copy bandwidth (ours): {get('gpu_mul_bandwidth', 0) / copy:.2f}  (target >= 0.85)")
print(f"  matmul 8192 f32 rate vs PyTorch: {get('gpu_matmul_8192_f32', 0) / get('gpu_matmul_8192_f32', 1):.2f}  (target >= 0.95)")
print(f"  tiny op time vs PyTorch: {get('gpu_tiny_op', 0) / get('gpu_tiny_op', 1):.2f}  (target <= 1.0)")
print(f"  notebook benchmark time vs PyTorch: {get('gpu_notebook', 0) / get('gpu_notebook', 1):.2f}  (target <= 1.1)")
PY
note "benchmarks: see section 4"

say "summary"
for s in "${SUMMARY[@]}"; do echo "  $s"; done
echo "total time: $(( $(date +%s) - START ))s"
rm -rf "$work"
