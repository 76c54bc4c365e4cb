"""The skills a manager coaches (DESIGN link 11), one per habit a check judges. Each check
declares the skill its findings call for (`Check.skill`); the coaching plan reads those
declarations and never asks which check a finding came from. They live beside the checks that
declare them, so the coaching package reads the checks and never the other way round.

Value propositions per buying influence, industry, pain point and competitor are a skill the
design names, but no check judges them for one rep yet, so no skill here stands for them."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field


class Skill(BaseModel):
    """A skill to develop: a stable key (JSON, links), its name as a manager says it, and one
    exercise to practise it."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    key: str = Field(description="stable snake_case key, e.g. next_step_discipline")
    name: str = Field(description="the skill as a manager names it")
    practice: str = Field(description="one concrete exercise, in a sentence")


PROSPECTING_MIX = Skill(
    key="prospecting_mix",
    name="Prospecting mix: warm introductions before cold lists",
    practice=(
        "Each week, trade one block of cold calling for asking three customers or partners for "
        "an introduction, and look together at where the new deals came from."
    ),
)
TARGETING = Skill(
    key="targeting",
    name="Targeting: effort on accounts that buy",
    practice=(
        "Before each prospecting block, pick the accounts that look like the last ten won "
        "customers, and ask for a meeting in every conversation."
    ),
)
REFERRAL_ASKING = Skill(
    key="referral_asking",
    name="Asking won customers for referrals",
    practice=(
        "Role-play the referral ask, then make it within a month of every win: one named "
        "introduction, asked for directly."
    ),
)
QUALIFICATION = Skill(
    key="qualification",
    name="Qualification: budget, authority, need and timing",
    practice=(
        "Before a deal leaves qualification, write down budget, authority, need and timing in "
        "the buyer's words; qualify out a deal where one cannot be established."
    ),
)
PREPARATION = Skill(
    key="preparation",
    name="Meeting preparation",
    practice=(
        "Before each meeting, write three lines of research on the account and the people "
        "attending, and send the buyer a short agenda."
    ),
)
DISCOVERY = Skill(
    key="discovery_questioning",
    name="Discovery questioning",
    practice=(
        "Prepare ten open questions about the buyer's goals, costs and decision; on the next "
        "discovery call, let the buyer talk more than half the time."
    ),
)
NEXT_STEP = Skill(
    key="next_step_discipline",
    name="Next-step discipline",
    practice=(
        "End every meeting by agreeing a dated next step with the buyer and sending the "
        "calendar invitation before the call ends."
    ),
)
EMAIL_COPYWRITING = Skill(
    key="email_copywriting",
    name="Follow-up email copywriting",
    practice=(
        "Rewrite the last three follow-ups together: the buyer's goal in their words, one "
        "useful idea, one clear question, under 100 words."
    ),
)
MULTITHREADING = Skill(
    key="multithreading",
    name="Multithreading: the decision maker and more than one contact",
    practice=(
        "For each deal reaching the proposal, name the decision maker and a technical contact "
        "and plan the meeting that brings them in."
    ),
)
PIPELINE_HYGIENE = Skill(
    key="pipeline_hygiene",
    name="Pipeline hygiene: qualifying deals in or out",
    practice=(
        "Go through the listed deals together: for each, one honest question to the buyer "
        "this week, or close it out."
    ),
)
LOSS_REVIEW = Skill(
    key="loss_review",
    name="Learning from lost deals",
    practice=(
        "Within a week of each loss, record its root cause (price, functionality, sales "
        "tactic, timing, no decision, competitor) and talk it through in the one-to-one."
    ),
)

SKILLS: tuple[Skill, ...] = (
    PROSPECTING_MIX,
    TARGETING,
    REFERRAL_ASKING,
    QUALIFICATION,
    PREPARATION,
    DISCOVERY,
    NEXT_STEP,
    EMAIL_COPYWRITING,
    MULTITHREADING,
    PIPELINE_HYGIENE,
    LOSS_REVIEW,
)
"""Every skill, in the order of the sales process."""
