"""The WSGI entry point for gunicorn: `gunicorn --workers 4 wsgi:app`.

Every setting comes from the environment (see the README's configuration table); behind a
reverse proxy, PROXY_FIX_X_FOR and PROXY_FIX_X_PROTO say how many proxies to trust.
"""

from app import create_app

app = create_app()
