"""Digital credentials: Open Badges 3.0, signed as VC-JWT with each municipality's key."""
