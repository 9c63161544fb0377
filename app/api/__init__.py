"""The REST API for the municipality's own systems, under /api/v1."""
