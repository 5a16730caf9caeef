#!/usr/bin/env bash
# Builds generated hubs of several sizes with journeyhub, Hugo and Zola (when installed) in
# one run on this machine, and writes the medians and ratios to docs/benchmarks.md.
#
#   bench/compare.sh                      # 1,000, 10,000 and 50,000 documents
#   SIZES="1000 10000" REPS=5 bench/compare.sh
#
# Settings (environment):
#   SIZES     document counts to build                      [1000 10000 50000]
#   SHAPES    corpus shapes (journeyhub-corpus --shape): each size is built in each shape,
#             and the report names the worst ratio          [default japanese english]
#   REPS      timed runs per tool up to 1,000 documents     [5]
#   MID_REPS  timed runs per tool up to 10,000 documents    [3]
#   BIG_REPS  timed runs per tool for larger sizes          [1]
#   MEM_LIMIT_GB  address-space limit of each build; a tool that needs more fails alone
#             instead of waking the kernel's OOM killer     [3/4 of the machine's memory]
#   SEED      corpus seed                                   [1]
#   WORK      scratch folder for corpora and outputs        [/tmp/journeyhub-bench]
#   HUGO      hugo binary ("" to skip)                      [hugo on PATH]
#   ZOLA      zola binary ("" to skip)                      [zola on PATH]
#   PAGEFIND  Pagefind binary, run over Hugo's output as a Hugo site adds search ("" to skip)
#             [pagefind_extended on PATH, else
#             /opt/pagefind/node_modules/@pagefind/linux-x64/bin/pagefind_extended if it exists]
#   QUERIES   words searched for, LANG:WORD, to measure what a first search downloads
#                                                           [ja:解約 en:churn]
#   FIRST_QUERY  1 to measure that download in headless Chromium (needs Node.js and
#             `npm ci` in bench/, and /usr/bin/chromium)     [1]
#   SERVE     1 to measure the preview server too                [1]
#   SERVE_SIZES    sizes at which the preview server is measured  [1000 10000]
#   NICE      niceness of the timed builds; a negative value (as root) keeps other work on a
#             shared machine from skewing the figures            [0]
#   PGO       1 to also measure journeyhub built by bench/build-pgo.sh (profile-guided)  [1]
#   JH_PGO    a profile-guided binary already built, instead of building one  []
#   PHASES_SIZES   sizes at which journeyhub-phases splits a build into its stages  [10000]
#   SERVE_SAMPLES  timed edits in the preview-server measurement  [25]
#   OUT_DOC   where the report goes                         [docs/benchmarks.md]
#
# Needs /usr/bin/time (Debian: apt-get install -y time) and, for the peers, Debian's hugo
# package, a zola binary (built with `--features indexing-ja` for the search index of this
# Japanese hub) and Pagefind's extended build (npm install @pagefind/linux-x64; the extended
# one segments Japanese). Nothing here is part of CI or cargo test.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
SIZES=${SIZES:-"1000 10000 50000"}
SHAPES=${SHAPES:-"default japanese english"}
REPS=${REPS:-5}
MID_REPS=${MID_REPS:-3}
BIG_REPS=${BIG_REPS:-1}
MEM_LIMIT_GB=${MEM_LIMIT_GB:-$(awk '/MemTotal/ { printf "%d", $2 * 3 / 4 / 1048576 }' /proc/meminfo)}
SEED=${SEED:-1}
WORK=${WORK:-/tmp/journeyhub-bench}
HUGO=${HUGO-$(command -v hugo || true)}
ZOLA=${ZOLA-$(command -v zola || true)}
PAGEFIND_OPT=/opt/pagefind/node_modules/@pagefind/linux-x64/bin/pagefind_extended
if [[ -z "${PAGEFIND+set}" ]]; then
  PAGEFIND=$(command -v pagefind_extended || true)
  [[ -z "$PAGEFIND" && -x "$PAGEFIND_OPT" ]] && PAGEFIND=$PAGEFIND_OPT
fi
QUERIES=${QUERIES:-"ja:解約 en:churn"}
FIRST_QUERY=${FIRST_QUERY:-1}
if [[ $FIRST_QUERY == 1 ]] && ! { command -v node >/dev/null && [[ -d "$ROOT/bench/node_modules/playwright-core" && -x /usr/bin/chromium ]]; }; then
  echo "warning: no first-query measurement: it needs node, /usr/bin/chromium and \`npm ci\` in bench/" >&2
  FIRST_QUERY=0
