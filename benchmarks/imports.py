"""`python -m benchmarks imports`: time the bulk import of referrals through the pages, as a
coach does it: upload (read and check every row: the preview), the preview page, then the
confirmation (every row imported in one transaction), with N fresh rows (default 10 000).

The database needs the demo data (`generate` puts it there; an empty database gets the demo
data only). The rows imported are removed again afterwards, so the benchmark can be repeated.
"""

from __future__ import annotations

import csv
import io
import json
import sys
import time
from datetime import date, timedelta
from pathlib import Path

import sqlalchemy as sa

from app.cases.personal_numbers import formatted, with_check_digit

COACH = "coach@example.org"
HEADER = [
    "Personnummer",
    "Förnamn",
    "Efternamn",
    "Telefon",
    "E-post",
    "Källa",
    "Remitterande handläggare",
    "Handläggarens telefon eller e-post",
    "Remissdatum",
    "Skäl till remissen",
    "Mål",
]


def numbers(count: int) -> list[str]:
    """`count` valid numbers of people born in 1930-1949, a date no demo or generated
    participant has, so every row registers someone new."""
    found, born = [], date(1930, 1, 1)
    while len(found) < count:
        for serial in range(100, 1000, 7):
            found.append(formatted(with_check_digit(f"{born:%Y%m%d}{serial:03d}")))
        born += timedelta(days=1)
    return found[:count]


def referral_file(count: int, referred_on: date) -> bytes:
    """A UTF-8 CSV file (semicolons, byte-order mark) of `count` good referral rows."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow(HEADER)
    for i, number in enumerate(numbers(count)):
        writer.writerow(
            [number, "Anna", f"Bänkdotter{i}", "070-123 45 67", f"anna{i}@example.org"]
            + ["Socialtjänsten", "Eva Ek", "eva.ek@example.org", referred_on.isoformat()]
            + ["Försörjningsstöd sedan länge; vill arbeta inom lokalvård.", "Arbete"]
        )
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def _timed(step):
    started = time.perf_counter()
    result = step()
    return result, round(time.perf_counter() - started, 2)


def _forget(db, created: list[int]) -> None:
    """Remove what an earlier run imported (its referrals and participants, their summary rows
    and notifications; the audit lines stay, as the log is append-only)."""
    from app.cases.models import Participant, Referral
    from app.imports.models import Import
    from app.notifications.models import Notification, NotificationEvent
    from app.reports.summaries.models import ReportReferral

    ids = db.session.scalars(
        sa.select(Participant.id).where(Participant.last_name.like("Bänkdotter%"))
    ).all()
    for start in range(0, len(ids), 500):
        chunk = ids[start : start + 500]
        referrals = sa.select(Referral.id).where(Referral.participant_id.in_(chunk))
        db.session.execute(
            sa.delete(ReportReferral).where(ReportReferral.referral_id.in_(referrals))
        )
        events = sa.select(NotificationEvent.id).where(NotificationEvent.target_id.in_(referrals))
        db.session.execute(sa.delete(Notification).where(Notification.event_id.in_(events)))
        db.session.execute(sa.delete(NotificationEvent).where(NotificationEvent.id.in_(events)))
        db.session.execute(sa.delete(Referral).where(Referral.participant_id.in_(chunk)))
        db.session.execute(sa.delete(Participant).where(Participant.id.in_(chunk)))
    db.session.execute(sa.delete(Import))
    db.session.commit()


def _ready(app) -> None:
    """Tables for any model added since the database was filled, and the demo data."""
    from app.auth.models import User
    from app.demo import load_demo_data
    from app.extensions import db

    with app.app_context():
        db.create_all()
        if db.session.scalar(sa.select(User.id).where(User.email == COACH)) is None:
            load_demo_data()
            db.session.commit()


def measure_imports(app, rows: int = 10_000, output: str | None = None) -> dict:
    """Upload, preview and confirm a file of `rows` referrals; the seconds of each step."""
    from app.demo import DEMO_PASSWORD
    from app.extensions import db
    from app.imports.models import Import
    from benchmarks.measure import _token, login

    _ready(app)
    with app.app_context():
        _forget(db, [])
        referred_on = date.today() - timedelta(days=3)
    content = referral_file(rows, referred_on)
    app.config["JOBS_IMMEDIATE"] = False  # the fan-out is the worker's, not the request's
    app.config["SECOND_FACTOR_REQUIRED"] = "none"  # the demo coach logs in with a password
    client = login(app, COACH, DEMO_PASSWORD)
    token = _token(client, "/imports/referrals/new")
    data = {"csrf_token": token, "file": (io.BytesIO(content), "remisser.csv")}
    answer, upload_s = _timed(lambda: client.post("/imports/referrals/new", data=data))
    assert answer.status_code == 302, answer.get_data(as_text=True).split("<main")[-1][:3000]
    page, preview_s = _timed(lambda: client.get(answer.location))
    assert page.status_code == 200
    confirm = {"csrf_token": token, "registered": "0"}
    done, confirm_s = _timed(lambda: client.post(answer.location + "/confirm", data=confirm))
    assert done.status_code == 302, done.get_data(as_text=True)[:2000]
    with app.app_context():
        item = db.session.scalars(sa.select(Import).order_by(Import.id.desc())).first()
        imported = item.imported_count
        _forget(db, [])
    figures = {
        "database": app.config["SQLALCHEMY_DATABASE_URI"].split(":")[0],
        "rows": rows,
        "file_mb": round(len(content) / 1024 / 1024, 1),
        "upload_and_check_s": upload_s,
        "preview_page_s": preview_s,
        "confirm_s": confirm_s,
        "imported": imported,
    }
    print(json.dumps(figures, indent=2))
    if output:
        Path(output).write_text(json.dumps(figures, indent=2) + "\n")
    return figures


if __name__ == "__main__":
    sys.exit("run: python -m benchmarks imports")
