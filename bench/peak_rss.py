"""Run a command and print the peak total RSS (kB) of its whole process tree, sampled
from /proc every 20 ms (Linux). The last line of stdout is the figure."""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path


def tree_rss_kb(root: int) -> int:
    parents: dict[int, int] = {}
    rss: dict[int, int] = {}
    for status in Path("/proc").glob("[0-9]*/status"):
        try:
            fields = dict(line.split(":", 1) for line in status.read_text().splitlines() if ":" in line)
        except OSError:
            continue
        pid = int(status.parent.name)
        parents[pid] = int(fields.get("PPid", "0").strip())
        rss[pid] = int(fields.get("VmRSS", "0 kB").split()[0])
    members, frontier = {root}, [root]
    while frontier:
        parent = frontier.pop()
        children = [p for p, pp in parents.items() if pp == parent and p not in members]
        members.update(children)
        frontier += children
    return sum(rss.get(p, 0) for p in members)


def main() -> None:
    process = subprocess.Popen(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    peak = 0
    while process.poll() is None:
        peak = max(peak, tree_rss_kb(process.pid))
        time.sleep(0.02)
    if process.returncode != 0:
        sys.exit(process.stderr.read().decode()[-2000:])
    print(peak)


if __name__ == "__main__":
    main()
