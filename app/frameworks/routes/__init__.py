"""Views of the frameworks area: browsing, the editor, and import/export
(`app.frameworks.init_app` loads them)."""
