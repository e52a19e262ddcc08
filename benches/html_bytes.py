#!/usr/bin/env python3
"""Where the HTML bytes of a built site go, per page kind.

    python3 benches/html_bytes.py OUTPUT_DIR

Groups the pages by kind (case, category/tag/prefecture/municipality term pages and their
lists, case list, search, home, other) and prints, per kind: pages, total MB, mean KB per
page, and the share of the page taken by each part that pages repeat — the site header,
the footer, inline SVG, JSON-LD, <head>, navigation and pagination — with the rest counted
as the page's own content. Raw and gzip sizes: gzip is what a phone downloads, raw what the
disk stores. Measures only; changes nothing.
"""

import gzip
import os
import re
import sys
from collections import defaultdict

# In this order: a part found is cut out before the next is looked for, so JSON-LD and SVG
# are counted as themselves wherever they sit (in <head>, in the header).
PARTS = [
    ("json-ld", re.compile(r'<script type="application/ld\+json">.*?</script>', re.S)),
    ("inline svg", re.compile(r"<svg\b.*?</svg>", re.S)),
    ("head", re.compile(r"<head>.*?</head>", re.S)),
    ("site header", re.compile(r'<header class="site-header">.*?</header>', re.S)),
    ("site footer", re.compile(r'<footer class="site-footer">.*?</footer>', re.S)),
    ("breadcrumbs", re.compile(r'<nav class="breadcrumbs".*?</nav>', re.S)),
    ("pagination", re.compile(r'<nav class="pagination".*?</nav>', re.S)),
    ("toc", re.compile(r'<nav class="toc".*?</nav>', re.S)),
    ("case pager", re.compile(r'<nav class="case-pager".*?</nav>', re.S)),
]


def kind(rel):
    parts = rel.split("/")
    if rel == "index.html":
        return "home"
    if parts[0] == "cases":
        return "case list" if len(parts) == 2 or parts[1] == "page" else "case"
    if parts[0] == "search":
        return "search"
    if parts[0] in ("categories", "tags", "prefectures", "municipalities"):
        return f"{parts[0]} (list)" if len(parts) == 2 else f"{parts[0]} (term)"
    return "other"


def measure(root):
    stats = defaultdict(lambda: defaultdict(int))
    for dirpath, _, files in os.walk(root):
        for f in files:
            if not f.endswith(".html"):
                continue
            path = os.path.join(dirpath, f)
            rel = os.path.relpath(path, root).replace(os.sep, "/")
            text = open(path, encoding="utf-8", errors="replace").read()
            raw = len(text.encode())
            s = stats[kind(rel)]
            s["pages"] += 1
            s["raw"] += raw
            s["gzip"] += len(gzip.compress(text.encode(), 6))
            rest = text
            for name, rx in PARTS:
                found = rx.findall(rest)
                s[name] += sum(len(m.encode()) for m in found)
                # Count each byte once.
                rest = rx.sub("", rest)
            s["own content"] += len(rest.encode())
    return stats


def main():
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    stats = measure(sys.argv[1])
    names = [n for n, _ in PARTS] + ["own content"]
    total = sum(s["raw"] for s in stats.values())
    print(f"HTML: {sum(s['pages'] for s in stats.values())} pages, {total / 1e6:.1f} MB raw, "
          f"{sum(s['gzip'] for s in stats.values()) / 1e6:.1f} MB gzip")
    print()
    print("| kind | pages | MB raw | KB per page | KB gzip per page | " + " | ".join(names) + " |")
    print("|---" * (5 + len(names)) + "|")
    for k, s in sorted(stats.items(), key=lambda kv: -kv[1]["raw"]):
        shares = " | ".join(f"{100 * s[n] / s['raw']:.0f}%" for n in names)
        print(f"| {k} | {s['pages']} | {s['raw'] / 1e6:.1f} | {s['raw'] / s['pages'] / 1e3:.1f} | "
              f"{s['gzip'] / s['pages'] / 1e3:.1f} | {shares} |")
    print()
    print("Share of all HTML bytes, per part:")
    for n in names:
        part = sum(s[n] for s in stats.values())
        print(f"  {n}: {part / 1e6:.1f} MB ({100 * part / total:.0f}%)")


if __name__ == "__main__":
    main()
