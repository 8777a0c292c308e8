#!/bin/sh
# Time and peak memory (VmHWM, as GNU time's maximum RSS) of relive-cli given a file that is
# not a plugin: a sparse 3 GB file of zeros and a named pipe. Issue 16; figures in RESULTS.md.
# Usage: bench/hostilefiles.sh path/to/relive-cli [scratch folder]
set -eu
cli=$1
scratch=${2:-$(mktemp -d)}
mkdir -p "$scratch"
rm -f "$scratch/sparse.so" "$scratch/fifo.so"
truncate -s 3G "$scratch/sparse.so"
mkfifo "$scratch/fifo.so"
for command in inspect load; do
    for file in sparse.so fifo.so; do
        # A hang is cut at 30 s, and shows as such.
        /usr/bin/time -f "$command $file: %e s, peak RSS %M KB, exit %x" \
            timeout 30 "$cli" "$command" "$scratch/$file" >/dev/null 2>"$scratch/err" || true
        tail -n 1 "$scratch/err"
    done
done
rm -f "$scratch/sparse.so" "$scratch/fifo.so"