fi
SERVE=${SERVE:-1}
SERVE_SIZES=${SERVE_SIZES:-"1000 10000"}
SERVE_SAMPLES=${SERVE_SAMPLES:-25}
PHASES_SIZES=${PHASES_SIZES:-10000}
NICE=${NICE:-0}
PGO=${PGO:-1}
OUT_DOC=${OUT_DOC:-$ROOT/docs/benchmarks.md}
TARGET=${CARGO_TARGET_DIR:-$ROOT/target}
NOW=2026-12-01T09:00:00+09:00

if [[ ! -x /usr/bin/time ]]; then
  echo "error: /usr/bin/time is missing; install it with: apt-get install -y time" >&2
  exit 1
fi
case "$WORK" in
  / | "$ROOT" | "$ROOT"/*) echo "error: WORK=$WORK must be a scratch folder outside the repository" >&2; exit 1 ;;
esac

# The source the binaries are built from, for the report: it may be rewritten later, after
# more commits. The report itself is not source, so a checkout whose only change is the
# report counts as clean.
SOURCE=$(cd "$ROOT" && git rev-parse --short HEAD 2>/dev/null || echo unknown)
not_source=()
[[ $OUT_DOC == "$ROOT"/* ]] && not_source=(":(exclude)${OUT_DOC#"$ROOT"/}")
if [[ $SOURCE != unknown ]] && ! (cd "$ROOT" && git diff --quiet HEAD -- . "${not_source[@]}"); then
  SOURCE=$SOURCE-dirty
fi

echo "building the dist binaries (see Cargo.toml) into $TARGET…" >&2
(cd "$ROOT" && cargo build --profile dist --quiet --bin journeyhub --bin journeyhub-corpus --bin journeyhub-serve-bench --bin journeyhub-phases)
JH=$TARGET/dist/journeyhub
# The same source built as bench/build-pgo.sh builds it (profile-guided, trained on the
# sample hub); measured beside the plain dist build, which is what `cargo install` gives.
JH_PGO=${JH_PGO:-}
if [[ $PGO == 1 && -z "$JH_PGO" ]]; then
  if OUT=$TARGET/dist-pgo/journeyhub "$ROOT/bench/build-pgo.sh"; then
    JH_PGO=$TARGET/dist-pgo/journeyhub
  else
    echo "warning: no profile-guided build (see above); measuring the dist build alone" >&2
  fi
fi
GEN=$TARGET/dist/journeyhub-corpus
SERVE_BENCH=$TARGET/dist/journeyhub-serve-bench
PHASES=$TARGET/dist/journeyhub-phases

# Nothing is deleted while builds are timed. On ext4 without a journal (this machine's disk),
# the kernel will not reuse an inode freed in the last minute (five while its block is
# unwritten): each file created after a large delete first skips past every recently freed
# one (`recently_deleted` in `find_inode_bit`). Deleting a tool's previous output right before
# its run made the build that writes the most files pay for its own last output: 2 to 3 s of
# system time per 10,000-document build. A CI checkout never starts like that, so outputs and
# corpora are moved into TRASH and deleted after the last build.
if [[ -e "$WORK" ]]; then
  rm -rf "$WORK"
  echo "removed the previous $WORK; waiting 65 s so that its freed inodes are not recent…" >&2
  sync
  sleep 65
fi
mkdir -p "$WORK"
TRASH=$WORK/trash
mkdir -p "$TRASH"
ASIDE=0
set_aside() {
  [[ -e "$1" || -L "$1" ]] || return 0
  ASIDE=$((ASIDE + 1))
  mv "$1" "$TRASH/$ASIDE-$(basename "$1")"
}
echo "$SOURCE" >"$WORK/source.txt"
RESULTS=$WORK/results.tsv
: >"$RESULTS"
LOADS=$WORK/loads.txt
: >"$LOADS"

# journeyhub-nosearch builds the same corpus with `search: false` in its site-config: the
# plain peers build no search index, so this is the like-for-like row beside the full build.
# hugo-pagefind and zola-search are the peers as a hub with search is built with them: Hugo's
# build then Pagefind over its output, and Zola with its own search index turned on.
TOOLS=(journeyhub)
[[ -n "$JH_PGO" ]] && TOOLS+=(journeyhub-pgo)
TOOLS+=(journeyhub-nosearch)
[[ -n "$HUGO" ]] && TOOLS+=(hugo)
[[ -n "$HUGO" && -n "$PAGEFIND" ]] && TOOLS+=(hugo-pagefind)
[[ -n "$ZOLA" ]] && TOOLS+=(zola zola-search)

# Runs one build under /usr/bin/time -v and appends "size tool wall cpu rss_kb" to RESULTS;
# a build that fails is recorded in FAILED with the end of its log and the run goes on.
FAILED=$WORK/failed.txt
: >"$FAILED"
run() {
  local size=$1 tool=$2 site=$3 out=$4 record=$5
  set_aside "$out"
  local cmd
  case $tool in
    journeyhub | journeyhub-nosearch) cmd=("$JH" build --root "$site" --output "$out" --now "$NOW") ;;
    journeyhub-pgo) cmd=("$JH_PGO" build --root "$site" --output "$out" --now "$NOW") ;;
    hugo) cmd=("$HUGO" --quiet --source "$site" --destination "$out" --cacheDir "$WORK/hugo-cache") ;;
    zola | zola-search) cmd=("$ZOLA" --root "$site" build --output-dir "$out") ;;
    # One command, so that wall and CPU time cover both and the peak RSS is the larger one's.
    hugo-pagefind) cmd=(bash -c '"$1" --quiet --source "$2" --destination "$3" --cacheDir "$4" && "$5" --site "$3"' \
      hugo-pagefind "$HUGO" "$site" "$out" "$WORK/hugo-cache" "$PAGEFIND") ;;
    cp) cmd=(cp -r "$site" "$out") ;;
  esac
  if ! (ulimit -v $((MEM_LIMIT_GB * 1048576)) && nice -n "$NICE" /usr/bin/time -v -o "$WORK/time.txt" "${cmd[@]}") >"$WORK/last.log" 2>&1; then
    echo "   $tool failed on $size documents (see $FAILED)" >&2
    {
      echo "- $tool on $size documents failed (address space limited to $MEM_LIMIT_GB GB):"
      echo '  ```'
      grep -v '^\s*$' "$WORK/last.log" | tail -5 | sed 's/^/  /'
      grep -E 'Elapsed|Maximum resident' "$WORK/time.txt" 2>/dev/null | sed 's/^\s*/  /'
      echo '  ```'
    } >>"$FAILED"
    return 1
  fi
  # Pagefind's summary (pages, words and languages indexed) goes into the report.
  [[ $tool == hugo-pagefind ]] && cp "$WORK/last.log" "$WORK/pagefind-$size.log"
  [[ $record == 1 ]] || return 0
  awk -v size="$size" -v tool="$tool" '
    /Elapsed \(wall clock\)/ { n = split($NF, t, ":"); wall = (n == 3) ? t[1] * 3600 + t[2] * 60 + t[3] : t[1] * 60 + t[2] }
    /User time/ { user = $NF }
    /System time/ { sys = $NF }
    /Maximum resident set size/ { rss = $NF }
    END { printf "%s\t%s\t%.3f\t%.3f\t%d\n", size, tool, wall, user + sys, rss }
  ' "$WORK/time.txt" >>"$RESULTS"
}

