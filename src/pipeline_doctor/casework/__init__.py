"""One deal at a time: its story, its retrospective when lost, and the honest qualify-out email
when it has gone quiet. Built from the store and the diagnosis's findings into result objects
the views render (terminal, JSON, the report) without querying."""

from pipeline_doctor.casework.models import DEAL_SCHEMA_VERSION, DealStory, LossReview, RootCause
from pipeline_doctor.casework.story import build_deal_story, story_of

__all__ = [
    "DEAL_SCHEMA_VERSION",
    "DealStory",
    "LossReview",
    "RootCause",
    "build_deal_story",
    "story_of",
]
