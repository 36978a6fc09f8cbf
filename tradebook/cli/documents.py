"""Commands that make paperwork: `letter` and `bundle`. fpdf2 loads only when they run."""

from __future__ import annotations

import typer

from tradebook.cli import app
from tradebook.cli.common import (
    at_or_now,
    customer_argument,
    date_option,
    opt_date,
    paragraph,
    state,
    today,
)

LETTER_KINDS = (
    "reminder, second-reminder, firm, final, plan-offer, correction, cod-notice, "
    "mediation, statement"
)


@app.command()
def letter(
    target: str = typer.Argument(
        ..., metavar="INVOICE|CUSTOMER", help="An invoice, or a customer (all their open invoices)."
    ),
    kind: str = typer.Option(..., "--kind", help=LETTER_KINDS),
    output: str = typer.Option(..., "-o", "--output", metavar="FILE.pdf"),
    note: str = typer.Option(None, "--note", help="Your own paragraph (checked like the rest)."),
    send_via: str | None = typer.Option(
        None, "--send-via", help="post (regular mail), certified, email or hand."
    ),
    tracking: str = typer.Option(
        None, "--tracking", help="Tracking number (regular or certified mail)."
    ),
    deadline: str = date_option(
        "Final notice: pay by this date; mediation: reply by (default: in 14 days).", "--deadline"
    ),
    next_step: str = typer.Option(
        "mediation", "--next-step", help="Final notice: mediation or small-claims."
    ),
    installments: int = typer.Option(
        None, "--installments", "--instalments", help="Plan offer: how many."
    ),
    every: int = typer.Option(
        None,
        "--every",
        help="Plan offer: days between installments (default: the same day each month).",
    ),
    start: str = date_option("Plan offer: first installment.", "--start"),
    draft: bool = typer.Option(
        False, "--draft", help="Only make the PDF, marked DRAFT: nothing is recorded or logged."
    ),
    eml: str = typer.Option(
        None,
        "--eml",
        metavar="FILE.eml",
        help="With --send-via email: also write an email draft to the "
        "customer, the PDF attached, to send from your mail program.",
    ),
) -> None:
    """Write a letter as a PDF and log it.

    Keeps the letter's text and hash, and logs it as a contact. Say how it went out with
    --send-via; without it the letter is logged as prepared, not sent. With --eml the letter
    is logged as prepared until you send the draft and record it (`tradebook sent`)."""
    from tradebook.documents.letters import PlanTerms
    from tradebook.errors import BadInput
    from tradebook.services.letters import issue_letter
    from tradebook.settings import load_settings

    plan = None
    if installments is not None or every is not None or start is not None:
        if kind != "plan-offer":
            raise BadInput("--installments, --every and --start are for --kind plan-offer")
        plan = PlanTerms(
            installments=installments or 3, every_days=every, first=opt_date(start, "--start")
        )
    book = state.book()
    on = today()
    email_to = eml_target = None
    if eml is not None:
        from pathlib import Path

        from tradebook.email_draft import check_target, precheck, recipient_email
        from tradebook.services.letters import resolve_target

        if send_via != "email" or tracking:
            raise BadInput("--eml goes with --send-via email (and no --tracking)")
        eml_target = check_target(Path(eml))
        customer = resolve_target(book, target)[0]
        email_to = recipient_email(customer)
        precheck(customer, book.view.profile)
        send_via = None  # prepared: it goes when the user sends the draft
    issued = issue_letter(
        book,
        target,
        kind,
        today=on,
        at=at_or_now(None),
        path=output,
        note=note,
        via=send_via,
        tracking=tracking,
        deadline=opt_date(deadline, "--deadline"),
        next_step=next_step,
        plan=plan,
        settings=load_settings(book.path),
        draft=draft,
        email_draft_to=email_to,
    )
    record, contact = issued.record, issued.contact
    if record is None or contact is None:
        print(
            f"draft {issued.letter.title.lower()} for {issued.letter.customer} written to "
            f"{issued.path} — nothing recorded or logged"
        )
        return
    how = "sent" if send_via else "prepared (delivery not recorded)"
    if eml_target is not None:
        how = f"prepared as an email draft to {email_to}"
    print(
        f"{record['ref']} {issued.letter.title.lower()} for {record['customer']} written to "
        f"{issued.path} — {how}, logged as {contact['ref']}"
    )
    if eml_target is not None:
        from tradebook.email_draft import build_draft, write_eml

        customer = book.get(record["customer"], "customers")
        written = write_eml(
            build_draft(issued.letter, customer, book.view.profile, record["ref"], issued.path),
            eml_target,
        )
        print(
            f"email draft written to {written}: open it, check it and send it, then record "
            f"that it went: tradebook sent {record['ref']} --via email"
        )


