#!/usr/bin/env bash
# Counts the instructions journeyhub binaries execute to build the same generated hub, for
# comparing two builds of the source where wall-clock runs on a shared machine drift by more
# than the change (bench/notes.md, eleventh pass). The count without mimalloc's own
# functions repeats to within about 0.1 %; the whole count moves by up to 1.5 %.
#
#   bench/instructions.sh OLD_BINARY NEW_BINARY      # 1,000 documents
#   DOCS=200 bench/instructions.sh target/dist/journeyhub
#
# Settings (environment):
#   DOCS   document count of the generated hub   [1000]
#   SHAPE  corpus shape (journeyhub-corpus --shape: default, japanese, english)  [default]
#   SEED   corpus seed                           [1]
#   WORK   scratch folder                        [/tmp/journeyhub-instructions]
#   DIFF   1 to list the functions whose counts changed most between the first two binaries
#
# Needs valgrind (Debian: apt-get install -y valgrind). A build under valgrind takes about
# forty times as long, on one thread at a time. Instructions are not time: use this for
# changes that remove work, and bench/compare.sh for what a build takes.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
DOCS=${DOCS:-1000}
SHAPE=${SHAPE:-default}
SEED=${SEED:-1}
WORK=${WORK:-/tmp/journeyhub-instructions}
NOW=2026-12-01T09:00:00+09:00

if (($# == 0)); then
  echo "usage: bench/instructions.sh BINARY [BINARY…]" >&2
  exit 2
fi
if ! command -v valgrind >/dev/null; then
  echo "error: valgrind is missing (Debian: apt-get install -y valgrind)" >&2
  exit 2
fi

mkdir -p "$WORK"
corpus=$WORK/site-$DOCS-$SHAPE-$SEED
if [[ ! -d $corpus ]]; then
  (cd "$ROOT" && cargo build --profile dist --quiet --bin journeyhub-corpus)
  "${CARGO_TARGET_DIR:-$ROOT/target}/dist/journeyhub-corpus" --docs "$DOCS" --shape "$SHAPE" \
    --seed "$SEED" --out "$corpus" >&2
fi

outputs=()
i=0
for binary in "$@"; do
  i=$((i + 1))
  out=$WORK/run-$i
  # A build refuses an output folder it did not create, and the count should not include
  # swapping out an old site: each run gets a new folder.
  rm -rf "$out" "$out.cachegrind"
  # mimalloc returns freed memory on a timer; under valgrind's slowdown that timer fires at
  # different moments in each run and moves the count by about 1 %.
  MIMALLOC_PURGE_DELAY=-1 valgrind --tool=cachegrind --cache-sim=no \
    --cachegrind-out-file="$out.cachegrind" \
    "$binary" build --root "$corpus" --now "$NOW" --output "$out" >/dev/null 2>"$out.log"
  total=$(sed -n 's/.*I *refs: *//p' "$out.log" | tr -d ,)
  # Even so, mimalloc's own bookkeeping (its `mi_` functions) moves by up to 1.5 % from run
  # to run of the same binary; the count without it repeats far better.
  allocator=$(cg_annotate --threshold=0 "$out.cachegrind" |
    awk '/file:function/ { f = 1; next } f && /\?\?\?:_*mi_/ { gsub(",", "", $1); s += $1 } END { print s + 0 }')
  printf '%s\t%s instructions\t%s without the allocator'"'"'s own\n' "$binary" "$total" "$((total - allocator))"
  outputs+=("$out.cachegrind")
done

if [[ ${DIFF:-0} == 1 && ${#outputs[@]} -ge 2 ]]; then
  cg_diff "${outputs[0]}" "${outputs[1]}" >"$WORK/diff.cachegrind"
  cg_annotate "$WORK/diff.cachegrind" | sed -n '/file:function/,$p' | sed -n '3,32p'
fi
