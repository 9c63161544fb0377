"""The protocol of a view (app/web.py): load, save with its one commit, refusals, read logs."""

from __future__ import annotations

import pytest
import sqlalchemy as sa
from flask import get_flashed_messages
from flask_babel import lazy_gettext as _l
from flask_login import login_user
from flask_wtf import FlaskForm
from sqlalchemy.orm.exc import StaleDataError
from werkzeug.exceptions import Forbidden, NotFound
from werkzeug.wrappers import Response
from wtforms import StringField

from app.audit import AuditEvent
from app.auth.models import User
from app.extensions import MAX_ID, db
from app.organisations.models import Region
from app.refusals import Refused, check
from app.web import (
    commit,
    load,
    refusal_texts,
    refusal_words,
    save,
    seen,
    seen_many,
    write_reads,
)
from benchmarks.measure import QueryCounter


class NameForm(FlaskForm):
    class Meta:
        csrf = False

    name = StringField()


@pytest.fixture
def as_user(app):
    """A request context with `user` logged in."""

    def enter(user, **request):
        context = app.test_request_context("/", **request)
        context.push()
        login_user(user)
        return context

    contexts = []
    yield lambda user, **request: contexts.append(enter(user, **request)) or contexts[-1]
    for context in reversed(contexts):
        context.pop()


WORDS = {
    "test_closed": _l("The door is closed."),
    "test_too_many": _l("At most %(limit)s."),
    "test_listed": lambda names=(): [f"Missing: {n}" for n in names],
}


@pytest.fixture(autouse=True)
def _own_words(app):
    """What a test words is gone after it: the app's table is as the areas made it."""
    table = app.extensions["validera.refusals"]
    kept = dict(table)
    yield
    table.clear()
    table.update(kept)


@pytest.fixture
def words(app):
    refusal_words(app, WORDS)


def regions() -> list[str]:
    return list(db.session.scalars(sa.select(Region.name).order_by(Region.name)))


# --- load -------------------------------------------------------------------------------------


def test_load_answers_the_object_in_scope(as_user, world):
    as_user(world["admin"])
    coach = world["coach"]
    assert load(User, coach.id, "admin.users") is coach


@pytest.mark.parametrize("object_id", [0, -1, MAX_ID + 1, 10**30, 987_654])
def test_load_answers_404_for_ids_that_name_nothing(as_user, world, object_id):
    as_user(world["admin"])
    with pytest.raises(NotFound):
        load(User, object_id, "admin.users")


def test_load_answers_404_outside_the_scope_and_403_for_the_role(as_user, world):
    as_user(world["admin"])
    with pytest.raises(NotFound):
        load(User, world["other_coach"].id, "admin.users")
    as_user(world["coach"])
    with pytest.raises(Forbidden):
        load(User, world["coach2"].id, "admin.users")


def test_load_with_visible_tells_seeing_from_acting(as_user, world):
    from tests.cases.factories import make_case

    case = make_case(world["coach"])
    db.session.flush()
    as_user(world["coach2"])  # a colleague in the municipality: sees the case, is not its coach
    with pytest.raises(Forbidden):
        load(type(case), case.id, "case.journal_write", visible="case.view")
    as_user(world["other_coach"])
    with pytest.raises(NotFound):
        load(type(case), case.id, "case.journal_write", visible="case.view")


# --- save -------------------------------------------------------------------------------------


def test_save_commits_once_flashes_and_redirects(as_user, world):
    as_user(world["admin"])
    response = save(
        lambda: db.session.add(Region(name="Norra")) or "Norra",
        lambda name: f"{name} was saved.",
        lambda name: f"/regions/{name}",
    )
    assert response.status_code == 302 and response.location == "/regions/Norra"
    assert get_flashed_messages(with_categories=True) == [("success", "Norra was saved.")]
    db.session.expunge_all()
    assert "Norra" in regions()


def test_a_refusal_with_a_form_rolls_back_and_shows_the_words_at_the_field(as_user, world, words):
    as_user(world["admin"], method="POST", data={"name": "x"})
    form = NameForm()

    def change():
        db.session.add(Region(name="Halvfärdig"))
        db.session.flush()
        raise Refused("test_too_many", field="name", limit=3)

    assert save(change, "Saved.", "/done", form=form) is None
    assert form.name.errors == ["At most 3."]
    assert get_flashed_messages() == []
    assert "Halvfärdig" not in regions()


def test_a_refusal_without_a_form_shows_every_reason_at_the_top_and_goes_back(
    as_user, world, words
):
    as_user(world["admin"])

    def change():
        raise Refused("test_closed", "test_listed", names=["A", "B"])

    response = save(change, "Saved.", lambda _: "/never", back="/back")
    assert response.location == "/back"
    assert get_flashed_messages(with_categories=True) == [
        ("error", "The door is closed."),
        ("error", "Missing: A"),
        ("error", "Missing: B"),
    ]


