"""The portal's views: the participant's own pages (own.py), signing in (sign_in.py), and the
coach's and the administrator's parts (staff.py)."""
