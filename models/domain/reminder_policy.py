"""Reminder thresholds (in working days), per campaign, with the defaults of the 催办督办 rules."""
from pydantic import BaseModel, Field


class ReminderPolicy(BaseModel):
    due_soon: list[int] = Field([7, 3, 1], description="remind the unit this many working days before a deadline")
    overdue_every: int = Field(3, ge=1, description="after the first overdue reminder, repeat every N working days")
    overdue_leader_after: int = Field(5, ge=1, description="from N working days overdue, also the responsible leader")
    overdue_chair_after: int = Field(10, ge=1, description="from N working days overdue, also the leading group chair")
    approval_after: int = Field(2, ge=0, description="a request pending more than N working days: its approvers")
    approval_office_after: int = Field(5, ge=0, description="pending more than N working days: also the office")
    followup_months: list[int] = Field([3, 6], description="回头看: re-check closed items after these months")
    stage_grace_days: int = Field(7, ge=0, description="progress reported within N days before a stage target's "
                                                       "date counts for it")
    yellow_within: int = Field(7, ge=0, description="yellow light: due within N working days")
