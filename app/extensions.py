"""Flask extensions, created unbound and bound to the app in `create_app`."""

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


# A view commits its audit line before rendering; with the default expiry on commit every
# object on the page would then be loaded again, one query per row. A session lives for one
# request, so what it loaded stays valid until the page is rendered.
db = ValideraSQLAlchemy(model_class=Base, session_options={"expire_on_commit": False})

MAX_ID = 2**31 - 1  # no larger id exists, and PostgreSQL refuses to compare with one


def get_or_none(model, object_id: int):
    """The row with the id named in a URL, or None (also for ids no integer column can hold)."""
    return db.session.get(model, object_id) if 0 < object_id <= MAX_ID else None


migrate = Migrate(compare_type=True, render_as_batch=True)
login_manager = LoginManager()
csrf = CSRFProtect()
babel = ValideraBabel()
limiter = Limiter(key_func=get_remote_address, default_limits=[])