# The search index of an output, for the report: "size tool index_files index_bytes
# bundle_files bundle_bytes pages" in INDEXES, where the index is what is read to answer queries
# (Pagefind's entry, meta, index chunks, fragments and filters; Zola's search_index.LANG.js)
# and the bundle adds the search program beside it (Pagefind's JavaScript and WebAssembly and
# its UI files; elasticlunr.min.js). Sizes are the files' own, not the blocks they take.
INDEXES=$WORK/indexes.tsv
: >"$INDEXES"
FIRST_QUERIES=$WORK/first-query.tsv
: >"$FIRST_QUERIES"
: >"$WORK/first-query-failed.txt"
sum() { awk '{ s += $1 } END { print s + 0 }'; }
index_figures() {
  local size=$1 tool=$2 out=$3 index bundle pages=""
  case $tool in
    journeyhub | hugo-pagefind)
      [[ -f "$out/pagefind/pagefind-entry.json" ]] || return 0
      index=$(find "$out/pagefind" -type f \( -path '*/index/*' -o -path '*/fragment/*' -o -path '*/filter/*' -o -name '*.pf_meta' -o -name pagefind-entry.json \) -printf '%s\n')
      bundle=$(find "$out/pagefind" -type f -printf '%s\n')
      command -v node >/dev/null && pages=$(node -e 'const e = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8")); console.log(Object.entries(e.languages).sort().map(([l, v]) => `${l} ${v.page_count}`).join(", "))' "$out/pagefind/pagefind-entry.json")
      ;;
    zola-search)
      index=$(find "$out" -maxdepth 1 -type f -name 'search_index.*' -printf '%s\n')
      [[ -n "$index" ]] || return 0
      bundle=$(find "$out" -maxdepth 1 -type f \( -name 'search_index.*' -o -name elasticlunr.min.js \) -printf '%s\n')
      # An index too large for one JavaScript string (about 500 MB) gets a "?".
      command -v node >/dev/null && pages=$(for f in "$out"/search_index.*.js; do
        node -e 'const fs = require("fs"); const lang = process.argv[1].split(".").slice(-2)[0]; let n = "?";
          try { const t = fs.readFileSync(process.argv[1], "utf8"); n = Object.keys(JSON.parse(t.slice(t.indexOf("=") + 1)).documentStore.docs).length; } catch {}
          console.log(`${lang} ${n}`)' "$f"
      done | paste -sd, - | sed 's/,/, /g')
      ;;
    *) return 0 ;;
  esac
  printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$size" "$tool" "$(wc -l <<<"$index")" "$(sum <<<"$index")" \
    "$(wc -l <<<"$bundle")" "$(sum <<<"$bundle")" "$pages" >>"$INDEXES"
  [[ $FIRST_QUERY == 1 ]] || return 0
  local format=pagefind query_args=() q
  [[ $tool == zola-search ]] && format=zola
  for q in $QUERIES; do query_args+=(--query "$q"); done
  # A search that failed still says what it downloaded before it failed.
  if ! nice -n "$NICE" node "$ROOT/bench/first-query.mjs" --site "$out" --index "$format" --content "$WORK/site-journeyhub-$size/content" "${query_args[@]}" \
    >"$WORK/first-query.out" 2>"$WORK/first-query-$tool-$size.log"; then
    echo "   the first-query measurement of $tool failed; see $WORK/first-query-$tool-$size.log" >&2
    {
      echo "- the first-query measurement of $tool on $size documents failed:"
      echo '  ```'
      grep -E 'failed|error|Error' "$WORK/first-query-$tool-$size.log" | tail -5 | sed 's/^\s*/  /'
      echo '  ```'
    } >>"$WORK/first-query-failed.txt"
  fi
  sed "s/^/$size\t$tool\t/" "$WORK/first-query.out" >>"$FIRST_QUERIES"
}