def test_a_refusal_for_a_field_the_form_lacks_shows_at_the_top(as_user, world, words):
    as_user(world["admin"], method="POST", data={"name": "x"})
    form = NameForm()
    assert save(lambda: check(["test_closed"], field="nothing"), "", "/", form=form) is None
    assert form.errors == {}
    assert get_flashed_messages() == ["The door is closed."]


def test_someone_saving_first_is_an_edit_conflict(as_user, world):
    as_user(world["admin"])

    def change():
        raise StaleDataError("updated 0 rows")

    response = save(change, "Saved.", "/done")
    assert response.location == "/done"
    [(category, text)] = get_flashed_messages(with_categories=True)
    assert category == "error" and "sparade" in text  # in the user's language: Swedish


def test_any_other_error_is_not_swallowed(as_user, world):
    as_user(world["admin"])
    with pytest.raises(ZeroDivisionError):
        save(lambda: 1 / 0, "Saved.", "/done")


def test_a_code_worded_twice_differently_is_a_mistake(app):
    refusal_words(app, {"test_once": _l("Once.")})
    with pytest.raises(ValueError, match="test_once"):
        refusal_words(app, {"test_once": _l("Twice.")})


def test_every_area_words_its_codes_in_its_own_language(as_user, world):
    as_user(world["admin"])
    assert refusal_texts(Refused("edit_conflict"))[0].startswith("Någon annan")


# --- read logs --------------------------------------------------------------------------------


def _test_lines() -> list[str]:
    query = sa.select(AuditEvent.action).where(AuditEvent.action.like("test.%"))
    return sorted(db.session.scalars(query))


def test_a_requests_reads_are_written_in_its_transaction_and_committed_before_its_answer(
    as_user, world
):
    as_user(world["admin"])
    seen("test.seen", world.home, participant_id=None, details={"page": 1})
    seen_many("test.listed", world.home, [3, 4, 3, None])
    assert _test_lines() == []  # nothing is sent while the page is built
    counter = QueryCounter(db.engine)
    try:
        write_reads(Response("the page"))  # after_request
    finally:
        counter.close()
    # one INSERT a read, however many participants it names
    assert [s.split()[0] for s in counter.statements if "audit_events" in s] == ["INSERT"] * 2
    db.session.rollback()  # what follows cannot take the lines back
    assert _test_lines() == ["test.listed"] * 3 + ["test.seen"]
    listed = db.session.execute(
        sa.select(AuditEvent.participant_id, AuditEvent.actor, AuditEvent.object_type).where(
            AuditEvent.action == "test.listed"
        )
    ).all()
    assert sorted(listed, key=str) == sorted(
        [
            (3, world["admin"].email, "municipalities"),
            (4, world["admin"].email, "municipalities"),
            (None, world["admin"].email, "municipalities"),
        ],
        key=str,
    )


def test_a_refused_change_does_not_take_the_reads_before_it_along(as_user, world):
    as_user(world["admin"])
    seen("test.seen", world.home)
    with pytest.raises(Refused):
        commit(lambda: check(["no"]))
    assert _test_lines() == ["test.seen"]


def test_a_failed_answer_showed_nothing_and_logs_no_read(as_user, world):
    as_user(world["admin"])
    seen("test.seen", world.home)
    write_reads(Response("error", status=500))
    assert _test_lines() == []


def test_a_page_logs_its_read_when_its_answer_arrives(client, world):
    from tests.cases.factories import make_case, make_participant

    case = make_case(world["coach"], make_participant(world.home))
    db.session.commit()
    client.login(world["coach"])
    assert client.get(f"/cases/{case.id}/journal").status_code == 200
    lines = db.session.scalars(
        sa.select(AuditEvent).where(AuditEvent.action == "case.journal_viewed")
    ).all()
    assert [(line.participant_id, line.user_id) for line in lines] == [
        (case.participant_id, world["coach"].id)
    ]


def test_codes_of_two_areas_enums_may_share_a_value(app, as_user, world):
    import enum

    class One(enum.StrEnum):
        CLOSED = "closed"

    class Two(enum.StrEnum):
        CLOSED = "closed"

    refusal_words(app, {One.CLOSED: _l("One is closed.")})  # each area words its own
    refusal_words(app, {Two.CLOSED: _l("Two is closed.")})
    as_user(world["admin"])
    assert refusal_texts(Refused(Two.CLOSED, One.CLOSED)) == ["Two is closed.", "One is closed."]
