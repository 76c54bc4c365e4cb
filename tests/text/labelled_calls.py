"""Hand-written, hand-labelled sales call transcripts: ground truth for the call analyser.

Written and labelled by hand, as a sales coach would judge them, before the analyser existed.
Each call is written as a transcript, one turn per line (continuation lines are indented):
``role start-end | text`` with times in seconds, or ``role - | text`` when the call has no
times. :func:`call` turns it into segments (speaker_role, start_s, end_s, text).

Labelling rules
- Questions are marked inline as ``{open: ...}`` or ``{closed: ...}``; the marks are stripped
  from the text and kept as (sentence, kind) labels of their segment. Only genuine questions
  to the other party are marked, whoever asks them (rep, buyer, or a third speaker as
  "other"). Not marked: rhetorical questions the speaker answers at once ("Why does this
  matter? Because ..."), statements that speech-to-text ended with "?" ("We integrate with
  Salesforce?", "We're on Salesforce?"), fillers ("you know?"). Marked even without "?":
  "Walk me through ...", "Tell me about ...", "I'd love to understand ...". A declarative
  check about the listener ("So you'd want something running before January?") is a question.
- open = invites a description or an explanation (what/how/why, tell me, walk me through,
  describe, "Can you tell me about ..."); closed = answered by yes/no, a choice, or one fact
  ("Is ...", "Do you ...", "Would ...", "When's a good time ...", "How many ...",
  "How long does ... take?", "Who else would want a say?").
- Talk share by time: a role's share is the sum of its segments' durations over the sum of all
  segments' durations (rep, buyer and other). Where two speakers overlap, both are talking, so
  each is credited with the overlap; ``stated_overlap_s`` is the overlap written into the times
  on purpose, and :func:`overlap_s` recomputes it so that a typo in the times shows up.
- Topics (BANT, any speaker): budget = money (budget, price, cost, what they can spend);
  authority = who decides, signs or approves; need = the buyer's problem, pain, goal or
  requirement; timing = when they need a solution in place or will decide (deadline, go-live,
  contract end). Scheduling the next meeting is not timing; our implementation time is not.
- Next step: a next step both sides agreed, with a date or a day ("Thursday at ten", "the
  4th", "same time next week"). A proposal the buyer leaves open ("I'll check and get back to
  you") or an undated promise ("I'll send some information") is not one.
"""

from __future__ import annotations

import re
from itertools import combinations
from typing import Literal, NamedTuple

Kind = Literal["open", "closed"]
_MARK = re.compile(r"\{(open|closed): ([^{}]+)\}")
_TURN = re.compile(r"(rep|buyer|other) (?:(\d+(?:\.\d+)?)-(\d+(?:\.\d+)?)|-) \| (.*)")


class LabelledSegment(NamedTuple):
    """One turn of a call with the questions it contains."""

    speaker_role: str
    start_s: float | None
    end_s: float | None
    text: str
    questions: tuple[tuple[str, Kind], ...]


class LabelledCall(NamedTuple):
    """One call transcript and its hand labels."""

    id: str
    segments: tuple[LabelledSegment, ...]
    topics: frozenset[str]
    next_step: bool
    stated_overlap_s: float
    why: str


def _segment(role: str, start: str | None, end: str | None, marked: str) -> LabelledSegment:
    questions: list[tuple[str, Kind]] = []
    for match in _MARK.finditer(marked):
        kind: Kind = "open" if match.group(1) == "open" else "closed"
        questions.append((match.group(2), kind))
    text = _MARK.sub(lambda match: match.group(2), marked)
    start_s = float(start) if start is not None else None
    end_s = float(end) if end is not None else None
    return LabelledSegment(role, start_s, end_s, text, tuple(questions))


def parse_transcript(transcript: str) -> tuple[LabelledSegment, ...]:
    """Segments from ``role start-end | text`` lines; indented lines continue the turn."""
    turns: list[list[str]] = []
    for line in transcript.strip("\n").splitlines():
        if line.startswith(" "):
            turns[-1].append(line.strip())
        else:
            turns.append([line])
    segments = []
    for lines in turns:
        match = _TURN.fullmatch(" ".join(lines))
        if match is None:
            raise ValueError(f"not a transcript turn: {lines[0]!r}")
        segments.append(_segment(*match.groups()))
    return tuple(segments)


def call(
    *,
    id: str,
    transcript: str,
    topics: frozenset[str],
    next_step: bool,
    stated_overlap_s: float,
    why: str,
) -> LabelledCall:
    """A labelled call from its written transcript."""
    segments = parse_transcript(transcript)
    return LabelledCall(id, segments, topics, next_step, stated_overlap_s, why)