@app.command()
def bundle(
    customer: str = customer_argument(),
    kind: str = typer.Option(..., "--kind", help="small-claims or mediation."),
    output: str = typer.Option(..., "-o", "--output", metavar="FILE.pdf"),
    send_to_printer: bool = typer.Option(
        False,
        "--print",
        help="Also print it (lp or lpr; on Windows, the PDF program's print command).",
    ),
) -> None:
    """Make a mediation or small-claims bundle (PDF).

    One customer's whole record: what is claimed and how it is reached, statement of facts,
    timeline, labelled exhibits (the job's photos and PDFs too), an integrity page and a
    filing checklist. Refused, with the command to run next, until the demand was made: a
    mediation bundle needs a letter you sent (--send-via), a small-claims bundle a final
    notice you sent whose pay-by date has passed."""
    from tradebook.documents.bundle import build_bundle
    from tradebook.documents.output import pdf_target
    from tradebook.documents.output import send_to_printer as lp
    from tradebook.settings import load_settings

    target = pdf_target(output)
    book = state.book()
    cust = book.customer(customer)
    made = build_bundle(
        book.view, cust["ref"], kind, today(), target, settings=load_settings(book.path)
    )
    labels = (
        f"exhibits {made.exhibits[0].label}–{made.exhibits[-1].label}"
        if made.exhibits
        else "no exhibits"
    )
    print(
        f"{kind} bundle for {cust['ref']} {cust['name']}: {made.pages} pages, {labels} — {made.path}"
    )
    for line in made.notes():
        print(line)
    if made.unmet:
        print(made.unmet_line())
    if send_to_printer:
        job = lp(made.path)
        print(f"sent to the printer — {job}" if job else "sent to the printer")


@app.command()
def filing(
    customer: str = customer_argument(),
    output: str = typer.Option(
        None, "-o", "--output", metavar="FILE.pdf", help="Also write the sheet as a PDF."
    ),
) -> None:
    """What it takes to file the small claim, from the book.

    For the customer's state: the complaint form and its fields in the form's order (Kentucky:
    AOC-175), the court and county, fees, service, the claims filed this year against the cap,
    who may appear for a company, what to bring and what can happen next; for a state with
    fewer figures on record, what there is and what is missing. Not legal advice."""
    from tradebook.documents.filing import build_filing
    from tradebook.settings import load_settings

    book = state.book()
    cust = book.customer(customer)
    settings = load_settings(book.path)
    if output:
        from tradebook.documents.filing_pdf import write_filing_pdf

        path, sheet = write_filing_pdf(book.view, cust["ref"], today(), output, settings=settings)
    else:
        sheet = build_filing(book.view, cust["ref"], today(), settings)
    print(sheet.title)
    if sheet.not_ready:
        print(f"not ready to file: {sheet.not_ready}")
    for section in sheet.sections:
        print(f"\n{section.title}")
        for field in section.fields:
            print(paragraph(field.value or "—", 30, f"  {field.label[:26]:<26}  "))
        for text in section.paragraphs:
            print(paragraph(text, 2, "  "))
    if sheet.missing:
        print(f"\nnot on record: {'; '.join(sheet.missing)}")
    if output:
        print(f"\nwritten to {path}")


@app.command()
def lien(
    job: str = typer.Argument(..., metavar="JOB"),
    output: str = typer.Option(
        None,
        "-o",
        "--output",
        metavar="FILE.pdf",
        help="Write the lien worksheet (and record that you are preparing the lien).",
    ),
    let_pass: bool = typer.Option(False, "--let-pass", help="Record that you let the lien pass."),
) -> None:
    """Show a job's lien deadlines; write the lien worksheet.

    The deadlines count from the job's last day of work under the lien law of the site's state.
    -o writes a worksheet filled from the book (not a filed lien: check with the county clerk
    or a lawyer) and records the decision to prepare the lien; --let-pass records the decision
    to let it pass. Either stops `next` asking."""
    from tradebook.domain.lien import lien_clock, why_no_clock
    from tradebook.errors import BadInput
    from tradebook.settings import load_settings

    if output and let_pass:
        raise BadInput("write the worksheet (-o) or let the lien pass (--let-pass), not both")
    book = state.book()
    settings = load_settings(book.path)
    found = book.get(job, "jobs")
    clock = lien_clock(book.view, found, settings)
    if clock is None:
        raise BadInput(
            f"no lien clock for {found['ref']}: {why_no_clock(book.view, found, settings)}"
        )
    print(clock.sentence())
    for what, when in clock.deadlines()[1:]:
        print(f"  {what}: {when}")
    if output:
        from tradebook.documents.lien_pdf import write_lien_worksheet

        path = write_lien_worksheet(book.view, clock, today(), output)
        book.edit_job(found["ref"], today=today(), lien="prepare")
        print(
            f"lien worksheet written to {path} — not a filed lien; check with the county clerk "
            "or a lawyer"
        )
    elif let_pass:
        book.edit_job(found["ref"], today=today(), lien="pass")
        print(f"recorded: the lien on {found['ref']} is let pass")
