"""Which option of each command sets the input a refusal names.

The services say what is wrong in the trade's words and name the input it concerns
(`TradebookError.field`, e.g. `via` or `promise_date`); the command line says where to put
it right by naming its own option in front of the message. An input given as an argument
(a customer, an invoice) needs no option: the message names the record.
"""

from __future__ import annotations

from collections.abc import Sequence

from tradebook.errors import NotOneOf, TradebookError

_DATE = {"on": "--date"}
_PROFILE = {
    "name": "--name",
    "address": "--address",
    "phone": "--phone",
    "email": "--email",
    "licence": "--license",
    "state": "--state",
    "net_days": "--net",
    "signature": "--signature",
    "entity": "--entity",
    "pay_to": "--pay-to",
    "pay_address": "--pay-address",
    "pay_methods": "--pay-methods",
    "payment_note": "--payment-note",
}

#: command (its words after `tradebook`) → {field a service names: the option that sets it}
OPTIONS: dict[str, dict[str, str]] = {
    "init": _PROFILE,
    "customer add": {
        "phones": "--phone",
        "emails": "--email",
        "address": "--address",
        "principal": "--principal",
        "credit_limit": "--credit-limit",
        "net_days": "--net",
        "state": "--state",
        "notes": "--notes",
    },
    "customer edit": {
        "name": "--name",
        "address": "--address",
        "state": "--state",
        "principal": "--principal",
    },
    "job add": {
        "site": "--site",
        "desc": "--desc",
        "quote": "--quote",
        "deposit": "--deposit",
        "status": "--status",
        "site_state": "--site-state",
    },
    "job done": _DATE,
    "job status": _DATE,
    "job edit": {"last_work": "--last-work", "site_state": "--site-state"},
    "contract add": {
        "amount": "--amount",
        "every": "--every",
        "desc": "--desc",
        "start": "--start",
        "end": "--end",
    },
    "invoice add": {
        "items": '--item "DESC:QTY:UNIT_PRICE"',
        "issued": "--date",
        "due": "--due",
        "net_days": "--net",
        "job": "--job",
        "contract": "--contract",
        "notes": "--notes",
    },
    "invoice send": {"via": "--via", "tracking": "--tracking", **_DATE},
    "pay": {"method": "--method", "reference": "--ref", **_DATE},
    "bounce": _DATE,
    "log": {
        "via": "--via",
        "outcome": "--outcome",
        "promise_date": "--promise DATE[:AMOUNT]",
        "promise_amount": "--promise",
        "resolve_dispute": "--resolve-dispute",
        "invoices": "--invoice",
        "corrects": "--corrects",
        "at": "--at",
    },
    "plan": {
        "instalments": "--installments",
        "every_days": "--every",
        "start": "--start",
        "plan": "--cancel",
    },
    "letter": {"via": "--send-via", "tracking": "--tracking", "note": "--note"},
    "sent": {"via": "--via", "tracking": "--tracking", "at": "--at"},
    "correction record": {
        "contract": "--contract",
        "option": "--option",
        "invoice": "--invoice",
        "note": "--note",
        **_DATE,
    },
}


def option_for(command: str, field: str | None) -> str | None:
    """The option of `command` that sets `field`, or None (an argument, or no field)."""
    return OPTIONS.get(command, {}).get(field or "")


def reported(error: TradebookError, command: str) -> str:
    """The line the command line prints for a refusal: the option first, where there is one."""
    option = option_for(command, error.field)
    if option is None:
        return error.message
    if isinstance(error, NotOneOf):
        return f"{option} is one of {error.choices} (not {error.value!r})"
    return f"{option}: {error.message}"


def command_of(root: object, argv: Sequence[str]) -> str:
    """The words of the command `argv` runs (`invoice send`), read through the command groups."""
    words: list[str] = []
    group = root
    args = iter(argv)
    for arg in args:
        if arg == "--book":
            next(args, None)
            continue
        if arg.startswith("-"):
            continue
        sub = getattr(group, "commands", {}).get(arg)
        if sub is None:
            break
        words.append(arg)
        group = sub
    return " ".join(words)
