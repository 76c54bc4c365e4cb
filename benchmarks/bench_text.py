"""Throughput of the text analysers, single process: emails/s for `analyse_email` (cleaning and
grade included), transcripts/s for `analyse_call` (40-segment calls) and bodies/s for
`template_reuse` on 100,000 bodies, each against a baseline measured in the same run on the
same texts: a plain regular-expression word count (`vs_baseline` is how many times the CPU time
of that count the analysis takes). Prints JSON lines, with wall-clock and CPU-time rates: the
targets (2,000 emails/s, 200 transcripts/s per core) are judged on CPU time, which is the
per-core cost even when the machine is shared with other work.

The emails are generated, seeded: a greeting with a name, two to four sentences (buyer- or
self-focused), an ask or a weak ask, a sign-off with a signature; 30% carry a quoted reply
(Gmail or Outlook form), 10% are HTML, 10% end in a confidentiality footer. The template
bodies are 60% copies of 500 templates with different names and numbers, 40% distinct emails;
a second run times 100,000 bodies that are all distinct (no copies: the worst case).

    .venv/bin/python benchmarks/bench_text.py [--quick]
"""

from __future__ import annotations

import argparse
import json
import re
import time
from collections.abc import Callable, Sequence
from typing import Any, NamedTuple

import numpy as np

from pipeline_doctor.text import Segment, analyse_call, analyse_email, template_reuse

WORD = re.compile(r"\w+")
TARGETS = {
    "analyse_email": 2_000,
    "analyse_email_all_distinct": 2_000,
    "analyse_call": 200,
    "analyse_call_all_distinct": 200,
}

NAMES = ("Anna", "Bob Smith", "Carla", "Deepak Raman", "Eve O'Neil", "Frank", "Gita", "Hiro")
COMPANIES = ("Globex", "Initech", "Umbrella Systems", "Acme Cloud", "Wayne Enterprises")
BUYER = (
    "Thanks for walking me through how your team handles month-end today.",
    "You mentioned the reconciliation takes four days; two similar teams cut that in half.",
    "Following up on your goal of onboarding the new region by Q3.",
    "You said the board wants a clear ROI case, so I put together a one-page estimate.",
    "Based on the figures you shared, payback would be about seven months.",
)
SELF = (
    "Our platform is the leading solution in the market, with over 200 features.",
    "We are proud to be trusted by hundreds of companies and our product keeps getting better.",
    "Our new dashboard module is now available to all our customers.",
    "We have been recognised as a leader again this year.",
)
ASKS = (
    "Would Tuesday at 10:00 work to go through it with your finance lead?",
    "Could you share who else should join the next call?",
    "Does that match what you need? If so, shall we book 30 minutes on Thursday?",
    "Let me know your thoughts.",
    "Looking forward to hearing from you.",
)
SIGNATURE = "Best regards,\n{rep}\nAccount Executive, Vendorly\n+1 555 {n:03d} 4567\nvendorly.com"
QUOTE_GMAIL = "\n\nOn Mon, Mar 4, 2024 at 10:00 AM {name} <buyer@example.com> wrote:\n> {line}\n"
QUOTE_OUTLOOK = (
    "\n\nFrom: {name} <buyer@example.com>\nSent: Monday, March 4, 2024 10:00 AM\n"
    "To: Rep <rep@vendorly.com>\nSubject: RE: Next steps\n\n{line}\n"
)
FOOTER = (
    "\n\nCONFIDENTIALITY NOTICE: This email and any attachments are confidential and intended "
    "solely for the addressee. If you are not the intended recipient, please delete it."
)
QUESTIONS = (
    "What does success look like for your team by the end of the year?",
    "How are you handling this today, and what does it cost you?",
    "Who else is affected when this goes wrong?",
    "Walk me through how a renewal works today.",
    "Do you have a budget set aside for this?",
)
REP_LINES = (
    "Our platform has over 200 features, including advanced dashboards and AI forecasting.",
    "So what I'm hearing is that the delays hit your customers directly.",
    "Why does this matter? Because every week of delay costs you deals.",
    "We integrate with Salesforce?",
)
BUYER_LINES = (
    "Right now we reconcile everything by hand and it takes most of a week.",
    "The real issue is that finance and sales don't trust the same numbers.",
    "Our CFO is asking for a plan before the next board meeting.",
    "Mm-hmm.",
)


