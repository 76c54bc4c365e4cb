"""Email and call-transcript analysers: pure functions over strings and tuples, no store, no I/O.

Every judgement carries the sentences that drove it (`Moment`, `Question`), so a manager can read
the evidence rather than trust a score. The rules, and their limits, are in the module
docstrings: `sentences` (what counts as a question, open or closed, rhetorical), `lexicon`
(feature against outcome talk, you against we, BANT topics, days and times), `call`,
`next_step` (a dated next step both sides agreed), `email` (buyer focus, personalisation),
`call_to_action` (what an email asks of its reader), `cleaning` (what the sender wrote) and
`templates` (near-identical bodies)."""

from pipeline_doctor.text.call import TOPICS, CallAnalysis, analyse_call
from pipeline_doctor.text.cleaning import clean_email
from pipeline_doctor.text.email import EmailAnalysis, analyse_email
from pipeline_doctor.text.evidence import Moment, Question
from pipeline_doctor.text.segments import Segment
from pipeline_doctor.text.templates import template_reuse

__all__ = [
    "TOPICS",
    "CallAnalysis",
    "EmailAnalysis",
    "Moment",
    "Question",
    "Segment",
    "analyse_call",
    "analyse_email",
    "clean_email",
    "template_reuse",
]
