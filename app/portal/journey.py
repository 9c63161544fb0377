"""The journey in a participant's words: which step each stage of a case is (plain Python)."""

from __future__ import annotations

from dataclasses import dataclass

from app.cases.workflow import Stage
from app.portal.vocab import Step

STEPS = tuple(Step)

_STEP_OF = {
    Stage.REFERRED: Step.START,
    Stage.INTAKE: Step.START,
    Stage.MAPPING: Step.MAPPING,
    Stage.ASSESSMENT: Step.SHOWING,
    Stage.TRAINING: Step.LEARNING,
    Stage.VERIFICATION: Step.CHECKING,
    Stage.CERTIFIED: Step.CERTIFICATE,
    Stage.MATCHING: Step.WORK,
    Stage.PLACED: Step.WORK,
    Stage.CLOSED: Step.DONE,
}


@dataclass(frozen=True)
class Place:
    """Where a case stands in the participant's journey."""

    step: Step
    paused: bool

    def state(self, step: Step) -> str:
        """ "done", "now" or "later" for one step of the journey."""
        here, there = STEPS.index(self.step), STEPS.index(step)
        return "done" if there < here else "now" if there == here else "later"


def place_of(stage: Stage, paused_from: Stage | None = None) -> Place:
    """The step of a stage; a paused case stands at the step it paused in."""
    if stage is Stage.PAUSED:
        return Place(_STEP_OF[paused_from or Stage.INTAKE], paused=True)
    return Place(_STEP_OF[stage], paused=False)
