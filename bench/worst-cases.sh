#!/usr/bin/env bash
# Times builds of generated worst cases (issue 30, item 5): one page with many identical
# headings, many links to one anchor (one per line, and all on one line), many tags on one
# page, one very long line. Each grows
# one input while the rest of the site stays the minimal test fixture; a time that grows
# with the square of the input shows as a ratio near 4 when the input doubles.
#
#   bench/worst-cases.sh                       # target/release/journeyhub
#   JH=path/to/journeyhub bench/worst-cases.sh
#
# Settings (environment):
#   JH     the binary to time            [target/release/journeyhub]
#   WORK   scratch folder                 [/tmp/journeyhub-worst]
#   REPS   timed runs per case (median)   [3]
#   CASES  which cases to run             [headings links line_links tags long_line]
# Prints a markdown table. Nothing here is part of CI or cargo test.
set -euo pipefail
cd "$(dirname "$0")/.."
JH=${JH:-target/release/journeyhub}
WORK=${WORK:-/tmp/journeyhub-worst}
REPS=${REPS:-3}
FIXTURE=tests/fixtures/minimal
NOW=2026-12-01T09:00:00+09:00

# site NAME: a fresh copy of the fixture at $WORK/NAME; prints its path.
site() {
  local dir="$WORK/$1"
  rm -rf "$dir"
  mkdir -p "$dir"
  cp -r "$FIXTURE"/. "$dir"/
  echo "$dir"
}

front() {
  printf -- '---\ntitle: %s\nstage: onboarding\ndate: 2026-04-01\n%s---\n' "$1" "${2:-}"
}

# median seconds of REPS builds of site $1
time_build() {
  local times=()
  for _ in $(seq "$REPS"); do
    local start end
    start=$(date +%s.%N)
    "$JH" build --root "$1" --output "$1/../$(basename "$1")-out" --now "$NOW" >/dev/null
    end=$(date +%s.%N)
    times+=("$(echo "$end - $start" | bc)")
  done
  printf '%s\n' "${times[@]}" | sort -n | sed -n "$(((REPS + 1) / 2))p"
}

headings() {
  local dir; dir=$(site "headings-$1")
  { front "見出し"; yes '## a
' | head -n "$(($1 * 2))"; } >"$dir/content/playbooks/many.md"
  echo "$dir"
}

links() {
  local dir; dir=$(site "links-$1")
  { front "リンク"; yes '[目的](@/playbooks/kickoff.md#purpose)
' | head -n "$(($1 * 2))"; } >"$dir/content/playbooks/links.md"
  echo "$dir"
}

tags() {
  local dir; dir=$(site "tags-$1")
  local list; list=$(seq -f 't%g' "$1" | paste -sd, -)
  { front "タグ" "tags: [$list]
"; echo "本文"; } >"$dir/content/playbooks/tags.md"
  echo "$dir"
}

line_links() {
  local dir; dir=$(site "line-links-$1")
  { front "一行のリンク"; yes '[目的](@/playbooks/kickoff.md#purpose) ' | head -n "$1" | tr -d '\n'; echo; } \
    >"$dir/content/playbooks/line-links.md"
  echo "$dir"
}

long_line() {
  local dir; dir=$(site "line-$1")
  { front "長い行"; head -c "$(($1 * 1024))" /dev/zero | tr '\0' 'a'; echo; } \
    >"$dir/content/playbooks/line.md"
  echo "$dir"
}

echo "| case | size | median s | ratio to half the size |"
echo "|---|---:|---:|---:|"
for kind in ${CASES:-headings links line_links tags long_line}; do
  case $kind in
    headings) sizes="2500 5000 10000 20000" ;;
    links | line_links) sizes="5000 10000 20000 40000" ;;
    tags) sizes="1000 2000 4000 8000" ;;
    long_line) sizes="1024 2048 4096" ;;
  esac
  previous=""
  for n in $sizes; do
    dir=$($kind "$n")
    t=$(time_build "$dir")
    ratio=$([ -n "$previous" ] && echo "scale=2; $t / $previous" | bc || echo "")
    unit=$([ "$kind" = long_line ] && echo " KiB" || echo "")
    printf '| %s | %s%s | %.3f | %s |\n' "$kind" "$n" "$unit" "$t" "$ratio"
    previous=$t
  done
done
