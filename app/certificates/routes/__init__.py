"""Views of the certificates area: staff pages, public verification, published keys
(`app.certificates.init_app` loads them)."""
