"""Operations of the assessments area: they change state, flush and log; the route commits.

Reads for pages and other areas are in `app/assessments/queries.py` (for certificates:
`verified_achieved_decisions(case)`, what a certificate may be issued for).
"""
