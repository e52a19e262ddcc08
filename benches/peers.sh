#!/usr/bin/env bash
# Side-by-side benchmark: yokoten and Hugo build the same generated corpus, the way an
# editor builds: on the disk, and again and again over the same output.
#
#   bash benches/peers.sh                          # N = 1,000, 10,000 and 100,000, on disk
#   SIZES="1000 10000" RUNS=5 bash benches/peers.sh
#   OUT_FS=tmpfs bash benches/peers.sh             # outputs on a RAM file system (root)
#
# For each N the corpus generator (benches/gen_corpus.rs) writes a yokoten site and an
# equivalent Hugo site: the same cases, the same four taxonomies, lists and term pages
# paginated 20 to a page. Each run then measures, for each tool, three builds in a row:
#
#   clean      the output folder removed first (a first build, or a CI build)
#   unchanged  the same build again over that output, nothing changed (`build` run twice)
#   edit       one case's body edited (the same case and words in both corpora), built
#              over the output: the editor's everyday save-and-build
#
# Every timing is the command plus a `sync` right after it, the same for both tools: a
# build is done when its files are on the disk, not when they sit in the page cache. The
# order of the two tools alternates from run to run. Printed per N, tool and build: the
# median wall time, peak memory and CPU time (/usr/bin/time -v, of the command alone), the
# files and bytes the build wrote (files whose inode changed during it: created, rewritten
# or linked), the files in the output, and the ratio Hugo / yokoten of the medians of this
# run of the script.
#
# Environment: SIZES, RUNS (default 3), RUNS_100K (default 1), WORK (default
# /tmp/yokoten-peers: corpora and outputs, ~10 GB free needed for N = 100,000),
# CARGO_TARGET_DIR (as usual), OUT_FS=disk (default) or tmpfs. With tmpfs (needs root) the
# outputs go to a RAM file system mounted for the run, which takes the disk out of the
# picture (see docs/BENCHMARKS.md for when that is useful: it is not what editors get).
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
SIZES=${SIZES:-"1000 10000 100000"}
RUNS=${RUNS:-3}
RUNS_100K=${RUNS_100K:-1}
WORK=${WORK:-/tmp/yokoten-peers}
TARGET=${CARGO_TARGET_DIR:-$ROOT/target}
mkdir -p "$WORK"
OUT_FS=${OUT_FS:-disk}
OUTS=$WORK
if [ "$OUT_FS" = tmpfs ]; then
    OUTS=$WORK/outputs
    mkdir -p "$OUTS"
    mountpoint -q "$OUTS" || mount -t tmpfs -o size=16g yokoten-peers "$OUTS"
    trap 'umount "$OUTS" 2>/dev/null || true' EXIT
fi

if [ ! -x /usr/bin/time ]; then
    echo "installing GNU time (Debian package 'time')" >&2
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq time >&2
fi
if ! command -v hugo >/dev/null; then
    echo "installing Hugo (Debian package 'hugo')" >&2
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq hugo >&2
fi

echo "building yokoten (release)" >&2
# Two commands: built with an example in one command, the binary would get the `dev`
# feature (the test-only search engine) that the examples turn on.
(cd "$ROOT" && cargo build --release --quiet --bin yokoten && cargo build --release --quiet --example gen_corpus)
# Copies, so that rebuilding the tree while this runs does not change what is measured.
mkdir -p "$WORK/bin"
cp "$TARGET/release/yokoten" "$TARGET/release/examples/gen_corpus" "$WORK/bin/"
YOKOTEN=$WORK/bin/yokoten
GEN=$WORK/bin/gen_corpus

median() { sort -g | awk '{ a[NR] = $1 } END { if (NR % 2) print a[(NR + 1) / 2]; else print (a[NR / 2] + a[NR / 2 + 1]) / 2 }'; }
now() { date +%s.%N; }

# build TOOL N OUT LOG: one timed build, then sync; appends
# "wall_s rss_kb cpu_s files_written bytes_written files_in_output" to $LOG.tsv
build() {
    local tool=$1 n=$2 out=$3 log=$4
    local tv=$WORK/time.txt marker=$WORK/marker
    sync
    touch "$marker"
    sleep 0.01 # inode times are coarse: a file written now must be newer than the marker
    local start end
    start=$(now)
    case $tool in
        yokoten)
            YOKOTEN_TIMINGS=1 /usr/bin/time -v -o "$tv" "$YOKOTEN" build --root "$WORK/y$n" --output "$out" >"$log.last" 2>&1 ;;
        hugo)
            /usr/bin/time -v -o "$tv" hugo --quiet --source "$WORK/h$n" --destination "$out" \
                --cacheDir "$WORK/hugo-cache" >"$log.last" 2>&1 ;;
    esac
    sync
    end=$(now)
    cat "$log.last" >>"$log.out"
    # Written: every file whose inode changed since the marker (new, rewritten, or a new
    # hard link to an old one: each is work for the file system).
    local written
    written=$(find "$out" -type f -cnewer "$marker" -printf '%s\n' | awk '{ n++; b += $1 } END { printf "%d %.0f", n, b }')
    local total
    total=$(find "$out" -type f | wc -l)
    awk -F': ' -v wall="$(awk -v s="$start" -v e="$end" 'BEGIN { printf "%.2f", e - s }')" \
        -v written="$written" -v total="$total" '
        /Maximum resident set size/ { rss = $2 }
        /User time/ { u = $2 } /System time/ { sy = $2 }
        END { printf "%s %d %.2f %s %d\n", wall, rss, u + sy, written, total }' "$tv" >>"$log.tsv"
}

