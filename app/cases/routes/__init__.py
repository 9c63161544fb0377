"""Views of the cases area, one module per part of a coach's work (`app.cases.init_app`
loads them)."""
