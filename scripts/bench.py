"""Measure tradebook on the 10-year reference book (DESIGN §8), each figure beside its floor.

    python scripts/bench.py              # readable table
    python scripts/bench.py --json       # one JSON object
    python scripts/bench.py --years 30   # a whole career's book (or --years 1: the first year's)

The reference book is generated deterministically (seed 7, today 2026-11-22) into a cache
folder the first time and reused afterwards; `--years N` grows its customers, and so its
history, in proportion (the 10-year book is the same whatever N was asked before).
Whole-process figures (`tradebook log`, `flags`, the app under a pseudo-terminal) are timed
from outside; `peak_rss_mb` is the peak resident memory of `tradebook flags` in MiB. With
`hledger` on PATH the book's receivables are converted to an hledger journal
(scripts/hledger_journal.py, totals checked to the cent) and `tradebook flags` is timed
against `hledger bal` on it, pair by pair.
"""

from __future__ import annotations

import argparse
import fcntl
import gc
import json
import os
import re
import select
import shutil
import statistics
import struct
import subprocess
import sys
import tempfile
import termios
import time
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

import orjson

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

TODAY = date(2026, 11, 22)
SEED = 7


def median_ms(fn, runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def bare_parse(path: Path) -> None:
    """The floor for opening: read and parse the file, with the collector off (as the store does)."""
    gc.disable()
    try:
        orjson.loads(path.read_bytes())
    finally:
        gc.enable()


def reference_book(cache: Path, years: int = 10) -> Path:
    """The book of `years` years (10: the reference), built once and kept as a clean snapshot."""
    from tradebook.demo import fill_demo
    from tradebook.services.book import Book

    path = cache / f"reference-v7-{SEED}-{TODAY}-{years}y.json"
    if path.exists():
        return path
    cache.mkdir(parents=True, exist_ok=True)
    building = cache / "building" / "book.json"
    shutil.rmtree(building.parent, ignore_errors=True)
    book = Book.open(building, create=True)
    fill_demo(book, today=TODAY, seed=SEED, size="reference", years=years)
    book.store.compact()
    book.close()
    os.replace(building, path)
    shutil.rmtree(building.parent, ignore_errors=True)
    return path


def fresh_copy(reference: Path, work: Path, name: str) -> Path:
    folder = work / name
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    target = folder / "book.json"
    shutil.copyfile(reference, target)
    return target


def bench(reference: Path, work: Path, runs: int, years: int = 10) -> dict:
    os.environ["TRADEBOOK_TODAY"] = TODAY.isoformat()
    from tradebook.book.store import Store
    from tradebook.services.book import Book

    results: dict[str, float | int | str | None] = {"years": years}
    raw = reference.read_bytes()
    results["book_mb"] = round(len(raw) / 1e6, 1)
    results["parse_floor_ms"] = median_ms(lambda: bare_parse(reference), runs)

    book_path = fresh_copy(reference, work, "open")
    results["open_lazy_ms"] = median_ms(lambda: Store.open(book_path, create=False), runs)
    results["open_ms"] = median_ms(lambda: read_all(Store.open(book_path, create=False)), runs)

    book = Book.open(book_path)
    view = book.view
    counts = {t: len(view.table(t)) for t in ("customers", "jobs", "invoices", "contacts")}
    results.update({f"n_{k}": v for k, v in counts.items()})

    at = datetime(2026, 11, 22, 12, 0, tzinfo=timezone(timedelta(hours=-5)))
    customer = view.customers()[len(view.customers()) // 2]["ref"]

    results["dashboard_first_ms"] = statistics.median(
        first_dashboard(book_path) for _ in range(runs)
    )
    dashboard(book)
    redraws = []
    for i in range(runs):
        book.log_contact(
            customer, f"Redraw {i}: left a voicemail", via="call", at=at, outcome="voicemail"
        )
        start = time.perf_counter()
        dashboard(book)
        redraws.append((time.perf_counter() - start) * 1000)
    results["dashboard_ms"] = statistics.median(redraws)
    results["next_actions_ms"] = statistics.median(next_actions_after(book) for _ in range(runs))

    saves = []
    for i in range(max(20, runs * 4)):
        book.view.table("contacts")  # as the app holds a picture: the save must not change it
        start = time.perf_counter()
        book.log_contact(
            customer,
            f"Quick log {i}: left a voicemail about the balance",
            via="call",
            at=at,
            outcome="voicemail",
        )
        saves.append((time.perf_counter() - start) * 1000)
    results["quicklog_save_ms"] = statistics.median(saves)
    line = orjson.dumps(book.view.table("contacts")[-1]) + b"\n"
    results["append_floor_ms"] = append_floor(work / "floor.bin", line, max(20, runs * 4))

    inv_ref = view.table("invoices")[len(view.table("invoices")) // 2]["ref"]
    from tradebook.cli.records import invoice_json

    results["invoice_lookup_ms"] = median_ms(
        lambda: invoice_json(book.view, book.get(inv_ref, "invoices"), TODAY), runs
    )
    book.close()

    cli_path = fresh_copy(reference, work, "cli")
    cli_runs = []
    env = {**os.environ, "TRADEBOOK_BOOK": str(cli_path)}
    for i in range(runs):
        start = time.perf_counter()
        subprocess.run(
            [
                sys.executable,
                "-m",
                "tradebook",
                "log",
                customer,
                f"CLI log {i}",
                "--via",
                "call",
                "--outcome",
                "voicemail",
            ],
            env=env,
            check=True,
            capture_output=True,
        )
        cli_runs.append(time.perf_counter() - start)
    results["cli_log_s"] = statistics.median(cli_runs)
    results["cli_start_s"] = cli_start(runs)
    results.update(flags_figures(fresh_copy(reference, work, "flags"), work, max(3, runs // 2)))
    results.update(tui_figures(fresh_copy(reference, work, "tui"), max(3, runs // 2)))

    results.update(bundle_figures(reference, work, runs))
    results["import_s"] = import_figure(reference, work, max(3, runs // 2))
    results["stock_tinydb_insert_ms"] = stock_tinydb_insert(reference, work, max(3, runs // 2))
    return results


def tradebook_command() -> list[str]:
    """The installed command when there is one beside this Python, else `python -m tradebook`."""
    script = Path(sys.executable).with_name("tradebook")
    return [str(script)] if script.exists() else [sys.executable, "-m", "tradebook"]


#: Started by a small Python, not by the bench itself: a child's peak memory (ru_maxrss) counts
#: the memory of the process it was forked from, and the bench holds a whole book.
_TIMER = """
import os, sys, time
start = time.perf_counter()
pid = os.fork()
if pid == 0:
    null = os.open(os.devnull, os.O_RDWR)
    for fd in (0, 1, 2):
        os.dup2(null, fd)
    try:
        os.execvp(sys.argv[1], sys.argv[1:])
    finally:
        os._exit(127)
_, status, usage = os.wait4(pid, 0)
print(time.perf_counter() - start, usage.ru_maxrss, os.waitstatus_to_exitcode(status))
"""


def whole_process(command: list[str], env: dict | None = None) -> tuple[float, float]:
    """(wall seconds, peak resident memory in MiB) of one run of `command`, output thrown away."""
    done = subprocess.run(
        [sys.executable, "-S", "-c", _TIMER, *command],
        env=env,
        check=True,
        capture_output=True,
        text=True,
    )
    wall, maxrss, code = done.stdout.split()
    if code != "0":
        raise SystemExit(f"{' '.join(command)} exited {code}")
    return float(wall), int(maxrss) / 1024  # ru_maxrss is in KiB on Linux


def flags_figures(book: Path, work: Path, runs: int) -> dict:
    """Whole `tradebook flags` process: its time and peak memory; beside `hledger bal` on the
    same receivables when hledger is installed, run in turn (A B A B ...), ratio pair by pair."""
    env = {**os.environ, "TRADEBOOK_BOOK": str(book)}
    flags = [*tradebook_command(), "flags"]
    hledger = shutil.which("hledger")
    other = None
    if hledger:
        sys.path.insert(0, str(ROOT / "scripts"))
        from hledger_journal import check, hledger_receivables, write_journal

        journal = work / "receivables.journal"
        differ = check(write_journal(book, journal), hledger_receivables(journal, hledger))
        if differ:
            raise SystemExit(f"the hledger journal disagrees with the book: {differ[:3]}")
        other = [hledger, "-f", str(journal), "bal"]
        whole_process(other)
    whole_process(flags, env)  # warm the caches
    ours, theirs, ratios = [], [], []
    for _ in range(runs):
        ours.append(whole_process(flags, env))
        if other:
            theirs.append(whole_process(other))
            ratios.append(ours[-1][0] / theirs[-1][0])
    found = {
        "flags_s": statistics.median(w for w, _ in ours),
        "peak_rss_mb": round(statistics.median(m for _, m in ours), 1),
        "hledger_bal_s": None,
        "hledger_peak_rss_mb": None,
        "hledger_flags_ratio": None,
    }
    if theirs:
        found.update(
            hledger_bal_s=statistics.median(w for w, _ in theirs),
            hledger_peak_rss_mb=round(statistics.median(m for _, m in theirs), 1),
            hledger_flags_ratio=round(statistics.median(ratios), 3),
        )
    return found


_ESCAPES = re.compile(
    rb"\x1b\[[0-9;?<=>]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)"
    rb"|\x1b[()][0-9A-Za-z]|\x1b[=>78]"
)
#: what the dashboard shows once the money owed is drawn, once today's actions are (the Today
#: table's bottom border) and once the warning signs are: the whole dashboard
TUI_OWED, TUI_TODAY, TUI_DASHBOARD = b" owed", b" to do", b" signs, "
TUI_MARKS = (TUI_OWED, TUI_TODAY, TUI_DASHBOARD)


def tui_figures(book: Path, runs: int) -> dict:
    """The app started in an 80x24 pseudo-terminal: seconds until the money owed is on screen,
    until today's actions are, and until the whole dashboard is. One run first takes the day's
    backup, as the first start of a day does; the runs timed are the day's later starts."""
    tui_start(book)
    timings = [tui_start(book) for _ in range(runs)]
    return {
        "tui_owed_s": statistics.median(t[TUI_OWED] for t in timings),
        "tui_today_s": statistics.median(t[TUI_TODAY] for t in timings),
        "tui_dashboard_s": statistics.median(t[TUI_DASHBOARD] for t in timings),
    }


def tui_start(book: Path, timeout: float = 60.0) -> dict[bytes, float]:
    master, slave = os.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 80, 0, 0))
    env = {**os.environ, "TRADEBOOK_BOOK": str(book), "TERM": "xterm-256color"}
    start = time.perf_counter()
    child = subprocess.Popen(
        tradebook_command(),
        stdin=slave,
        stdout=slave,
        stderr=slave,
        env=env,
        start_new_session=True,
        preexec_fn=lambda: fcntl.ioctl(0, termios.TIOCSCTTY, 0),
    )
    os.close(slave)
    seen: dict[bytes, float] = {}
    screen = b""
    try:
        while len(seen) < len(TUI_MARKS) and time.perf_counter() - start < timeout:
            if not select.select([master], [], [], 0.2)[0]:
                continue
            try:
                data = os.read(master, 1 << 16)
            except OSError:
                break
            if not data:
                break
            screen += data
            text = _ESCAPES.sub(b"", screen[-(1 << 20) :])
            for mark in TUI_MARKS:
                if mark not in seen and mark in text:
                    seen[mark] = time.perf_counter() - start
        os.write(master, b"\x11")  # ctrl+q
        while child.poll() is None:
            if select.select([master], [], [], 0.2)[0]:
                try:
                    os.read(master, 1 << 16)
                except OSError:
                    break
        child.wait(timeout)
    finally:
        if child.poll() is None:
            child.kill()
            child.wait()
        os.close(master)
    if len(seen) < len(TUI_MARKS):
        raise SystemExit(f"the app did not show its dashboard within {timeout:.0f} s")
    return seen


def cli_start(runs: int) -> float:
    """Whole `tradebook --version` process (s): what every command pays before its own work.
    The installed command when there is one beside this Python, else `python -m tradebook`."""
    command = tradebook_command()
    subprocess.run([*command, "--version"], check=True, capture_output=True)  # warm the caches
    timings = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run([*command, "--version"], check=True, capture_output=True)
        timings.append(time.perf_counter() - start)
    return statistics.median(timings)


def read_all(store) -> None:
    """Parse every table not parsed yet: with opening, the whole book read."""
    for name in store.unread:
        store.table(name)


def first_dashboard(path: Path) -> float:
    """The first dashboard of a process that has just opened the book and read it all (ms),
    measured in a fresh process: nothing worked out before, nothing warmed."""
    done = subprocess.run(
        [sys.executable, __file__, "--first-dashboard", str(path)],
        check=True,
        capture_output=True,
        text=True,
    )
    return float(done.stdout)


def time_first_dashboard(path: Path) -> None:
    import tradebook.domain.aging
    import tradebook.domain.flags
    import tradebook.settings  # noqa: F401  (imported, as in the app, before the clock starts)
    from tradebook.services.book import Book

    book = Book.open(path, daily_backup=False)
    read_all(book.store)
    start = time.perf_counter()
    dashboard(book)
    print((time.perf_counter() - start) * 1000)


def dashboard(book) -> tuple:
    """DESIGN §8's dashboard figure: a fresh indexed view, aging and every warning sign.

    The app redraws it after every write: indexes of tables the write did not touch are
    reused (`dashboard_ms`, measured after a quick log). With every kept figure forgotten
    first it is the first dashboard of a process (`dashboard_first_ms`).
    """
    from tradebook.domain.aging import aging
    from tradebook.domain.flags import all_flags
    from tradebook.domain.view import BookView
    from tradebook.settings import load_settings

    view = BookView(book.view.tables)  # a fresh view
    settings = load_settings(book.path)
    aging(view, TODAY)
    all_flags(view, TODAY, settings)
    return view, settings


def next_actions_after(book) -> float:
    """Today's next actions, on a view whose flags and aging are already worked out (ms)."""
    from tradebook.domain.ladder import next_actions

    view, settings = dashboard(book)
    start = time.perf_counter()
    next_actions(view, TODAY, settings)
    return (time.perf_counter() - start) * 1000


def append_floor(path: Path, line: bytes, runs: int) -> float:
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
    try:

        def once() -> None:
            os.write(fd, line)
            os.fsync(fd)

        return median_ms(once, runs)
    finally:
        os.close(fd)


def bundle_figures(reference: Path, work: Path, runs: int) -> dict:
    try:
        from tradebook.documents.bundle import build_bundle
    except ImportError:
        return {"bundle_s": None, "bundle_pages": None}
    from tradebook.services.book import Book

    book = Book.open(fresh_copy(reference, work, "bundle"))
    view = book.view
    # the customer who owes with the longest record: the biggest bundle this book can ask for
    from tradebook.domain.accounts import accounts

    owing = [c for c in view.customers() if accounts(view).balance(c["ref"]) > 0]
    customer = max(owing, key=lambda c: len(customer_timeline_len(view, c["ref"])))["ref"]
    demand_made(book, customer, work)
    view = book.view
    out = work / "bundle.pdf"
    timings = []
    pages = 0
    for _ in range(max(3, runs // 2)):
        start = time.perf_counter()
        result = build_bundle(view, customer, "small-claims", TODAY, out)
        timings.append(time.perf_counter() - start)
        pages = getattr(result, "pages", None) or _count_pages(out)
    return {
        "bundle_s": statistics.median(timings),
        "bundle_pages": pages,
        "bundle_customer": customer,
    }


def demand_made(book, customer: str, work: Path) -> None:
    """What a real small claim has behind it: a final notice sent by certified mail a month
    ago naming every open invoice (so its pay-by date has passed), and the job's own files —
    a 12-megapixel phone photo and a 6-page scanned work order — attached to the work."""
    from tradebook.domain.accounts import accounts
    from tradebook.domain.refs import make_ref

    view = book.view
    books = accounts(view)
    owed = [i for i in view.records(customer, "invoices") if books.money(i).balance > 0]
    job = next((j for i in owed for j in i.get("jobs", ())), None)
    if job is not None:
        for path in exhibit_files(work):
            book.attach(job, path)
    sent = TODAY - timedelta(days=30)
    with book.store.transaction() as tx:
        ref = make_ref("letters", tx.next_id("letters"))
        tx.insert(
            "letters",
            {
                "ref": ref,
                "customer": customer,
                "kind": "final",
                "invoices": [i["ref"] for i in owed],
                "date": sent.isoformat(),
                "body": "Final notice.",
                "sha256": "0" * 64,
                "delivery": {"via": "certified", "tracking": "9589 0710 5270 0123 4567 89"},
                "contact": None,
                "deadline": (sent + timedelta(days=14)).isoformat(),
                "note": None,
                "pay_by": (sent + timedelta(days=14)).isoformat(),
                "demanded": {
                    "principal": sum(books.money(i).balance for i in owed),
                    "late_fees": 0,
                    "interest": 0,
                },
            },
        )


def exhibit_files(work: Path) -> list[Path]:
    """A phone photo (4032 × 3024 JPEG) and a 6-page PDF, made once per run."""
    from fpdf import FPDF
    from PIL import Image, ImageDraw

    photo, scan = work / "IMG_2041.jpg", work / "work-order-scan.pdf"
    if not photo.exists():
        img = Image.new("RGB", (4032, 3024), (180, 190, 200))
        draw = ImageDraw.Draw(img)
        for n in range(0, 4032, 96):
            draw.line((n, 0, 4032 - n, 3024), fill=(n % 255, 90, 140), width=9)
        img.save(photo, quality=88)
    if not scan.exists():
        pdf = FPDF(format="Letter")
        for n in range(1, 7):
            pdf.add_page()
            pdf.set_font("helvetica", "B", 20)
            pdf.text(25, 40, f"WORK ORDER - sheet {n} of 6")
            pdf.set_font("helvetica", "", 11)
            for line in range(40):
                pdf.text(
                    25, 55 + 5 * line, f"Item {line + 1}: circuit, breaker, cable run and test"
                )
        pdf.output(str(scan))
    return [photo, scan]


def import_figure(reference: Path, work: Path, runs: int) -> float:
    """Whole `tradebook import` process (s): the reference book's invoices and customers as a
    generic CSV (one row an invoice), brought into a new book each run."""
    source = work / "import.csv"
    write_generic_csv(fresh_copy(reference, work, "import-source"), source)
    timings = []
    for i in range(runs):
        target = work / f"import-{i}" / "book.json"
        shutil.rmtree(target.parent, ignore_errors=True)
        env = {**os.environ, "TRADEBOOK_BOOK": str(target)}
        subprocess.run(
            [sys.executable, "-m", "tradebook", "init", "--name", "Bench Electric"],
            env=env,
            check=True,
            capture_output=True,
        )
        start = time.perf_counter()
        subprocess.run(
            [sys.executable, "-m", "tradebook", "import", str(source), "--from", "generic"],
            env=env,
            check=True,
            capture_output=True,
        )
        timings.append(time.perf_counter() - start)
    return statistics.median(timings)


def write_generic_csv(reference: Path, target: Path) -> int:
    """`customer,invoice,date,due,amount,paid,email,phone,address`, one row per invoice."""
    import csv

    from tradebook.domain.accounts import accounts
    from tradebook.domain.money import decimal_str
    from tradebook.services.book import Book

    book = Book.open(reference, daily_backup=False)
    view = book.view
    rows = 0
    with open(target, "w", newline="", encoding="utf-8") as f:
        out = csv.writer(f)
        out.writerow(
            ["customer", "invoice", "date", "due", "amount", "paid", "email", "phone", "address"]
        )
        for inv in view.table("invoices"):
            cust = view.get(inv["customer"])
            out.writerow(
                [
                    cust["name"],
                    inv["ref"],
                    inv["issued"],
                    inv["due"],
                    decimal_str(accounts(view).money(inv).total),
                    decimal_str(accounts(view).money(inv).paid),
                    (cust.get("emails") or [""])[0],
                    (cust.get("phones") or [""])[0],
                    cust.get("address") or "",
                ]
            )
            rows += 1
    book.close()
    return rows


def customer_timeline_len(view, ref: str) -> list:
    return [
        r
        for t in ("jobs", "invoices", "payments", "contacts", "letters")
        for r in view.records(ref, t)
    ]


def _count_pages(pdf: Path) -> int:
    try:
        from pypdf import PdfReader
    except ImportError:
        return -1
    return len(PdfReader(str(pdf)).pages)


def stock_tinydb_insert(reference: Path, work: Path, runs: int) -> float:
    from tinydb import TinyDB
    from tinydb.storages import JSONStorage

    path = fresh_copy(reference, work, "stock")
    db = TinyDB(path, storage=JSONStorage)
    table = db.table("contacts")
    ms = median_ms(lambda: table.insert({"summary": "stock insert", "via": "call"}), runs)
    db.close()
    return ms


ROWS = [
    ("open the book and read every table", "open_ms", "ms", "parse_floor_ms", "bare orjson parse"),
    ("  open only (tables parsed when read)", "open_lazy_ms", "ms", None, ""),
    (
        "dashboard (view, aging, every flag)",
        "dashboard_ms",
        "ms",
        None,
        "target ≤ 150 ms; redrawn after a quick log",
    ),
    ("  first of a process, nothing kept", "dashboard_first_ms", "ms", None, "target ≤ 150 ms"),
    ("  then today's next actions", "next_actions_ms", "ms", None, ""),
    ("save one quick log (durable)", "quicklog_save_ms", "ms", "append_floor_ms", "append + fsync"),
    ("  stock TinyDB insert, same data", "stock_tinydb_insert_ms", "ms", None, ""),
    ("invoice lookup (show --json)", "invoice_lookup_ms", "ms", None, ""),
    ("whole `tradebook log` process", "cli_log_s", "s", None, "target ≤ 0.6 s"),
    ("start-up (`tradebook --version`)", "cli_start_s", "s", None, "target ≤ 0.25 s"),
    ("whole `tradebook flags` process", "flags_s", "s", None, ""),
    ("  its peak memory", "peak_rss_mb", "MiB", None, ""),
    ("  `hledger bal`, same receivables", "hledger_bal_s", "s", None, ""),
    ("  hledger's peak memory", "hledger_peak_rss_mb", "MiB", None, ""),
    ("  flags ÷ hledger bal (pair by pair)", "hledger_flags_ratio", "×", None, ""),
    ("app: owed total on screen (80×24)", "tui_owed_s", "s", None, ""),
    ("app: today's actions on screen", "tui_today_s", "s", None, ""),
    ("app: whole dashboard on screen", "tui_dashboard_s", "s", None, "target ≤ 1 s (DESIGN §7)"),
    ("small-claims bundle", "bundle_s", "s", None, "target ≤ 2 s"),
    ("whole `tradebook import` (one row an invoice)", "import_s", "s", None, "target ≤ 3 s"),
]


def print_table(r: dict) -> None:
    print(
        f"{r['years']}-year book: {r['book_mb']} MB, {r['n_customers']} customers, "
        f"{r['n_jobs']} jobs, {r['n_invoices']} invoices, {r['n_contacts']} contacts (medians)"
    )
    print(f"{'measure':<42}{'median':>12}  {'floor':>12}  note")
    for label, key, unit, floor_key, note in ROWS:
        value = r.get(key)
        shown = (
            "—"
            if value is None
            else {"s": f"{value:.3f} s", "MiB": f"{value:.0f} MiB", "×": f"{value:.2f}×"}.get(
                unit, f"{value:.2f} ms"
            )
        )
        floor = ""
        if floor_key and r.get(floor_key) is not None:
            floor = f"{r[floor_key]:.2f} ms"
            if value:
                note = f"{note}; {value / r[floor_key]:.2f}× floor"
        print(f"{label:<42}{shown:>12}  {floor:>12}  {note}")
    if r.get("bundle_pages"):
        print(f"bundle pages: {r['bundle_pages']} ({r.get('bundle_customer')})")
    if r.get("stock_tinydb_insert_ms") and r.get("quicklog_save_ms"):
        print(
            f"quick log vs stock TinyDB insert: {r['stock_tinydb_insert_ms'] / r['quicklog_save_ms']:.0f}× faster"
        )


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    parser.add_argument("--runs", type=int, default=7, help="runs per measure (median taken)")
    parser.add_argument(
        "--years",
        type=int,
        default=10,
        help="years of history in the book (10: the reference; 1 and 30 show growth)",
    )
    parser.add_argument(
        "--cache", type=Path, default=Path(tempfile.gettempdir()) / "tradebook-bench"
    )
    parser.add_argument("--first-dashboard", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.first_dashboard:
        time_first_dashboard(args.first_dashboard)
        return
    if args.years < 1:
        parser.error("--years is at least 1")
    reference = reference_book(args.cache, args.years)
    with tempfile.TemporaryDirectory(prefix="tradebook-bench-") as tmp:
        results = bench(reference, Path(tmp), args.runs, args.years)
    if args.json:
        print(json.dumps(results, indent=2))
    else:
        print_table(results)


if __name__ == "__main__":
    main()
