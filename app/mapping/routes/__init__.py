"""Views of the mapping area (`app.mapping.init_app` loads them)."""
