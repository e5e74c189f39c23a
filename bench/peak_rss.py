"""Run a command and print the peak RSS (kB) of its whole process tree (summed) and of
the command's own process, sampled from /proc every 20 ms (Linux). The last line of
stdout is the two figures."""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path


def tree_rss_kb(root: int) -> tuple[int, int]:
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
    return sum(rss.get(p, 0) for p in members), rss.get(root, 0)


def main() -> None:
    process = subprocess.Popen(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    tree = own = 0
    while process.poll() is None:
        total, root = tree_rss_kb(process.pid)
        tree, own = max(tree, total), max(own, root)
        time.sleep(0.02)
    if process.returncode != 0:
        sys.exit(process.stderr.read().decode()[-2000:])
    print(tree, own)


if __name__ == "__main__":
    main()
