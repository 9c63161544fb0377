"""Upload a file, see its preview, confirm it; and the templates to start from."""

from __future__ import annotations

from flask import Response, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.exceptions import RequestEntityTooLarge

from app.cases.access import shows_identity
from app.imports import bp, queries, samples
from app.imports.columns import COLUMNS
from app.imports.forms import ConfirmForm, UploadForm
from app.imports.labels import KINDS, PROTECTED, STATES, header, language
from app.imports.models import Import
from app.imports.reading import MAX_BYTES
from app.imports.services import confirm_import, upload_file
from app.imports.vocab import ImportKind, Refusal
from app.permissions import can, permission
from app.refusals import Refused
from app.reports.exports import CSV_TYPE, XLSX_TYPE, to_csv
from app.web import error_page, load, me, page_number, save, seen_many, show_refused

# The form around the file: a request past this is refused before the view reads it.
MAX_REQUEST = MAX_BYTES + 1024 * 1024


@bp.url_value_preprocessor
def allow_large_files(endpoint, values):
    """An import file may be larger than the other uploads (20 MB); set before anything
    (the CSRF check) reads the body."""
    request.max_content_length = MAX_REQUEST


@bp.errorhandler(RequestEntityTooLarge)
def too_large(error):
    """A file past the limit gets the upload page with the reason at the file field (those
    who may not upload get the plain error page: the limit is met before access is checked)."""
    kind = ImportKind.STAFF if request.path.startswith("/imports/staff") else ImportKind.REFERRALS
    if not can(current_user, f"import.{kind.value}"):
        return error_page(error)
    form = UploadForm(formdata=None)
    show_refused(Refused(Refusal.TOO_LARGE, field="file"), form)
    return _upload_page(kind, form), 413


def _upload_page(kind: ImportKind, form):
    return render_template("imports/upload.html", kind=kind, form=form)


def _upload(kind: ImportKind):
    form = UploadForm()
    if form.validate_on_submit():
        done = save(
            lambda: upload_file(kind, form.file.data, me()),
            None,
            lambda item: url_for("imports.preview", import_id=item.id),
            form=form,
        )
        if done:
            return done
    return _upload_page(kind, form)


@bp.route("/referrals/new", methods=["GET", "POST"])
@permission("import.referrals")
def referrals_new():
    """Upload a file of referrals for the municipality's inbox."""
    return _upload(ImportKind.REFERRALS)


@bp.route("/staff/new", methods=["GET", "POST"])
@permission("import.staff")
def staff_new():
    """Upload a file of staff accounts for the municipality."""
    return _upload(ImportKind.STAFF)


def _template(kind: ImportKind):
    file_format = "csv" if request.args.get("format") == "csv" else "xlsx"
    content = samples.template_file(kind, language(), file_format)
    name = _("referrals") if kind is ImportKind.REFERRALS else _("staff")
    disposition = f'attachment; filename="{name}.{file_format}"'
    mimetype = CSV_TYPE if file_format == "csv" else XLSX_TYPE
    return Response(content, mimetype=mimetype, headers={"Content-Disposition": disposition})


@bp.get("/referrals/template")
@permission("import.referrals")
def referrals_template():
    """The template of a referrals file (?format=csv or xlsx), columns named in my language."""
    return _template(ImportKind.REFERRALS)


@bp.get("/staff/template")
@permission("import.staff")
def staff_template():
    """The template of a staff file (?format=csv or xlsx), columns named in my language."""
    return _template(ImportKind.STAFF)


@bp.get("/<int:import_id>/errors.csv")
@permission("import.view")
def errors_file(import_id: int):
    """The upload's errors as a CSV file (row, column, the value as typed, what is wrong), with
    every value that a spreadsheet would run as a formula kept as text."""
    item = load(Import, import_id, "import.view")
    content = to_csv(queries.problem_lines(item, language()))
    disposition = f'attachment; filename="{_("errors")}-{item.id}.csv"'
    return Response(content, mimetype=CSV_TYPE, headers={"Content-Disposition": disposition})


@bp.get("/<int:import_id>")
@permission("import.view")
def preview(import_id: int):
    """The rows of an upload with their errors and the registered numbers, before it is
    confirmed (or what it imported, after)."""
    item = load(Import, import_id, "import.view")
    return _preview_page(item, ConfirmForm())


def _preview_page(item: Import, form: ConfirmForm):
    registered = queries.registered_rows(item) if item.kind is ImportKind.REFERRALS else []
    seen_many("import.previewed", item, [r.participant.id for r in registered])
    form.registered.data = str(len(registered))
    rows, pages = queries.page_of_rows(item, page_number())
    page = min(page_number(), pages)
    return render_template(
        "imports/preview.html",
        item=item,
        form=form,
        registered=registered,
        problems=queries.problem_rows(item, language()),
        rows=rows,
        pager=_pager(page, pages),
        language=language(),
        columns=COLUMNS[item.kind],
        column_name=lambda key: header(item.kind, key),
        registered_name=_registered_name,
        kind_label=KINDS[item.kind],
        state_label=STATES[item.state],
    )


def _pager(page: int, pages: int) -> dict:
    """What the pagination macro reads, for a list that is not a query."""
    return {
        "page": page,
        "pages": pages,
        "has_prev": page > 1,
        "has_next": page < pages,
        "prev_num": page - 1,
        "next_num": page + 1,
    }


def _registered_name(participant) -> str:
    """The registered name, or a placeholder for a protected identity the viewer may not see."""
    if shows_identity(current_user, participant):
        return participant.full_name
    return str(PROTECTED)


@bp.post("/<int:import_id>/confirm")
@permission("import.view")
def confirm(import_id: int):
    """Import every row of the upload at once (a second confirmation imports nothing more)."""
    item = load(Import, import_id, "import.view")
    form = ConfirmForm()
    if not form.validate_on_submit():
        return _preview_page(item, form)
    done = save(
        lambda: confirm_import(item, form.attach.data, form.seen_registered(), me()),
        lambda result: _confirmed_text(*result),
        url_for("imports.preview", import_id=item.id),
        form=form,
    )
    return done or _preview_page(item, form)


def _confirmed_text(item: Import, now: bool) -> str:
    if not now:
        return _("The file was imported already; nothing was imported again.")
    if item.kind is ImportKind.REFERRALS:
        return _(
            "%(count)s referrals were imported and wait in the inbox.", count=item.imported_count
        )
    return _(
        "%(count)s accounts were created; each person was mailed a welcome link.",
        count=item.imported_count,
    )