def make_emails(n: int, rng: np.random.Generator) -> list[str]:
    emails = []
    for i in range(n):
        name = NAMES[i % len(NAMES)]
        pool = BUYER if rng.random() < 0.5 else SELF
        body = " ".join(pool[j] for j in rng.integers(0, len(pool), rng.integers(2, 5)))
        text = f"Hi {name},\n\n{body}\n\n{ASKS[i % len(ASKS)]}\n\n" + SIGNATURE.format(
            rep=NAMES[(i + 3) % len(NAMES)], n=i % 1000
        )
        roll = rng.random()
        if roll < 0.15:
            text += QUOTE_GMAIL.format(name=name, line=QUESTIONS[i % len(QUESTIONS)])
        elif roll < 0.3:
            text += QUOTE_OUTLOOK.format(name=name, line=QUESTIONS[i % len(QUESTIONS)])
        if rng.random() < 0.1:
            text += FOOTER
        if rng.random() < 0.1:
            text = "<div>" + text.replace("\n", "<br>") + "</div>"
        emails.append(text)
    return emails


def make_calls(n: int, rng: np.random.Generator, segments: int = 40) -> list[list[Segment]]:
    calls = []
    for _ in range(n):
        t = 0.0
        call = []
        for k in range(segments):
            rep = k % 2 == 0
            pool = (QUESTIONS + REP_LINES) if rep else BUYER_LINES
            said = " ".join(pool[j] for j in rng.integers(0, len(pool), rng.integers(1, 4)))
            length = float(rng.uniform(5, 60))
            call.append(Segment("rep" if rep else "buyer", t, t + length, said))
            t += length + float(rng.uniform(0, 3))
        calls.append(call)
    return calls


def make_template_bodies(n: int, rng: np.random.Generator, copies: float) -> list[str]:
    templates = [
        " ".join(BUYER[j] for j in rng.integers(0, len(BUYER), 3))
        + f" Ref {k}: "
        + " ".join(SELF[j] for j in rng.integers(0, len(SELF), 2))
        + " "
        + ASKS[k % len(ASKS)]
        for k in range(500)
    ]
    vocabulary = np.array(sorted({w.lower() for line in BUYER + SELF for w in WORD.findall(line)}))
    bodies = []
    for i in range(n):
        if rng.random() < copies:
            name, company = NAMES[i % len(NAMES)], COMPANIES[i % len(COMPANIES)]
            bodies.append(
                f"Hi {name},\n\n{templates[i % 500]} Best, the {company} team, "
                f"call {rng.integers(100, 999)} {rng.integers(1000, 9999)}"
            )
        else:
            words = rng.choice(vocabulary, int(rng.integers(30, 90)))
            bodies.append(f"Hi {NAMES[i % len(NAMES)]}, " + " ".join(words) + ".")
    return bodies


# ---- distinct text: every sentence new --------------------------------------------------------


def options(text: str) -> tuple[str, ...]:
    """Choices separated by "|", blanks around them dropped."""
    return tuple(" ".join(o.split()) for o in text.split("|"))


