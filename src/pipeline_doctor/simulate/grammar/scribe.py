"""What writes one batch's text: the grammar of the chosen wording, who is who, and two random
streams of its own: `habits` decides what gets written (which meetings get a research note,
which emails are mass templates or replies in a thread), `rng` how it is worded. Neither is
the batch's behaviour stream, so text never shifts outcomes, and the wording never shifts
what gets written: orgs simulated with "tuning" and "held_out" differ only in their text."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from pipeline_doctor.simulate.grammar.cast import Cast
from pipeline_doctor.simulate.grammar.render import Grammar


@dataclass(frozen=True)
class Scribe:
    grammar: Grammar
    cast: Cast
    rng: np.random.Generator
    habits: np.random.Generator
