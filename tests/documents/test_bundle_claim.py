"""What a bundle claims: only what is past due and was asked for in a delivered letter, fees
only as a delivered letter asked for them, reconciled to the cent with the last demand and the
statement of account — and the gate on the demand before a small claim. Read back from the PDF."""

from __future__ import annotations

from datetime import date

import pytest

from tests.documents.builder import Builder, at
from tests.documents.conftest import flat, pages_text
from tradebook.documents.bundle import build_bundle
from tradebook.documents.casefile import build_casefile, bundle_refusal
from tradebook.documents.claim import demanded_claim
from tradebook.domain.accounts import accounts
from tradebook.domain.fees import simple_interest
from tradebook.domain.money import fmt
from tradebook.errors import BadInput

TODAY = date(2026, 11, 20)
FINAL = "tradebook letter C-0001 --kind final --send-via certified --tracking NO -o final.pdf"


def letter(
    b: Builder,
    kind: str,
    invoices: list[str],
    on: str,
    pay_by: str | None,
    *,
    via: str | None = "post",
    demanded: dict | None = None,
    old: bool = False,
) -> str:
    """A letter as the letters keep it (`pay_by`, `demanded`), or as older ones were (`old`)."""
    fields = {} if old else {"pay_by": pay_by, "demanded": demanded}
    return b.add(
        "letters",
        customer="C-0001",
        kind=kind,
        invoices=invoices,
        date=on,
        body="Dear Ms Ortiz,\n\nPlease pay.",
        sha256="ab" * 32,
        delivery={"via": via, "tracking": "9400 1" if via == "certified" else None},
        contact=None,
        deadline=pay_by if kind == "final" else None,
        note="",
        **fields,
    )["ref"]


def interest_to(b: Builder, refs: list[str], on: date) -> int:
    from fractions import Fraction

    books = accounts(b.view())
    return sum(simple_interest(books.invoices[r], Fraction("1.5"), on) for r in refs)


def ortiz() -> Builder:
    """Gloria Ortiz agreed 1.5% a month. INV-0001 and INV-0002 were chased up to a final
    notice that asked for interest; INV-0003 is not yet due; INV-0004 was never chased."""
    b = Builder()
    b.profile(name="Bright Spark Electric", state="KY", address="1 Main St\nLouisville, KY 40204")
    b.customer(
        "Gloria Ortiz",
        address="9 Oak Ln\nLouisville, KY 40205",
        late_fee={"kind": "percent", "pct": "1.5"},
    )
    b.customer("Otto Quimby", address="99 Preston Hwy\nLouisville, KY 40213")
    b.invoice("C-0001", [("Rewire kitchen", "1", 100000)], "2026-06-01", "2026-07-01")
    b.invoice("C-0001", [("Outdoor outlets", "1", 50000)], "2026-08-01", "2026-08-31")
    b.invoice("C-0001", [("Smoke alarms", "1", 30000)], "2026-11-01", "2026-12-01")
    b.invoice("C-0001", [("Doorbell", "1", 20000)], "2026-07-15", "2026-08-14")
    b.invoice("C-0002", [("Otto's job", "1", 70000)], "2026-07-15", "2026-08-14")
    letter(
        b,
        "reminder",
        ["INV-0001"],
        "2026-07-10",
        "2026-07-20",
        demanded={"principal": 100000, "late_fees": 0, "interest": 0},
    )
    letter(
        b,
        "firm",
        ["INV-0001", "INV-0002"],
        "2026-09-10",
        "2026-09-20",
        demanded={
            "principal": 150000,
            "late_fees": 0,
            "interest": interest_to(b, ["INV-0001", "INV-0002"], date(2026, 9, 10)),
        },
    )
    b.payment("C-0001", 20000, "2026-09-25", invoice="INV-0001")
    letter(
        b,
        "final",
        ["INV-0001", "INV-0002"],
        "2026-10-05",
        "2026-10-19",
        via="certified",
        demanded={
            "principal": 130000,
            "late_fees": 0,
            "interest": interest_to(b, ["INV-0001", "INV-0002"], date(2026, 10, 5)),
        },
    )
    b.payment("C-0001", 10000, "2026-10-25", invoice="INV-0002")
    b.contact("C-0001", at("2026-10-07", 9, 30), "Spoke; she will pay something soon")
    return b


