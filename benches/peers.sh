#!/usr/bin/env bash
# Side-by-side benchmark: yokoten and Hugo build the same generated corpus.
#
#   bash benches/peers.sh                 # N = 1,000, 10,000 and 100,000
#   SIZES="1000 10000" RUNS=5 bash benches/peers.sh
#
# For each N the corpus generator (benches/gen_corpus.rs) writes a yokoten site and an
# equivalent Hugo site: the same cases, the same four taxonomies, lists and term pages
# paginated 20 to a page. Each tool then builds its site RUNS times (RUNS_100K for N >= 100,000)
# into an emptied output folder; the order of the two tools alternates from run to run so
# that neither always runs first. Printed for each N and tool: the median wall time, the
# median peak memory (/usr/bin/time -v), CPU time, files, HTML pages and bytes written, and the
# ratio Hugo / yokoten of the medians measured in the same run of this script.
#
# A third build, yokoten-noindex (YOKOTEN_SKIP_SEARCH_INDEX=1: no documents go into the search
# index), runs beside the other two: the search index's share of yokoten's build is
# 1 - its median wall time / yokoten's.
#
# yokoten's numbers are for whatever `yokoten build` writes (pages, feeds and, when the build
# includes it, the search index under search/); the table says whether search/ was written.
#
# Environment: SIZES, RUNS (default 3), RUNS_100K (default 1), WORK (default
# /tmp/yokoten-peers: corpora and outputs, ~10 GB free needed for N = 100,000),
# CARGO_TARGET_DIR (as usual), KEEP_OUTPUT=1 to rebuild over the previous output instead of an
# emptied folder, OUT_FS=disk (default) or tmpfs: where the outputs go. With tmpfs (needs
# root) the outputs are written to a RAM file system mounted for the run: at N = 100,000
# the two outputs take ~5 GB of RAM beside Hugo's own ~14 GB, so nothing else large may be
# in RAM then (a 24 GB machine has no room for another RAM file system's leftovers).
# Why tmpfs: on a file system without a journal (this machine's ext4), creating files just
# after deleting many costs CPU in the kernel's inode allocator, which
# skips recently freed inodes one by one; the cost depends on what was deleted in the last
# minutes, by either tool, so on disk the figures swing by 2-5x from run to run. tmpfs
# measures the tools' own work, system calls included.
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

# run TOOL N OUT LOG: one timed build; appends "wall_s rss_kb cpu_s" to $LOG.tsv
run() {
    local tool=$1 n=$2 out=$3 log=$4
    if [ -z "${KEEP_OUTPUT:-}" ]; then rm -rf "$out"; fi
    sync
    local tv=$WORK/time.txt
    case $tool in
        yokoten)
            YOKOTEN_TIMINGS=1 /usr/bin/time -v -o "$tv" "$YOKOTEN" build --root "$WORK/y$n" --output "$out" >"$log.last" 2>&1 ;;
        yokoten-noindex)
            # The same build without the search index: what the index costs is the
            # difference (its share: 1 - this wall / yokoten's wall).
            YOKOTEN_SKIP_SEARCH_INDEX=1 /usr/bin/time -v -o "$tv" "$YOKOTEN" build --root "$WORK/y$n" --output "$out" >"$log.last" 2>&1 ;;
        hugo)
            /usr/bin/time -v -o "$tv" hugo --quiet --source "$WORK/h$n" --destination "$out" \
                --cacheDir "$WORK/hugo-cache" >"$log.last" 2>&1 ;;
    esac
    cat "$log.last" >>"$log.out"
    awk -F': ' '
        /Elapsed \(wall clock\)/ { n = split($2, t, ":"); s = 0; for (i = 1; i <= n; i++) s = s * 60 + t[i]; wall = s }
        /Maximum resident set size/ { rss = $2 }
        /User time/ { u = $2 } /System time/ { sy = $2 }
        END { printf "%.2f %d %.2f\n", wall, rss, u + sy }' "$tv" >>"$log.tsv"
}

# count_output DIR: "files html_pages bytes"
count_output() {
    echo "$(find "$1" -type f | wc -l) $(find "$1" -type f -name '*.html' | wc -l) $(du -s --apparent-size --block-size=1 "$1" | cut -f1)"
}

RESULTS=$WORK/results.md
{
    echo "machine: $(nproc) cores, $(awk '/MemTotal/ { printf "%.0f GiB", $2 / 1048576 }' /proc/meminfo), $(uname -sr)"
    echo "yokoten: $(cd "$ROOT" && git rev-parse --short HEAD)$(cd "$ROOT" && git diff --quiet HEAD -- src themes || echo '+local changes'); $(rustc --version)"
    echo "hugo: $(hugo version | cut -d' ' -f1-2)"
    echo "date: $(date -u +%Y-%m-%dT%H:%MZ); outputs on: $OUT_FS"
    echo
    echo "| N | tool | wall s (median) | ms per case | peak RSS MB | CPU s | files | HTML pages | MB written | search | search index share of wall | runs | load before | Hugo / yokoten wall | Hugo / yokoten RSS |"
    echo "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|"
} >"$RESULTS"
cat "$RESULTS"