def as_input(labelled: LabelledCall) -> list[tuple[str, float | None, float | None, str]]:
    """The call as analyse_call takes it, labels left out."""
    return [(s.speaker_role, s.start_s, s.end_s, s.text) for s in labelled.segments]


def has_times(labelled: LabelledCall) -> bool:
    """Whether every segment has a start and an end."""
    return all(s.start_s is not None and s.end_s is not None for s in labelled.segments)


def _times(segment: LabelledSegment) -> tuple[float, float]:
    if segment.start_s is None or segment.end_s is None:
        raise ValueError(f"segment without times: {segment.text[:40]!r}")
    return segment.start_s, segment.end_s


def true_rep_talk_share(labelled: LabelledCall) -> float | None:
    """Rep time over everyone's time, overlaps credited to both speakers; None without times."""
    if not has_times(labelled):
        return None
    totals: dict[str, float] = {}
    for s in labelled.segments:
        start, end = _times(s)
        totals[s.speaker_role] = totals.get(s.speaker_role, 0.0) + (end - start)
    return totals.get("rep", 0.0) / sum(totals.values())


def overlap_s(labelled: LabelledCall) -> float:
    """Seconds during which two segments run at once (summed over pairs of segments)."""
    if not has_times(labelled):
        return 0.0
    total = 0.0
    for a, b in combinations(labelled.segments, 2):
        (a_start, a_end), (b_start, b_end) = _times(a), _times(b)
        total += max(0.0, min(a_end, b_end) - max(a_start, b_start))
    return round(total, 3)


ALL_TOPICS = frozenset({"budget", "authority", "need", "timing"})

