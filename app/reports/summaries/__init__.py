"""The statistics' precomputed tables: their models (`models.py`), the queries that compute
their rows (`rows.py`) and the keeper that holds them in step with every write (`keeper.py`,
registered by `app.reports.init_app`). Importing the models registers nothing.
"""
