"""Organisations: regions, municipalities and employers, the one home of who-belongs-where.

No blueprint: the administration area edits them, every other area reads them.
"""