for n in $SIZES; do
    stamp=$WORK/y$n/.corpus-stamp
    want="$n $(sha1sum "$ROOT/benches/gen_corpus.rs" | cut -c1-12)"
    if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$want" ]; then
        echo "generating N=$n" >&2
        "$GEN" "$n" "$WORK/y$n" --hugo "$WORK/h$n" >&2
        echo "$want" >"$stamp"
    fi
    # Always measure the theme of this tree.
    rm -rf "$WORK/y$n/themes/default"
    cp -a "$ROOT/themes/default" "$WORK/y$n/themes/default"

    runs=$RUNS
    if [ "$n" -ge 100000 ]; then runs=$RUNS_100K; fi
    load=$(cut -d' ' -f1 /proc/loadavg)
    for t in yokoten yokoten-noindex hugo; do rm -f "$WORK/$t-$n.tsv" "$WORK/$t-$n.out" "$WORK/$t-$n.count"; done
    for r in $(seq 1 "$runs"); do
        if [ $((r % 2)) -eq 1 ]; then order="yokoten yokoten-noindex hugo"; else order="hugo yokoten-noindex yokoten"; fi
        for t in $order; do
            echo "N=$n run $r/$runs: $t (load $(cut -d' ' -f1 /proc/loadavg))" >&2
            run "$t" "$n" "$OUTS/out-$t-$n" "$WORK/$t-$n"
            if [ "$t" = yokoten-noindex ]; then
                # Counted now and removed: at N = 100,000 a third output in RAM (with OUT_FS=tmpfs)
                # beside Hugo's 14 GB would leave the machine no memory.
                count_output "$OUTS/out-$t-$n" >"$WORK/$t-$n.count"
                rm -rf "$OUTS/out-$t-$n"
            fi
        done
    done
    declare -A wall rss
    wall[yokoten-noindex]=$(cut -d' ' -f1 "$WORK/yokoten-noindex-$n.tsv" | median)
    for t in yokoten yokoten-noindex hugo; do
        out=$OUTS/out-$t-$n
        wall[$t]=$(cut -d' ' -f1 "$WORK/$t-$n.tsv" | median)
        rss[$t]=$(cut -d' ' -f2 "$WORK/$t-$n.tsv" | median)
        cpu=$(cut -d' ' -f3 "$WORK/$t-$n.tsv" | median)
        if [ -f "$WORK/$t-$n.count" ]; then
            read -r files pages bytes <"$WORK/$t-$n.count"
        else
            read -r files pages bytes < <(count_output "$out")
        fi
        search=no
        if [ -d "$out/search" ] && [ -n "$(find "$out/search" -type f ! -name '*.html' | head -1)" ]; then search=yes; fi
        if [ "$t" = yokoten-noindex ]; then search="no (skipped)"; fi
        # The search index's share of the build: what the wall time loses with it.
        share=
        if [ "$t" = yokoten ]; then
            share=$(awk -v w="${wall[yokoten]}" -v o="${wall[yokoten-noindex]}" 'BEGIN { printf "%.0f%% (%.2f s without)", (1 - o / w) * 100, o }')
        fi
        per_case=$(awk -v w="${wall[$t]}" -v n="$n" 'BEGIN { printf "%.2f", w * 1000 / n }')
        row="| $n | $t | ${wall[$t]} | $per_case | $(awk -v k="${rss[$t]}" 'BEGIN { printf "%.0f", k / 1024 }') | $cpu | $files | $pages | $(awk -v b="$bytes" 'BEGIN { printf "%.1f", b / 1e6 }') | $search | $share | $runs | $load |"
        if [ "$t" = hugo ]; then
            row="$row $(awk -v h="${wall[hugo]}" -v y="${wall[yokoten]}" 'BEGIN { printf "%.2f", h / y }') | $(awk -v h="${rss[hugo]}" -v y="${rss[yokoten]}" 'BEGIN { printf "%.2f", h / y }') |"
        else
            row="$row | |"
        fi
        echo "$row" | tee -a "$RESULTS"
    done
    echo "  yokoten phases (last run):$(grep -E '^ +[a-z]' "$WORK/yokoten-$n.last" | tr -s ' ' | tr '\n' ';')" >&2
done
echo >&2
echo "results: $RESULTS; per-run numbers: $WORK/<tool>-<N>.tsv (wall_s rss_kb cpu_s)" >&2
