#!/usr/bin/env bash
# Builds journeyhub the fastest way we know: the dist profile (fat LTO, one codegen unit; see
# Cargo.toml), then optimised again with a profile of real runs (profile-guided
# optimisation). The runs are builds and checks of the sample hub in content/, never the
# generated benchmark corpora, so the benchmark does not measure a binary trained on itself.
#
#   bench/build-pgo.sh            # writes target/dist-pgo/journeyhub
#   OUT=/usr/local/bin/journeyhub bench/build-pgo.sh
#
# Needs llvm-profdata from the LLVM that rustc uses: `rustup component add llvm-tools`
# (the script tries that itself). Exits with 2 when it cannot get it. Takes two dist
# builds, about twice the time of `cargo build --profile dist`. The output files of a build
# are the same, byte for byte, as those of a plain dist build.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
TARGET=${CARGO_TARGET_DIR:-$ROOT/target}
OUT=${OUT:-$TARGET/dist-pgo/journeyhub}
NOW=2026-12-01T09:00:00+09:00

host=$(rustc -vV | sed -n 's/^host: //p')
profdata=$(rustc --print sysroot)/lib/rustlib/$host/bin/llvm-profdata
if [[ ! -x "$profdata" ]]; then
  echo "llvm-profdata is missing; trying: rustup component add llvm-tools" >&2
  rustup component add llvm-tools >&2 || true
fi
if [[ ! -x "$profdata" ]]; then
  echo "error: $profdata is missing; install it with: rustup component add llvm-tools" >&2
  exit 2
fi

# The instrumented and the optimised builds get target folders of their own: other
# RUSTFLAGS would make cargo rebuild the plain dist binaries in target/ from scratch. The
# instrumented build writes its counts to a fixed folder, so cargo reuses it while the source
# is unchanged; the profile is named by its hash, since cargo would not notice a new profile
# under an old name.
PGO=$TARGET/pgo
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
flags=${RUSTFLAGS:-}

echo "building an instrumented journeyhub…" >&2
(cd "$ROOT" && CARGO_TARGET_DIR=$PGO/instrumented RUSTFLAGS="$flags -Cprofile-generate=$PGO/raw" \
  cargo build --locked --quiet --profile dist --bin journeyhub)

echo "recording a profile of builds and checks of the sample hub…" >&2
rm -rf "$PGO/raw"
instrumented=$PGO/instrumented/dist/journeyhub
for run in 1 2 3; do
  "$instrumented" build --root "$ROOT" --now "$NOW" --output "$scratch/site-$run" >/dev/null
done
"$instrumented" check --root "$ROOT" --now "$NOW" --format json >/dev/null
"$profdata" merge -o "$scratch/journeyhub.profdata" "$PGO"/raw/*.profraw
profile=$PGO/$(sha256sum "$scratch/journeyhub.profdata" | cut -c1-16).profdata
mv "$scratch/journeyhub.profdata" "$profile"
find "$PGO" -maxdepth 1 -name '*.profdata' ! -path "$profile" -delete

echo "building journeyhub with that profile…" >&2
(cd "$ROOT" && CARGO_TARGET_DIR=$PGO/optimised RUSTFLAGS="$flags -Cprofile-use=$profile" \
  cargo build --locked --quiet --profile dist --bin journeyhub)

mkdir -p "$(dirname "$OUT")"
cp "$PGO/optimised/dist/journeyhub" "$OUT.new"
mv "$OUT.new" "$OUT"
echo "wrote $OUT" >&2
