"""Hand-written, hand-labelled sales follow-up emails: ground truth for the email analyser.

Written and labelled by hand, as a sales coach would judge them, before the analyser existed.
Only the sender's own words count: quoted replies ("> ", "On ... wrote:", Outlook
"From:/Sent:" blocks), forwarded messages, signatures (sign-off, name, title, phone, links) and
legal or unsubscribe footers are not the sender's message. A "P.S." is the sender's message.

Labelling rules
- ``cta``: the sender asks the reader for something concrete: a genuine question to the reader,
  with or without a question mark ("Could you point me to the person who owns that process.",
  "I was wondering whether you'd be open to a short call next week."), or a proposed or
  confirmed time or day for the next step ("I can be on site Monday 8 July at 7am",
  "Let me know if Tuesday at 4pm works"). NOT a call to action: soft closers that ask for
  nothing specific ("Let me know your thoughts.", "Let me know what you think.", "Let me know if
  you have any questions.", "Happy to answer any questions.", "Looking forward to hearing from
  you.", "Feel free to reach out", "Visit our website to learn more."), "just checking in",
  rhetorical questions (answered at once, or plainly not meant to be answered: "Isn't it time
  your team stopped wasting hours ...?"), pleasantries ("Hope you had a great weekend?",
  "How are you doing?"), statements ending in "?" ("Just following up on my previous email?"),
  questions put to someone other than the reader (a colleague in cc), and every question in
  quoted history, forwarded parts, signatures or footers.
- ``buyer_focused``: the sender's text is mainly about the buyer (their situation, problems,
  goals, results, what they said) rather than about us, our company or our product, and has at
  least one sentence about the buyer. A feature list addressed with "you" ("you get our
  dashboards, our AI copilot ...") is still about the product. A bare administrative request
  ("can you send the signed SOW by Friday?") is about neither and is not buyer-focused.
- ``personalised``: the sender's text names the buyer's company, their people, or a specific
  fact of their situation (an event, a figure, a site, a project, something they said) beyond
  the greeting. "Companies like yours", "your team" and the name in the greeting are not
  personalisation; neither is anything that appears only in quoted or forwarded text.
"""

from __future__ import annotations

from typing import NamedTuple


class LabelledEmail(NamedTuple):
    """One email body as received, the arguments for analyse_email and the hand labels."""

    id: str
    body: str
    buyer_name: str | None
    company: str | None
    cta: bool
    buyer_focused: bool
    personalised: bool
    why: str