def test_only_what_is_past_due_and_was_demanded_is_claimed():
    b = ortiz()
    claim = demanded_claim(b.view(), "C-0001", TODAY)
    assert claim.refs == ("INV-0001", "INV-0002")
    assert claim.principal == 80000 + 40000
    assert [(n.what, n.amount, n.reason) for n in claim.not_claimed] == [
        ("INV-0003", 30000, "not yet due: due 2026-12-01"),
        ("INV-0004", 20000, "never demanded in a delivered letter"),
    ]
    demanded = interest_to(b, ["INV-0001", "INV-0002"], date(2026, 10, 5))
    since = interest_to(b, ["INV-0001", "INV-0002"], TODAY) - demanded
    assert claim.fee_basis.ref == "L-0003" and claim.late_fees == 0
    assert claim.interest == demanded + since and claim.accrued == since > 0


def test_the_claim_reconciles_to_the_cent_with_the_last_demand_and_the_statement(tmp_path):
    b = ortiz()
    claim = demanded_claim(b.view(), "C-0001", TODAY)
    asked = 130000 + interest_to(b, ["INV-0001", "INV-0002"], date(2026, 10, 5))
    assert claim.from_demand == (
        ("Asked for in L-0003 of October 5, 2026", asked),
        ("Paid since", -10000),
        ("Interest accrued since October 5, 2026 on the same agreed terms", claim.accrued),
        ("Claimed", claim.total),
    )
    assert sum(amount for _, amount in claim.from_demand[:-1]) == claim.total
    made = build_bundle(b.view(), "C-0001", "small-claims", TODAY, tmp_path / "b.pdf")
    pages = pages_text(made.path)
    reconciled = flat(
        next(
            p
            for p in pages
            if "How the amount claimed is reached" in p and "From the last demand" in p
        )
    )
    assert (
        f"From the last demand (L-0003) to the amount claimed Amount Asked for in L-0003 of "
        f"October 5, 2026 {fmt(asked)} Paid since −$100.00 Interest accrued since October 5, 2026 "
        f"on the same agreed terms +{fmt(claim.accrued)} Claimed {fmt(claim.total)}"
    ) in reconciled
    assert (
        "Balance on the statement of account, November 20, 2026 $1,700.00 INV-0003 not claimed: "
        "not yet due: due 2026-12-01 −$300.00 INV-0004 not claimed: never demanded in a "
        "delivered letter −$200.00 Principal claimed $1,200.00 Late fees and interest claimed, "
        f"as asked for (see above) +{fmt(claim.interest)} Claimed {fmt(claim.total)}"
    ) in reconciled
    # the statement exhibit itself ends on the same balance
    assert "Balance due on 2026-11-20 $1,700.00" in flat(" ".join(pages))
    cover = flat(pages[0])
    assert "Principal past due and demanded (INV-0001, INV-0002) $1,200.00" in cover
    assert (
        f"Interest to October 5, 2026, as asked for in L-0003 {fmt(claim.interest_demanded)} "
        f"Interest accrued since October 5, 2026, on the same agreed terms {fmt(claim.accrued)} "
        f"Total claimed {fmt(claim.total)}"
    ) in cover
    assert (
        "Not claimed What Amount Why not INV-0003 $300.00 not yet due: due 2026-12-01 "
        "INV-0004 $200.00 never demanded in a delivered letter"
    ) in cover
    assert "Otto" not in " ".join(pages)


def test_fees_are_claimed_only_from_the_letter_that_first_asked_for_them():
    b = ortiz()
    b.tables["letters"][2]["demanded"]["interest"] = 0  # the firm letter asked for principal alone
    b.tables["letters"][3]["demanded"]["interest"] = 0  # … and so did the final notice
    claim = demanded_claim(b.view(), "C-0001", TODAY)
    assert claim.interest == claim.late_fees == 0 and claim.fee_basis is None
    [fees] = [n for n in claim.not_claimed if n.what.startswith("Late fees")]
    assert fees.what == "Late fees and interest on INV-0001, INV-0002"
    assert fees.reason == (
        "agreed (interest of 1.5% a month on the overdue principal) but never "
        "demanded in a delivered letter"
    )


def test_a_later_letter_that_kept_no_figures_keeps_the_fees_an_earlier_one_asked_for():
    b = ortiz()
    letter(b, "reminder", ["INV-0002"], "2026-11-02", None, old=True)
    claim = demanded_claim(b.view(), "C-0001", TODAY)
    assert claim.last_demand.ref == "L-0004" and not claim.last_demand.recorded
    assert claim.fee_basis.ref == "L-0003"
    lines = dict(claim.from_demand)
    assert lines["Asked for in L-0004 of November 2, 2026"] == 40000  # INV-0002's balance that day
    assert lines["INV-0001, demanded in L-0003"] == 80000
    assert lines["Late fees and interest asked for in L-0003"] == claim.interest_demanded
    assert sum(amount for _, amount in claim.from_demand[:-1]) == claim.total == lines["Claimed"]
    assert "Not explained by the record" not in lines


