"""A phrase grammar that writes the sample organisation's text with real variety.

Roles (a greeting, an open budget question, a research note's angle) are phrased by families
of templates with slots; slots name other roles or per-row data (a contact's first name, a
proposed day). Families are split into a `tuning` part and a disjoint `held_out` part:
the text analysers and their tests are tuned on "tuning" only, never on "held_out", and
benchmarks/bench_planted.py and the planted tests of the text checks simulate with
`SimulationConfig(wording="held_out")`. Text is rendered for whole arrays of rows at once
(a template drawn per row, slots filled per template with Arrow), never a Python step per
email.

    from pipeline_doctor.simulate.grammar import families, grammar, problems
    families("held_out")   # the held-out families
    problems()             # [] when every rule of the split holds
"""

from pipeline_doctor.simulate.grammar.calls import CallPlan, Segments, write_calls
from pipeline_doctor.simulate.grammar.cast import Cast
from pipeline_doctor.simulate.grammar.catalogue import (
    DATA_SLOTS,
    FAMILIES,
    families,
    grammar,
    problems,
)
from pipeline_doctor.simulate.grammar.emails import Outbound, outbound_bodies, reply_bodies
from pipeline_doctor.simulate.grammar.families import WORDINGS, Family, Part, Wording
from pipeline_doctor.simulate.grammar.meetings import agendas, call_notes, research_notes
from pipeline_doctor.simulate.grammar.render import Grammar, Picker, render
from pipeline_doctor.simulate.grammar.scribe import Scribe

__all__ = [
    "DATA_SLOTS",
    "FAMILIES",
    "WORDINGS",
    "CallPlan",
    "Cast",
    "Family",
    "Grammar",
    "Outbound",
    "Part",
    "Picker",
    "Scribe",
    "Segments",
    "Wording",
    "agendas",
    "call_notes",
    "families",
    "grammar",
    "outbound_bodies",
    "problems",
    "render",
    "reply_bodies",
    "research_notes",
    "write_calls",
]
