"""How each rep behaves (skill profile), and how plants change that behaviour.

Healthy reps vary naturally around good habits; a planted rep's habit is moved far from them.
Outcomes are not set here: `deals.py` draws them from behaviour for every rep alike."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from pipeline_doctor.simulate.config import SOURCE_MIX, SimulationConfig
from pipeline_doctor.simulate.org import Accounts, rep_ids
from pipeline_doctor.simulate.plants import LEAK_STAGES, PLANT_KINDS, PlantedDefect

SOURCES = tuple(SOURCE_MIX)
COLD = ("outbound_cold", "purchased_list")


@dataclass
class RepProfiles:
    """One entry per rep, indexed like `rep_ids(n)`."""

    ids: np.ndarray
    skill: np.ndarray
    source_p: np.ndarray  # (reps, sources)
    qual_rate: np.ndarray
    agenda_rate: np.ndarray
    next_step_rate: np.ndarray
    questions: np.ndarray
    talk_share: np.ndarray
    cta_rate: np.ndarray
    multithread_rate: np.ndarray
    referral_ask_rate: np.ndarray
    reason_fill_rate: np.ndarray
    activity_mult: np.ndarray
    deal_weight: np.ndarray
    amount_mult: np.ndarray
    leak_stage: np.ndarray  # index into OPEN_STAGES, -1 for none
    # habits seen only in text: they shape the wording, not the outcome
    open_question_rate: np.ndarray
    """Share of the rep's discovery questions that are open (what/how/walk me through)."""
    outcome_talk_rate: np.ndarray
    """Share of the rep's statements on calls about the buyer's outcomes (the rest: features)."""
    research_rate: np.ndarray
    """Share of the rep's meetings prepared with a research note in the 1-2 days before."""
    template_rate: np.ndarray
    """Share of the rep's no-ask emails sent from one template to everyone."""


@dataclass
class Resolved:
    profiles: RepProfiles
    planted: list[PlantedDefect]
    deal_plants: dict[str, np.ndarray]  # kind -> global deal indices


def healthy_profiles(n: int, rng: np.random.Generator) -> RepProfiles:
    base = np.array([SOURCE_MIX[s] for s in SOURCES])
    source_p = rng.dirichlet(base * 60, n)
    # text habits come from a child stream, so adding them left every other draw as it was
    text = rng.spawn(1)[0]
    return RepProfiles(
        ids=np.array(rep_ids(n)),
        skill=rng.normal(0, 0.25, n),
        source_p=source_p,
        qual_rate=rng.uniform(0.8, 0.95, n),
        agenda_rate=rng.uniform(0.75, 0.95, n),
        next_step_rate=rng.uniform(0.78, 0.95, n),
        questions=rng.uniform(10, 15, n),
        talk_share=rng.uniform(0.38, 0.5, n),
        cta_rate=rng.uniform(0.7, 0.92, n),
        multithread_rate=rng.uniform(0.7, 0.9, n),
        referral_ask_rate=rng.uniform(0.55, 0.85, n),
        reason_fill_rate=rng.uniform(0.9, 0.98, n),
        activity_mult=rng.uniform(0.85, 1.15, n),
        deal_weight=np.ones(n),
        amount_mult=rng.uniform(0.85, 1.15, n),
        leak_stage=np.full(n, -1),
        open_question_rate=text.uniform(0.65, 0.85, n),
        outcome_talk_rate=text.uniform(0.7, 0.9, n),
        research_rate=text.uniform(0.6, 0.85, n),
        template_rate=text.uniform(0.05, 0.2, n),
    )


