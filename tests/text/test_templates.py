"""`template_reuse` against exact Jaccard similarity computed independently, and against
datasketch's MinHash: copies of one template with different names and numbers are grouped,
unrelated emails are not."""

from __future__ import annotations

import itertools
import re

import numpy as np
import pytest
from datasketch import MinHash

from pipeline_doctor.text import template_reuse
from pipeline_doctor.text.templates import (
    NUM_PERM,
    estimated_jaccard,
    minhash,
    shingle_hashes,
)

VOCABULARY = re.findall(
    r"\w+",
    "account adoption agenda align analyst approval audit balance board budget calendar call "
    "churn close coach contract cost customer deadline decision demo discount draft email "
    "expansion finance forecast goal handover invoice lead legal margin meeting migration month "
    "note onboarding owner partner pilot plan pricing priority process proposal quarter quote "
    "region renewal report review risk rollout sales schedule scope seat security signature "
    "sponsor stage support team timeline trial upgrade usage vendor workflow",
)


def _shingles(body: str) -> set[str]:
    words = body.split()
    if len(words) < 3:
        return {" ".join(words)} if words else set()
    return {" ".join(words[i : i + 3]) for i in range(len(words) - 2)}


def _exact(a: set[str], b: set[str]) -> float:
    return len(a & b) / len(a | b)


def _family_corpus(seed: int) -> list[str]:
    """Lower-case bodies without digits (so normalisation changes nothing): a few bases and
    variants of each with 0..12 words replaced, spanning Jaccard from about 0.3 to 1."""
    rng = np.random.default_rng(seed)
    bodies = []
    for _ in range(4):
        base = list(rng.choice(VOCABULARY, 60))
        for edits in (0, 0, 1, 1, 2, 3, 4, 6, 9, 12):
            variant = list(base)
            for at in rng.choice(60, edits, replace=False):
                variant[at] = str(rng.choice(VOCABULARY)) + "x"
            bodies.append(" ".join(variant))
    return bodies


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_minhash_estimates_track_exact_jaccard(seed: int) -> None:
    bodies = _family_corpus(seed)
    shingles, owner = shingle_hashes(bodies)
    sig = minhash(shingles, owner)
    pairs = np.array(list(itertools.combinations(range(len(bodies)), 2)))
    estimated = estimated_jaccard(sig, pairs[:, 0], pairs[:, 1])
    sets = [_shingles(b) for b in bodies]
    exact = np.array([_exact(sets[i], sets[j]) for i, j in pairs])
    assert np.abs(estimated - exact).mean() < 0.02
    assert np.abs(estimated - exact).max() < 0.15


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_counts_agree_with_exact_jaccard_away_from_the_threshold(seed: int) -> None:
    bodies = _family_corpus(seed)
    sets = [_shingles(b) for b in bodies]
    exact = np.array([[_exact(a, b) for b in sets] for a in sets])
    counts = template_reuse(bodies, threshold=0.8)
    sure = (exact >= 0.9).sum(axis=1)  # near-identical beyond any MinHash error
    possible = (exact >= 0.7).sum(axis=1)
    assert np.all(sure <= counts)
    assert np.all(counts <= possible)
    assert counts.max() > 1  # the families are found at all


def test_estimates_agree_with_datasketch_minhash() -> None:
    bodies = _family_corpus(7)
    shingles, owner = shingle_hashes(bodies)
    sig = minhash(shingles, owner)
    sketches = []
    for body in bodies:
        sketch = MinHash(num_perm=NUM_PERM, seed=1)
        for shingle in _shingles(body):
            sketch.update(shingle.encode())
        sketches.append(sketch)
    pairs = np.array(list(itertools.combinations(range(len(bodies)), 2)))
    ours = estimated_jaccard(sig, pairs[:, 0], pairs[:, 1])
    theirs = np.array([sketches[i].jaccard(sketches[j]) for i, j in pairs])
    assert np.abs(ours - theirs).mean() < 0.03
    # the same pairs are called near-identical, except where either estimate is near 0.8
    clear = (np.abs(ours - 0.8) > 0.1) & (np.abs(theirs - 0.8) > 0.1)
    assert np.array_equal((ours >= 0.8)[clear], (theirs >= 0.8)[clear])


