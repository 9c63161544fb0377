"""Factories for the certificates area, importable by other areas' tests."""

from __future__ import annotations

from app.certificates import services
from app.certificates.sources import UnitSnapshot
from tests.assessments.factories import verified_unit


def verify_units(case, assessor, verifier, units) -> list:
    """Each unit assessed, achieved and verified for the case: ready for a certificate."""
    return [verified_unit(case, assessor, verifier, unit) for unit in units]


def snapshot_of(unit, assessor="Per Sjöberg", verifier="Lena Åström") -> UnitSnapshot:
    """A framework unit as a certificate would state it, without any decision behind it."""
    return UnitSnapshot(
        code=unit.code,
        title=unit.title,
        level=str(unit.level),
        credits=unit.credits,
        outcomes=tuple(o.text for o in unit.outcomes),
        assessor_name=assessor,
        verifier_name=verifier,
        unit_id=unit.id,
    )


def issue_for(case, actor, units=None, framework=None, **kwargs):
    """A certificate for `units` of `framework` (snapshots only), issued by `actor`."""
    framework = framework or units[0].framework
    snapshots = [snapshot_of(unit) for unit in units or framework.units]
    return services.issue_from_snapshots(case, framework, snapshots, actor, **kwargs)
