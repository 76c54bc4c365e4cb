"""Derived tables shared by the checks and the diagnosis (Ibis expressions, built once per run),
read through one scope (`DataScope`) by a `FactContext`."""

from pipeline_doctor.facts.activity import deal_activity, meeting_facts
from pipeline_doctor.facts.context import FactContext
from pipeline_doctor.facts.conversations import discovery_calls, email_facts, meeting_preparation
from pipeline_doctor.facts.deals import BANT, days_between, deal_facts, population_facts
from pipeline_doctor.facts.funnel import rep_stage_funnel, stage_visits
from pipeline_doctor.facts.profile import StageInfo, StoreProfile, rows
from pipeline_doctor.facts.scope import DataScope

__all__ = [
    "BANT",
    "DataScope",
    "FactContext",
    "StageInfo",
    "StoreProfile",
    "days_between",
    "deal_activity",
    "deal_facts",
    "discovery_calls",
    "email_facts",
    "meeting_facts",
    "meeting_preparation",
    "population_facts",
    "rep_stage_funnel",
    "rows",
    "stage_visits",
]