SYLLABLES = options("ka|ri|na|lo|mi|da|ve|so|ta|re|lu|ni|ko|sa|be|mo|ra|fi|de|jo")
TEAMS = options(
    "finance | sales ops | revenue operations | customer success | procurement | marketing"
    "| support | onboarding | billing | IT | legal | partnerships | the field team"
    "| the inside sales team | the EMEA team | the APAC team | the channel team"
    "| the RevOps group | the controller's office | the data team"
)
PROCESSES = options(
    "the reconciliation | the forecast call | the renewal process | the pipeline review"
    "| month-end close | invoicing | quote approvals | territory planning"
    "| commission statements | the handoff to onboarding | contract redlines"
    "| the weekly deal review | lead routing | discount approvals | usage reporting"
    "| the QBR prep | expense audits | seat true-ups | the board pack | vendor onboarding"
)
FEATURES = options(
    "dashboards | forecasting module | API | Salesforce integration | approval workflows"
    "| audit trail | mobile app | alerting | role-based access | data warehouse sync"
    "| AI scoring | plug-in for Slack | reporting engine | template library | single sign-on"
    "| scenario planner | usage analytics | export tools"
)
OUTCOMES = options(
    "churn | payback | revenue | margin | cost per deal | retention | win rate | cycle time"
    "| risk | productivity | forecast accuracy | efficiency"
)
WHENS = options(
    "Monday | Tuesday | Wednesday | Thursday | Friday | next week | tomorrow"
    "| Thursday at 10:00 | Tuesday at 2pm | the 14th | the 21st | Wednesday at two"
    "| Friday morning | next Tuesday | March 3 | Monday at 9:30 | tomorrow afternoon"
)
UNITS = options("days | hours | deals | tickets | invoices | accounts | reps | weeks")
EMAIL_BODY = (
    "You mentioned {process} takes {n} {unit} for {team}; two similar teams cut that in half.",
    "Following up on your goal of getting {team} live on the {feature} by {when}.",
    "Based on the figures you shared, payback on the {feature} would be about {n} months.",
    "I put together a short plan for {process} with the {n} risks {name} raised.",
    "Our {feature} is now available to all our customers, including {n} teams like {team}.",
    "We have been recognised as a leader in {feature} again, with over {n}00 features.",
    "Our platform cut {outcome} by {n}% for a team like {team} within {n2} {unit}.",
    "When we spoke, you said {process} was costing {team} about {n} {unit} a month.",
    "The new {feature} integrates with the tools {team} already uses for {process}.",
    "I'd love to hear how your team handles {process} after the {feature} pilot.",
    "Your {outcome} target for {when} looks reachable if {team} moves off spreadsheets.",
    "We are proud that {n}0 companies trust our {feature} for {process}.",
)
EMAIL_ASK = (
    "Would {when} work to go through {process} with {name}?",
    "Could you share who else from {team} should join the {feature} review?",
    "Does {process} match what {team} needs? If so, shall we book {name} for {n}0 minutes {when}?",
    "Let me know your thoughts on the {feature} for {team}.",
    "Please send the {n} sample files from {process} before {when}.",
    "What would {team} do with {n} extra {unit} a month?",
    "I'm free {when} if {name} wants to walk through the {feature}.",
    "Looking forward to hearing how {process} goes for {team}.",
)
REP_SAYS = (
    "What does success look like for {team} by {when}?",
    "How are you handling {process} today, and what does it cost {team}?",
    "Who else is affected when {process} slips by {n} {unit}?",
    "Walk me through how {process} works for {team} today.",
    "Do you have a budget set aside for the {feature} this quarter, {name}?",
    "Our {feature} has over {n}00 options, including advanced {feature2}.",
    "So what I'm hearing is that {process} delays hit {team} directly.",
    "Why does {outcome} matter to {name}? Because every {unit} of delay costs {team} {n} deals.",
    "We integrate the {feature} with {feature2} in about {n} {unit}.",
    "Teams like {team} usually cut {outcome} by {n}% in the first {n2} {unit}.",
    "Who signs off on a {feature} decision like this, {name} or the CFO?",
    "Can we do {when} to show {team} the {feature}?",
)
BUYER_SAYS = (
    "Right now {team} reconciles {process} by hand and it takes {n} {unit}.",
    "The real issue is that {team} and {team2} don't trust the same {outcome} numbers.",
    "Our CFO wants a plan for {process} before the board meets {when}.",
    "We tried a {feature} tool {n} years ago and {team} never used it.",
    "We lose about {n} {unit} a quarter because {process} is slow.",
    "{name} owns {process}, so she would need to see the {feature}.",
    "Budget for {process} is roughly {n}0 thousand, set aside by {team}.",
    "{when} works for me, {name} can join from {team}.",
    "Honestly {outcome} is what the board asks {name} about every month.",
    "I'm not sure {team} has the time for a {feature} rollout before {when}.",
)
SENTENCE_END = re.compile(r"(?<=[.?!])\s+")
BACKCHANNELS = ("Mm-hmm.", "Right.", "Okay.", "Yeah, got it.", "Sure.")


