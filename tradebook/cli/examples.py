"""What each command's --help shows last: a few lines to copy, and the exit codes a script sees.

Examples live here, one table for the whole command line, so they stay short and alike. A
command whose docstring ends with its own `Examples:` lines keeps those instead.
"""

from __future__ import annotations

import inspect
import re
from typing import Any

from typer.main import get_command_name

EXIT_CODES = """\b
Exit codes (the same for every command):
  0   done
  2   bad input, or refused by a rule (the tone guard, the collection ladder)
  3   not found (a customer, an invoice, the book itself)
  4   the book is damaged: `tradebook restore` brings back a backup
  75  the book is busy: another tradebook is writing to it; try again
  1   anything unexpected"""

DATES = (
    "Dates: today, yesterday, tomorrow, fri (the coming Friday for a promise or a due date, "
    "the last one for a payment or a call), +3, -2, +2w, 12/15, 12/15/26, Dec 15 or "
    "2026-12-15. Times (--at): 9:30, 4:30pm, 16:30, yesterday 4pm."
)

ROOT = [
    "tradebook                               # the app, on your book",
    "tradebook demo --book /tmp/try/book.json",
    'tradebook log becker "Will pay Friday" --via call --in --promise fri:200',
    "tradebook next",
]

EXAMPLES: dict[str, list[str]] = {
    "init": [
        'tradebook init --name "Bright Spark Electric LLC" --state KY --phone "(502) 555-0148"',
        'tradebook init --pay-methods check,card --payment-note "Pay online: sparkpay.example"',
    ],
    "profile": ["tradebook profile --json"],
    "demo": ["tradebook demo --book /tmp/try/book.json"],
    "customer add": [
        'tradebook customer add "Tom Becker" --phone "(502) 555-0199" --late-fee 1.5%',
        'tradebook customer add "Oakridge Rentals LLC" --business --principal "Dale Whitcomb"',
    ],
    "customer edit": [
        "tradebook customer edit becker --state IN",
        'tradebook customer edit C-0007 --address "410 Spring St, Jeffersonville, IN 47130"',
    ],
    "customer list": ["tradebook customer list", "tradebook customer list --json"],
    "customer show": ["tradebook customer show becker", "tradebook customer show C-0007 --json"],
    "job add": [
        'tradebook job add becker --site "12 Elm St" --desc "Panel upgrade" --quote 4800 '
        "--deposit 1000 --date mon"
    ],
    "job done": ["tradebook job done J-0042", "tradebook job done J-0042 --date yesterday"],
    "job edit": [
        "tradebook job edit J-0042 --last-work 11/20",
        "tradebook job edit J-0042 --site-state IN",
    ],
    "lien": ["tradebook lien J-0042 -o lien.pdf", "tradebook lien J-0042 --let-pass"],
    "job status": ["tradebook job status J-0042 in-progress --date mon"],
    "job attach": ["tradebook job attach J-0042 ~/photos/panel-after.jpg"],
    "job list": ["tradebook job list --customer becker"],
    "contract add": [
        "tradebook contract add oakridge --amount 400 --every month "
        '--desc "Lighting maintenance" --start 1/1'
    ],
    "contract list": ["tradebook contract list --json"],
    "invoice add": [
        'tradebook invoice add becker --job J-0042 --item "Panel upgrade:1:4800" --net 15',
        'tradebook invoice add becker --item "Labour:3:95" --item "Parts:1:42.50" --due +30',
    ],
    "invoice send": [
        "tradebook invoice send INV-0042 --via post",
        "tradebook invoice send INV-0042 --via email --date yesterday",
    ],
    "invoice list": [
        "tradebook invoice list --overdue",
        "tradebook invoice list --customer becker --json",
    ],
    "invoice show": ["tradebook invoice show INV-0042"],
    "pay": [
        'tradebook pay INV-0042 250 --method check --ref "#2211"',
        "tradebook pay J-0042 1,000 --method transfer --date fri      # a deposit, last Friday",
    ],
    "bounce": ["tradebook bounce P-0042 --date yesterday"],
    "log": [
        'tradebook log becker "Said he\'d pay Friday" --via call --in --promise fri:200',
        'tradebook log becker "Rang about the balance" --via call --outcome voicemail '
        '--at "yesterday 4pm"',
    ],
    "plan": [
        "tradebook plan INV-0042 --installments 3 --every 30 --start 1/15",
        "tradebook plan INV-0042 --cancel",
    ],
    "timeline": ["tradebook timeline becker", "tradebook timeline C-0007 --json"],
    "flags": ["tradebook flags", "tradebook flags --customer becker --json"],
    "next": ["tradebook next", "tradebook next --days 7"],
    "statement": [
        "tradebook statement becker",
        "tradebook statement becker -o becker-statement.pdf",
    ],
    "correction check": ["tradebook correction check oakridge"],
    "correction record": [
        "tradebook correction record oakridge --contract SC-001 --option next-invoice"
    ],
    "correction list": ["tradebook correction list --customer oakridge"],
    "letter": [
        "tradebook letter INV-0042 --kind reminder -o reminder.pdf --send-via email",
        "tradebook letter INV-0042 --kind final --deadline +14 -o final.pdf --draft",
        "tradebook letter becker --kind plan-offer --installments 3 --start 1/15 -o plan.pdf",
    ],
    "filing": ["tradebook filing whitfield", "tradebook filing C-0007 -o filing.pdf"],
    "bundle": ["tradebook bundle becker --kind mediation -o becker-mediation.pdf"],
    "import": ["tradebook import invoices.csv --from quickbooks --dry-run"],
    "calendar": ["tradebook calendar -o tradebook.ics"],
    "verify": ['tradebook verify || echo "damaged: tradebook restore --list"'],
    "backup": ["tradebook backup"],
    "share": ["tradebook share ~/Sync/shop-book --device office"],
    "devices": ["tradebook devices", "tradebook devices --set van2"],
    "conflicts": [
        "tradebook conflicts",
        "tradebook conflicts --settle P-VAN2-0003 --as duplicate",
    ],
    "restore": ["tradebook restore --list", "tradebook restore"],
    "settings set": [
        "tradebook settings set reminder_pay_days 7",
        'tradebook settings set large_job "3,000"',
        "tradebook settings set theme light",
    ],
    "settings unset": ["tradebook settings unset reminder_pay_days"],
    "export": [
        "tradebook export --format csv ~/for-the-accountant",
        "tradebook export ~/tradebook-copy            # one JSON file",
    ],
}

_OWN = re.compile(r"\n\s*Examples?:\s*\n(?P<lines>(?:[ \t]+\S.*(?:\n|$))+)\s*$")


def epilog(lines: list[str], *more: str) -> str:
    """Lines kept as they are in --help (`\\b` stops Click from rewrapping them)."""
    return "\n\n".join(["\b\nExamples:\n" + "\n".join(f"  {line}" for line in lines), *more])


def attach(app: Any, path: tuple[str, ...] = ()) -> None:
    """Give every command of a Typer app its examples: its docstring's own, moved to the end of
    its --help and shown line by line, or else this table's."""
    for info in app.registered_commands:
        name = info.name or get_command_name(info.callback.__name__)
        key = " ".join((*path, name))
        doc = info.help if info.help is not None else inspect.getdoc(info.callback) or ""
        own = _OWN.search(doc)
        if own:
            info.help = doc[: own.start()].rstrip()
            info.epilog = epilog(
                [line.strip() for line in own["lines"].splitlines() if line.strip()]
            )
        elif info.epilog is None and key in EXAMPLES:
            info.epilog = epilog(EXAMPLES[key])
    for group in app.registered_groups:
        attach(group.typer_instance, (*path, group.name))
