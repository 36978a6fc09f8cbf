"""Two writing processes and a reader on one book: nothing lost, no id given out twice."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from tradebook.book.store import Store

ROOT = Path(__file__).resolve().parents[2]

WRITER = """
import os, sys, time
from tradebook.book.store import Store
path, tag, count, compact_lines, go = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4]), sys.argv[5]
Store.JOURNAL_MAX_LINES = compact_lines
store = Store.open(path, lock_timeout=60)
print("ready", flush=True)
while not os.path.exists(go):
    time.sleep(0.001)
for n in range(count):
    with store.transaction() as txn:
        txn.insert("jobs", {"tag": tag, "n": n})
        if n % 10 == 9:
            txn.update("jobs", txn.next_id("jobs") - 1, {"checked": True})
store.close()
"""

READER = """
import json, os, sys, time
from tradebook.book.store import Store
path, stop = sys.argv[1], sys.argv[2]
store = Store.open(path, lock_timeout=60)
seen, changes, version = 0, 0, store.version
while True:
    finished = os.path.exists(stop)
    changed = store.refresh()
    assert changed == (store.version != version), "version moves exactly when refresh says so"
    version = store.version
    changes += changed
    jobs = store.table("jobs")
    assert len(jobs) >= seen, f"records went missing: {len(jobs)} < {seen}"
    assert sorted(jobs) == list(range(1, len(jobs) + 1)), "ids not contiguous"
    seen = len(jobs)
    if finished:
        break
    time.sleep(0.001)
print(json.dumps({"seen": seen, "changes": changes}))
"""


def run(code: str, *args: object) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-c", code, *map(str, args)],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def test_two_writers_and_a_reader(book: Path, tmp_path: Path):
    two_writers_and_a_reader(book, tmp_path)


def two_writers_and_a_reader(book: Path, tmp_path: Path, prelude: str = "") -> None:
    """`prelude` runs first in each process (the Windows tests switch the rules with it)."""
    Store.open(book).close()
    stop, go = tmp_path / "stop", tmp_path / "go"
    reader = run(prelude + READER, book, stop)
    writers = [
        run(prelude + WRITER, book, "a", 200, 5000, go),
        run(prelude + WRITER, book, "b", 200, 7, go),
    ]
    for writer in writers:
        assert writer.stdout.readline() == "ready\n"
    go.touch()  # both start writing at once
    for writer in writers:
        out, err = writer.communicate(timeout=120)
        assert writer.returncode == 0, err
    stop.touch()
    out, err = reader.communicate(timeout=60)
    assert reader.returncode == 0, err
    report = json.loads(out)
    assert report["changes"] > 1

    with Store.open(book) as store:
        jobs = store.table("jobs")
        assert sorted(jobs) == list(range(1, 401))
        for tag in "ab":
            assert sorted(d["n"] for d in jobs.values() if d["tag"] == tag) == list(range(200))
        assert sum(1 for d in jobs.values() if d.get("checked")) == 40
        turns = sum(jobs[i]["tag"] != jobs[i + 1]["tag"] for i in range(1, 400))
        assert turns > 10, "the writers did not really overlap"
    assert report["seen"] == 400