# edit N WORDS: the same change to the body of the same case in both corpora.
edit_case() {
    local n=$1 words=$2 slug
    slug=$(find "$WORK/y$n/content/cases" -maxdepth 1 -name '*.md' -printf '%f\n' | sort | head -1)
    for site in "$WORK/y$n" "$WORK/h$n"; do
        printf '\n%s\n' "$words" >>"$site/content/cases/$slug"
    done
    echo "$slug"
}
unedit_case() {
    local n=$1 slug=$2
    for site in "$WORK/y$n" "$WORK/h$n"; do
        # Drop the two lines edit_case appended.
        head -n -2 "$site/content/cases/$slug" >"$WORK/unedit.tmp"
        cat "$WORK/unedit.tmp" >"$site/content/cases/$slug"
    done
}

RESULTS=$WORK/results.md
{
    echo "machine: $(nproc) cores, $(awk '/MemTotal/ { printf "%.0f GiB", $2 / 1048576 }' /proc/meminfo), $(uname -sr); outputs on: $OUT_FS ($(df --output=fstype "$OUTS" | tail -1))"
    echo "yokoten: $(cd "$ROOT" && git rev-parse --short HEAD)$(cd "$ROOT" && git diff --quiet HEAD -- src themes || echo '+local changes'); $(rustc --version)"
    echo "hugo: $(hugo version | cut -d' ' -f1-2)"
    echo "date: $(date -u +%Y-%m-%dT%H:%MZ); each timing is the build plus a sync"
    echo
    echo "| N | build | tool | wall s (median) | ms per case | peak RSS MB | CPU s | files written | MB written | files in output | runs | Hugo / yokoten wall |"
    echo "|---|---|---|---|---|---|---|---|---|---|---|---|"
} >"$RESULTS"
cat "$RESULTS"

SCENARIOS="clean unchanged edit"
for n in $SIZES; do
    stamp=$WORK/y$n/.corpus-stamp
    want="$n $(sha1sum "$ROOT/benches/gen_corpus.rs" | cut -c1-12)"
    if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$want" ]; then
        echo "generating N=$n" >&2
        rm -rf "$WORK/y$n" "$WORK/h$n"
        "$GEN" "$n" "$WORK/y$n" --hugo "$WORK/h$n" >&2
        echo "$want" >"$stamp"
    fi
    # Always measure the theme of this tree.
    rm -rf "$WORK/y$n/themes/default"
    cp -a "$ROOT/themes/default" "$WORK/y$n/themes/default"

    runs=$RUNS
    if [ "$n" -ge 100000 ]; then runs=$RUNS_100K; fi
    for t in yokoten hugo; do
        for s in $SCENARIOS; do rm -f "$WORK/$t-$n-$s.tsv" "$WORK/$t-$n-$s.out"; done
    done
    for r in $(seq 1 "$runs"); do
        if [ $((r % 2)) -eq 1 ]; then order="yokoten hugo"; else order="hugo yokoten"; fi
        for t in $order; do
            out=$OUTS/out-$t-$n
            echo "N=$n run $r/$runs: $t (load $(cut -d' ' -f1 /proc/loadavg))" >&2
            rm -rf "$out"
            build "$t" "$n" "$out" "$WORK/$t-$n-clean"
            build "$t" "$n" "$out" "$WORK/$t-$n-unchanged"
            slug=$(edit_case "$n" "ベンチマークの編集 $r $t: この段落だけが変わります。")
            build "$t" "$n" "$out" "$WORK/$t-$n-edit"
            unedit_case "$n" "$slug"
        done
    done
    for s in $SCENARIOS; do
        declare -A wall
        for t in yokoten hugo; do
            tsv=$WORK/$t-$n-$s.tsv
            wall[$t]=$(cut -d' ' -f1 "$tsv" | median)
            rss=$(cut -d' ' -f2 "$tsv" | median)
            cpu=$(cut -d' ' -f3 "$tsv" | median)
            files=$(cut -d' ' -f4 "$tsv" | median)
            bytes=$(cut -d' ' -f5 "$tsv" | median)
            total=$(cut -d' ' -f6 "$tsv" | median)
            per_case=$(awk -v w="${wall[$t]}" -v n="$n" 'BEGIN { printf "%.2f", w * 1000 / n }')
            row="| $n | $s | $t | ${wall[$t]} | $per_case | $(awk -v k="$rss" 'BEGIN { printf "%.0f", k / 1024 }') | $cpu | $files | $(awk -v b="$bytes" 'BEGIN { printf "%.1f", b / 1e6 }') | $total | $runs |"
            if [ "$t" = hugo ]; then
                row="$row $(awk -v h="${wall[hugo]}" -v y="${wall[yokoten]}" 'BEGIN { printf "%.2f", h / y }') |"
            else
                row="$row |"
            fi
            echo "$row" | tee -a "$RESULTS"
        done
    done
    echo "  all runs (wall s, clean/unchanged/edit):" >&2
    for t in yokoten hugo; do
        echo "    $t: $(for s in $SCENARIOS; do echo -n "$s $(cut -d' ' -f1 "$WORK/$t-$n-$s.tsv" | tr '\n' ' ')"; done)" >&2
    done
    echo "  yokoten phases (last clean run):$(grep -E '^ +[a-z]' "$WORK/yokoten-$n-clean.last" | tr -s ' ' | tr '\n' ';')" >&2
done
echo >&2
echo "results: $RESULTS; per-run numbers: $WORK/<tool>-<N>-<build>.tsv (wall_s rss_kb cpu_s files_written bytes_written files_in_output)" >&2
