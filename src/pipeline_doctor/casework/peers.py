"""The deal against won deals like it: the same source and a similar size where the store has
enough of them, relaxed one condition at a time (size, then source) until `MIN_PEERS` won deals
remain. Each figure shows the peers' median and middle half (25th to 75th percentile)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

from pipeline_doctor.casework.models import PeerComparison, PeerFigure
from pipeline_doctor.facts import meeting_facts, population_facts
from pipeline_doctor.facts.activity import population_deal_activities
from pipeline_doctor.facts.context import FactContext
from pipeline_doctor.facts.profile import rows
from pipeline_doctor.model.labels import value_label
from pipeline_doctor.wording import money, plural

MIN_PEERS = 10
SIZE_BAND = 2.0
"""Similar size: between half and twice the deal's amount."""
NEXT_STEP_DAYS = 7.0


@dataclass(frozen=True)
class Figure:
    name: str
    label: str
    unit: Literal["days", "count", "rate"]
    worse: Literal["higher", "lower"] | None
    """Which side of the peers' middle half is a warning sign (None: either)."""
    needs: str | None = None


FIGURES = (
    Figure("age_days", "days from creation to close (or to today, while open)", "days", "higher"),
    Figure("n_touches", "touches (calls, emails, meetings)", "count", None, "activities"),
    Figure("n_contacts", "contacts involved", "count", "lower", "activities.contact"),
    Figure("n_meetings", "meetings held", "count", "lower", "activities"),
    Figure("next_step_share", "meetings that ended with a next step within a week", "rate",
           "lower", "activities.next_step"),
    Figure("unanswered_share", "outbound touches unanswered", "rate", "higher", "activities"),
    Figure("n_pushes", "close-date pushes", "count", "higher", "field_changes"),
)  # fmt: skip


def _figures(ctx: FactContext, deals: Any) -> Any:
    """Per deal of `deals` (a table with `id`): every figure the store can show."""
    d = population_facts(
        ctx, "id", "age_days", "n_touches", "n_meetings", "n_pushes", "n_unanswered", "n_outbound"
    )
    d = d.join(deals.select(peer_id="id"), d.id == deals.select(peer_id="id").peer_id)
    d = d.mutate(unanswered_share=(d.n_unanswered / d.n_outbound.nullif(0)))
    if ctx.has("activities.contact"):
        a = population_deal_activities(ctx)
        a = a.filter(a.deal.isin(deals.id) & a.contact.notnull())
        c = a.group_by(a.deal).aggregate(n_contacts=a.contact.nunique())
        d = d.left_join(c, d.id == c.deal).drop("deal")
        d = d.mutate(n_contacts=d.n_contacts.fill_null(0))
    if ctx.has("activities.next_step"):
        m = meeting_facts(ctx)
        m = m.filter(m.deal.isin(deals.id))
        ok = m.has_next_step & m.due_days.notnull() & (m.due_days <= NEXT_STEP_DAYS)
        s = m.group_by(m.deal).aggregate(next_step_share=m.count(where=ok) / m.count())
        d = d.left_join(s, d.id == s.deal).drop("deal")
    return d


def _available(ctx: FactContext) -> list[Figure]:
    return [f for f in FIGURES if f.needs is None or ctx.has(f.needs)]


def compare_with_peers(ctx: FactContext, deal: dict[str, Any]) -> PeerComparison | None:
    """None when the store has fewer than `MIN_PEERS` won deals in all."""
    facts = population_facts(ctx, "id", "outcome", "source", "amount")
    won = facts.filter((facts.outcome == "won") & (facts.id != deal["id"]))
    source, amount = deal.get("source"), deal.get("amount")
    sized = won
    if amount and ctx.has("deals.amount"):
        sized = won.filter(won.amount.between(amount / SIZE_BAND, amount * SIZE_BAND))
    options = [
        (sized.filter(sized.source == source) if source else None, "of the same source and size"),
        (won.filter(won.source == source) if source else None, "of the same source"),
        (sized if sized is not won else None, "of a similar size"),
        (won, ""),
    ]
    for peers, how in options:
        if peers is None:
            continue
        n = int(peers.count().to_pyarrow().as_py())
        if n >= MIN_PEERS:
            return _comparison(ctx, deal, peers, n, how)
    return None


def _comparison(
    ctx: FactContext, deal: dict[str, Any], peers: Any, n: int, how: str
) -> PeerComparison:
    figures = _available(ctx)
    mine = rows(_figures(ctx, ctx.population_deals().filter(lambda t: t.id == deal["id"])))
    own = mine[0] if mine else {}
    table = _figures(ctx, peers)
    present = [f for f in figures if f.name in table.columns]
    stats = rows(
        table.aggregate(
            **{
                f"{f.name}_{q}": table[f.name].quantile(p)
                for f in present
                for q, p in (("low", 0.25), ("mid", 0.5), ("high", 0.75))
            }
        )
    )[0]
    out = []
    for f in present:
        value = own.get(f.name)
        low, mid, high = (stats[f"{f.name}_{q}"] for q in ("low", "mid", "high"))
        if value is None and mid is None:
            continue  # neither this deal nor its peers hold it (no dates, say): nothing to show
        out.append(
            PeerFigure(
                name=f.name,
                label=f.label,
                value=_number(value),
                peer_median=_number(mid),
                peer_low=_number(low),
                peer_high=_number(high),
                unit=f.unit,
                unusual=_unusual(value, low, high, f.worse),
            )
        )
    size = (
        f" ({money(deal['amount'] / SIZE_BAND, deal.get('currency'))}–"
        f"{money(deal['amount'] * SIZE_BAND, deal.get('currency'))})"
        if "size" in how and deal.get("amount")
        else ""
    )
    source = f", {value_label('deals.source', deal['source'])}" if "source" in how else ""
    described = f"{plural(n, 'won deal')} {how}{source}{size}".strip()
    return PeerComparison(peers=n, described=described, figures=out)


def _number(value: Any) -> float | None:
    return None if value is None else round(float(value), 3)


def _unusual(value: Any, low: Any, high: Any, worse: str | None) -> bool:
    if value is None or low is None or high is None:
        return False
    above, below = float(value) > float(high), float(value) < float(low)
    if worse == "higher":
        return above
    if worse == "lower":
        return below
    return above or below


def typical_gap_days(ctx: FactContext) -> float | None:
    """The won deals' median days per activity (their cycle over their activities): the rhythm
    a silence is measured against. None without activities or won deals."""
    if not ctx.has("activities"):
        return None
    d = population_facts(ctx, "outcome", "age_days", "n_activities")
    won = d.filter((d.outcome == "won") & d.age_days.notnull() & (d.n_activities > 0))
    value = won.aggregate(gap=(won.age_days / won.n_activities).median()).to_pyarrow()
    gap = value.column("gap")[0].as_py()
    return float(gap) if gap is not None else None
