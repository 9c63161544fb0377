"""Flask extensions, created unbound and bound to the app in `create_app`."""

from dataclasses import dataclass

import sqlalchemy as sa
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_login import LoginManager
from flask_migrate import Migrate
from flask_sqlalchemy import SQLAlchemy
from flask_wtf import CSRFProtect

from app.db import Base
from app.i18n import ValideraBabel

PER_PAGE = 20


class ValideraSQLAlchemy(SQLAlchemy):
    """Flask-SQLAlchemy, with pages numbered only by the one page-number reader."""

    def paginate(self, select, *, page=None, per_page=None, **options):
        """A page of `select`: the page number asked for in the query string's `page` (as
        `app.web.page_number` reads it: anything else is the first page, none past its
        maximum), unless the view names one; as many rows as the view says, never as many
        as the query string says (Flask-SQLAlchemy would read both unchecked)."""
        from app.web import page_number  # app.web needs this module first

        page = page_number() if page is None else page
        return super().paginate(select, page=page, per_page=per_page or PER_PAGE, **options)


@dataclass
class CountedPage:
    """A page of rows and the numbers its pagination shows (as Flask-SQLAlchemy's page)."""

    items: list
    page: int
    per_page: int
    total: int

    @property
    def pages(self) -> int:
        """How many pages there are (at least one)."""
        return max(1, -(-self.total // self.per_page))

    @property
    def has_prev(self) -> bool:
        return self.page > 1

    @property
    def prev_num(self) -> int:
        return self.page - 1

    @property
    def has_next(self) -> bool:
        return self.page < self.pages

    @property
    def next_num(self) -> int:
        return self.page + 1


def counted_page(select: sa.Select, *, per_page: int, page: int | None = None) -> CountedPage:
    """A page of `select`'s rows with how many there are, in one statement: the count rides
    along each row (`count(*) OVER ()`) where `paginate` sends a second statement for it; only
    a page past the end counts apart. The items are the rows' first column when `select` has
    one, else the rows less the count. The page number is read as `paginate` reads it."""
    from app.web import page_number  # app.web needs this module first

    page = page_number() if page is None else page
    counted = select.add_columns(sa.func.count().over()).limit(per_page)
    rows = db.session.execute(counted.offset((page - 1) * per_page)).all()
    if rows:
        total = rows[0][-1]
    elif page == 1:
        total = 0
    else:
        everything = select.order_by(None).subquery()
        total = db.session.scalar(sa.select(sa.func.count()).select_from(everything))
    one = len(select.column_descriptions) == 1  # an entity, or one column
    items = [row[0] if one else row[:-1] for row in rows]
    return CountedPage(items, page, per_page, total)


# A view commits its audit line before rendering; with the default expiry on commit every
# object on the page would then be loaded again, one query per row. A session lives for one
# request, so what it loaded stays valid until the page is rendered.
db = ValideraSQLAlchemy(model_class=Base, session_options={"expire_on_commit": False})

MAX_ID = 2**31 - 1  # no larger id exists, and PostgreSQL refuses to compare with one


def get_or_none(model, object_id: int, options=()):
    """The row with the id named in a URL, or None (also for ids no integer column can hold);
    `options` load what the page shows of it in the same query."""
    if not 0 < object_id <= MAX_ID:
        return None
    return db.session.get(model, object_id, options=options)


migrate = Migrate(compare_type=True, render_as_batch=True)
login_manager = LoginManager()
csrf = CSRFProtect()
babel = ValideraBabel()
limiter = Limiter(key_func=get_remote_address, default_limits=[])