TEMPLATE = (
    "Hi {name},\n\nThanks for taking the time to talk about {company} on {day}. You mentioned "
    "that your team of {n} spends {hours} hours a week on manual reporting. We helped teams "
    "like yours cut that time in half within a quarter. Would {slot} work for a short call to "
    "walk through how that could look at {company}?\n\nBest regards,\n{rep}\n{phone} | {email}"
)
FILLS = [  # merge fields: names of any length, companies, numbers, days, phones, addresses
    ("Anna", "Globex", "Monday", 12, 5, "Tuesday at 10", "John Smith", "+1 555 123 4567"),
    (
        "Eve O'Neil",
        "Acme Cloud Systems",
        "Friday",
        140,
        12,
        "Thursday at 2pm",
        "Jo Li",
        "020 7946 0958",
    ),
    (
        "Bob",
        "Initech",
        "Wednesday",
        3,
        40,
        "Friday at 9:30",
        "Marie-Claire Dubois",
        "+33 1 23 45 67 89",
    ),
    ("Deepak Raman", "Umbrella", "Tuesday", 25, 8, "Monday at 11", "Sam", "555-0100"),
    (
        "Gita",
        "Wayne Enterprises",
        "Thursday",
        1000,
        2,
        "Wednesday at 4pm",
        "Alex Kim",
        "(555) 010-9999",
    ),
]

UNRELATED = [
    "Hi Sam,\n\nAttached is the signed order form. Please countersign and return it.",
    "Quick reminder that the invoice for March is due on Friday.",
    "Thanks for the intro to your CFO! I'll prepare the ROI model before our meeting.",
    "Our new release ships 40 dashboards and an API for custom reports.",
    "Can you share the security questionnaire your IT team uses?",
    "Following up on the pilot: usage doubled in week two and support tickets dropped.",
    "I'm out of office until Monday; for urgent matters contact support.",
    "Congratulations on the funding round! Happy to help as you scale the sales team.",
]


def _copies() -> list[str]:
    return [
        TEMPLATE.format(
            name=name,
            company=company,
            day=day,
            n=n,
            hours=hours,
            slot=slot,
            rep=rep,
            phone=phone,
            email=f"{rep.split()[0].lower()}@vendor{i}.com",
        )
        for i, (name, company, day, n, hours, slot, rep, phone) in enumerate(FILLS)
    ]


def test_copies_of_one_template_with_other_names_and_numbers_are_grouped() -> None:
    copies = _copies()
    bodies = [UNRELATED[0], *copies[:3], UNRELATED[1], *copies[3:], *UNRELATED[2:]]
    counts = template_reuse(bodies)
    expected = [1, 5, 5, 5, 1, 5, 5] + [1] * len(UNRELATED[2:])
    assert counts.tolist() == expected


def test_unrelated_emails_are_not_grouped() -> None:
    assert template_reuse(UNRELATED).tolist() == [1] * len(UNRELATED)


def test_identical_short_and_empty_bodies() -> None:
    counts = template_reuse(["Thanks!", "", "Thanks!", "", "ok then", "Ok then."])
    assert counts.tolist() == [2, 1, 2, 1, 2, 2]


def test_threshold_one_groups_only_identical_shingle_sets() -> None:
    copies = _copies()
    edited = copies[0].replace("manual reporting", "manual reconciliation")
    assert template_reuse([copies[0], copies[1], edited], threshold=1.0).tolist() == [2, 2, 1]
    assert template_reuse([copies[0], copies[1], edited], threshold=0.5).tolist() == [3, 3, 3]


def test_a_bad_threshold_is_refused() -> None:
    with pytest.raises(ValueError, match="threshold"):
        template_reuse(["a"], threshold=0.0)


def test_many_bodies_in_several_chunks_keep_their_owners() -> None:
    copies = _copies()
    bodies = [
        copies[i % 5] if i % 3 == 0 else f"{UNRELATED[i % 8]} {i}th note" for i in range(6000)
    ]
    counts = template_reuse(bodies)
    is_copy = np.arange(6000) % 3 == 0
    assert np.all(counts[is_copy] == is_copy.sum())
    # the numbered notes differ only by a number: each is a copy of the others from its text
    for k in range(8):
        group = ~is_copy & (np.arange(6000) % 8 == k)
        assert np.all(counts[group] == group.sum())
