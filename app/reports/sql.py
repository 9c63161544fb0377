"""SQL building blocks of the statistics, the same on SQLite and PostgreSQL.

Durations, age groups and percentiles are computed by the database: `days_between` compiles to
each dialect's date arithmetic, and `percentile_parts` picks the ranked values around a
percentile with window functions, which both databases have.
"""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.functions import FunctionElement

from app.assessments.models import Assessment
from app.frameworks.models import Framework
from app.mapping.models import Mapping
from app.reports.scope import Filters, Scope


class days_between(FunctionElement):
    """Days (with fractions) from the first timestamp to the second."""

    type = sa.Float()
    name = "days_between"
    inherit_cache = True


@compiles(days_between)
def _days_between_postgresql(element, compiler, **kw):
    start, end = (compiler.process(arg, **kw) for arg in element.clauses)
    return f"CAST(EXTRACT(EPOCH FROM ({end} - {start})) / 86400.0 AS DOUBLE PRECISION)"


@compiles(days_between, "sqlite")
def _days_between_sqlite(element, compiler, **kw):
    start, end = (compiler.process(arg, **kw) for arg in element.clauses)
    return f"(julianday({end}) - julianday({start}))"


def text(column) -> sa.ColumnElement:
    """An enum column read back as its plain string value (so totals can share the column)."""
    return sa.type_coerce(column, sa.String)


def age_group(at, birth_year) -> sa.ColumnElement:
    """The age group at the year of `at`: under 18, 18–29, 30–54, 55+, or unknown."""
    age = sa.extract("year", at) - birth_year
    return sa.case(
        (birth_year.is_(None), "unknown"),
        (age < 18, "under_18"),
        (age < 30, "18_29"),
        (age < 55, "30_54"),
        else_="55_plus",
    )


def certificate_holder() -> tuple[sa.ColumnElement, sa.ColumnElement]:
    """(gender, birth year) of a certificate's holder, for a query that outer-joins the
    participant: what the certificate kept when it was issued, which anonymisation leaves, and
    the participant's otherwise (certificates issued before it kept the gender)."""
    from app.cases.models import Participant
    from app.certificates.models import Certificate

    gender = sa.func.coalesce(
        text(Certificate.holder_gender), text(Participant.gender), "not_stated"
    )
    born = sa.cast(sa.extract("year", Certificate.birth_date), sa.Integer)
    return gender, sa.func.coalesce(born, Participant.birth_year)


def municipality_ids(scope: Scope, filters: Filters) -> list[int]:
    """The municipalities counted: the scope's, or the one chosen among them."""
    if filters.municipality_id is not None:
        return [m for m in scope.municipality_ids if m == filters.municipality_id]
    return list(scope.municipality_ids)


def framework_case_ids(code) -> sa.Select:
    """Cases mapped or assessed against any version of the framework `code` (a value or a
    bound parameter)."""
    mapped = sa.select(Mapping.case_id).join(Framework, Framework.id == Mapping.framework_id)
    assessed = sa.select(Assessment.case_id).join(
        Framework, Framework.id == Assessment.framework_id
    )
    return sa.union(mapped.where(Framework.code == code), assessed.where(Framework.code == code))


def percentile_parts(rank, size, tenths: int, value) -> tuple:
    """The two ranked values around a percentile and the fraction between them.

    With `rank` from ROW_NUMBER() and `size` from COUNT(*) over the same partition, the
    percentile (in tenths: 5 for the median, 9 for the 90th) lies at position
    1 + p·(size − 1); integer division and remainder find it without rounding functions,
    which SQLite and PostgreSQL name differently. Use inside GROUP BY the partition.
    """
    offset = (size - 1) * tenths
    low = sa.func.max(sa.case((rank == 1 + offset // 10, value)))
    high = sa.func.max(sa.case((rank == 2 + offset // 10, value)))
    fraction = sa.func.max(offset % 10)
    return low + (sa.func.coalesce(high, low) - low) * fraction / 10.0