EMAILS: tuple[LabelledEmail, ...] = (
    LabelledEmail(
        id="e01_logistics_short_good",
        body="""Hi Dana,

You mentioned on Tuesday that Harbor's drivers lose about an hour a day re-keying delivery
notes. I sketched how your dispatch team could cut that to minutes, using your own route data.

Could we walk through it on Thursday at 10am your time?

Tom
""",
        buyer_name="Dana Whitfield",
        company="Harbor Freight Logistics",
        cta=True,
        buyer_focused=True,
        personalised=True,
        why="short, about her drivers' lost hour, proposes Thursday 10am",
    ),
    LabelledEmail(
        id="e02_inventory_intro_self",
        body="""Hi Mark,

I wanted to reach out and introduce our company. We are the leading provider of cloud-based
inventory software, and our platform has been recognised by Gartner. We have over 500 customers
and our team has 20 years of experience. Our product includes real-time dashboards, barcode
scanning, and an open API.

Let me know your thoughts.

Best regards,
Jenny Marsh
Account Executive, StockPilot
+1 415 555 0134
""",
        buyer_name="Mark Dillon",
        company="Dillon Hardware",
        cta=False,
        buyer_focused=False,
        personalised=False,
        why="all about us; 'Let me know your thoughts.' is a soft closer, not a CTA",
    ),
    LabelledEmail(
        id="e03_clinic_recap_soft_close",
        body="""Hi Priya,

Thanks for the time yesterday. Here is the summary of what you told us: your clinic group is
adding three sites in Q3, your front-desk staff spend most mornings on insurance verification,
and you want no-shows under 8% by the end of the year.

The attached plan shows how each of your sites would get there, step by step.

Let me know your thoughts.

Regards,
Owen
""",
        buyer_name="Priya Raman",
        company="Sunrise Family Clinics",
        cta=False,
        buyer_focused=True,
        personalised=True,
        why="good recap of her situation but ends on the soft 'Let me know your thoughts.'",
    ),
    LabelledEmail(
        id="e04_rhetorical_pitch",
        body="""Hi Carlos,

Who doesn't want to close deals faster? That's exactly why we built DealSprint. Our AI engine
scores every lead and our dashboards show everything in one place. We've helped hundreds of
companies grow.

Looking forward to hearing from you.

Cheers,
Amy
""",
        buyer_name="Carlos Mendez",
        company="Vertex Realty",
        cta=False,
        buyer_focused=False,
        personalised=False,
        why="rhetorical opener answered at once; product pitch; no ask",
    ),
    LabelledEmail(
        id="e05_gmail_quote_has_questions",
        body="""Hi Laura,

Thanks, I've passed the signed order form to our onboarding team. They will be in touch.

Best,
Raj

On Mon, Mar 4, 2024 at 9:12 AM Laura Chen <laura.chen@brightpath.edu> wrote:
> Hi Raj,
> Attached is the signed form. Can you confirm when onboarding starts at BrightPath?
> Also, do we need to set up SSO before the kickoff?
> Laura
""",
        buyer_name="Laura Chen",
        company="BrightPath Academy",
        cta=False,
        buyer_focused=False,
        personalised=False,
        why="the only questions (and the company name) are in the Gmail quote, not the sender's",
    ),
    LabelledEmail(
        id="e06_outlook_quote_cement",
        body="""Hello Mr. Okafor,

Following your note below, I've reserved two engineers for the Lagos plant audit. Would
Wednesday the 14th or Thursday the 15th suit your maintenance team better for the site visit?

Kind regards,
Helen Brandt
Senior Account Manager | Vibrix Monitoring

From: Chidi Okafor <c.okafor@delta-cement.com>
Sent: Friday, June 7, 2024 4:41 PM
To: Helen Brandt <h.brandt@vibrix.io>
Subject: RE: Vibration monitoring pilot

Helen, what would the pilot cost for the two kilns? Is there a discount for a three-year term?

Chidi
""",
        buyer_name="Chidi Okafor",
        company="Delta Cement",
        cta=True,
        buyer_focused=True,
        personalised=True,
        why="proposes two dates for his Lagos plant; Outlook quote below holds other questions",
    ),
    LabelledEmail(
        id="e07_signature_question_retention",
        body="""Hi Grace,

Your team's renewal rate jumped to 94% after you moved renewals to the account managers,
congratulations. If you want to keep that up as Nimbus Health grows into Ontario, the attached
one-page playbook lists the three warning signs your account managers can watch each week.

Best,
Sam Patel
Customer Success Lead, Retainly
Want to grab coffee? Book here: https://cal.retainly.example/sam
+1 647 555 0190
""",
        buyer_name="Grace Liu",
        company="Nimbus Health",
        cta=False,
        buyer_focused=True,
        personalised=True,
        why="buyer-focused and specific, but the only question is in the signature block",
    ),
    LabelledEmail(
        id="e08_forwarded_solutions_note",
        body="""Hi Ben,

Forwarding the note from our solutions team about the data migration, as promised.

---------- Forwarded message ---------
From: Kira Novak <kira@ledgerly.example>
Date: Tue, Apr 9, 2024 at 3:02 PM
Subject: Migration notes for Fenwick
To: Alex Romero <alex@ledgerly.example>

Alex, the Fenwick ledger has 14 years of history. Do they want all of it migrated, or only the
open periods? How many entities do they run?

Kira
""",
        buyer_name="Ben Fenwick",
        company="Fenwick & Sons",
        cta=False,
        buyer_focused=False,
        personalised=False,
        why="sender only forwards; questions and company name are inside the forwarded part",
    ),
    LabelledEmail(
        id="e09_legal_footer_insurance",
        body="""Dear Ms. Andersson,

Following our call, I've put together the figures you asked for: at your current volume of
12,000 claims a month, automating first notice of loss would free roughly four adjusters at
Nordvik Insurance for complex claims.

Could you share the monthly claims breakdown by line of business, so I can refine the estimate
before your board meeting on the 22nd?

Best regards,
Lars Holm
Nordic Sales Director
ClaimFlow AB

CONFIDENTIALITY NOTICE: This e-mail and any attachments are confidential and may be legally
privileged. If you are not the intended recipient, please notify the sender immediately and
delete this message. Any unauthorised use, disclosure or copying is prohibited.
Do you really need to print this email? Please consider the environment.
""",
        buyer_name="Karin Andersson",
        company="Nordvik Insurance",
        cta=True,
        buyer_focused=True,
        personalised=True,
        why="genuine request for her claims breakdown; the footer's question does not count",
    ),
    LabelledEmail(
        id="e10_legal_footer_question_release",
        body="""Hi Tom,

We've just released version 5.2 of our scheduling platform. It includes our new drag-and-drop
planner, improved reporting and faster load times. Our engineers worked hard on it and we're
very proud of the result.

Regards,
Megan Ford
ShiftWise

This message is intended only for the addressee. If you have received it in error, are you
able to let us know by replying and then delete it? ShiftWise Ltd is registered in England and
Wales, no. 0845123.
""",
        buyer_name="Tom Becker",
        company="Becker Care Homes",
        cta=False,
        buyer_focused=False,
        personalised=False,
        why="release notes about us; the only question is in the legal footer",
    ),
    LabelledEmail(
        id="e11_questions_without_mark",
        body="""Hi Ana,

Congrats on the Series B. I saw Plantwise is hiring 40 field agronomists this year, and
onboarding that many people across four states is usually where growers' visit history gets
lost.

I'd love to understand how your agronomists record field visits today. Could you point me to the
person who owns that process.

Thanks,
Jo
""",
        buyer_name="Ana Souza",
        company="Plantwise",
        cta=True,
        buyer_focused=True,
        personalised=True,
        why="two genuine questions written without '?'; about Plantwise's hiring",
    ),
    LabelledEmail(
        id="e12_statement_with_question_mark",
        body="""Hi Steve,

Just following up on my previous email?

We're the market leader in fleet telematics and I think our solution could be a great fit.

Best,
Karen
""",
        buyer_name="Steve Harlan",
        company="Harlan Haulage",
        cta=False,
        buyer_focused=False,
        personalised=False,
        why="'Just following up ...?' is a statement with a question mark; pitch about us",
    ),
    LabelledEmail(
        id="e13_long_manufacturing_good",
        body="""Hi Marcus,

Thank you for walking me around the Dayton line on Wednesday. Three things stuck with me from
what you and Keisha said:

1. Changeovers on line 2 take 90 minutes, against 35 on line 1, and nobody is sure why.
2. Your quality team finds most defects at final inspection, after the value has been added.
3. You have to show the plant manager a 5% OEE gain by the end of the fiscal year to get the
second shift approved.

A packaging plant in Toledo with a similar mix had the same changeover gap. Once their operators
could see each changeover step timed on the line screen, they closed most of it in ten weeks,
and scrap fell by a third.

I don't know yet whether that would work at Dayton, because your line 2 runs older fillers.
What would have to be true for your team to try a four-week pilot on line 2 only? And is Keisha
the right person to own it day to day?

If it's easier to talk it through, I'm free Tuesday after 2pm.

Best,
Elena Vasquez
Regional Account Executive
LineSight
(937) 555-0148
""",
        buyer_name="Marcus Reid",
        company="Harlan Foods",
        cta=True,
        buyer_focused=True,
        personalised=True,
        why="long but specific to his Dayton line, names Keisha, asks two real questions",
    ),
    LabelledEmail(
        id="e14_html_retail_good",
        body=(
            "<html><body><p>Hi Michelle,</p><p>When we spoke on Friday you said your store "
            "managers at Coastline Outfitters spend Sunday nights building next week's rota by "
            "hand, and that overtime is running 11% over budget.</p>"
            "<p>Two questions before I send a proposal:</p><ul><li>How many of your 38 stores "
            "have union agreements that limit shift changes?</li><li>Who besides you signs off "
            "on a scheduling tool &mdash; your CFO, or the regional directors?</li></ul>"
            '<p>Thanks,<br>Daniel</p><div class="gmail_signature">Daniel Reyes<br>Account '
            'Executive, Rotaboard<br>Want a demo? <a href="https://rotaboard.example/demo">'
            "Book one here</a></div></body></html>"
        ),
        buyer_name="Michelle Grant",
        company="Coastline Outfitters",
        cta=True,
        buyer_focused=True,
        personalised=True,
        why="HTML; two genuine questions in a list; signature question ignored",
    ),
    LabelledEmail(
        id="e15_html_bad_with_blockquote",
        body=(
            '<div dir="ltr"><div>Hi Peter,</div><div><br></div><div>Our new release is out! '
            "We added AI summaries, a new mobile app and 30 integrations. Our customers love it."
            "</div><div><br></div><div>Let me know if you have any questions.</div><div><br>"
            '</div><div>Thanks,</div><div>Lisa</div></div><br><div class="gmail_quote">'
            '<div dir="ltr" class="gmail_attr">On Wed, Feb 7, 2024 at 10:03 AM Peter Hall '
            '&lt;peter@greenline.example&gt; wrote:<br></div><blockquote class="gmail_quote" '
            'style="margin:0px 0px 0px 0.8ex;border-left:1px solid rgb(204,204,204);'
            "padding-left:1ex\">Hi Lisa, does the mobile app work offline at Greenline's depots? "
            "What would it cost for 25 users?<br></blockquote></div>"
        ),
        buyer_name="Peter Hall",
        company="Greenline Landscaping",
        cta=False,
        buyer_focused=False,
        personalised=False,
        why="HTML; ignores his questions (quoted), pitches the release, soft closer",
    ),
    LabelledEmail(
        id="e16_original_message_healthcare",
        body="""Hi Rachel,

Yes, the integration covers both of your Epic instances at St. Mary's and Riverside.
Implementation for two instances usually takes your IT team six to eight weeks.

Does your IT director have time next Tuesday or Wednesday afternoon for a 30-minute technical
review?

Thanks,
Mike

-----Original Message-----
From: Rachel Kim [mailto:rkim@unityhealth.example]
Sent: Thursday, May 16, 2024 2:15 PM
To: Mike Dunn
Subject: Integration question

Mike - does your integration work with both Epic instances? How long would implementation take?
""",
        buyer_name="Rachel Kim",
        company="Unity Health",
        cta=True,
        buyer_focused=True,
        personalised=True,
        why="answers in terms of her two hospitals, proposes days; quoted questions ignored",
    ),
    LabelledEmail(
        id="e17_breakup_good",
        body="""Hi Nate,

I haven't heard back since we sent the proposal on the 2nd, so I'm guessing that fixing
Crestview's invoice delays has slipped down the list, which is fair with your audit going on.

Should I close the file for now, or is it worth reconnecting in September once the audit is
done?

Either answer is fine.

Thanks,
Priya
""",
        buyer_name="Nate Owens",
        company="Crestview Supply",
        cta=True,
        buyer_focused=True,
        personalised=True,
        why="break-up email with a clear either/or question about his audit timing",
    ),
    LabelledEmail(
        id="e18_template_self_with_ask",
        body="""Hi Jordan,

We help companies like yours reduce churn by up to 30%. Our platform uses machine learning to
predict which customers are at risk, and our customer success team sets everything up. We work
with leading brands such as Acme, Globex and Initech.

Do you have 15 minutes next week for a quick call?

Best,
Chris
""",
        buyer_name="Jordan Blake",
        company="Streamly",
        cta=True,
        buyer_focused=False,
        personalised=False,
        why="generic template about us, but it does ask for a call next week",
    ),
    LabelledEmail(
        id="e19_generic_buyer_focused",
        body="""Hi Kevin,

Most finance teams lose two or three days at every month-end chasing missing receipts. If your
team is in the same spot, you could close the books faster by letting employees snap receipts
on their phones the moment they pay, so nothing is left to chase on the 30th.

Would a 20-minute call on Thursday morning be worth it to see whether that fits your close
process?

Regards,
Dana
""",
        buyer_name="Kevin Moore",
        company="Moore & Partners",
        cta=True,
        buyer_focused=True,
        personalised=False,
        why="framed around the reader's month-end, but generic: nothing specific to him",
    ),
    LabelledEmail(
        id="e20_personalised_but_self",
        body="""Hi Olivia,

Great to meet you at the Denver HVAC Expo and to hear about Summit Air's expansion into Colorado
Springs. We are FieldCore, the leading field service platform. Our software has dispatching,
invoicing, and a mobile app. We've won three industry awards and our company has grown 200%
this year. We'd love to tell you more about our product.

Let me know your thoughts.

Best,
Ryan
""",
        buyer_name="Olivia Stone",
        company="Summit Air",
        cta=False,
        buyer_focused=False,
        personalised=True,
        why="one personal line (expo, Colorado Springs), then all about us; soft closer",
    ),
    LabelledEmail(
        id="e21_typos_roofing",
        body="""hi jason,

thx for teh call today. as dicussed, ur team at Brennan Roofing is loosing bids becuase quotes
take 3 days to go out. if u can get quotes out same day you win more of those jobs.

can we do a quick demo fri at 2pm w/ your estimator?

mike
""",
        buyer_name="Jason Brennan",
        company="Brennan Roofing",
        cta=True,
        buyer_focused=True,
        personalised=True,
        why="typos and lower case; specific to his lost bids; proposes Friday 2pm",
    ),
    LabelledEmail(
        id="e22_question_to_cc_colleague",
        body="""Hi Julia,

Adding my colleague Ravi Menon, who runs security for us. Ravi, can you send her our SOC 2
report and the pen test summary today?

Thanks,
Hannah
""",
        buyer_name="Julia Schmidt",
        company="Kestrel Bank",
        cta=False,
        buyer_focused=False,
        personalised=False,
        why="the only question is put to the cc'd colleague Ravi, not to the reader",
    ),
    LabelledEmail(
        id="e23_newsletter_features",
        body="""Hello,

Spring is here and so is our biggest update yet! We've added a brand-new reporting suite, 40+
new integrations, dark mode, and a redesigned mobile app. Our engineering team also made
everything up to 2x faster.

We're also excited to announce that we've been named a Leader in the G2 Spring Report for the
fifth quarter in a row. We couldn't have done it without our amazing customers.

Feel free to reach out anytime if you'd like to learn more.

The BrightDesk Team

You are receiving this email because you signed up for BrightDesk.
Unsubscribe | Manage preferences
""",
        buyer_name=None,
        company="Hollis & Grant",
        cta=False,
        buyer_focused=False,
        personalised=False,
        why="newsletter about us; 'Feel free to reach out' asks nothing",
    ),
    LabelledEmail(
        id="e24_recap_confirmed_meeting",
        body="""Hi Ahmed,

Thanks for today. To make sure I heard you right: Meridian Bank needs to retire the legacy token
system before the regulator's deadline in March, your team can't add headcount, and the security
review is the step that stalled two previous vendors.

As agreed, I'll send the security questionnaire answers by Friday, and we'll go through them
with your CISO, Fatima Rahman, on Monday 17 June at 2pm.

Best regards,
Oliver
""",
        buyer_name="Ahmed Saleh",
        company="Meridian Bank",
        cta=True,
        buyer_focused=True,
        personalised=True,
        why="no question, but a confirmed next meeting with a date and time",
    ),
    LabelledEmail(
        id="e25_indirect_question",
        body="""Hi Mr. Fischer,

Reading the Kessler Bau annual report, I noticed your crews now run 60% of projects as
design-build, and that the report names late subcontractor payments as a risk.

I was wondering whether you'd be open to a short call next week about how your project managers
approve subcontractor invoices today.

Kind regards,
Anja Weber
""",
        buyer_name="Klaus Fischer",
        company="Kessler Bau",
        cta=True,
        buyer_focused=True,
        personalised=True,
        why="indirect question without '?' asking for a call next week; researched",
    ),
    LabelledEmail(
        id="e26_rhetorical_and_website",
        body="""Hi there,

Are your reps still stuck in spreadsheets? Not anymore. PipeOne is the all-in-one CRM that our
customers call a game-changer. With our AI assistant, our automations and our beautiful
dashboards, we make selling simple.

Visit our website to learn more.

Cheers,
The PipeOne team
""",
        buyer_name=None,
        company="Oakridge Supplies",
        cta=False,
        buyer_focused=False,
        personalised=False,
        why="rhetorical question answered at once; 'visit our website' is not a concrete ask",
    ),
    LabelledEmail(
        id="e27_ps_question",
        body="""Hi Moira,

Congratulations on opening the Galway office. With your support team now split across two
sites, the handover between the Dublin and Galway shifts is usually where tickets go quiet; the
short guide attached shows how two other Irish fintechs set up their queues for it.

Best,
Nina

P.S. Are you going to be at the Dublin Tech Summit on the 18th? I'd love to buy you and your
team lead a coffee there.
""",
        buyer_name="Moira Byrne",
        company="Tillster Payments",
        cta=True,
        buyer_focused=True,
        personalised=True,
        why="the ask is in the P.S., which is the sender's own text, not a signature",
    ),
    LabelledEmail(
        id="e28_inline_answers",
        body="""Hi Greg, answers inline below.

> 1. Do you support SSO?
Yes: Ridgeway's Okta works out of the box, so your staff keep one login.

> 2. What would 60 seats cost?
For your 60 seats it's $21,600 a year at list; on the three-year term you asked about, $18,400.

> 3. Can we keep our data in the EU?
Yes, your data would stay in Frankfurt, which covers the GDPR point your counsel raised.

One question back: is the July go-live still fixed, or does it depend on your ERP upgrade?

Tom
""",
        buyer_name="Greg Hollis",
        company="Ridgeway Group",
        cta=True,
        buyer_focused=True,
        personalised=True,
        why="answers interleaved with his quoted questions; one genuine question back",
    ),
    LabelledEmail(
        id="e29_price_increase_self",
        body="""Hi Denise,

A quick heads-up: our prices are going up by 8% on 1 July, as we've invested heavily in our
platform this year. We've added our new analytics module, our mobile app and 24/7 support.

Would you like to lock in the current rate for another year before then?

Thanks,
Mark
""",
        buyer_name="Denise Walsh",
        company="Walsh Dental",
        cta=True,
        buyer_focused=False,
        personalised=False,
        why="about our prices and features, but a real yes/no ask",
    ),
    LabelledEmail(
        id="e30_html_outlook_reply_block",
        body=(
            "<html><head><style>p{margin:0}</style></head><body>\n"
            "<div>Hi Samir,</div>\n"
            "<div>You told me the Birmingham depot misses about one delivery slot in twenty "
            "because the yard can't see which trailers are loaded. I've mapped what that costs "
            "Northway at your volumes: roughly &pound;310,000 a year in re-delivery fees.</div>\n"
            "<div>Can I show you and your yard manager the breakdown on Tuesday at 11?</div>\n"
            "<div>Regards,<br>Claire</div>\n"
            '<hr style="display:inline-block;width:98%">\n'
            '<div id="divRplyFwdMsg"><b>From:</b> Samir Qureshi &lt;s.qureshi@northway.example'
            "&gt;<br><b>Sent:</b> 03 June 2024 17:22<br><b>To:</b> Claire Doyle<br>"
            "<b>Subject:</b> Re: yard visibility</div>\n"
            "<div>Claire, what would a pilot at one depot involve? Do you need our WMS data?</div>"
            "\n</body></html>"
        ),
        buyer_name="Samir Qureshi",
        company="Northway",
        cta=True,
        buyer_focused=True,
        personalised=True,
        why="HTML Outlook reply: cost of his depot's misses, proposes Tuesday at 11",
    ),
    LabelledEmail(
        id="e31_welcome_date_no_ask",
        body="""Hi Dr. Alvarez,

Welcome aboard! Your first three Greenfield Dental clinics go live on the 3rd, starting with
Maple Street, since you said that front desk handles the most recall calls. Your practice
managers will see their no-show list every morning from day one.

Looking forward to working with you.

Warm regards,
Beth
""",
        buyer_name="Lucia Alvarez",
        company="Greenfield Dental",
        cta=False,
        buyer_focused=True,
        personalised=True,
        why="a go-live date is news, not a proposed meeting; nothing is asked",
    ),
    LabelledEmail(
        id="e32_rhetorical_then_real_ask",
        body="""Hi Ms. Turner,

Lakeside School District is moving 4,000 students to one-to-one Chromebooks in August. Why does
that matter for your IT help desk? Because in most districts, tickets triple in the first six
weeks of a rollout, and your team of five would feel it first.

Could we spend 20 minutes on Wednesday looking at how your team could triage those tickets?

Sincerely,
Paul Mendes
""",
        buyer_name="Helen Turner",
        company="Lakeside School District",
        cta=True,
        buyer_focused=True,
        personalised=True,
        why="a rhetorical question answered at once, then a genuine ask for Wednesday",
    ),
    LabelledEmail(
        id="e33_rhetorical_only_generic",
        body="""Hi Alan,

What would your reps do with five extra hours a week? Sell more, of course. That's the time most
sales teams spend updating the CRM by hand, and it's time you could give back to your team.

Looking forward to hearing from you.

Best,
Zoe
""",
        buyer_name="Alan Price",
        company="Price Insurance Brokers",
        cta=False,
        buyer_focused=True,
        personalised=False,
        why="the question is answered at once (rhetorical); framed on the reader, but generic",
    ),
    LabelledEmail(
        id="e34_let_me_know_with_time",
        body="""Hi Victor,

The unit on Harbour Road has the 6-metre loading door and the three-phase power your bakery
needs for the second oven, and it's 10 minutes from your current shop. Let me know if Tuesday
at 4pm works for a viewing.

Thanks,
Rosa
""",
        buyer_name="Victor Castillo",
        company="Castillo Bakery",
        cta=True,
        buyer_focused=True,
        personalised=True,
        why="'Let me know' with a concrete proposed time is a call to action",
    ),
    LabelledEmail(
        id="e35_proposal_what_you_think",
        body="""Hi Ingrid,

Attached is our proposal. It covers our implementation methodology, our support tiers and our
pricing. We've worked with many logistics companies and we're confident our solution is the
right fit.

Let me know what you think.

Best,
Jonas
""",
        buyer_name="Ingrid Berg",
        company="Berg Shipping",
        cta=False,
        buyer_focused=False,
        personalised=False,
        why="self-focused cover note; 'Let me know what you think.' is a soft closer",
    ),
    LabelledEmail(
        id="e36_food_bank_happy_to_answer",
        body="""Hi Sophie,

Thanks for your time on the call. As you said, your volunteers at Riverbend Food Bank spend
Saturday mornings re-entering sign-up sheets, and your grant report is due at the end of
October. The attached checklist shows how you could get sign-ups online before then.

Happy to answer any questions.

Best,
Liam
""",
        buyer_name="Sophie Lane",
        company="Riverbend Food Bank",
        cta=False,
        buyer_focused=True,
        personalised=True,
        why="specific and buyer-focused; 'Happy to answer any questions.' asks nothing",
    ),
    LabelledEmail(
        id="e37_energy_peak_demand",
        body="""Hi Rebecca,

Your Fresno cold-storage site pays demand charges every time the compressors restart together
after a defrost. Staggering those restarts usually takes 15-20% off the peak.

What's the current peak demand charge on the Fresno site's bill? With that number I can tell
you whether it's worth a closer look.

Thanks,
Raj
""",
        buyer_name="Rebecca Holt",
        company="ColdChain West",
        cta=True,
        buyer_focused=True,
        personalised=True,
        why="asks for one concrete figure about her Fresno site",
    ),
    LabelledEmail(
        id="e38_nonprofit_brochure",
        body="""Dear Friend,

Our company, GiveSmart Solutions, has been helping nonprofits for over 15 years. Our donor
management system is trusted by 2,000 organisations and our award-winning support team is
available around the clock.

Can I send you our brochure?

Warm regards,
Patricia
""",
        buyer_name=None,
        company="Hope Harbor Shelter",
        cta=True,
        buyer_focused=False,
        personalised=False,
        why="all about us; a weak but genuine yes/no question to the reader",
    ),
    LabelledEmail(
        id="e39_law_firm_no_ask",
        body="""Dear Ms. Okonkwo,

Thank you for explaining how Barrett & Lowe tracks billable hours today. From what you
described, your associates reconstruct their time on Friday afternoons, and you estimate about
6% of billable time never gets recorded. At your rates that is several hundred thousand pounds a
year across the litigation team.

Looking forward to hearing from you.

Yours sincerely,
Edward Blake
""",
        buyer_name="Ngozi Okonkwo",
        company="Barrett & Lowe",
        cta=False,
        buyer_focused=True,
        personalised=True,
        why="excellent recap of her firm's leak, but asks for nothing",
    ),
    LabelledEmail(
        id="e40_html_hotel_typos",
        body=(
            "<p>Hi Marco,</p><p>great meeting u at the Lisbon show. you said the Alfama hotel's "
            "front desk is swamped at check-in between 3 and 5pm, and that guests complain about "
            "the wait on TripAdvisor.</p><p>would you be up for a 15 min call on thurs at 10 to "
            "see if mobile check-in could take the pressure off ur desk team?</p>"
            "<p>cheers<br>Ines</p>"
        ),
        buyer_name="Marco Silva",
        company="Alfama Boutique Hotels",
        cta=True,
        buyer_focused=True,
        personalised=True,
        why="HTML, informal spelling; his check-in peak; proposes Thursday at 10",
    ),
    LabelledEmail(
        id="e41_long_self_buried_ask",
        body="""Hi Hugo,

I hope this email finds you well. My name is Derek and I'm a Senior Account Executive at
CloudNest. I've been with CloudNest for six years and I love what we do.

CloudNest was founded in 2012 by two engineers from Google. Since then, we've grown to 800
employees across 12 offices, and we've raised $200 million from top-tier investors. Our platform
is used by over 3,000 companies worldwide.

Our product includes automated backups, disaster recovery, a global CDN, 99.99% uptime, SOC 2
Type II certification, and 24/7 support from our in-house engineers. We recently launched our
new Kubernetes operator, which our customers say is the best in the industry. We also offer
professional services and training.

Would Thursday at 3pm work for a demo?

Best regards,
Derek Lang
Senior Account Executive | CloudNest
""",
        buyer_name="Hugo Laurent",
        company="Laurent Media",
        cta=True,
        buyer_focused=False,
        personalised=False,
        why="long self-promotion with a real time proposal buried at the end",
    ),
    LabelledEmail(
        id="e42_sounds_good_quote_has_time",
        body="""Sounds good, see you then!

Marta

On Tue, 11 Jun 2024 at 08:47, Yusuf Demir <yusuf@anatolia-textiles.example> wrote:
> Hi Marta, can we move our call to Thursday at 2pm? Our CFO wants to join.
> Yusuf
""",
        buyer_name="Yusuf Demir",
        company="Anatolia Textiles",
        cta=False,
        buyer_focused=False,
        personalised=False,
        why="the question and the time are in the quote; the sender's text asks nothing",
    ),
    LabelledEmail(
        id="e43_conditional_question",
        body="""Hi Walter,

Are you still planning to switch Hartmann Logistik to the new ERP in Q4? If so, your warehouse
team will need the label integration ready two weeks before go-live, and our integration team
books up over the summer.

Kind regards,
Ute
""",
        buyer_name="Walter Hartmann",
        company="Hartmann Logistik",
        cta=True,
        buyer_focused=True,
        personalised=True,
        why="genuine question about his ERP plan, followed by why it matters to him",
    ),
    LabelledEmail(
        id="e44_pleasantry_case_study",
        body="""Hi Connor,

Hope you had a great weekend?

I just wanted to share our latest case study. We helped a mid-sized retailer cut their shipping
costs by 22% using our routing engine. Our team is really proud of this one.

Best,
Maya
""",
        buyer_name="Connor Walsh",
        company="Walsh Outdoor",
        cta=False,
        buyer_focused=False,
        personalised=False,
        why="pleasantry with a question mark; the rest is about us",
    ),
    LabelledEmail(
        id="e45_how_are_you_billing",
        body="""Hi Jim,

How are you doing?

Following up on our chat about the Portland clinic's billing backlog. Your team told me claims
sit 45 days before anyone looks at denials, and that your biggest payer changed its rules in
January. The attached note lists the three denial codes I'd look at first, based on your
numbers.

Let me know your thoughts.

Regards,
Sandra
""",
        buyer_name="Jim Novak",
        company="Cascade Physical Therapy",
        cta=False,
        buyer_focused=True,
        personalised=True,
        why="'How are you doing?' is a pleasantry and the close is soft; specific content",
    ),
    LabelledEmail(
        id="e46_construction_site_visit",
        body="""Hi Frank,

You mentioned your crews on the Elm Street tower are waiting up to two days for RFI answers from
the architect, and that each day of delay costs Dalton Builders about $18,000 in idle labour.

I can be on site on Monday 8 July at 7am, before your crews start, to show your superintendent
how RFIs would flow from the field to the architect and back.

Thanks,
Gina
""",
        buyer_name="Frank Dalton",
        company="Dalton Builders",
        cta=True,
        buyer_focused=True,
        personalised=True,
        why="no question, but a concrete proposed date and time",
    ),
    LabelledEmail(
        id="e47_security_owner",
        body="""Hi Leah,

Thanks for the quick reply. Since Quantix is going through its first SOC 2 audit this year, your
team will probably get asked for evidence on access reviews. Who on your team owns vendor
security reviews today? I'd like to send them the right material rather than a generic deck.

Best,
Ahmed
""",
        buyer_name="Leah Cohen",
        company="Quantix",
        cta=True,
        buyer_focused=True,
        personalised=True,
        why="genuine question about who owns reviews at Quantix",
    ),
    LabelledEmail(
        id="e48_angle_quote_good",
        body="""Hi Kate,

Good news: the 2,300 SKUs you sent over all mapped cleanly to your Shopify catalogue, so Willow
& Oak's autumn collection can launch on your planned date.

Do you want the first sync to run overnight on the 9th, or would you rather watch it with us
during the day?

Luca

> On 2 Sep 2024, at 14:05, Kate Morgan <kate@willowandoak.example> wrote:
>
> Hi Luca, here's the SKU export. Will it be ready for the autumn launch?
> What do you need from us?
""",
        buyer_name="Kate Morgan",
        company="Willow & Oak",
        cta=True,
        buyer_focused=True,
        personalised=True,
        why="answers her quoted question in her terms and asks an either/or question",
    ),
    LabelledEmail(
        id="e49_iphone_admin_request",
        body="""Rob - can you send the signed SOW by Friday? Thx

Sent from my iPhone
""",
        buyer_name="Rob Carter",
        company="Vance Electrical",
        cta=True,
        buyer_focused=False,
        personalised=False,
        why="concrete admin ask; says nothing about his situation, so not buyer-focused",
    ),
    LabelledEmail(
        id="e50_html_checking_in_outlook",
        body=(
            "<div>Hi Andrea,</div><div>Just checking in to see if you had a chance to look at our "
            "deck. We've added some new slides about our roadmap and our partnership with "
            "Microsoft.</div><div>Let me know if you have any questions.</div><div>Thanks,<br>"
            'Tyler</div><div><br></div><div style="border:none;border-top:solid #E1E1E1 1.0pt;'
            'padding:3.0pt 0in 0in 0in"><p><b>From:</b> Andrea Russo &lt;andrea.russo@'
            "ferretti-group.example&gt;<br><b>Sent:</b> Monday, April 22, 2024 9:10 AM<br>"
            "<b>To:</b> Tyler Brooks<br><b>Subject:</b> RE: Follow up</p></div><div>Tyler, how "
            "does Ferretti's data get into your system? Who would we work with on your side?"
            "</div>"
        ),
        buyer_name="Andrea Russo",
        company="Ferretti Group",
        cta=False,
        buyer_focused=False,
        personalised=False,
        why="HTML 'just checking in' about our deck; her questions are in the quoted block",
    ),
    LabelledEmail(
        id="e51_referral_ask",
        body="""Hi Dr. Patel,

It's been six months since Lakeview Family Dental went live, and your hygienists are now filling
92% of cancelled slots from the waitlist, up from 60%.

Which two or three colleagues in the Ohio Dental Association do you think are still fighting the
same last-minute cancellations? An introduction from you would mean a lot.

Thank you,
Grace
""",
        buyer_name="Anil Patel",
        company="Lakeview Family Dental",
        cta=True,
        buyer_focused=True,
        personalised=True,
        why="referral ask built on his own results",
    ),
    LabelledEmail(
        id="e52_you_get_feature_list",
        body="""Hi Aaron,

Great to see you on the demo today! As you saw, you get our drag-and-drop workflow builder, our
200 pre-built integrations, our AI copilot, our role-based permissions and our mobile app. You
also get our premium support package and access to our customer community.

Let me know your thoughts.

Best,
Kelly
""",
        buyer_name="Aaron Fox",
        company="Fox Analytics",
        cta=False,
        buyer_focused=False,
        personalised=False,
        why="a feature list addressed with 'you' is still about the product; soft closer",
    ),
    LabelledEmail(
        id="e53_farm_typos_no_ask",
        body="""Hi Bill,

thanks for showin me round the farm on Saturday. Your right that the north pivots are
overwatering - the soil probes we looked at were reading 38% moisture on a field that only needs
25. At your water rates thats probably $9-12k a season on those two pivots alone.

Ill put the numbers in writing for you and your son Jake this week.

Cheers,
Tom
""",
        buyer_name="Bill Hendricks",
        company="Hendricks Farms",
        cta=False,
        buyer_focused=True,
        personalised=True,
        why="typos; specific to his pivots and his son; a promise, not an ask",
    ),
    LabelledEmail(
        id="e54_broker_qualification",
        body="""Hi Nadia,

Thanks again for explaining how Coastal Freight's fleet policy renews. Before I go to the
underwriters, two things would help me get you the right quote:

- Roughly what premium range has the board approved for next year's fleet cover?
- Apart from you and your CFO, does anyone else need to sign off on a broker change?

Kind regards,
Peter
""",
        buyer_name="Nadia Haddad",
        company="Coastal Freight",
        cta=True,
        buyer_focused=True,
        personalised=True,
        why="two qualification questions (budget, authority) about her renewal",
    ),
    LabelledEmail(
        id="e55_reengage_lost_deal",
        body="""Hi Jorge,

When we last spoke in March, you stayed with your current packaging supplier because our quote
was 9% higher. Since then, resin prices have moved and Solana Foods has launched two new SKUs in
compostable trays.

Is price still the deciding factor for the 2025 contract, or has the compostable range changed
what matters?

Best,
Eva
""",
        buyer_name="Jorge Ruiz",
        company="Solana Foods",
        cta=True,
        buyer_focused=True,
        personalised=True,
        why="re-engages a lost deal with his own reason for losing and a real question",
    ),
    LabelledEmail(
        id="e56_sender_schedule",
        body="""Hi Naomi,

I'm going to be in Boston next week visiting customers and I'd love to stop by. I'm free Tuesday
afternoon or Wednesday morning, and I can bring our new product samples and our latest
catalogue.

Best,
Greg
""",
        buyer_name="Naomi Park",
        company="Park Interiors",
        cta=True,
        buyer_focused=False,
        personalised=False,
        why="proposes two slots (a call to action) but it is all about the sender",
    ),
    LabelledEmail(
        id="e57_rhetorical_soft_close_plant",
        body="""Hi Svetlana,

Why do your night-shift operators at the Kazan plant log twice as many downtime events as the
day shift? Mostly because the night shift has no maintenance technician on site, so small stops
turn into long ones. That came up twice in our visit on Tuesday.

The attached note sketches how your shift leads could triage those stops remotely.

Let me know your thoughts.

Regards,
Igor
""",
        buyer_name="Svetlana Orlova",
        company="Volga Polymers",
        cta=False,
        buyer_focused=True,
        personalised=True,
        why="opening question answered at once; soft closer; specific to her Kazan plant",
    ),
    LabelledEmail(
        id="e58_html_newsletter_footer_question",
        body=(
            '<html><body><table width="600"><tr><td><h1>Introducing FleetIQ 3.0</h1>'
            "<p>We are thrilled to announce FleetIQ 3.0, our most powerful release ever.</p>"
            "<ul><li>Our new live map</li><li>Our redesigned driver app</li><li>Our fuel card "
            "integration</li></ul><p>Our customers save an average of 12% on fuel.</p>"
            '<p><a href="https://fleetiq.example/learn">Learn more</a></p></td></tr>'
            '<tr><td style="font-size:10px">You received this email because you are subscribed '
            'to FleetIQ updates. Don\'t want these emails? <a href="#">Unsubscribe</a>.</td>'
            "</tr></table></body></html>"
        ),
        buyer_name=None,
        company="Mercer Transport",
        cta=False,
        buyer_focused=False,
        personalised=False,
        why="HTML newsletter about us; the only question is in the unsubscribe footer",
    ),
    LabelledEmail(
        id="e59_renewal_seats",
        body="""Hi Marisol,

Your contract renews on 30 September. Over the past year your support team logged 4,200 tickets
and cut first-response time from 9 hours to 2, mostly through the macros your team lead Ken
built.

You mentioned the new Austin team starts in August. Do you want to add their 12 seats now, so
they're trained before launch, or at renewal?

Thanks,
Arjun
""",
        buyer_name="Marisol Vega",
        company="Brightline Telecom",
        cta=True,
        buyer_focused=True,
        personalised=True,
        why="her results, her Austin team, an either/or question",
    ),
    LabelledEmail(
        id="e60_answers_quoted_questions_self",
        body="""Hi Peter,

Yes, our app works offline. Our pricing is $300 per user per year, and we also offer our premium
onboarding package for $2,000.

Thanks,
Lisa

On Wed, Feb 7, 2024 at 10:03 AM Peter Hall <peter@greenline.example> wrote:
> Hi Lisa, does the mobile app work offline? What would it cost for 25 users?
> And who else on your side should join our technical call?
""",
        buyer_name="Peter Hall",
        company="Greenline Landscaping",
        cta=False,
        buyer_focused=False,
        personalised=False,
        why="answers about our product and price; asks nothing; questions only in the quote",
    ),
    LabelledEmail(
        id="e61_dash_signature_calendar_question",
        body="""Hi Ravi,

We just published our 2024 benchmark report on warehouse automation, with data from our 400
customers. Our research team found some surprising trends.

Let me know your thoughts.

--
Jess Ortiz | Marketing Manager | Autobin
Curious how you compare? Grab 15 minutes with me: https://autobin.example/jess
""",
        buyer_name="Ravi Shah",
        company="Shah Distribution",
        cta=False,
        buyer_focused=False,
        personalised=False,
        why="'--' signature holds the only question; body is about our report",
    ),
    LabelledEmail(
        id="e62_go_live_question",
        body="""Hi Femi,

The team has finished loading the Leeds warehouse's bin locations, and your pickers' handhelds
arrive on Monday.

Is the 14th still the go-live date for Leeds, or has the racking work pushed it back?

Cheers,
Dan
""",
        buyer_name="Femi Adeyemi",
        company="Northgate Wholesale",
        cta=True,
        buyer_focused=True,
        personalised=True,
        why="project update about his Leeds site with a genuine question",
    ),
    LabelledEmail(
        id="e63_rhetorical_unanswered_pitch",
        body="""Hi Ms. Grant,

Isn't it time your team stopped wasting hours on manual data entry? Our intelligent document
platform extracts data from invoices automatically, and our customers report 80% less keying.

Best regards,
Simon
""",
        buyer_name="Erica Grant",
        company="Grant Accounting",
        cta=False,
        buyer_focused=False,
        personalised=False,
        why="marketing rhetorical question, not meant to be answered; pitch about us",
    ),
    LabelledEmail(
        id="e64_did_you_look_at_proposal",
        body="""Hi Ken,

Did you have a chance to look at the proposal I sent on Monday? I've also attached our updated
price list and our product one-pager.

Thanks,
Sarah
""",
        buyer_name="Ken Ito",
        company="Ito Manufacturing",
        cta=True,
        buyer_focused=False,
        personalised=False,
        why="weak but genuine question to the reader; about our documents",
    ),
    LabelledEmail(
        id="e65_budget_phase_two",
        body="""Hi Ken,

Congratulations on getting the Tacoma rollout live two weeks early; your dispatchers there are
already closing jobs a day faster.

Has the budget for phase two, the Spokane and Boise branches, been approved yet, or is it still
waiting on the March board meeting?

Best,
Olga
""",
        buyer_name="Ken Morales",
        company="Evergreen Plumbing",
        cta=True,
        buyer_focused=True,
        personalised=True,
        why="his rollout results and a budget question about his branches",
    ),
    LabelledEmail(
        id="e66_outlook_quote_soft_close_generic",
        body="""Hi Brian,

Thanks for getting back to me. Many companies in your industry are moving to automated
compliance reporting, and we'd be happy to show you how our platform helps.

Let me know if you'd like more information.

Regards,
Sofia Marino
Business Development | Compliio

From: Brian O'Neill <boneill@harbourpharma.example>
Sent: Tuesday, 14 May 2024 11:03
To: Sofia Marino <sofia@compliio.example>
Subject: RE: Compliance reporting

Sofia, we're a 40-person pharma distributor. Can your tool handle GDP audits? What does it cost?
""",
        buyer_name="Brian O'Neill",
        company="Harbour Pharma",
        cta=False,
        buyer_focused=False,
        personalised=False,
        why="ignores his quoted questions; generic, soft closer",
    ),
)
