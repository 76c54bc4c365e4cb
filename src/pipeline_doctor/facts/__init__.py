"""Derived tables shared by the checks and the diagnosis (Ibis expressions, built once per run)."""

from pipeline_doctor.facts.activity import deal_activity, meeting_facts
from pipeline_doctor.facts.deals import days_between, deal_facts
from pipeline_doctor.facts.funnel import rep_stage_funnel, stage_visits

__all__ = [
    "days_between",
    "deal_activity",
    "deal_facts",
    "meeting_facts",
    "rep_stage_funnel",
    "stage_visits",
]
