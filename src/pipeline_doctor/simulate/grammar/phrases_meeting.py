"""Phrasing of meeting agendas, research notes written before a meeting, and call notes.

A research note is about the account and the people the rep is about to meet (what the
account is going through, who the attendee is, the angle to take); a call note records what
happened on a call. Both are activities of kind "note"; only their text tells them apart."""

from __future__ import annotations

from pipeline_doctor.simulate.grammar.families import Family, held_out, shared, tuning

STAGE_ROLES = ("prospecting", "qualification", "discovery", "proposal", "negotiation")
"""The agenda item role of each open stage, in stage order (`meeting.item.<stage>`)."""

AGENDAS: tuple[Family, ...] = (
    tuning(
        "meeting.agenda",
        "numbered",
        "1. {a1} 2. {a2} 3. {a3}",
        "1. {a1}\n2. {a2}\n3. {a3}\n4. {a4}",
        "Agenda:\n- {a1}\n- {a2}\n- {a4}",
    ),
    held_out(
        "meeting.agenda",
        "prose",
        "Goals for today: {a1}; {a2}; {a4}.",
        "We'll cover {a1}, {a2} and {a3}, then {a4}.",
        "* {a2}\n* {a3}\n* {a4}",
    ),
    tuning("meeting.item_open", "items", "Introductions", "Recap of last call", "Your goals"),
    held_out("meeting.item_open", "items", "Quick intros", "Where we left off", "Why we're here"),
    tuning("meeting.item_close", "items", "Agree next steps", "Timeline to decision"),
    held_out("meeting.item_close", "items", "Next steps and owners", "Dates for the follow-up"),
    tuning("meeting.item_any", "items", "Questions from your side", "Open questions"),
    held_out("meeting.item_any", "items", "Anything else on your mind", "Risks and concerns"),
    tuning(
        "meeting.item.prospecting",
        "items",
        "Your priorities for the year",
        "How you handle {process} today",
    ),
    held_out(
        "meeting.item.prospecting", "items", "What's on your plate this quarter", "Where it hurts"
    ),
    tuning("meeting.item.qualification", "items", "Budget and timing", "Who decides and when"),
    held_out("meeting.item.qualification", "items", "Decision process", "Funding and deadlines"),
    tuning(
        "meeting.item.discovery",
        "items",
        "Current process and costs",
        "Requirements review",
    ),
    held_out("meeting.item.discovery", "items", "Deep dive on {process}", "What success means"),
    tuning("meeting.item.proposal", "items", "Proposal walkthrough", "Pricing options"),
    held_out("meeting.item.proposal", "items", "Our recommendation", "Implementation plan"),
    tuning("meeting.item.negotiation", "items", "Open contract points", "Commercial terms"),
    held_out("meeting.item.negotiation", "items", "Redlines", "Path to signature"),
)

RESEARCH: tuple[Family, ...] = (
    tuning(
        "note.research_subject",
        "labelled",
        "Research: {account}",
        "Pre-meeting prep - {account}",
        "Account research",
    ),
    held_out(
        "note.research_subject",
        "labelled",
        "Prep for {meeting_day} call",
        "Background on {account}",
        "Notes",
    ),
    tuning(
        "note.research_account",
        "company",
        "{account} is {situation}.",
        "Read their latest news: {situation}.",
        "Website and annual report say they are {situation}.",
    ),
    held_out(
        "note.research_account",
        "company",
        "Checked LinkedIn and the press page - {account} is {situation}.",
        "Context: {situation}, about {staff_n} staff.",
        "From their careers page it looks like they are {situation}.",
    ),
    tuning(
        "note.research_person",
        "attendee",
        "{first} ({title}) joined {years_n} years ago and runs {process}.",
        "{first} is {title} and reports to the {boss}.",
    ),
    held_out(
        "note.research_person",
        "attendee",
        "Looked up {first}: {title}, previously in {dept} at a bigger firm.",
        "{first} posted about {process} problems last month.",
    ),
    tuning(
        "note.research_angle",
        "plan",
        "Angle: they probably feel it in {process}; lead with their numbers, not our features.",
        "Hypothesis: {pain_they}.",
    ),
    held_out(
        "note.research_angle",
        "plan",
        "Want to understand how they measure {process} today.",
        "Guess: {pain_they} - check before pitching anything.",
    ),
    tuning(
        "note.research_questions",
        "to_ask",
        "Questions to ask: how do they handle {process}, who signs off, and by when.",
        "Ask about budget owner and timeline.",
    ),
    held_out(
        "note.research_questions",
        "to_ask",
        "Must ask: decision process and what happens if nothing changes.",
        "Open points to cover: timeline, budget, who else is involved.",
    ),
)

CALL_NOTES: tuple[Family, ...] = (
    tuning(
        "note.call",
        "summary",
        "Spoke with {first}: {note_fact}.",
        "Call with {first} - {note_fact}.",
    ),
    held_out(
        "note.call",
        "summary",
        "Quick sync with {first}; {note_fact}.",
        "{first} called back, {note_fact}.",
    ),
    shared(
        "note_fact",
        "they are comparing us with {competitor}",
        "budget is not confirmed yet",
        "next step is a demo",
        "they want pricing by the end of the month",
        "the {boss} is on holiday until next week",
        "no change since last time",
        "they need to talk to {dept} first",
    ),
)

MEETING: tuple[Family, ...] = (*AGENDAS, *RESEARCH, *CALL_NOTES)