class Fresh:
    """Sentences from `frames` with their slots filled at random, each one never seen before
    in this generator (drawn again until new), so no cache keyed by sentence can hit."""

    def __init__(self, rng: np.random.Generator) -> None:
        self.rng = rng
        self.seen: set[str] = set()

    def pick(self, options: Sequence[str]) -> str:
        return options[int(self.rng.integers(0, len(options)))]

    def name(self) -> str:
        """A first and a last name; the first name never given before. First names have three
        to five syllables (3.4 million of them): a full run draws about 90,000, which with at
        most four (168,000) would near exhaustion and loop ever longer for a new one."""
        while True:
            first = "".join(self.pick(SYLLABLES) for _ in range(int(self.rng.integers(3, 6))))
            if first not in self.seen:
                self.seen.add(first)
                last = "".join(self.pick(SYLLABLES) for _ in range(3))
                return f"{first.title()} {last.title()}"

    def sentence(self, frames: Sequence[str], name: str | None = None) -> str:
        while True:
            frame = self.pick(frames)
            if "{name}" in frame and name is None:
                name = self.name()  # drawn only for a frame that names someone
            said = frame.format(
                team=self.pick(TEAMS),
                team2=self.pick(TEAMS),
                process=self.pick(PROCESSES),
                feature=self.pick(FEATURES),
                feature2=self.pick(FEATURES),
                outcome=self.pick(OUTCOMES),
                when=self.pick(WHENS),
                unit=self.pick(UNITS),
                n=int(self.rng.integers(2, 10)),
                n2=int(self.rng.integers(2, 13)),
                name=name.split()[0] if name else "",
            )
            said = said[0].upper() + said[1:]
            parts = SENTENCE_END.split(said)  # frames of two sentences: each must be new
            if self.seen.isdisjoint(parts):
                self.seen.update(parts)
                return said


def make_distinct_emails(n: int, rng: np.random.Generator) -> list[tuple[str, str, str]]:
    """(body, buyer's first name, company), as the product passes them: the body shaped like
    `make_emails` (greeting, body, ask, signature; quoted replies, HTML, footers), every
    sentence and every name new."""
    fresh = Fresh(rng)
    emails = []
    for i in range(n):
        first = fresh.name().split()[0]
        company = fresh.name().split()[1] + " " + COMPANIES[i % len(COMPANIES)].split()[-1]
        body = " ".join(fresh.sentence(EMAIL_BODY) for _ in range(int(rng.integers(2, 5))))
        ask = fresh.sentence(EMAIL_ASK)
        signature = SIGNATURE.format(rep=fresh.name(), n=i % 1000)
        text = f"Hi {first},\n\n{body}\n\n{ask}\n\n{signature}"
        roll = rng.random()
        if roll < 0.15:
            text += QUOTE_GMAIL.format(name=first, line=fresh.sentence(REP_SAYS))
        elif roll < 0.3:
            text += QUOTE_OUTLOOK.format(name=first, line=fresh.sentence(REP_SAYS))
        if rng.random() < 0.1:
            text += FOOTER
        if rng.random() < 0.1:
            text = "<div>" + text.replace("\n", "<br>") + "</div>"
        emails.append((text, first, company))
    return emails


