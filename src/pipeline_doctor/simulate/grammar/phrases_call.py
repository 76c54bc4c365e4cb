"""Phrasing of discovery calls, one role per kind of sentence (the rep's questions are in
`phrases_questions`).

Rep statements are about the buyer's outcomes or about the product and the company;
`feature_uptalk` is a statement that speech-to-text ended with "?", `rhetorical` a question the
rep answers at once. The buyer answers by topic, adds context, reacts and pushes back."""

from __future__ import annotations

from pipeline_doctor.simulate.grammar.families import Family, held_out, shared, tuning
from pipeline_doctor.simulate.grammar.phrases_questions import QUESTIONS

OPENING: tuple[Family, ...] = (
    tuning(
        "call.rep_open",
        "hello",
        "Thanks for making the time today, {first}.",
        "Hi {first}, good to finally speak.",
        "Hello {first}, thanks for joining.",
    ),
    held_out(
        "call.rep_open",
        "hello",
        "Appreciate you jumping on, {first}.",
        "{first}, thanks for joining - I know your calendar is packed.",
        "Good to see you, {first}.",
    ),
    tuning(
        "call.rep_agenda",
        "plan",
        "I thought we'd start with your priorities, then how you handle {process} today, and "
        "finish with next steps.",
        "I've got three things on my list: your goals, how {process} works today, and what "
        "happens next.",
    ),
    held_out(
        "call.rep_agenda",
        "plan",
        "My plan for today: hear about your goals, look at {process}, and agree what happens next.",
        "I sent a short agenda - your priorities first, then {process}, then next steps.",
    ),
    tuning("call.buyer_open", "hello", "Sure, happy to.", "Thanks for having me.", "No problem."),
    held_out(
        "call.buyer_open", "hello", "Of course.", "Glad we found a slot.", "Yep, good to meet you."
    ),
)

REP_STATEMENTS: tuple[Family, ...] = (
    tuning(
        "call.ack",
        "listen",
        "That makes sense.",
        "So what I'm hearing is that {pain_you}.",
        "Got it, thanks.",
        "Interesting - tell me more about that.",
    ),
    held_out(
        "call.ack",
        "listen",
        "Right, that's helpful context.",
        "Okay - so {pain_you}, if I have that right.",
        "Understood.",
        "That's a common one, and it's painful.",
    ),
    tuning(
        "call.outcome_talk",
        "buyer",
        "Teams like yours usually save {gain} of the time spent on {process}.",
        "That would mean {buyer_result}.",
        "The goal would be {buyer_result}.",
        "For a team your size, the payback is usually within two quarters.",
        "Picture {buyer_result} - that's what the last three customers in your spot got.",
    ),
    held_out(
        "call.outcome_talk",
        "buyer",
        "What we'd aim for is {buyer_result}.",
        "For you that could mean {buyer_result}.",
        "The return usually shows up as {buyer_result}.",
        "If we get this right, you'd cut the effort on {process} by {gain}.",
        "Success here looks like {buyer_result}, measured on your own numbers.",
    ),
    tuning(
        "buyer_result",
        "benefit",
        "your {team} getting {gain_time} back",
        "your {boss} seeing one number everyone trusts",
        "fewer renewals slipping through the cracks",
        "month-end without overtime for your {team}",
    ),
    held_out(
        "buyer_result",
        "benefit",
        "faster answers for your customers",
        "your {team} going home on time at quarter-end",
        "less time chasing approvals for you",
        "a board pack your {boss} can trust",
    ),
    tuning(
        "call.feature_talk",
        "seller",
        "{our_thing} {has} {feature}.",
        "On top of that, {our_thing} {has} {feature}.",
        "We are the market leader and our product integrates with everything.",
        "Our company was founded in 2009 and we have offices in twelve countries.",
        "Our roadmap this year is packed with new releases, starting with {feature}.",
        "Let me show you our new {module} module, it has a lot of capabilities you will love.",
    ),
    held_out(
        "call.feature_talk",
        "seller",
        "And {our_thing_lower} {has} {feature}, which nobody else does.",
        "We just won another industry award for our {module} engine.",
        "Our architecture is fully cloud-native and scales automatically.",
        "{company} has more than {staff_n} employees worldwide.",
        "Another thing I love is that {our_thing_lower} {has} {feature}.",
        "Our founders built the first version of this at a big bank.",
    ),
    tuning("our_thing", "seller", "Our platform", "{product}", "The new release"),
    held_out(
        "our_thing", "seller", "The {module} module", "Our latest version", "The enterprise tier"
    ),
    tuning("our_thing_lower", "seller", "our platform", "the new release", "our product"),
    held_out(
        "our_thing_lower",
        "seller",
        "the {module} module",
        "our latest version",
        "the enterprise tier",
    ),
    tuning("has", "verb", "has", "comes with", "includes"),
    held_out("has", "verb", "ships with", "offers", "now supports"),
    tuning(
        "call.feature_uptalk",
        "stt",
        "We integrate with {erp}?",
        "And our dashboards update in real time?",
    ),
    held_out(
        "call.feature_uptalk",
        "stt",
        "Our {module} module handles that automatically?",
        "It's all included in the standard licence?",
    ),
    tuning(
        "call.rhetorical",
        "answered",
        "Why does that matter? Because our platform does it all in one place.",
        "What makes us different? Honestly, our technology.",
    ),
    held_out(
        "call.rhetorical",
        "answered",
        "And what does that mean? It means our customers never need another tool.",
        "So how do we do it? We built our own engine from scratch.",
    ),
)