def test_a_letter_that_asked_for_fees_but_was_never_delivered_claims_none():
    b = ortiz()
    b.tables["letters"][3]["delivery"] = {"via": None, "tracking": None}  # the final: prepared only
    claim = demanded_claim(b.view(), "C-0001", TODAY)
    assert claim.fee_basis.ref == "L-0002"  # the firm letter did reach her
    assert claim.from_demand[0] == (
        "Asked for in L-0002 of September 10, 2026",
        150000 + claim.interest_demanded,
    )
    lines = dict(claim.from_demand)
    assert lines["Paid since"] == -30000
    assert sum(amount for _, amount in claim.from_demand[:-1]) == claim.total


def test_a_payment_returned_after_the_demand_adds_back():
    b = ortiz()
    b.tables["payments"][1]["bounced"] = (
        "2026-10-30"  # the September payment bounced after the final
    )
    claim = demanded_claim(b.view(), "C-0001", TODAY)
    lines = dict(claim.from_demand)
    assert lines["Payments returned unpaid since"] == 20000
    assert claim.principal == 100000 + 40000
    assert sum(amount for _, amount in claim.from_demand[:-1]) == claim.total


# ----- the gate -----------------------------------------------------------------------------


def chased(final: dict | None) -> Builder:
    """INV-0001 overdue and reminded; then the final notice `final` describes, if any."""
    b = Builder()
    b.profile(name="Bright Spark Electric", state="KY")
    b.customer("Gloria Ortiz", address="9 Oak Ln, Louisville, KY 40205")
    b.invoice("C-0001", [("Rewire kitchen", "1", 100000)], "2026-06-01", "2026-07-01")
    letter(b, "reminder", ["INV-0001"], "2026-07-10", "2026-07-20")
    if final is not None:
        letter(b, "final", ["INV-0001"], "2026-11-01", **final)
    return b


@pytest.mark.parametrize(
    ("final", "message"),
    [
        (
            None,
            f"no final notice was delivered to C-0001: a small-claims bundle needs one, and its "
            f"pay-by date passed — next: {FINAL}",
        ),
        (
            {"pay_by": "2026-11-15", "via": None},
            "final notice L-0002 was prepared but its delivery was never recorded, so it cannot be shown "
            "the customer got it; a small-claims bundle needs one delivered and its pay-by date passed — "
            f"next: {FINAL}",
        ),
        (
            {"pay_by": "2026-11-20", "via": "certified"},
            "final notice L-0002 asks for payment by 2026-11-20: a small-claims bundle can be made from "
            "2026-11-21 — meanwhile: tradebook bundle C-0001 --kind mediation -o mediation.pdf",
        ),
    ],
)
def test_a_small_claim_waits_for_a_delivered_final_notice_and_its_pay_by_date(
    tmp_path, final, message
):
    b = chased(final)
    assert bundle_refusal(b.view(), "C-0001", "small-claims", TODAY) == message
    with pytest.raises(BadInput) as refused:
        build_bundle(b.view(), "C-0001", "small-claims", TODAY, tmp_path / "b.pdf")
    assert refused.value.message == message and "\n" not in message
    assert not list(tmp_path.iterdir())
    # a mediation needs only a delivered letter: the reminder
    assert bundle_refusal(b.view(), "C-0001", "mediation", TODAY) is None


def test_once_the_pay_by_date_has_passed_the_small_claim_can_be_made(tmp_path):
    b = chased({"pay_by": "2026-11-19", "via": "certified"})
    assert bundle_refusal(b.view(), "C-0001", "small-claims", TODAY) is None
    case = build_casefile(b.view(), "C-0001", "small-claims", TODAY)
    assert case.gate.met and case.gate.notice["ref"] == "L-0002"


def test_a_mediation_needs_at_least_one_delivered_letter():
    b = chased(None)
    b.tables["letters"][1]["delivery"] = {"via": None, "tracking": None}
    assert bundle_refusal(b.view(), "C-0001", "mediation", TODAY) == (
        "nothing C-0001 owes was asked for in a delivered letter (L-0001 was prepared, but no "
        "delivery is recorded): a mediation bundle needs at least one — next: tradebook letter "
        "C-0001 --kind reminder --send-via post -o reminder.pdf"
    )
