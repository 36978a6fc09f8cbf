"""Jobs: the work booked, started and done, its deposit, change orders and lien clock."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from tradebook.domain.view import Doc
from tradebook.errors import BadInput
from tradebook.services.inputs import check_state, clean_text, not_after_today
from tradebook.services.records import Records

JOB_STATUSES = ("quoted", "booked", "in-progress", "done", "cancelled")


class JobRecords(Records):
    """Jobs from quote to done, with their deposits, change orders and lien decision."""

    def add_job(
        self,
        customer: str,
        *,
        site: str,
        desc: str,
        today: date,
        quote: int | None = None,
        deposit: int | None = None,
        start: date | None = None,
        status: str = "booked",
        site_state: str | None = None,
    ) -> Doc:
        cust = self.customer(customer)
        site_state = check_state(site_state, "site state", field="site_state")
        if status not in JOB_STATUSES or status in ("done", "cancelled"):
            raise BadInput(
                f"a new job's status is one of quoted, booked, in-progress (not {status!r})",
                field="status",
            )
        if quote is not None and quote <= 0:
            raise BadInput("a quote must be more than zero", field="quote")
        if deposit is not None:
            if deposit <= 0:
                raise BadInput("a deposit must be more than zero", field="deposit")
            if quote is not None and deposit > quote:
                raise BadInput("the deposit asked is more than the quote", field="deposit")
        return self._insert(
            "jobs",
            {
                "customer": cust["ref"],
                "site": clean_text(site, "site address", required=True, limit=400, field="site"),
                **({"site_state": site_state} if site_state else {}),
                "desc": clean_text(desc, "job description", required=True, says=True, field="desc"),
                "status": status,
                "quote": quote,
                "deposit_asked": deposit,
                "start": (start or today).isoformat(),
                "done": None,
                "change_orders": [],
                "attachments": [],
                "created": today.isoformat(),
            },
        )

    def set_job_status(
        self, job_ref: str, status: str, *, on: date, today: date | None = None
    ) -> Doc:
        job = self.get(job_ref, "jobs")
        if status not in JOB_STATUSES:
            raise BadInput(f"job status is one of {', '.join(JOB_STATUSES)}", field="status")
        not_after_today(on, today, f"{job['ref']} {status.replace('-', ' ')} on", field="on")
        if status == "done" and on < date.fromisoformat(job["start"]):
            raise BadInput(
                f"{job['ref']} cannot be done on {on} — it started {job['start']}", field="on"
            )
        fields: Doc = {"status": status}
        if status == "done":
            fields["done"] = on.isoformat()
            fields["last_work"] = on.isoformat()  # the lien clock counts from it; editable
        self._update("jobs", job, fields)
        return self.get(job_ref, "jobs")

    def edit_job(
        self,
        job_ref: str,
        *,
        today: date,
        last_work: date | None = None,
        site_state: str | None = None,
        lien: str | None = None,
    ) -> Doc:
        """Change a job's last day of work (the lien clock counts from it), its site state, or
        record the decision about its mechanic's lien (`prepare` or `pass`)."""
        job = self.get(job_ref, "jobs")
        fields: Doc = {}
        if last_work is not None:
            not_after_today(last_work, today, f"{job['ref']}'s last day of work", field="last_work")
            if last_work < date.fromisoformat(job["start"]):
                raise BadInput(
                    f"{job['ref']}'s last day of work {last_work} is before it started "
                    f"({job['start']})",
                    field="last_work",
                )
            fields["last_work"] = last_work.isoformat()
        if site_state is not None:
            fields["site_state"] = check_state(site_state, "site state", field="site_state")
        if lien is not None:
            if lien not in ("prepare", "pass"):
                raise BadInput("a lien decision is prepare or pass", field="lien")
            fields["lien"] = {"decision": lien, "on": today.isoformat()}
        if not fields:
            raise BadInput("say what to change: the last day of work, the site's state or the lien")
        self._update("jobs", job, fields)
        return self.get(job_ref, "jobs")

    def attach(self, job_ref: str, path: Path) -> Doc:
        job = self.get(job_ref, "jobs")
        resolved = path.expanduser().resolve()
        if not resolved.is_file():
            raise BadInput(f"no file at {path}", field="path")
        self._update("jobs", job, lambda j: {"attachments": [*j["attachments"], str(resolved)]})
        return self.get(job_ref, "jobs")

    def add_change_order(self, job_ref: str, desc: str, amount: int, *, on: date) -> Doc:
        job = self.get(job_ref, "jobs")
        order = {
            "desc": clean_text(desc, "change order", required=True, says=True, field="desc"),
            "amount": amount,
            "date": on.isoformat(),
        }
        self._update("jobs", job, lambda j: {"change_orders": [*j["change_orders"], order]})
        return self.get(job_ref, "jobs")