# A measurement is named by its size, and by its shape when that is not the default:
# "10000", "10000-japanese".
for shape in $SHAPES; do
for docs in $SIZES; do
  size=$docs
  [[ $shape == default ]] || size=$docs-$shape
  reps=$REPS
  ((docs > 1000)) && reps=$MID_REPS
  ((docs > 10000)) && reps=$BIG_REPS
  echo "== $docs documents, $shape shape, $reps run(s) per tool" >&2
  # journeyhub's variants (journeyhub-nosearch, journeyhub-pgo) build journeyhub's corpus, and
  # the peers with search their plain corpus.
  for tool in "${TOOLS[@]}"; do
    [[ $tool == journeyhub-* || $tool == hugo-pagefind || $tool == zola-search ]] && continue
    "$GEN" --docs "$docs" --shape "$shape" --seed "$SEED" --out "$WORK/site-$tool-$size" --format "$tool" >"$WORK/gen-$tool-$size.txt"
  done
  nosearch=$WORK/site-journeyhub-nosearch-$size
  mkdir -p "$nosearch"
  ln -s "$WORK/site-journeyhub-$size/content" "$nosearch/content"
  { cat "$WORK/site-journeyhub-$size/site-config.yaml"; echo "search: false"; } >"$nosearch/site-config.yaml"
  [[ -n "$JH_PGO" ]] && ln -s "$WORK/site-journeyhub-$size" "$WORK/site-journeyhub-pgo-$size"
  [[ " ${TOOLS[*]} " == *" hugo-pagefind "* ]] && ln -s "$WORK/site-hugo-$size" "$WORK/site-hugo-pagefind-$size"
  if [[ " ${TOOLS[*]} " == *" zola-search "* ]]; then
    # Zola indexes the default language when the top-level setting is on, and each other
    # language only when its own table turns it on too.
    zsearch=$WORK/site-zola-search-$size
    mkdir -p "$zsearch"
    for f in "$WORK/site-zola-$size"/*; do
      [[ $(basename "$f") == config.toml ]] || ln -s "$f" "$zsearch/"
    done
    grep -qx '\[languages\.en\]' "$WORK/site-zola-$size/config.toml" ||
      { echo "error: the Zola corpus's config.toml has no [languages.en] table" >&2; exit 1; }
    awk 'NR == 1 { print "build_search_index = true" } { print } /^\[languages\.en\]$/ { print "build_search_index = true" }' \
      "$WORK/site-zola-$size/config.toml" >"$zsearch/config.toml"
  fi
  cat "$WORK/gen-journeyhub-$size.txt" >&2
  # One untimed run each up to 10,000 documents, so that every tool starts warm; a larger
  # corpus was just written and is in the page cache already, and a run there takes minutes.
  declare -A broken=()
  if ((docs <= 10000)); then
    for tool in "${TOOLS[@]}"; do
      run "$size" "$tool" "$WORK/site-$tool-$size" "$WORK/out-$tool-$size" 0 || broken[$tool]=1
    done
  fi
  echo "$size $(cut -d' ' -f1-3 /proc/loadavg)" >>"$LOADS"
  for ((r = 1; r <= reps; r++)); do
    # Interleaved, so that a busy moment on the machine falls on every tool alike.
    for tool in "${TOOLS[@]}"; do
      [[ -n "${broken[$tool]:-}" ]] && continue
      if run "$size" "$tool" "$WORK/site-$tool-$size" "$WORK/out-$tool-$size" 1; then
        echo "   run $r $(tail -1 "$RESULTS")" >&2
      else
        broken[$tool]=1
      fi
    done
    run "$size" cp "$WORK/site-journeyhub-$size/content" "$WORK/out-cp-$size" 1
  done
  for tool in "${TOOLS[@]}"; do
    out=$WORK/out-$tool-$size
    [[ -d "$out" ]] || continue
    printf '%s\t%s\t%s\t%s\n' "$size" "$tool" "$(find "$out" -type f | wc -l)" "$(du -sm "$out" | cut -f1)" >>"$WORK/outputs.tsv"
    index_figures "$size" "$tool" "$out"
    set_aside "$out"
  done
  set_aside "$WORK/out-cp-$size"
  if [[ " $PHASES_SIZES " == *" $docs "* && -z "${broken[journeyhub]:-}" ]]; then
    echo "== journeyhub phases on $size documents" >&2
    (ulimit -v $((MEM_LIMIT_GB * 1048576)) && nice -n "$NICE" "$PHASES" --root "$WORK/site-journeyhub-$size" --output "$WORK/out-phases-$size" --now "$NOW") \
      >"$WORK/phases-$size.md" 2>>"$WORK/phases.log" || rm -f "$WORK/phases-$size.md"
    set_aside "$WORK/out-phases-$size"
  fi
  if [[ $SERVE == 1 && " $SERVE_SIZES " == *" $docs "* ]]; then
    echo "== preview server on $size documents" >&2
    nice -n "$NICE" "$SERVE_BENCH" --root "$WORK/site-journeyhub-$size" --now "$NOW" --samples "$SERVE_SAMPLES" >"$WORK/serve-$size.md" 2>"$WORK/serve-$size.log" ||
      echo "   the preview-server measurement failed; see $WORK/serve-$size.log" >&2
  fi
  for tool in "${TOOLS[@]}"; do
    set_aside "$WORK/site-$tool-$size"
  done
done
done
echo "deleting the outputs and corpora set aside ($(du -sh "$TRASH" | cut -f1))…" >&2
rm -rf "$TRASH"
# A run started right after this one (another shape, in another WORK) would otherwise create
# its files among the inodes just freed and pay for it, the tool that writes the most files
# the most: `cp -r` of 1,000 documents took 0.17 s instead of 0.03 s right after such a
# delete. Written out, freed inodes are reused after a minute.
echo "waiting 65 s so that the freed inodes are not recent for a run after this one…" >&2
sync
sleep 65

export WORK OUT_DOC HUGO ZOLA PAGEFIND QUERIES SEED SERVE_SAMPLES JH JH_PGO NICE
"$ROOT/bench/report.sh"
echo "wrote $OUT_DOC" >&2