CALLS: tuple[LabelledCall, ...] = (
    call(
        id="c01_good_discovery_logistics",
        transcript="""
rep 0.0-9.0 | Thanks for making the time, Dana. I've got us down for thirty minutes, and I'd
    like to spend most of it understanding your side. {closed: Does that still work?}
buyer 9.6-11.2 | Yes, thirty is fine.
rep 11.8-19.0 | {open: To start, walk me through what happens today between a driver finishing a
    delivery and the invoice going out.}
buyer 19.8-52.0 | Sure. So the driver gets a paper delivery note signed, brings the stack back
    to the depot at the end of the shift, and then two people in the back office key them into
    our TMS the next morning. If a note is missing or unreadable we can't invoice, so those sit
    in a pile until someone chases the driver. Honestly it's about a third of my team's week.
rep 52.5-58.0 | {open: What does that pile do to your cash flow when invoices slip?}
buyer 58.6-80.0 | Our DSO is around fifty-two days and the target the CFO set is forty. Every
    late note is basically a late invoice. He did the maths once and it was something like three
    hundred thousand a month sitting out longer than it should.
rep 80.5-86.0 | {open: And how are the people in the back office feeling about it?}
buyer 86.5-101.0 | Frustrated. We lost one of them last month. She said she didn't take the job
    to read handwriting.
rep 101.5-110.0 | That's hard. {open: If you could fix one part of this by the end of the year,
    what would it be?}
buyer 110.5-131.0 | Getting the notes in the same day. If we had them by the evening, we could
    invoice the next morning. We need that before peak season in October, because volume
    doubles.
rep 131.5-139.0 | {open: How does a decision like this usually get made at Harbor, and who's
    involved?}
buyer 139.5-160.0 | I'd recommend it, but the CFO signs anything over fifty thousand. And IT has
    to approve anything that touches the TMS.
rep 160.5-167.0 | {closed: Is there budget set aside for this year, or would it come out of next
    year's plan?}
buyer 167.5-180.0 | There's about sixty thousand left in the operations budget this year. More
    than that would go to next year.
rep 180.5-196.0 | That helps. Based on what you've said, the same-day piece is where we'd start.
    {closed: Would it make sense to get your CFO and someone from IT on a call next week, so we
    can show them the numbers on your DSO?}
buyer 196.5-204.0 | Yes. Thursday works best for him, in the morning.
rep 204.4-206.0 | {closed: Thursday at ten?}
buyer 206.4-210.0 | Thursday at ten is fine. I'll send the invite to IT.
rep 210.5-215.0 | Perfect. I'll send a short summary today.
""",
        topics=ALL_TOPICS,
        next_step=True,
        stated_overlap_s=0.0,
        why="open questions, all of BANT, buyer talks most, Thursday at ten agreed",
    ),
    call(
        id="c02_feature_monologue_hr",
        transcript="""
rep 0.0-6.0 | Hi Mark, thanks for jumping on. I'll just give you a quick overview of who we are.
rep 6.0-74.0 | So PeopleHub was founded in 2015, we're based in Austin, and we've got about four
    hundred employees now. Our platform covers the whole employee lifecycle: recruiting,
    onboarding, payroll, benefits, performance reviews and offboarding. Everything sits on one
    database, so there's no syncing between modules. We have native mobile apps for iOS and
    Android, we have over a hundred and fifty integrations, and we just launched our AI
    assistant, which answers employee questions about policies. We're SOC 2 Type II certified
    and GDPR compliant, and we were named a leader by G2 for six quarters running. Our
    onboarding module lets you build checklists, send offer letters for e-signature and
    provision laptops automatically through our IT integrations.
rep 74.0-141.0 | On the performance side we have goals, OKRs, one-on-ones, continuous feedback
    and review cycles, all configurable, and managers get a dashboard that shows where every
    review is. Our analytics module has more than sixty standard reports, headcount, attrition,
    diversity, compensation bands, and you can build your own with our drag-and-drop report
    builder. Everything exports to Excel or to your BI tool. We also have an open API and
    webhooks, and our marketplace has apps for things like background checks and learning
    management. And our customer success team does the whole implementation for you, it usually
    takes about six weeks.
buyer 141.5-143.0 | Okay.
rep 143.5-206.0 | And payroll is really where we shine. We run payroll in forty countries, we
    handle tax filings, we have earned wage access, and employees can see their payslips in the
    app. Our payroll engine was rebuilt last year and it's about three times faster than it used
    to be. We also do benefits administration with open enrolment, and we're integrated with all
    the major carriers. {closed: Do you currently use a payroll provider?}
buyer 206.6-209.0 | Yes, we use ADP.
rep 209.5-258.0 | Great, we integrate with ADP as well, there's a two-way sync, so if you wanted
    to keep ADP for payroll you could still use everything else. A lot of our customers start
    that way and then move payroll over at the start of a tax year. Our time-tracking add-on has
    geofencing and a kiosk mode too, which our manufacturing customers love, and our scheduling
    module plugs straight into it.
buyer 258.5-262.0 | {closed: Is it priced per employee?}
rep 262.5-280.0 | Yes, it's eight dollars per employee per month for the core platform, and the
    add-ons are priced separately. We do volume discounts above five hundred employees.
buyer 280.5-285.0 | Okay. Well, I need to jump to another meeting.
rep 285.4-291.0 | No problem. I'll send you some information and we'll touch base.
buyer 291.3-292.5 | Sounds good.
""",
        topics=frozenset({"budget"}),
        next_step=False,
        stated_overlap_s=0.0,
        why="feature monologue; one closed question; only price discussed; undated follow-up",
    ),
    call(
        id="c03_closed_question_barrage_dental",
        transcript="""
rep 0.0-4.5 | Thanks for taking my call, Dr. Lee.
buyer 5.0-6.0 | Sure.
rep 6.4-9.0 | {closed: Do you use paper appointment books?}
buyer 9.5-12.5 | No, we have software for that.
rep 13.0-14.8 | {closed: Is it cloud-based?}
buyer 15.3-18.0 | It's on a server in the back office.
rep 18.4-20.0 | {closed: Are you happy with it?}
buyer 20.6-21.8 | It's fine.
rep 22.2-24.6 | {closed: Do you get a lot of no-shows?}
buyer 25.2-31.0 | Some. Maybe ten a week across the two chairs, which hurts on a Monday.
rep 31.4-33.6 | {closed: Would you like to reduce them?}
buyer 34.2-36.0 | Sure, who wouldn't?
rep 36.4-39.0 | {closed: Do you send text reminders?}
buyer 39.5-40.5 | No.
rep 41.0-50.0 | Our system sends reminders automatically and most practices cut no-shows in
    half. {closed: Would you be open to a demo next week?}
buyer 50.6-55.0 | I guess. Tuesday lunchtime is the only time I have.
rep 55.4-57.0 | {closed: Tuesday at twelve thirty?}
buyer 57.5-58.5 | Fine.
""",
        topics=frozenset({"need"}),
        next_step=True,
        stated_overlap_s=0.0,
        why="only closed questions; buyer's rhetorical 'who wouldn't?' not a question",
    ),
    call(
        id="c04_untimed_good_discovery_agritech",
        transcript="""
rep - | Thanks for having me out, Ana. {open: Tell me about how your agronomists record field
    visits today.}
buyer - | Mostly on paper, then someone types them into a spreadsheet at the end of the week.
    Some of the younger ones use the notes app on their phones.
rep - | {open: I'd love to understand what happens to those notes after they're typed up.}
buyer - | Honestly, not much. They go into a shared drive. When a grower calls with a problem,
    nobody can find the history.
rep - | {open: Walk me through the last time that happened.}
buyer - | In June a grower in Fresno called about aphids on his almonds. The agronomist who'd
    visited him had left, and the new one didn't know we'd already recommended a spray in May.
    He sprayed twice, lost part of the crop, and moved his account to a competitor.
rep - | That's painful. Why does that matter so much this year? Because you're hiring forty
    agronomists, and every new person starts with no history at all. {open: How are you planning
    to get them up to speed?}
buyer - | Shadowing, mostly. Two weeks riding along with a senior person. The first twenty start
    in March, so anything we do needs to be running before then. {closed: Is that something your
    tool could help with?}
rep - | It could, if the visit history is searchable from the field. {open: What would have to
    be true for you to say this was worth paying for?}
buyer - | If we kept even one grower like that, it's eighty thousand a year in revenue. Our
    tools budget for this year is already spent, though; anything new comes out of the growth
    fund, and Mei controls that.
rep - | {closed: Would Mei want to see this before you take it further?}
buyer - | Definitely. She's back on the 3rd.
rep - | {closed: Could we put forty-five minutes in with both of you on the 4th?}
buyer - | The 4th works. Morning is better.
rep - | Great, I'll send an invite for the 4th at nine.
""",
        topics=ALL_TOPICS,
        next_step=True,
        stated_overlap_s=0.0,
        why="no times; open questions without '?'; a rhetorical question answered at once",
    ),
    call(
        id="c05_uptalk_statements_renewals",
        transcript="""
rep 0.0-9.5 | So on the integration side, we integrate with Salesforce? And HubSpot as well.
    Both are native, no middleware.
buyer 10.0-14.0 | Okay, good. We're on Salesforce? Moved over last year.
rep 14.5-19.0 | {open: How is your team using Salesforce today for renewals?}
buyer 19.6-31.0 | Badly. Renewals live in a spreadsheet that Carla maintains? She exports from
    Salesforce every Monday and colours the rows by hand.
rep 31.5-34.0 | {closed: Is Carla the one who feels this most?}
buyer 34.5-37.0 | Yes, and me at quarter end.
rep 37.5-39.5 | {open: What happens at quarter end?}
buyer 40.0-58.0 | We find out about churn after it happened. Last quarter we lost two accounts
    worth ninety thousand that nobody knew were at risk. They just didn't renew.
rep 58.5-62.0 | {closed: Is there a target for net retention?}
buyer 62.5-67.0 | A hundred and five percent. We're at ninety-eight.
rep 67.5-71.0 | {open: What's stopping you from getting there?}
buyer 71.5-88.0 | Visibility, mostly. By the time an account shows up as a problem in the
    spreadsheet, the customer has already decided. We need to see it a quarter earlier.
rep 88.5-97.0 | Okay. I think it's worth a deeper look with Carla. {closed: Can we do Wednesday
    at two?}
buyer 97.5-103.0 | Wednesday at two works for me. Let's hold it, I'll bring Carla.
""",
        topics=frozenset({"need"}),
        next_step=True,
        stated_overlap_s=0.0,
        why="speech-to-text '?' on statements (Salesforce, spreadsheet) are not questions",
    ),
    call(
        id="c06_three_parties_overlaps_security",
        transcript="""
rep 0.0-12.0 | Thanks, everyone. I've brought Sam, our solutions engineer, so he can answer the
    technical questions. {open: Rachel, before we show anything, what made you take this call
    now?}
buyer 12.6-40.0 | We had an audit finding in March. The auditors said we can't show who accessed
    patient records across our two Epic instances, and we have until the end of September to fix
    it, or it goes to the board.
rep 40.0-62.0 | That's a hard deadline. So the finding is about access logging across both
    instances, and the board sees it if it isn't closed by September. {closed: Did I get that
    right?}
buyer 50.0-50.8 | Mm-hm.
buyer 62.5-66.0 | Yes, exactly.
other 66.5-74.0 | {open: Rachel, can you describe how the access logs are collected today?}
buyer 74.5-100.0 | Each instance writes its own audit log. Our team pulls them into a file share
    once a month and someone greps them when there's a complaint. Nobody reviews them otherwise.
other 100.0-118.0 | That's common. We'd read both audit logs continuously and flag unusual
    access, like a clerk opening a celebrity's record. {closed: Do you have a SIEM already?}
buyer 116.5-125.0 | Sorry, yes, Splunk, but only for the network team.
rep 125.5-131.0 | {closed: Has the budget for the remediation been approved?}
buyer 131.5-141.0 | The board approved up to a hundred and twenty thousand in April.
rep 141.5-147.0 | {closed: Does anyone besides you and the CISO need to sign off?}
buyer 147.5-154.0 | Procurement, but they follow the CISO.
rep 154.5-163.0 | {closed: Could we do the technical deep-dive on the 14th, with your CISO?}
buyer 163.5-167.0 | The 14th works, in the afternoon.
rep 167.5-171.0 | I'll send it for two on the 14th.
""",
        topics=ALL_TOPICS,
        next_step=True,
        stated_overlap_s=2.3,
        why="rep, buyer and our engineer ('other'); 0.8 s and 1.5 s of overlapping speech",
    ),
    call(
        id="c07_gatekeeper_callback",
        transcript="""
rep 0.0-6.5 | Hi, this is Tom from LineSight. {closed: Is Marcus Reid available?}
buyer 7.0-12.0 | He's on the floor all morning. {closed: Is this a sales call?}
rep 12.5-20.0 | It is, yes. He asked me to call him back this month. {closed: When's a good time
    to catch him?}
buyer 20.5-27.0 | Try Monday after nine. He's usually at his desk then.
rep 27.5-31.0 | Monday after nine. Thanks, I'll call then.
""",
        topics=frozenset(),
        next_step=True,
        stated_overlap_s=0.0,
        why="short gatekeeper call; a call-back on Monday after nine is agreed",
    ),
    call(
        id="c08_pricing_no_dated_step",
        transcript="""
rep 0.0-5.0 | {open: So where did you land after the demo?}
buyer 5.5-12.0 | The team liked it. The question now is cost.
rep 12.5-20.0 | Sure. For forty seats on the annual plan it's thirty-two thousand a year.
buyer 20.5-28.0 | That's above what I had in mind. We'd budgeted about twenty-five.
rep 28.5-32.0 | {open: How did you arrive at the twenty-five?}
buyer 32.5-40.0 | It's what we pay for the current tool, plus a bit.
rep 40.5-47.0 | {closed: Is it your call, or does it go to someone else above a number?}
buyer 47.5-53.0 | Anything over twenty goes to my VP, Sandra.
rep 53.5-57.0 | {closed: And is there a date you need this live by?}
buyer 57.5-64.0 | Ideally by the end of Q3, when our current contract runs out.
rep 64.5-69.0 | {closed: Would it help if I joined your conversation with Sandra?}
buyer 69.5-75.0 | Let me talk to her first and I'll get back to you.
rep 75.5-79.0 | Okay, let's reconnect once you've spoken with her.
""",
        topics=frozenset({"budget", "authority", "timing"}),
        next_step=False,
        stated_overlap_s=0.0,
        why="budget, authority, timing covered; no need discussed; next step left undated",
    ),
    call(
        id="c09_buyer_asks_rep_pitches_procurement",
        transcript="""
rep 0.0-6.0 | Thanks for coming back to us. I know you had a list of questions.
buyer 6.5-18.0 | I do. Our approvers are always on the wards, so purchase requests sit for days.
    {closed: Does it integrate with SAP?}
rep 18.5-45.0 | Yes, with both S/4HANA and ECC. We have a certified connector, it syncs
    suppliers, cost centres and purchase orders every fifteen minutes, and our connector also
    handles goods receipts and invoice matching.
buyer 45.5-48.0 | {closed: How long does implementation take?}
rep 48.5-70.0 | About eight weeks. Our implementation team does the configuration, our trainers
    run the sessions, and we have a sandbox from day one. We've done it at over forty hospitals.
buyer 70.5-74.0 | {closed: Can approvers sign off from their phone?}
rep 74.5-105.0 | Absolutely. Our mobile app supports approvals, comments and delegation, it
    works with Face ID, and we just added offline mode, so approvals queue up when there's no
    signal and sync later. We're very proud of the app, it has a four point eight rating.
buyer 105.5-109.0 | {open: What do other hospitals see in the first year?}
rep 109.5-130.0 | Most of them cut approval time from about five days to one. Our customers also
    tell us the audit trail is a big win. {closed: Does that help?}
buyer 130.5-140.0 | Yes. We want to go live before the new financial year in April.
rep 140.5-146.0 | Great. I'll send the case studies over.
""",
        topics=frozenset({"need", "timing"}),
        next_step=False,
        stated_overlap_s=0.0,
        why="buyer asks (one 'how long' is a one-fact question); rep answers with features",
    ),
    call(
        id="c10_untimed_bad_pitch",
        transcript="""
rep - | Hi Jenna, thanks for picking up. I'm calling from BrightSign Energy. We install solar
    panels and battery storage for commercial buildings, and we've done over two thousand
    installs. Our panels carry a twenty-five year warranty and our batteries are the most
    efficient on the market. {closed: Does that sound interesting?}
buyer - | Maybe.
rep - | Who doesn't want to save money, right? Our monitoring app shows production in real time,
    and our installers are all certified. {closed: Can I send you a brochure?}
buyer - | Sure.
rep - | Great, I'll email it over and follow up sometime.
""",
        topics=frozenset(),
        next_step=False,
        stated_overlap_s=0.0,
        why="no times; pitch; 'Who doesn't want to save money, right?' is rhetorical",
    ),
    call(
        id="c11_bant_checklist_without_need",
        transcript="""
rep 0.0-6.0 | Thanks for your time. I've just got a few quick qualifying questions.
rep 6.0-10.5 | {closed: Do you have budget allocated for a new phone system this year?}
buyer 11.0-14.0 | We have about forty thousand.
rep 14.5-17.0 | {closed: Are you the final decision-maker?}
buyer 17.5-20.0 | Me and the COO.
rep 20.5-24.0 | {closed: When are you looking to have something in place?}
buyer 24.5-30.0 | The lease on the current system ends in November.
rep 30.5-33.0 | {closed: Are you talking to other vendors?}
buyer 33.5-35.0 | Two others.
rep 35.5-38.0 | {closed: Can I send you a quote?}
buyer 38.5-40.0 | Sure, send it over.
rep 40.5-43.0 | Great, I'll get that to you.
""",
        topics=frozenset({"budget", "authority", "timing"}),
        next_step=False,
        stated_overlap_s=0.0,
        why="checklist qualification, never asks what problem they have; undated quote",
    ),
    call(
        id="c12_interruptions_overlap",
        transcript="""
rep 0.0-10.0 | Thanks for the time, Omar. {open: How's the new warehouse management system
    bedding in?}
buyer 10.5-30.0 | Slowly. Pick rates are down since go-live, we're at about ninety lines an hour
    against a hundred and twenty before.
rep 29.0-46.0 | Right, that's typical in the first months, the slotting is usually the problem,
    the fast movers end up at the back of the aisle. We see it everywhere.
buyer 45.0-60.0 | Maybe, but I think it's more the handhelds. The scanners time out in the
    freezer section.
rep 58.8-80.0 | Oh, the freezer, yes, cold kills batteries, our rugged devices are rated to
    minus thirty. {closed: Which model are you using?}
buyer 80.5-84.0 | The old Zebras.
rep 84.0-110.0 | Those were never meant for freezers. Our devices would fix that, and our
    slotting module would sort out the fast movers. Honestly I think you'd get back to a hundred
    and twenty within a month.
buyer 108.0-122.0 | We have to be back to a hundred and twenty before the Christmas peak, that's
    the deadline the board gave us.
rep 122.0-135.0 | Then let's not waste time. {closed: Can we pick this up next week with your
    ops manager, same time?}
buyer 135.5-139.0 | Same time next week works. I'll bring Leila.
""",
        topics=frozenset({"need", "timing"}),
        next_step=True,
        stated_overlap_s=5.2,
        why="rep and buyer talk over each other four times (1.0, 1.0, 1.2 and 2.0 s)",
    ),
    call(
        id="c13_date_proposed_not_agreed",
        transcript="""
rep 0.0-7.0 | {open: Walk me through how your agency reports results to clients today.}
buyer 7.5-30.0 | Every account manager builds a deck at the end of the month from five different
    tools. It takes each of them two days, and the clients mostly skim it.
rep 30.5-35.0 | {open: What would you do with those two days back?}
buyer 35.5-48.0 | More strategy work. That's what the clients actually pay us for.
rep 48.5-54.0 | {closed: Who else would want a say in changing the reporting?}
buyer 54.5-62.0 | Our managing director, Ines. She signs off on any new tool.
rep 62.5-70.0 | Makes sense. {closed: How about Tuesday the 14th at three, with Ines?}
buyer 70.5-76.0 | I'll have to check her calendar and get back to you.
rep 76.5-78.0 | No problem.
""",
        topics=frozenset({"authority", "need"}),
        next_step=False,
        stated_overlap_s=0.0,
        why="the 14th is proposed but the buyer does not agree; 'who else' is a one-fact question",
    ),
    call(
        id="c14_rhetorical_and_genuine",
        transcript="""
rep 0.0-14.0 | Thanks for having me, Paul. Why do most CRM rollouts stall? Because nobody owns
    the data clean-up. {open: How is data quality handled on your side today?}
buyer 14.5-34.0 | It isn't, really. Each rep keeps their own contacts, and we have thousands of
    duplicates. We're rolling out the new CRM in January and I'm worried we'll just import the
    mess.
rep 34.5-48.0 | So what does that mean for you? It means your reps type the same thing twice and
    your forecast is wrong. {closed: Is that the kind of thing your reps complain about?}
buyer 48.5-58.0 | All the time. They say the CRM is for management, not for them.
rep 58.5-64.0 | {open: What does a good rollout look like for you?}
buyer 64.5-80.0 | Reps using it without being chased. Clean data on day one.
rep 80.5-88.0 | {closed: Shall we bring in your ops lead on Friday to look at the duplicates?}
buyer 88.5-93.0 | Friday's good, after lunch.
""",
        topics=frozenset({"need", "timing"}),
        next_step=True,
        stated_overlap_s=0.0,
        why="two rhetorical questions answered at once, three genuine ones; Friday agreed",
    ),
    call(
        id="c15_can_you_tell_me_claims",
        transcript="""
rep 0.0-8.0 | Thanks, Giulia. {open: Can you tell me a bit about how claims come in today?}
buyer 8.5-30.0 | By email and by phone, mostly. Our handlers type them into the core system, and
    about one in ten comes back because something's missing.
rep 30.5-36.0 | {open: Could you walk me through what happens when a claim is disputed?}
buyer 36.5-60.0 | It goes to a senior handler, who pulls the policy, the photos and the call
    notes from three places. It takes weeks. Members complain to the regulator.
rep 60.5-63.0 | {open: Describe a good week for your team.}
buyer 63.5-75.0 | Nothing sitting longer than five days. We're nowhere near that.
rep 75.5-80.0 | {closed: Would you say most disputes are about coverage?}
buyer 80.5-90.0 | About half. The rest are about the amount. {closed: Do you work with other
    mutual insurers?}
rep 90.5-98.0 | Yes, three in Italy and two in Spain.
buyer 98.5-110.0 | Good. Our claims director, Paolo, decides on this, and we go to tender in the
    spring.
rep 110.5-116.0 | {closed: Would the 21st work for a session with Paolo?}
buyer 116.5-121.0 | The 21st, yes, in the morning.
""",
        topics=frozenset({"authority", "need", "timing"}),
        next_step=True,
        stated_overlap_s=0.0,
        why="'Can you tell me' / 'Could you walk me' are open despite their yes/no form",
    ),
    call(
        id="c16_silent_buyer_no_questions",
        transcript="""
rep 0.0-58.0 | Hi Chris, I'll keep this short. We're Packwise, we make recyclable mailer bags
    and boxes for e-commerce brands. All our materials are FSC certified, our bags are made from
    eighty percent recycled plastic, and our boxes ship flat to save space. We print in up to
    four colours, our minimum order is five hundred units, and lead times are about ten working
    days. We supply over three hundred brands in the UK.
buyer 58.5-60.0 | Okay.
rep 60.5-110.0 | We also have a sample pack with every size we make, and our design team can
    mock up your logo for free. Our customers especially like the tear strip and the second
    adhesive strip for returns, which makes returns much easier for their shoppers. We also
    offset the carbon of every delivery we make.
buyer 110.5-114.0 | We're pretty happy with what we have, to be honest.
rep 114.5-124.0 | Totally understand. I'll send over a brochure and a sample pack anyway.
buyer 124.5-125.5 | Mm.
""",
        topics=frozenset(),
        next_step=False,
        stated_overlap_s=0.0,
        why="no questions at all; rep talks about 95% of the time; brochure, no date",
    ),
    call(
        id="c17_untimed_recruiting_tag_question",
        transcript="""
rep - | {closed: You're on Bullhorn today, right?}
buyer - | Yes, for about six years.
rep - | {open: What's the part of your week that Bullhorn makes harder than it should be?}
buyer - | Finding candidates we already have. Our recruiters search, get nothing, and then pay a
    job board for someone who's been in our database since 2019. It's maddening, you know?
rep - | {closed: How much do you spend on job boards in a year?}
buyer - | About a hundred and forty thousand. Our finance director, Tom, wants that halved, and
    he'll make the call on any new tool.
rep - | {closed: Is there a point by which he wants to see it halved?}
buyer - | The new financial year, in July.
rep - | {closed: Could we show Tom the search on your own data on the 3rd?}
buyer - | The 3rd is fine, he's in the office that day.
""",
        topics=ALL_TOPICS,
        next_step=True,
        stated_overlap_s=0.0,
        why="no times; a tag question is closed; 'you know?' is a filler, not a question",
    ),
    call(
        id="c18_long_good_discovery_bookkeeping",
        transcript="""
rep 5.2-14.0 | Thanks for joining, Helen. I've read your note about the month-end close. {open:
    Tell me what a close looks like at Pryce & Co today.}
buyer 14.6-49.0 | It's twelve working days, start to finish. We do the books for about two
    hundred small clients, and each one sends us receipts differently: shoeboxes, photos on
    WhatsApp, spreadsheets. My team spends the first week just collecting things.
rep 49.5-53.0 | {closed: How many people are doing the collecting?}
buyer 53.5-58.0 | Four of the nine, most of that week.
rep 58.5-64.0 | {open: And what does that stop them from doing?}
buyer 64.5-86.0 | Advisory work. Our clients keep asking for cash-flow forecasts, and we turn
    them away because nobody has time. That's the work we can charge properly for.
rep 86.5-90.0 | {closed: Have you tried a receipt app before?}
buyer 90.5-104.0 | Two years ago. The clients wouldn't use it, so we dropped it after three
    months.
rep 104.5-109.0 | {open: Why do you think the clients didn't take to it?}
buyer 109.5-128.0 | It needed a login and a password, and half of them are tradespeople who just
    want to take a photo and forget about it.
rep 128.5-141.0 | That fits what we see. Why do photo-first tools work better with tradespeople?
    Because there's nothing to remember. {closed: Would your clients forward receipts to an
    email address, if that was all they had to do?}
buyer 141.5-147.0 | Most of them, yes. The older ones would still post paper.
rep 147.5-153.0 | {open: If the close went from twelve days to five, what would change for the
    firm?}
buyer 153.5-176.0 | We could take on the forecasting work, and I wouldn't have to hire for tax
    season. We're planning to hire two people in January, which I'd rather not.
rep 176.5-182.0 | {closed: So you'd want something running before January?}
buyer 182.5-187.0 | Yes, by December at the latest.
rep 187.5-193.0 | {open: How would you normally decide on a tool like this?}
buyer 193.5-208.0 | My partner Rob and I decide together. Anything over ten thousand a year we'd
    both have to agree to.
rep 208.5-214.0 | {closed: Is there a figure you've set aside for it?}
buyer 214.5-226.0 | We'd said up to eight thousand a year. It would have to replace one of the
    January hires to be worth more.
buyer 226.0-230.0 | {closed: Do you charge per client or per user?}
rep 230.5-240.0 | Per client, with the first fifty included in the base plan. {closed: Does that
    work for how you bill your own clients?}
buyer 240.5-244.0 | It does, actually.
rep 244.5-255.0 | {closed: Would it be worth getting Rob on a call next Wednesday, so we can run
    three of your real clients through it?}
buyer 255.5-262.0 | Next Wednesday at eleven works for both of us.
rep 262.5-266.0 | Wednesday at eleven it is.
""",
        topics=ALL_TOPICS,
        next_step=True,
        stated_overlap_s=0.0,
        why="many questions, 'how many' is a one-fact question, one rhetorical; Wednesday agreed",
    ),
    call(
        id="c19_excerpt_unknown_speaker_undated",
        transcript="""
rep 312.4-320.0 | {open: What did your team make of the pilot in the Leeds branch?}
buyer 320.5-344.0 | Mixed. The branch staff liked the self-service kiosks, but queues at lunch
    were still long, because half the kiosks were out of paper by noon.
other 344.5-350.0 | {closed: Can the kiosks warn someone before the paper runs out?}
rep 350.5-362.0 | They can, it's a setting. We'll switch it on for Leeds. {open: How are you
    thinking about the other branches?}
buyer 362.5-380.0 | We'd like to go to all twelve, but it's not my decision. The regional
    director, Amir, takes it to the board.
rep 380.5-386.0 | {closed: Will you be presenting the pilot results to Amir?}
buyer 386.5-392.0 | Yes, with your numbers, if you can send them.
rep 392.5-400.0 | Of course. Let's talk again after the board meeting.
buyer 400.5-402.0 | Sounds good.
""",
        topics=frozenset({"authority", "need"}),
        next_step=False,
        stated_overlap_s=0.0,
        why="excerpt starting at 312 s; an unidentified speaker asks a question; undated step",
    ),
)
