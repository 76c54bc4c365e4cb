"""The deal retrospective as one result object: what `deal ID` prints, its JSON, and what the
report and a later dashboard render without querying.

Its JSON form is versioned by `DEAL_SCHEMA_VERSION` (changed whenever a field is removed or
changes meaning)."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

DEAL_SCHEMA_VERSION = 1

LossCategory = Literal[
    "price", "functionality", "sales_tactic", "timing", "no_decision", "competitor", "other"
]  # fmt: skip
"""The root causes a loss is filed under (DESIGN link 10); "other" only as recorded."""


class _Model(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class DealSummary(_Model):
    """The deal as the CRM holds it today."""

    id: str
    name: str | None
    account: str | None
    account_name: str | None = None
    rep: str | None
    rep_name: str | None
    outcome: str
    stage: str | None
    amount: float | None
    currency: str | None
    source: str | None
    created_at: str | None
    expected_close: str | None
    closed_at: str | None
    age_days: float | None = Field(description="created to closed, or to the data's last day")
    lost_reason_category: str | None = None
    lost_reason_text: str | None = None
    lost_reason_field: bool = Field(
        default=True, description="whether the export has a lost-reason field at all"
    )
    competitor: str | None = None


EventKind = Literal[
    "created", "stage", "close_date", "amount", "reopened", "closed",
    "meeting", "call", "email", "note", "task", "referral_ask", "other",
]  # fmt: skip


class TimelineEvent(_Model):
    """One dated thing that happened on the deal, in a sentence."""

    at: str = Field(description="ISO date-time")
    kind: EventKind
    text: str
    direction: str | None = None
    outcome: str | None = None
    contact: str | None = Field(default=None, description="the contact's name, or id when unnamed")
    unanswered: bool = Field(default=False, description="an outbound touch nothing answered")
    activity: str | None = None
    next_step: str | None = Field(default=None, description="a meeting's agreed next step")
    next_step_due: str | None = None


class StageMove(_Model):
    """A stage change, how long the deal had been in the stage it left, and what happened in
    the week before it."""

    at: str
    from_stage: str | None
    to_stage: str | None
    days_in_stage: float | None
    preceded_by: list[str] = Field(description="activities of the 7 days before, in words")


class CorrespondenceMonth(_Model):
    """Touches out and answers in during one calendar month."""

    month: str = Field(description="YYYY-MM")
    outbound: int
    inbound: int
    median_reply_hours: float | None = Field(
        default=None,
        description="from an outbound touch to the next inbound one, where there was one",
    )


class Silence(_Model):
    """A gap with no activity at all, longer than the won deals' usual gap."""

    start: str
    end: str
    days: float
    after: str = Field(description="the last thing that happened before the gap")


class PeerFigure(_Model):
    """One figure of the deal against the won deals it is compared with."""

    name: str
    label: str
    value: float | None
    peer_median: float | None
    peer_low: float | None = Field(default=None, description="25th percentile of the peers")
    peer_high: float | None = Field(default=None, description="75th percentile of the peers")
    unit: Literal["days", "count", "rate"]
    unusual: bool = Field(description="outside the peers' middle half, on the worse side")


class PeerComparison(_Model):
    """The deal against won deals like it (same source, similar size, where possible)."""

    peers: int
    described: str = Field(description='which won deals, e.g. "42 won referral deals of …"')
    figures: list[PeerFigure]


class FindingRef(_Model):
    """A finding of the diagnosis that touches this deal, and how."""

    finding: str
    check: str
    title: str
    summary: str
    how: str = Field(description='"the deal is on its list", "about the deal\'s rep", …')
    deal_list: str | None = None


class RootCause(_Model):
    """A likely cause of the loss: what in the deal's own record, compared with the team's won
    deals, pushed it toward losing, weighed by how much that trait costs on this team."""

    cause: str = Field(description="stable key, e.g. single_threaded")
    label: str
    category: LossCategory
    weight: float = Field(description="log-odds it cost against a typical won deal")
    confidence: Literal["high", "medium", "low"]
    share: float = Field(description="its share of everything that pushed the deal toward loss")
    evidence: list[str]


class LossReview(_Model):
    """The retrospective of a lost deal: the likely causes next to the recorded reason."""

    recorded_category: str | None
    recorded_text: str | None
    causes: list[RootCause]
    agreement: Literal["agrees", "disagrees", "no reason recorded", "no clear cause"]
    verdict: str = Field(description="one paragraph a manager reads first")
    model_auc: float | None = Field(
        default=None,
        description="how well the traits tell won from lost on this team (cross-validated)",
    )
    not_judged: list[str] = Field(description="causes the store cannot show, in words")


class QualifyOutEmail(_Model):
    """The short, honest email that asks a quiet buyer whether the deal is still alive, built
    from the deal's own facts; the rep edits and sends it."""

    deal: str
    deal_name: str | None = None
    account_name: str | None = None
    to: str | None = Field(description="the contact it is addressed to (the last who answered)")
    subject: str
    body: str
    words: int
    days_open: int | None
    touches: int = Field(description="outbound calls, emails and meetings on record (0: none)")
    unanswered: int = Field(description="outbound touches the CRM recorded as unanswered")
    since_last_answer: int = Field(description="outbound touches since the buyer last answered")
    last_answer: str | None = Field(description="the buyer's last answer, in words with its day")
    missed_next_step: str | None = Field(description="an agreed next step that never happened")
    why_listed: str = Field(description="why the deal is on the qualify-out list")
    record: str = Field(description="what the email was built from, in a sentence")


class DealStory(_Model):
    """`pipeline-doctor deal ID`: one deal's story and, for a lost one, its retrospective."""

    schema_version: int = DEAL_SCHEMA_VERSION
    as_of: str
    deal: DealSummary
    timeline: list[TimelineEvent]
    stage_moves: list[StageMove]
    correspondence: list[CorrespondenceMonth]
    silences: list[Silence]
    comparison: PeerComparison | None
    findings: list[FindingRef]
    loss: LossReview | None = None
    on_qualify_out_list: bool = False
    qualify_out: QualifyOutEmail | None = Field(
        default=None, description="the honest email, for a deal on the qualify-out list"
    )
    absent: list[str] = Field(description="what the store does not hold for this story")
