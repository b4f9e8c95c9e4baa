#!/usr/bin/env bash
# Time and peak memory of `slant compare` on inputs of awkward shape: one 50 MB line, one
# plain-text file of 1 GB (and 200 MB, to show memory does not follow the file's size), and
# 100,000 small files. Inputs are generated under target/scale/ (about 1.3 GB) and reused.
#
# Usage: scripts/scale.sh [--keep]    (--keep leaves the generated inputs in place)
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
OUT="target/scale"
KEEP=0
[[ "${1:-}" == "--keep" ]] && KEEP=1
[[ -x /usr/bin/time ]] || { echo "scale: needs /usr/bin/time (apt-get install time)" >&2; exit 2; }
command -v python3 >/dev/null || { echo "scale: needs python3 to generate inputs" >&2; exit 2; }

cargo build --release --quiet --bin slant
SLANT="$ROOT/target/release/slant"
mkdir -p "$OUT"

python3 - "$OUT" <<'EOF'
import os, sys
out = sys.argv[1]
sentence = ("The army shelled Upper Karabakh, the minister said: \u201cthe so-called "
            "\u201cArtsakh\u201d regime fell\u201d, and Nagorno-Karabakh was quiet. ")
paragraph = ("Officials in Stepanakert and Khankendi spoke of the occupied territories "
             "while \u201cwe will return\u201d, said the envoy. ") * 6 + "\n\n"

def fill(path, unit, size):
    if os.path.exists(path) and os.path.getsize(path) >= size:
        return
    data = unit.encode()
    with open(path, "wb") as f:
        for _ in range(size // len(data) + 1):
            f.write(data)

fill(f"{out}/line-50mb.txt", sentence, 50_000_000)      # no line break at all
fill(f"{out}/file-200mb.txt", paragraph, 200_000_000)
fill(f"{out}/file-1gb.txt", paragraph, 1_000_000_000)
many = f"{out}/many"
if not os.path.exists(f"{many}/o49/a099999.txt"):
    for i in range(100_000):
        d = f"{many}/o{i % 50:02d}"
        os.makedirs(d, exist_ok=True)
        with open(f"{d}/a{i:06d}.txt", "w") as f:
            f.write(f"---\noutlet: Outlet {i % 50}\n---\n{sentence}Article {i}.\n")
EOF

echo "| input | size | seconds | MB/s | peak RSS MB |"
echo "|---|---:|---:|---:|---:|"
for input in line-50mb.txt file-200mb.txt file-1gb.txt many; do
  path="$OUT/$input"
  bytes=$(du -sb "$path" | cut -f1)
  /usr/bin/time -f "%e %M" -o "$OUT/time.txt" \
    "$SLANT" compare --format csv -l nagorno-karabakh "$path" > /dev/null
  read -r seconds kb < "$OUT/time.txt"
  awk -v name="$input" -v b="$bytes" -v s="$seconds" -v kb="$kb" \
    'BEGIN { printf "| %s | %.0f MB | %.2f | %.0f | %.0f |\n", name, b / 1e6, s, b / 1e6 / s, kb / 1024 }'
done
[[ $KEEP -eq 1 ]] || rm -rf "$OUT"