CLOSING: tuple[Family, ...] = (
    tuning(
        "call.next_step",
        "dated",
        "Let's book {day} at {time} for the {step} with your {boss}.",
        "Shall we put {day} at {time} in the diary for the {step}?",
        "I'll send an invite for {day} at {time} so we can do the {step}.",
    ),
    held_out(
        "call.next_step",
        "dated",
        "How about {day} at {time} for the {step}?",
        "Can we lock in {day} at {time} for the {step}?",
        "I'll put {day} at {time} in both our calendars for the {step}.",
    ),
    tuning(
        "call.buyer_accept",
        "yes",
        "{day} works.",
        "Sure, {day} at {time} is fine.",
        "Yes, send the invite.",
    ),
    held_out(
        "call.buyer_accept",
        "yes",
        "Yes, put it in.",
        "That should work, I'll check with my {boss}.",
        "Okay, {day} it is.",
    ),
    tuning(
        "call.close_vague",
        "open_end",
        "I'll send some information over and we can take it from there.",
        "Great chat, I'll follow up by email.",
    ),
    held_out(
        "call.close_vague",
        "open_end",
        "Let me pull some material together and get back to you.",
        "Thanks, I'll be in touch.",
    ),
    tuning("call.buyer_close", "bye", "Sounds good.", "Okay, thanks.", "Great, thank you."),
    held_out("call.buyer_close", "bye", "Sure.", "Great, speak soon.", "Cheers, bye."),
)

BUYER_ANSWERS: tuple[Family, ...] = (
    tuning("call.short_answer", "plain", "Yes.", "No, not really.", "Yeah, we do.", "Not yet."),
    held_out("call.short_answer", "plain", "Yep.", "Nope.", "Sort of.", "I think so."),
    tuning(
        "call.answer.need",
        "pain",
        "Right now {pain_we}.",
        "Honestly it takes most of a week every month.",
        "The real issue is that nobody owns {process}.",
    ),
    held_out(
        "call.answer.need",
        "pain",
        "It's messy - {pain_we}.",
        "We patch it together with spreadsheets and email.",
        "Every month someone ends up redoing {process} by hand.",
    ),
    tuning(
        "call.answer.outcome",
        "gain",
        "If we fix this, my {team} stops working weekends.",
        "We'd finally have one set of numbers.",
        "Faster answers for our customers, mostly.",
    ),
    held_out(
        "call.answer.outcome",
        "gain",
        "Honestly, I'd like my evenings back.",
        "The {boss} wants to see the numbers without asking three people.",
        "We'd stop losing renewals we should have kept.",
    ),
    tuning(
        "call.answer.budget",
        "money",
        "We have about {amount} set aside for this year.",
        "There's no budget yet, it would have to come from the {dept} budget.",
    ),
    held_out(
        "call.answer.budget",
        "money",
        "Finance gave us a rough ceiling of {amount}.",
        "Money isn't the issue, getting it prioritised is.",
    ),
    tuning(
        "call.answer.authority",
        "decider",
        "Our {boss} signs anything over {amount}.",
        "I'd recommend it, but the {boss} decides.",
    ),
    held_out(
        "call.answer.authority",
        "decider",
        "It goes to the steering committee.",
        "Procurement gets involved above {amount}, and {dept} has a veto.",
    ),
    tuning(
        "call.answer.timing",
        "when",
        "We'd want it live before {month}.",
        "No rush, maybe next year.",
    ),
    held_out(
        "call.answer.timing",
        "when",
        "The board meets in {month}, so before that.",
        "Ideally this quarter, realistically the next.",
    ),
    tuning(
        "call.buyer_more",
        "context",
        "{When}, {incident}.",
        "Only {when}, {incident}.",
        "I think the bigger problem is that {pain_we}.",
        "We tried a tool two years ago and nobody used it.",
        "Part of the problem is that {dept} has its own process.",
        "It got worse when we grew past {staff_n} people.",
    ),
    held_out(
        "call.buyer_more",
        "context",
        "Example: {when}, {incident}.",
        "It happened again {when} - {incident}.",
        "If I'm honest, {pain_we}.",
        "Half the team has built their own workarounds.",
        "We looked at {competitor} but it felt heavy for us.",
        "Nobody has time to fix it properly.",
    ),
    shared("When", "Last quarter", "Two weeks ago", "In March", "Over the summer", "Last year"),
    shared("when", "last quarter", "two weeks ago", "in March", "over the summer", "last year"),
    shared(
        "incident",
        "we missed a renewal because nobody followed up",
        "the board pack went out with the wrong numbers",
        "two people spent a weekend fixing {process}",
        "a big customer complained about slow answers",
        "our {boss} asked for a report we couldn't produce",
        "an audit found gaps in {process}",
        "we paid an invoice twice",
        "a new hire quit after three weeks of manual work",
    ),
    tuning("call.buyer_react", "listening", "Okay.", "Interesting.", "Mm-hm.", "Right."),
    held_out("call.buyer_react", "listening", "Sure.", "I see.", "Got it.", "Uh-huh."),
    tuning(
        "call.buyer_asks",
        "pushback",
        "How is that different from {competitor}?",
        "What does it cost?",
    ),
    held_out(
        "call.buyer_asks",
        "pushback",
        "Do we really need all of that?",
        "How long would it take to set up?",
    ),
)

CALL: tuple[Family, ...] = (
    *OPENING,
    *QUESTIONS,
    *REP_STATEMENTS,
    *CLOSING,
    *BUYER_ANSWERS,
)
