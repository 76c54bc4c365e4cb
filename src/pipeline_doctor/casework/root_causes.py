"""Why a deal was lost, from the evidence: a logistic regression of won against lost over the
team's closed deals on the traits the store can measure (`traits.TRAITS`), then, for one lost
deal, how far each trait moved it toward losing compared with a typical won deal.

A trait's weight for a deal is coefficient × (the deal's value − the won deals' average), on
standardised features and summed over the trait's features (the exact attribution of a linear
model: each weight is the log-odds that trait cost the deal). So the team's own outcomes decide
what matters: a trait that does not separate won from lost here gets a small coefficient and
never becomes a cause, whatever sales lore says. scikit-learn fits the model (well kept, and
its regularisation keeps correlated traits from trading huge opposite coefficients).

Categories (a lead source, an industry) enter as how rarely their deals win, smoothed toward
the team's rate and left-one-out for the deal itself, so a deal never explains itself."""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any, Literal

import numpy as np
import pandas as pd

from pipeline_doctor.casework.models import LossReview, RootCause
from pipeline_doctor.casework.traits import (
    REP,
    TRAITS,
    Trait,
    available_traits,
    trait_columns,
)
from pipeline_doctor.checks.context import CheckContext
from pipeline_doctor.facts import BANT
from pipeline_doctor.model.labels import absent_phrase

MIN_CLOSED = 40
"""Closed deals needed to weigh causes at all, with `MIN_EACH` won and lost among them."""
MIN_EACH = 10
MIN_WEIGHT = 0.25
"""Log-odds a trait must have cost the deal to be named a cause (about a 6-point win-rate
drop around 50%)."""
SMOOTHING = 20.0
"""Pseudo-deals at the team's win rate added to each category before its rate is read."""
MIN_AUC = 0.6
"""Below this cross-validated AUC the traits barely tell won from lost: every cause is low
confidence."""


@dataclass
class CauseModel:
    """The fitted model and what explaining a deal needs."""

    traits: list[Trait]
    not_measured: list[Trait]
    features: list[str]
    coef: np.ndarray
    mean: np.ndarray
    scale: np.ndarray
    won_reference: dict[str, float]
    auc: float | None
    frame: pd.DataFrame = field(repr=False)
    """Every deal of the population with its raw features (indexed by id)."""


def fit_cause_model(ctx: CheckContext) -> CauseModel | str:
    """The model, or why the store cannot support one (in words)."""
    traits, missing = available_traits(ctx)
    if not traits:
        return (
            "none of the causes weighed here can be read from your export (they need contacts, "
            "activities, budget/authority/need/timing, a lead source or the accounts' "
            "industry); `pipeline-doctor diagnose` compares won and lost deals on every field "
            "you have"
        )
    frame = (
        trait_columns(ctx, traits).to_pyarrow().to_pandas().set_index("id")
    )  # not ibis's to_pandas: it warns under pandas 3
    closed = frame["outcome"].isin(("won", "lost"))
    won = frame["outcome"] == "won"
    n_won, n_lost = int((closed & won).sum()), int((closed & ~won).sum())
    if n_won + n_lost < MIN_CLOSED or min(n_won, n_lost) < MIN_EACH:
        return (
            f"{n_won} won and {n_lost} lost deals; {MIN_CLOSED} closed deals with {MIN_EACH} of "
            "each are needed to weigh causes"
        )
    for t in traits:
        if t.encoded:
            _encode(frame, t.encoded, t.features[0], closed, won)
    features = [f for t in traits for f in t.columns]
    x = frame.loc[closed, features].astype("float64")
    reference = x[won[closed]].mean().fillna(0.0)
    x = x.fillna(reference)
    scale = x.std(ddof=0).replace(0.0, np.nan)
    keep = [f for f in features if not math.isnan(float(scale[f]))]
    if not keep:
        return "no trait varies between deals"
    traits = [t for t in traits if any(f in keep for f in t.columns)]
    z = (x[keep] - x[keep].mean()) / scale[keep]
    y = won[closed].astype(int).to_numpy()
    coef, auc = _fit(z.to_numpy(), y)
    return CauseModel(
        traits=traits,
        not_measured=missing,
        features=keep,
        coef=coef,
        mean=x[keep].mean().to_numpy(),
        scale=scale[keep].to_numpy(),
        won_reference={k: float(v) for k, v in reference.items()},
        auc=auc,
        frame=frame,
    )


def _fit(z: np.ndarray, y: np.ndarray) -> tuple[np.ndarray, float | None]:
    from sklearn.linear_model import LogisticRegression
    from sklearn.model_selection import cross_val_score

    model = LogisticRegression(C=1.0, max_iter=1000)
    folds = min(5, int(min(y.sum(), len(y) - y.sum())))
    auc = (
        float(np.mean(cross_val_score(model, z, y, cv=folds, scoring="roc_auc")))
        if folds >= 2
        else None
    )
    model.fit(z, y)
    return np.asarray(model.coef_[0]), auc


def _encode(
    frame: pd.DataFrame, column: str, feature: str, closed: pd.Series, won: pd.Series
) -> None:
    """`feature` = −log-odds of the category's smoothed win rate, left-one-out on closed deals;
    `<stem>_rate` keeps the rate for the evidence."""
    category = frame[column].fillna("(not recorded)").astype(str)
    w = (won & closed).astype(float)
    c = closed.astype(float)
    prior = float(w.sum() / max(c.sum(), 1.0))
    wins = w.groupby(category).transform("sum") - w
    n = c.groupby(category).transform("sum") - c
    rate = (wins + SMOOTHING * prior) / (n + SMOOTHING)
    frame[feature] = -np.log(rate / (1 - rate))
    frame[feature.replace("_loss", "_rate")] = rate


