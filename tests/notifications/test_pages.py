"""The notification list, opening a notification, marking all read, and the header's count."""

from __future__ import annotations

import re

import sqlalchemy as sa

from app.cases.workflow import Stage
from app.db import utcnow
from app.extensions import db
from app.notifications.models import Notification
from tests.cases.factories import make_case
from tests.helpers import count_queries
from tests.notifications.factories import make_notification


def header_count(html: str) -> str:
    """The words of the header's link to the notifications, as a screen reader reads them
    (without what is hidden from it: the count in its badge)."""
    [link] = re.findall(
        r'<a href="/notifications/" class="notifications-link[^>]*>(.*?)</a>', html, re.S
    )
    link = re.sub(r'<span [^>]*aria-hidden="true">.*?</span>', "", link)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", link)).strip()


def test_the_list_shows_ones_own_notifications_newest_first(client, world):
    older = make_notification(world["coach"], reference="#11", created_at=utcnow().replace(hour=6))
    newer = make_notification(world["coach"], reference="#12")
    make_notification(world["coach2"], reference="#99")
    client.login(world["coach"])
    html = client.get("/notifications/").get_data(as_text=True)
    assert html.index("Ärende #12 har tilldelats dig.") < html.index(
        "Ärende #11 har tilldelats dig."
    )
    assert "#99" not in html
    assert f"/notifications/{newer.id}" in html and f"/notifications/{older.id}" in html
    assert html.count(">Oläst</strong>") == 2  # marked in words, not only by colour


def test_the_list_in_english_and_its_empty_state(client, world):
    client.login(world["coach"])
    client.post("/language", data={"language": "en", "next": "/"})
    html = client.get("/notifications/").get_data(as_text=True)
    assert "No notifications yet." in html and "Mark all read" not in html
    make_notification(world["coach"], reference="#5")
    html = client.get("/notifications/").get_data(as_text=True)
    assert "Case #5 was assigned to you." in html and ">Unread</strong>" in html
    assert header_count(html) == "Notifications (unread: 1)"


def test_the_unread_filter(client, world):
    make_notification(world["coach"], reference="#1", read_at=utcnow())
    make_notification(world["coach"], reference="#2")
    client.login(world["coach"])
    html = client.get("/notifications/?unread=1").get_data(as_text=True)
    assert "#2" in html and "Ärende #1 " not in html
    assert 'name="unread" value="1" checked' in html
    make_notification(world["coach"], reference="#1", read_at=utcnow())
    db.session.execute(sa.update(Notification).values(read_at=utcnow()))
    html = client.get("/notifications/?unread=1").get_data(as_text=True)
    assert "Inga olästa aviseringar." in html


def test_the_list_is_paged_fifty_at_a_time(client, world):
    for number in range(51):
        make_notification(world["coach"], reference=f"#{1000 + number}")
    client.login(world["coach"])
    first = client.get("/notifications/").get_data(as_text=True)
    assert "#1050" in first and "#1000 " not in first and "Sida 1 av 2" in first
    second = client.get("/notifications/?page=2").get_data(as_text=True)
    assert "Ärende #1000 har tilldelats dig." in second and "#1050" not in second


def test_opening_a_notification_marks_it_read_and_leads_to_the_thing(client, world):
    case = make_case(world["coach"], stage=Stage.INTAKE)
    client.login(world["coach"])
    client.post(
        f"/cases/{case.id}/reassign",
        data={"version": case.version, "coach": world["coach2"].id},
    )
    client.login(world["coach2"])
    html = client.get("/").get_data(as_text=True)
    assert header_count(html) == "Aviseringar (olästa: 1)"
    [told] = db.session.scalars(
        sa.select(Notification).where(Notification.user_id == world["coach2"].id)
    ).all()
    answer = client.get(f"/notifications/{told.id}")
    assert answer.status_code == 302 and answer.location == f"/cases/{case.id}"
    db.session.refresh(told)
    assert told.read_at is not None
    html = client.get("/notifications/").get_data(as_text=True)
    assert header_count(html) == "Aviseringar (inga olästa)"
    assert ">Oläst</strong>" not in html and f"Ärende #{case.id} har tilldelats dig." in html


def test_someone_elses_or_no_notification_answers_404_and_changes_nothing(client, world):
    theirs = make_notification(world["coach2"], reference="#4242", link="/cases/4242")
    client.login(world["coach"])
    for url in (
        f"/notifications/{theirs.id}",
        f"/notifications/{theirs.id + 1000}",
        "/notifications/99999999999999999999",
        "/notifications/-1",
        "/notifications/abc",
    ):
        answer = client.get(url)
        assert answer.status_code == 404, url
        assert "4242" not in answer.get_data(as_text=True)
    db.session.refresh(theirs)
    assert theirs.read_at is None


def test_the_list_and_opening_need_a_login(client, world):
    mine = make_notification(world["coach"])
    for url in ("/notifications/", f"/notifications/{mine.id}", "/notifications/settings"):
        assert "/login" in client.get(url).location
    assert "/login" in client.post("/notifications/read").location


def test_mark_all_read_marks_ones_own_only(client, world):
    make_notification(world["coach"])
    make_notification(world["coach"])
    theirs = make_notification(world["coach2"], reference="#4242", link="/cases/4242")
    client.login(world["coach"])
    html = client.get("/notifications/").get_data(as_text=True)
    assert "Markera alla som lästa" in html
    answer = client.post("/notifications/read", follow_redirects=True)
    html = answer.get_data(as_text=True)
    assert "2 aviseringar markerades som lästa." in html
    assert ">Oläst</strong>" not in html and "Markera alla som lästa" not in html
    db.session.refresh(theirs)
    assert theirs.read_at is None


def test_mark_all_read_needs_the_csrf_token(client, world):
    mine = make_notification(world["coach"])
    client.login(world["coach"])
    assert client.post("/notifications/read", csrf=False).status_code == 400
    db.session.refresh(mine)
    assert mine.read_at is None


def test_the_header_count_costs_one_statement(client, world):
    make_notification(world["coach"])
    client.login(world["coach"])
    client.get("/accessibility")
    with count_queries() as sent:
        html = client.get("/accessibility").get_data(as_text=True)
    assert [q for q in sent if "notifications" in q] == [
        q for q in sent if q.lstrip().startswith("SELECT count(*)") and "FROM notifications" in q
    ]
    assert len([q for q in sent if "FROM notifications" in q]) == 1
    assert "olästa: 1" in html