def make_distinct_calls(
    n: int, rng: np.random.Generator, segments: int = 40
) -> list[list[Segment]]:
    """Calls shaped like `make_calls`, every sentence new but a few buyer backchannels."""
    fresh = Fresh(rng)
    calls = []
    for _ in range(n):
        buyer = fresh.name()
        t = 0.0
        call = []
        for k in range(segments):
            rep = k % 2 == 0
            if not rep and rng.random() < 0.1:
                said = fresh.pick(BACKCHANNELS)
            else:
                frames = REP_SAYS if rep else BUYER_SAYS
                count = int(rng.integers(1, 4))
                said = " ".join(fresh.sentence(frames, buyer) for _ in range(count))
            length = float(rng.uniform(5, 60))
            call.append(Segment("rep" if rep else "buyer", t, t + length, said))
            t += length + float(rng.uniform(0, 3))
        calls.append(call)
    return calls


class Timing(NamedTuple):
    wall_s: float
    cpu_s: float
    """This process's CPU time: on a machine shared with other work it is the per-core cost."""


def timed(run: Callable[[], Any]) -> Timing:
    wall, cpu = time.perf_counter(), time.process_time()
    run()
    return Timing(time.perf_counter() - wall, time.process_time() - cpu)


def word_count(texts: Sequence[str]) -> Timing:
    return timed(lambda: [len(WORD.findall(text)) for text in texts])


def distinct_bodies(emails: Sequence[tuple[str, str, str]]) -> list[str]:
    return [body for body, _, _ in emails]


def call_texts(calls: Sequence[Sequence[Segment]]) -> list[str]:
    return [" ".join(s.text for s in call) for call in calls]


def report(what: str, unit: str, items: int, took: Timing, baseline: Timing) -> None:
    per_cpu_s = items / took.cpu_s
    line: dict[str, Any] = {
        "bench": "text",
        "what": what,
        unit: items,
        "seconds": round(took.wall_s, 3),
        f"{unit}_per_s": round(items / took.wall_s, 1),
        "cpu_seconds": round(took.cpu_s, 3),
        f"{unit}_per_cpu_s": round(per_cpu_s, 1),
        "baseline_word_count_per_cpu_s": round(items / baseline.cpu_s, 1),
        "vs_baseline": round(took.cpu_s / baseline.cpu_s, 1),
    }
    if what in TARGETS:
        line["target_per_s"] = TARGETS[what]
        line["meets_target"] = per_cpu_s >= TARGETS[what]
    print(json.dumps(line), flush=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="small sizes: a smoke run")
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args(argv)
    rng = np.random.default_rng(args.seed)
    n_emails, n_calls, n_bodies = (2_000, 100, 10_000) if args.quick else (20_000, 1_000, 100_000)

    emails = make_emails(n_emails, rng)
    analyse_email(emails[0])  # imports textstat once, outside the timing
    took = timed(lambda: [analyse_email(e) for e in emails])
    report("analyse_email", "emails", n_emails, took, word_count(emails))
    distinct = make_distinct_emails(n_emails, rng)
    took = timed(lambda: [analyse_email(e, buyer_name=b, company=c) for e, b, c in distinct])
    report(
        "analyse_email_all_distinct",
        "emails",
        n_emails,
        took,
        word_count(distinct_bodies(distinct)),
    )

    calls = make_calls(n_calls, rng)
    took = timed(lambda: [analyse_call(c) for c in calls])
    report("analyse_call", "transcripts", n_calls, took, word_count(call_texts(calls)))
    calls = make_distinct_calls(n_calls, rng)
    took = timed(lambda: [analyse_call(c) for c in calls])
    report("analyse_call_all_distinct", "transcripts", n_calls, took, word_count(call_texts(calls)))

    template_reuse(["warm up the caches"])
    for what, share in (("template_reuse", 0.6), ("template_reuse_all_distinct", 0.0)):
        bodies = make_template_bodies(n_bodies, rng, share)
        took = timed(lambda b=bodies: template_reuse(b))  # type: ignore[misc]
        report(what, "bodies", n_bodies, took, word_count(bodies))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