def explain(model: CauseModel, deal_id: str) -> list[RootCause]:
    """The causes that cost `deal_id` at least `MIN_WEIGHT`, heaviest first."""
    if deal_id not in model.frame.index:
        return []
    row = model.frame.loc[str(deal_id)]
    assert isinstance(row, pd.Series)  # ids are unique
    values = row[model.features].astype("float64")
    measured = values.notna()
    ref = np.array([model.won_reference[f] for f in model.features])
    x = values.fillna(pd.Series(model.won_reference)).to_numpy()
    push = model.coef * (x - ref) / model.scale  # log-odds toward winning, per feature
    weights: dict[str, float] = {}
    by_rep: dict[str, float] = {}
    for t in model.traits:
        idx = [i for i, f in enumerate(model.features) if f in t.columns and measured.iloc[i]]
        if idx:
            weights[t.key] = -float(push[idx].sum())
            rep = [i for i in idx if model.features[i].endswith(REP)]
            by_rep[t.key] = -float(push[rep].sum()) if rep else 0.0
    total = sum(w for w in weights.values() if w > 0)
    by_key = {t.key: t for t in model.traits}
    causes = []
    for key, weight in sorted(weights.items(), key=lambda kv: -kv[1]):
        if weight < MIN_WEIGHT:
            continue
        share = weight / total if total else 0.0
        t = by_key[key]
        causes.append(
            RootCause(
                cause=key,
                label=t.label,
                category=t.category,
                weight=round(weight, 3),
                confidence=_confidence(weight, share, model.auc),
                share=round(share, 3),
                evidence=[
                    t.words(_values(row), model.won_reference | _won_rates(model)),
                    *([HABIT_NOTE] if by_rep.get(key, 0.0) > weight / 2 else []),
                ],
            )
        )
    return causes


HABIT_NOTE = (
    "weighed mostly on the rep's habit across their deals, less on this deal alone: a pattern "
    "to coach, not proof about this one deal"
)


def _values(row: pd.Series) -> dict[str, Any]:
    v = {str(k): (None if _missing(x) else x) for k, x in row.items()}
    v["unknown_fields"] = [f for f in BANT if bool(row.get(f"{f}_unknown", False))]
    return v


def _missing(x: Any) -> bool:
    try:
        return bool(pd.isna(x))
    except (TypeError, ValueError):
        return False


def _won_rates(model: CauseModel) -> dict[str, float]:
    won = model.frame[model.frame["outcome"] == "won"]
    return {c: float(won[c].mean()) for c in ("source_rate", "industry_rate") if c in won}


def _confidence(weight: float, share: float, auc: float | None) -> Literal["high", "medium", "low"]:
    if auc is None or auc < MIN_AUC:
        return "low"
    if weight >= 1.0 and share >= 0.5:
        return "high"
    return "medium" if weight >= 0.5 else "low"


def review_loss(
    model: CauseModel | str, deal: dict[str, Any], *, reason_field: bool = True
) -> LossReview:
    """The retrospective of a lost deal: its causes next to the reason the rep recorded
    (`reason_field`: whether the export has a lost-reason field at all)."""
    recorded, text = deal.get("lost_reason_category"), deal.get("lost_reason_text")
    if isinstance(model, str):
        return LossReview(
            recorded_category=recorded, recorded_text=text, causes=[],
            agreement="no clear cause", verdict=f"Causes not weighed: {model}.",
            not_judged=[absent_phrase(*_needs(t)) for t in TRAITS],
        )  # fmt: skip
    causes = explain(model, str(deal["id"]))
    not_judged = [
        f"{t.label.split(':')[0]}: {absent_phrase(*_needs(t))}" for t in model.not_measured
    ]
    blank = (
        "No lost reason was recorded" if reason_field else "Your export has no lost-reason field"
    )
    said = f"The rep recorded {_words(recorded)!r}" if recorded else blank
    if not causes:
        weighed = ", ".join(t.label.split(":")[0].lower() for t in model.traits)
        return LossReview(
            recorded_category=recorded, recorded_text=text, causes=[],
            agreement="no clear cause", model_auc=model.auc, not_judged=not_judged,
            verdict=f"None of the causes weighed here ({weighed}) sets this deal apart from "
            f"the won deals. {said}.",
        )  # fmt: skip
    top = causes[0]
    lead = f"Most likely cause: {top.label.lower()} ({top.evidence[0]})."
    if not recorded:
        agreement: Literal["agrees", "disagrees", "no reason recorded"] = "no reason recorded"
        verdict = f"{lead} {blank}; file it as {_words(top.category)!r}."
    elif recorded in _consistent(top):
        agreement = "agrees"
        verdict = f"{lead} {said}, which the evidence supports."
    else:
        agreement = "disagrees"
        verdict = (
            f"{lead} {said}, but the evidence points to {_words(top.category)!r}: "
            f"{_words(recorded)!r} may be how the buyer said no rather than why."
        )
    if model.auc is not None and model.auc < MIN_AUC:
        verdict += (
            f" Treat this with care: on this team the traits tell won from lost deals only "
            f"weakly (cross-validated AUC {model.auc:.2f})."
        )
    return LossReview(
        recorded_category=recorded, recorded_text=text, causes=causes, agreement=agreement,
        verdict=verdict, model_auc=round(model.auc, 3) if model.auc is not None else None,
        not_judged=not_judged,
    )  # fmt: skip


def _words(category: str) -> str:
    return category.replace("_", " ")


def _consistent(c: RootCause) -> frozenset[str]:
    return next(t.consistent for t in TRAITS if t.key == c.cause)


def _needs(t: Trait) -> tuple[str, ...]:
    return tuple(o for n in t.needs for o in (n if isinstance(n, tuple) else (n,)))