def _apply_rep_plant(p: RepProfiles, kind: str, i: int) -> None:
    if kind == "cold_sourcing":
        mix = np.array([0.02, 0.02, 0.05, 0.03, 0.6, 0.25, 0.01, 0.02])
        p.source_p[i] = mix / mix.sum()
    elif kind == "no_referral_asks":
        p.referral_ask_rate[i] = 0.0
        p.source_p[i, SOURCES.index("referral")] = 0.0
        p.source_p[i] /= p.source_p[i].sum()
    elif kind == "unqualified_deals":
        p.qual_rate[i] = 0.3
    elif kind == "no_preparation":
        p.agenda_rate[i], p.research_rate[i] = 0.08, 0.05
    elif kind == "weak_discovery":
        p.questions[i], p.talk_share[i] = 3.5, 0.74
        p.open_question_rate[i], p.outcome_talk_rate[i] = 0.2, 0.15
    elif kind == "no_next_step":
        p.next_step_rate[i] = 0.12
    elif kind == "self_focused_followup":
        p.cta_rate[i], p.template_rate[i] = 0.08, 0.85
    elif kind == "single_threaded":
        p.multithread_rate[i] = 0.0
    elif kind == "lost_reason_blank":
        p.reason_fill_rate[i] = 0.05
    elif kind == "activity_without_pipeline":
        p.activity_mult[i], p.deal_weight[i], p.amount_mult[i] = 7.0, 0.35, 0.35


def _segment(accounts: Accounts, target: str) -> tuple[dict[str, str], np.ndarray]:
    column, _, value = target.partition("=")
    if column not in accounts.table.column_names or column in ("id", "name"):
        raise ValueError(f"Unknown account attribute {column!r} for a segment.")
    values = np.array([str(v) for v in accounts.table.column(column).to_pylist()])
    mask = values == value
    if not mask.any():
        raise ValueError(f"No account has {column}={value}; choose another segment.")
    return {column: value}, mask


def resolve_plants(
    config: SimulationConfig, accounts: Accounts, rng: np.random.Generator
) -> Resolved:
    """Turn plant requests into concrete targets and adjust behaviour accordingly."""
    profiles = healthy_profiles(config.n_reps, rng)
    free_reps = list(rng.permutation(config.n_reps))
    taken_deals: set[int] = set()
    order = rng.permutation(config.deals)
    cursor = 0
    planted: list[PlantedDefect] = []
    deal_plants: dict[str, np.ndarray] = {}
    for plant in config.plants:
        target_kind = PLANT_KINDS[plant.kind][1]
        if target_kind in ("rep", "rep_stage"):
            rep_part, _, stage = (plant.target or "").partition("@")
            i = _pick_rep(profiles, rep_part or None, free_reps)
            if target_kind == "rep_stage":
                stage = stage or LEAK_STAGES[int(rng.integers(len(LEAK_STAGES)))]
                profiles.leak_stage[i] = 1 + LEAK_STAGES.index(stage)
            else:
                _apply_rep_plant(profiles, plant.kind, i)
            planted.append(
                PlantedDefect(
                    plant.kind,
                    plant.target,
                    rep_ids=frozenset({str(profiles.ids[i])}),
                    stage=stage or None,
                )
            )
        elif target_kind == "segment":
            segment, mask = _segment(accounts, plant.target or "industry=Retail")
            accounts.fit_logit[mask] -= 2.8
            accounts.deal_weight[mask] *= 3.0
            planted.append(PlantedDefect(plant.kind, plant.target, segment=segment))
        else:
            count = int(plant.target) if plant.target else max(8, config.deals // 200)
            chosen = [int(d) for d in order[cursor:] if int(d) not in taken_deals][:count]
            cursor += count
            taken_deals.update(chosen)
            deal_plants[plant.kind] = np.array(sorted(chosen), dtype=np.int64)
            ids = frozenset(deal_id(np.array(chosen)).tolist())
            planted.append(PlantedDefect(plant.kind, plant.target, deal_ids=ids))
    return Resolved(profiles, planted, deal_plants)


def _pick_rep(profiles: RepProfiles, wanted: str | None, free: list[int]) -> int:
    if wanted is None:
        if not free:
            raise ValueError("More rep-level plants than reps; simulate more deals.")
        return int(free.pop(0))
    matches = np.flatnonzero(profiles.ids == wanted)
    if len(matches) == 0:
        raise ValueError(f"There is no rep {wanted}; this org has R001 to {profiles.ids[-1]}.")
    index = int(matches[0])
    if index in free:
        free.remove(index)
    return index


def deal_id(index: np.ndarray) -> np.ndarray:
    return np.char.add("D", np.char.zfill((index + 1).astype(str), 7))
