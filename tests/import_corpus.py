"""A corpus of made-up reports in the layouts boards really have, for measuring the importer.

Each document is written in the style of its kind of report (invented places,
people and figures; no real names) as a list of blocks, each finding marked
with the kind and place a careful curator would give it. `render` writes a
document as plain text (hard-wrapped), Markdown, Word, a saved web page (with
a site's navigation, cookie banner and footer around the article) or a PDF
(WeasyPrint: real heading sizes, a running header and page numbers).

Blocks:
    ("title", text)                 the document's title
    ("line", text)                  a line of the title block or the page (a date, a board's name)
    ("h", level, text)              a heading
    ("p", text, expected)           a paragraph; expected is (kind, field, place) or None
    ("ul", [(text, expected), ...]) a bulleted list
    ("ol", [(text, expected), ...]) a numbered list
    ("part", n)                     a 7-minute briefing's bare part number
    ("score", n, statement, form)   a CQC "Score: N" of that quality statement: form "line" (a line of its
                                    own), "heading" (a heading of its own) or "item" (a list item)
    ("scores", [(name, n, statement), ...])  CQC's "Quality statement scores": a list, each item the
                                    statement's name and "Score: N" on the line under it
    ("rating", words, percent, form, council)  a CQC overall rating and its percentage (or None): form
                                    "list" (CQC's summary page: the council and its rating as a list item,
                                    then "... scored 78 out of 100 overall") or "line" ("Overall rating:
                                    Good", "Overall score: 71%")
    ("crumbs", [text, ...])         a web page's breadcrumb trail copied with the page (numbered lines in
                                    text, a list in a class the importer has no name for in HTML)
    ("running", [text, ...])        lines printed on every page (a running header, a classification line):
                                    repeated after each ("page",) in text, Word and HTML (a flipbook's text),
                                    page headers and footers in a PDF
    ("page",)                       a page break: the page's footnotes, its number, the next page's running lines
    ("fn", n, text)                 footnote n, printed at the end of its page (in a PDF, at the marker);
                                    a paragraph marks it with "[^n]" (a raised number in the text)
"""
from __future__ import annotations

import html
import re
import textwrap
from pathlib import Path

CQC_THEME, QS, LGA_THEME = "cqc_theme", "quality_statement", "lga_theme"


def F(kind, field=None, place=None):  # noqa: N802 - reads like a label in the tables below
    return (kind, field, place)


# -- CQC local authority assessment reports ---------------------------------------------------

CQC_ANYSHIRE = ("cqc-assessment-report", [
    ("title", "Anyshire County Council: local authority assessment"),
    ("line", "Published 14 June 2024"),
    ("h", 2, "Overall summary"),
    ("p", "Anyshire County Council was assessed between January and March 2024. Overall, the local authority "
          "was rated as good, with strong partnerships and a clear vision for adult social care.", None),
    ("h", 2, "Theme 1: How Anyshire County Council works with people"),
    ("h", 3, "Assessing needs"),
    ("score", 3, "assessing-needs", "line"),
    ("p", "3 - Evidence shows a good standard", None),
    ("h", 4, "What people expect"),
    ("p", "I have care and support that is coordinated, and everyone works well together and with me.", None),
    ("h", 4, "The local authority commitment"),
    ("p", "We maximise the effectiveness of people's care and treatment by assessing and reviewing their health, "
          "care, wellbeing and communication needs with them.", None),
    ("h", 4, "Key findings for this quality statement"),
    ("h", 5, "Assessment, care planning and review arrangements"),
    ("p", "People told us their assessments were carried out in a timely way and that staff listened to what "
          "mattered to them. The average wait for a Care Act assessment had fallen to 21 days, against an England "
          "average of 32 days.", F("key-finding", QS, "assessing-needs")),
    ("p", "Staff described a strengths-based practice framework which was well embedded across teams. Case "
          "records we reviewed showed people's own words and outcomes they wanted to achieve.",
     F("key-finding", QS, "assessing-needs")),
    ("h", 5, "Timeliness of assessments, care planning and reviews"),
    ("p", "There was a backlog of 412 annual reviews. Leaders had a recovery plan, but some people with "
          "lower-level needs had waited over a year for a review of their care.", F("key-finding", QS, "assessing-needs")),
    ("h", 3, "Supporting people to lead healthier lives"),
    ("score", 2, "healthier-lives", "line"),
    ("p", "2 - Evidence shows some shortfalls", None),
    ("h", 4, "Key findings for this quality statement"),
    ("h", 5, "Arrangements to prevent, delay or reduce needs for care and support"),
    ("p", "Reablement was offered to people leaving hospital, and 83% of people remained at home 91 days after "
          "discharge, compared with 82.1% nationally. However, access to reablement from the community was "
          "limited.", F("key-finding", QS, "healthier-lives")),
    ("p", "Admissions of older people to care homes were 612.4 per 100,000 population, compared with 560.8 for "
          "England, and leaders recognised the need to develop alternatives.", F("key-finding", QS, "healthier-lives")),
    ("h", 2, "Theme 3: How Anyshire County Council ensures safety within the system"),
    ("h", 3, "Safeguarding"),
    ("score", 2, "safeguarding", "line"),
    ("h", 4, "Key findings for this quality statement"),
    ("h", 5, "Responding to concerns and undertaking Section 42 enquiries"),
    ("p", "Safeguarding concerns were screened promptly by the multi-agency safeguarding hub, but partners told "
          "us feedback on the outcome of concerns was inconsistent.", F("key-finding", QS, "safeguarding")),
    ("p", "Making Safeguarding Personal was understood by staff, and people were asked what outcomes they wanted "
          "at the start of an enquiry.", F("key-finding", QS, "safeguarding")),
])

CQC_BORCHESTER = ("cqc-assessment-report", [
    ("title", "Borchester City Council: local authority assessment"),
    ("line", "October 2024"),
    ("h", 2, "Theme 2: How Borchester City Council provides support"),
    ("h", 3, "Care provision, integration and continuity"),
    ("score", 3, "care-provision", "line"),
    ("h", 4, "Key findings for this quality statement"),
    ("h", 5, "Understanding local needs for care and support"),
    ("p", "The local authority used its Joint Strategic Needs Assessment to understand the needs of its "
          "population, including a growing number of people living with dementia.",
     F("key-finding", QS, "care-provision")),
    ("p", "Home care capacity had improved: the number of hours waiting to be picked up fell from 2,300 to 410 "
          "hours a week over 12 months.", F("key-finding", QS, "care-provision")),
    ("h", 5, "Market shaping and commissioning"),
    ("p", "Providers told us commissioners were approachable, although fee rates for nursing care were below "
          "the regional median.", F("key-finding", QS, "care-provision")),
    ("h", 3, "Partnerships and communities"),
    ("score", 4, "partnerships", "line"),
    ("h", 4, "Key findings for this quality statement"),
    ("p", "Partnership working with the integrated care board was strong, with joint posts and pooled budgets "
          "for hospital discharge.", F("key-finding", QS, "partnerships")),
    ("p", "Voluntary and community organisations described the local authority as a trusted partner which "
          "involved them early in designing services.", F("key-finding", QS, "partnerships")),
    ("h", 2, "Theme 4: Leadership"),
    ("h", 3, "Learning, improvement and innovation"),
    ("score", 3, "learning-improvement", "line"),
    ("h", 4, "Key findings for this quality statement"),
    ("p", "Leaders learned from complaints and from Safeguarding Adults Reviews, and a practice quality board "
          "tracked actions to completion.", F("key-finding", QS, "learning-improvement")),
    ("p", "Staff were encouraged to try new approaches, such as a technology-enabled care pilot that supported "
          "180 people to stay independent.", F("key-finding", QS, "learning-improvement")),
])

# -- LGA preparation for assurance peer challenges -------------------------------------------

LGA_WESTBURY = ("lga-peer-challenge", [
    ("title", "Westbury Council adult social care preparation for assurance peer challenge"),
    ("line", "Feedback report: 6 - 8 June 2023"),
    ("h", 2, "Executive summary"),
    ("ol", [
        ("There is a clear vision for adult social care in Westbury, and the peer team heard about good practice "
         "and innovation that should be celebrated and built on.", F("key-finding")),
        ("Good plans have been developed for transformation, but these would benefit from clearer evidence of "
         "how they are being delivered and what difference they make for local people.", F("key-finding")),
        ("Waiting lists for assessment have reduced, but the council should be confident it understands the "
         "risk to people who are still waiting.", F("key-finding")),
    ]),
    ("h", 2, "Key recommendations"),
    ("ol", [
        ("Develop a single performance framework which is used consistently at every level of the service.",
         F("recommendation")),
        ("Strengthen the oversight of people waiting for an assessment, including regular contact.",
         F("recommendation")),
    ]),
    ("h", 2, "Theme 1: Working with people"),
    ("h", 3, "Strengths"),
    ("ul", [
        ("Staff are proud to work for the council and describe supportive managers.",
         F("strength", CQC_THEME, "working-with-people")),
        ("The carers' offer has been co-produced with carers and is well regarded.",
         F("strength", CQC_THEME, "working-with-people")),
    ]),
    ("h", 3, "Areas for consideration"),
    ("ul", [
        ("The front door directs too many people to a formal assessment rather than to early help.",
         F("area-for-improvement", CQC_THEME, "working-with-people")),
        ("Data on equalities is not yet used to target outreach to groups who use services less.",
         F("area-for-improvement", CQC_THEME, "working-with-people")),
    ]),
    ("h", 2, "Theme 3: Ensuring safety"),
    ("h", 3, "Strengths"),
    ("ul", [
        ("The safeguarding adults board has a strong independent chair and engaged partners.",
         F("strength", CQC_THEME, "ensuring-safety")),
    ]),
    ("h", 3, "Areas for consideration"),
    ("ul", [
        ("Transitions from children's services start too late for some young people with complex needs.",
         F("area-for-improvement", CQC_THEME, "ensuring-safety")),
    ]),
])

LGA_MARSHTON = ("lga-peer-challenge", [
    ("title", "Adult Social Care Preparation for Assurance Peer Challenge"),
    ("line", "Marshton Borough Council"),
    ("line", "Final report - March 2024"),
    ("h", 2, "Executive summary"),
    ("p", "The integrated service offered in Marshton over many years is distinctive and should be celebrated, "
          "but it will need clear leadership to keep it effective for all partners.", F("key-finding")),
    ("p", "The transformation programme is extensive and needs prioritising; some shorter-term wins would help "
          "staff see progress.", F("key-finding")),
    ("p", "Practice is strengths-based and staff know their communities well, although recording does not "
          "always show this.", F("key-finding")),
    ("h", 2, "Recommendations for next steps"),
    ("ul", [
        ("Agree a shared set of outcome measures with the integrated care organisation.", F("recommendation")),
        ("Prioritise the transformation programme and publish a timetable for it.", F("recommendation")),
        ("Improve the recording of strengths-based conversations in case files.", F("recommendation")),
    ]),
    ("h", 2, "Theme 4: Leadership"),
    ("h", 3, "Strengths"),
    ("ul", [
        ("Political leaders understand adult social care and champion it across the council.",
         F("strength", CQC_THEME, "leadership")),
    ]),
    ("h", 3, "Areas for consideration"),
    ("ul", [
        ("The line of sight from the director of adult social services to frontline performance is not clear.",
         F("area-for-improvement", CQC_THEME, "leadership")),
    ]),
    ("h", 2, "Contact details"),
    ("p", "For more information about the peer challenge please contact the peer challenge manager at "
          "peer.challenge@example.gov.uk", None),
])

# -- LGA adult safeguarding peer reviews ---------------------------------------------------------

LGA_NEWTOWN = ("lga-safeguarding-peer-review", [
    ("title", "Newtown Adult Safeguarding Peer Review Report"),
    ("line", "November 2016"),
    ("h", 2, "Leadership, Strategy and Commissioning"),
    ("h", 3, "Strengths"),
    ("ul", [
        ("There is visible and committed leadership of adult safeguarding across partners.",
         F("strength", LGA_THEME, "leadership-strategy-commissioning")),
        ("Commissioners include safeguarding standards in every contract.",
         F("strength", LGA_THEME, "leadership-strategy-commissioning")),
    ]),
    ("h", 3, "Areas for consideration"),
    ("ul", [
        ("The strategy does not yet say how success will be measured.",
         F("area-for-improvement", LGA_THEME, "leadership-strategy-commissioning")),
    ]),
    ("ol", [
        ("The peer team found a shared commitment to safeguarding among leaders, who spoke with one voice about "
         "their priorities.", F("key-finding", LGA_THEME, "leadership-strategy-commissioning")),
        ("Quality assurance of commissioned services relies heavily on complaints rather than planned visits.",
         F("key-finding", LGA_THEME, "leadership-strategy-commissioning")),
    ]),
    ("h", 2, "Working together – the Safeguarding Adults Board"),
    ("h", 3, "Strengths"),
    ("ul", [
        ("Board members attend regularly and challenge one another constructively.",
         F("strength", LGA_THEME, "working-together")),
    ]),
    ("h", 3, "Areas for consideration"),
    ("ul", [
        ("The board's sub-groups overlap and their terms of reference need review.",
         F("area-for-improvement", LGA_THEME, "working-together")),
    ]),
    ("h", 2, "Key Recommendations"),
    ("ul", [
        ("Agree measures of success for the safeguarding strategy.", F("recommendation")),
        ("Review the board's sub-group structure.", F("recommendation")),
    ]),
])

LGA_FENBY = ("lga-safeguarding-peer-review", [
    ("title", "Fenby Council Adult Safeguarding Peer Review"),
    ("line", "2014"),
    ("h", 2, "Outcomes for and the experiences of people who use services"),
    ("h", 3, "Strengths"),
    ("ul", [
        ("People who had been through a safeguarding enquiry said they felt listened to.",
         F("strength", LGA_THEME, "outcomes-experiences")),
    ]),
    ("h", 3, "Areas for consideration"),
    ("ul", [
        ("Outcomes people wanted are not routinely recorded at the end of an enquiry.",
         F("area-for-improvement", LGA_THEME, "outcomes-experiences")),
    ]),
    ("h", 2, "Service Delivery, Effective Practice and Performance and Resource Management"),
    ("h", 3, "Strengths"),
    ("ul", [
        ("Practitioners have good access to legal advice for complex cases.",
         F("strength", LGA_THEME, "service-delivery-performance")),
        ("Performance reports are shared with the board every quarter.",
         F("strength", LGA_THEME, "service-delivery-performance")),
    ]),
    ("h", 3, "Areas for consideration"),
    ("ul", [
        ("Supervision does not always include reflective discussion of safeguarding cases.",
         F("area-for-improvement", LGA_THEME, "service-delivery-performance")),
    ]),
    ("h", 2, "Key Recommendations"),
    ("ul", [
        ("Record the outcomes people want at the start and end of each enquiry.", F("recommendation")),
    ]),
])

# -- Council self-assessments ----------------------------------------------------------------------

SELF_ASHFORD = ("council-self-assessment", [
    ("title", "Ashcombe County Council adult social care self-assessment"),
    ("line", "January 2024"),
    ("h", 2, "Theme 1: Working with people"),
    ("h", 3, "Quality statement 1: Assessing needs"),
    ("p", "We have introduced a three conversations model so that people get help at their first contact, and "
          "68% of contacts are now resolved without a formal assessment.", F("self-assessed-practice", QS, "assessing-needs")),
    ("p", "We know that some people wait too long for an occupational therapy assessment and we have commissioned "
          "additional capacity to reduce this.", F("self-assessed-practice", QS, "assessing-needs")),
    ("h", 3, "Quality statement 3: Equity in experience and outcomes"),
    ("p", "We work with community leaders to reach groups who are less likely to ask for support, including "
          "Gypsy, Roma and Traveller communities.", F("self-assessed-practice", QS, "equity")),
    ("h", 2, "Theme 3: Ensuring safety"),
    ("h", 3, "Quality statement 7: Safeguarding"),
    ("p", "We screen all safeguarding concerns within one working day through our adult safeguarding hub.",
     F("self-assessed-practice", QS, "safeguarding")),
    ("h", 4, "Areas for development"),
    ("ul", [
        ("Feedback to referrers about the outcome of their concern.", F("area-for-improvement", QS, "safeguarding")),
        ("Consistent use of advocacy in section 42 enquiries.", F("area-for-improvement", QS, "safeguarding")),
    ]),
])

SELF_HOLTBY = ("council-self-assessment", [
    ("title", "Holtby Council self-assessment: how we support people"),
    ("h", 2, "Providing support"),
    ("h", 3, "Care provision, integration and continuity"),
    ("p", "We commission home care through a zoned model, which has reduced travel time for care workers and "
          "improved continuity for people.", F("self-assessed-practice", QS, "care-provision")),
    ("p", "We have a shortage of nursing home places for people with dementia and are working with providers to "
          "develop 40 new beds.", F("self-assessed-practice", QS, "care-provision")),
    ("h", 3, "Partnerships and communities"),
    ("p", "We fund a network of community hubs run by voluntary organisations, which supported 2,150 people last "
          "year.", F("self-assessed-practice", QS, "partnerships")),
    ("h", 2, "Leadership"),
    ("h", 3, "Governance, management and sustainability"),
    ("p", "We report on adult social care performance to cabinet every quarter and our scrutiny committee "
          "reviews it.", F("self-assessed-practice", QS, "governance")),
    ("h", 4, "Strengths"),
    ("ul", [
        ("A balanced budget for adult social care for three years running.", F("strength", QS, "governance")),
    ]),
])

# -- Safeguarding Adults Reviews --------------------------------------------------------------

SAR_ADULT_D = ("safeguarding-adults-review", [
    ("line", "Kingsmere Safeguarding Adults Board"),
    ("title", "Safeguarding Adults Review: Adult D"),
    ("line", "Overview report, May 2023"),
    ("h", 2, "Introduction"),
    ("p", "Kingsmere Safeguarding Adults Board commissioned this review under section 44 of the Care Act 2014 "
          "after the death of Adult D in a house fire.", F("background")),
    ("h", 2, "The person"),
    ("p", "Adult D was a man in his sixties who lived alone and had been a keen gardener. He had long-standing "
          "difficulties with alcohol and his home had become very cluttered.", F("background")),
    ("h", 2, "Findings"),
    ("h", 3, "Finding 1: Information sharing"),
    ("p", "Agencies held important information about Adult D's fire risk that was not shared with the fire "
          "service, so no home fire safety visit was offered.", F("case-finding")),
    ("p", "Across the partnership, there is no agreed route for sharing concerns about fire risk where a person "
          "declines support.", F("systems-finding")),
    ("h", 3, "Finding 2: Mental capacity"),
    ("p", "Assessments of mental capacity did not consider executive functioning, and practitioners were not "
          "confident to do so.", F("systems-finding")),
    ("h", 2, "Good practice"),
    ("ul", [
        ("The GP practice made repeated efforts to engage Adult D and kept clear records.", F("strength")),
    ]),
    ("h", 2, "Recommendations"),
    ("ol", [
        ("The Board should agree a multi-agency fire risk protocol with the fire and rescue service.",
         F("recommendation")),
        ("Partners should provide training on executive functioning in mental capacity assessments.",
         F("recommendation")),
    ]),
])

SAR_JOAN = ("safeguarding-adults-review", [
    ("title", "Safeguarding Adults Review in respect of Joan"),
    ("line", "Eastvale Safeguarding Adults Partnership"),
    ("line", "September 2022"),
    ("h", 2, "Background"),
    ("p", "Joan is a pseudonym chosen by her family. Joan was 84 and lived with her son, who was her main carer.",
     F("background")),
    ("h", 2, "Case findings"),
    ("p", "The district nursing team recognised Joan's pressure ulcers but did not raise a safeguarding concern "
          "when her son declined further visits.", F("case-finding")),
    ("p", "Joan's son was not offered a carer's assessment despite telling his GP that he was struggling.",
     F("case-finding")),
    ("h", 2, "Systems findings"),
    ("p", "Practitioners are unclear when a carer's refusal of services should be treated as a safeguarding "
          "concern.", F("systems-finding")),
    ("p", "There is no shared approach to escalating concerns between health and social care teams.",
     F("systems-finding")),
    ("h", 2, "Recommendations"),
    ("ul", [
        ("The Partnership should publish guidance on responding when a carer declines services.",
         F("recommendation")),
        ("All agencies should promote the escalation policy through team briefings.", F("recommendation")),
    ]),
])

# -- SAR 7-minute briefings ------------------------------------------------------------------------

BRIEFING_PETER = ("safeguarding-adults-review", [
    ("line", "Anytown Safeguarding Adults Board"),
    ("title", "Safeguarding Adults Review: Peter"),
    ("line", "7-minute briefing - July 2023"),
    ("h", 2, "1. Background"),
    ("p", "Peter is a pseudonym. Peter was a 50-year-old army veteran with three children, who lived alone and "
          "misused alcohol.", F("background")),
    ("h", 2, "2. What happened"),
    ("p", "In February 2022 Peter attended hospital after a fall and was discharged home the same day. He was "
          "found dead at home five days later.", F("background")),
    ("h", 2, "3. Why it matters"),
    ("p", "Nationally, self-neglect features in 60% of Safeguarding Adults Reviews.", F("background")),
    ("h", 2, "4. Key learning"),
    ("ul", [
        ("Multi-agency working needs a lead professional who has oversight of the whole picture.",
         F("systems-finding")),
        ("Hospital discharge plans for Peter did not take account of his alcohol use.", F("case-finding")),
        ("Executive functioning should be considered in mental capacity assessments.", F("systems-finding")),
    ]),
    ("h", 2, "5. What should practitioners do?"),
    ("ul", [
        ("Use the high-risk panel when a person's risks cannot be managed by one agency.", F("recommendation")),
        ("Record how you have considered executive functioning.", F("recommendation")),
    ]),
    ("h", 2, "6. Questions for reflection"),
    ("ul", [
        ("When did you last escalate a concern to a manager?", None),
        ("Who is the lead professional for the people you support?", None),
    ]),
    ("h", 2, "7. Further information"),
    ("p", "The full report can be found at https://www.example.org/sar-peter.pdf", None),
])

BRIEFING_NUMBERS = ("safeguarding-adults-review", [
    ("line", "Riverside Safeguarding Adults Board"),
    ("title", "Safeguarding Adults Review: Alison"),
    ("line", "7-minute briefing"),
    ("line", "March 2024"),
    ("p", "View the 7-minute briefing and full report for this Safeguarding Adults Review.", None),
    ("part", 1),
    ("p", "Alison (not her real name) was in her late fifties and lived with her partner. She had a long history "
          "of substance misuse.", F("background")),
    ("part", 2),
    ("p", "Several agencies had regular contact with Alison. A review was commissioned after her death in a fire "
          "at her home in December 2021.", F("background")),
    ("part", 3),
    ("p", "Multi-agency communication is key to managing risk: practitioners must share what they know, as "
          "different agencies often hold different information.", F("systems-finding")),
    ("part", 4),
    ("p", "Alison was deemed to have capacity, but her fluctuating capacity was not explored when she declined "
          "support.", F("case-finding")),
    ("part", 5),
    ("p", "Fire risk assessments should be offered to everyone who smokes and has limited mobility.",
     F("systems-finding")),
    ("part", 6),
    ("p", "How does your team share risk with other agencies?", None),
    ("p", "What would you do if a person repeatedly declines support?", None),
    ("part", 7),
    ("p", "Please record that you have used this briefing on the feedback form.", None),
])

# -- SAR summaries published as web pages and news items (paragraphs, no headings) ----------------

WEB_SAR_GRACE = ("safeguarding-adults-review", [
    ("p", "Skip to main content", None),
    ("crumbs", ["Home", "Northfield Safeguarding Adults Board", "Safeguarding Adults Reviews"]),
    ("title", "Safeguarding Adults Review: Grace"),
    ("line", "Published: 12 March 2024"),
    ("p", "Northfield Safeguarding Adults Board commissioned a Safeguarding Adults Review following the death of "
          "Grace in the winter of 2022.", F("background")),
    ("p", "Grace (not her real name) lived alone in a privately rented flat. She had a lung condition and had "
          "been known to services for many years because of hoarding, which made it hard for carers to reach "
          "her.", F("background")),
    ("p", "The review found that agencies did not share what they knew about the risk of fire in her home, and "
          "that no single agency coordinated the response to her self-neglect.", F("systems-finding")),
    ("p", "Practitioners across the partnership were not confident to use the self-neglect procedures when a "
          "person declined help, and concerns were closed without a visit.", F("systems-finding")),
    ("p", "The Board will publish a joint self-neglect and hoarding protocol and train practitioners in "
          "its use.", F("recommendation")),
    ("p", "The Board has asked the fire and rescue service to offer home fire safety visits to everyone "
          "referred under the protocol.", F("recommendation")),
    ("p", "Read the full report (PDF, 1.2 MB)", None),
    ("p", "Downloads", None),
    ("p", "Page last updated: 3 May 2024", None),
])

NEWS_SAR_MR_B = ("safeguarding-adults-review", [
    ("crumbs", ["Home", "News", "Safeguarding news"]),
    ("title", "Safeguarding Adults Review published: learning from the death of Mr B"),
    ("line", "4 October 2023"),
    ("p", "Mr B was a man in his forties with a long history of alcohol and drug use, who had been homeless "
          "for much of the year before he died.", F("background")),
    ("p", "He was admitted to hospital five times in the last six months of his life and was discharged to "
          "the street on each occasion.", F("background")),
    ("p", "Hospital discharge planning for Mr B did not consider where he would sleep, and his mental "
          "capacity to decide where to live was not assessed.", F("case-finding")),
    ("p", "Learning from the review shows that homelessness services, drug and alcohol services and hospital "
          "teams had no shared way of escalating concerns about a person at risk of dying on the street.",
     F("systems-finding")),
    ("p", "In response, partners have agreed to hold a multi-agency risk meeting for every rough sleeper "
          "admitted to hospital three times in a year.", F("recommendation")),
    ("p", "Share this page", None),
])

# -- SAR overview reports: numbered paragraphs, footnotes, a header and a classification line on every page

SAR_OVERVIEW_M = ("safeguarding-adults-review", [
    ("running", ["Safeguarding Adults Review: Mr M - Overview Report", "This document was classified as: OFFICIAL"]),
    ("line", "Ashdown Safeguarding Adults Board"),
    ("title", "Safeguarding Adults Review: Mr M"),
    ("line", "Overview report, January 2024"),
    ("h", 2, "1. Introduction"),
    ("p", "1.1 Ashdown Safeguarding Adults Board agreed to undertake this review after Mr M died in hospital "
          "from sepsis in March 2022.[^1]", F("background")),
    ("h", 2, "2. Terms of reference"),
    ("p", "2.1 Section 44 of the Care Act 2014 requires a Safeguarding Adults Board to arrange a review when "
          "an adult in its area dies as a result of abuse or neglect, whether known or suspected, and there is "
          "concern that partner agencies could have worked more effectively to protect the adult.", None),
    ("p", "2.2 The review considered the involvement of agencies from January 2020 to the death of Mr M.", None),
    ("h", 2, "3. Mr M"),
    ("p", "3.1 Mr M was a man in his fifties who lived alone. He had a learning disability and diabetes, and he "
          "was proud of his independence.", F("background")),
    ("fn", 1, "Care Act 2014, section 44."),
    ("page",),
    ("h", 2, "4. Findings"),
    ("p", "4.1 Mr M's GP practice did not follow up when he missed three diabetic reviews in 2021.[^2]",
     F("case-finding")),
    ("p", "4.2 Across the partnership, practitioners lacked professional curiosity about why a person "
          "repeatedly declined support, and self-neglect procedures were rarely used for people with a learning "
          "disability.", F("systems-finding")),
    ("p", "4.3 There was no shared escalation route when agencies disagreed about a person's capacity to make "
          "decisions about their health.[^3]", F("systems-finding")),
    ("fn", 2, "Annual health checks are offered to everyone with a learning disability aged 14 or over."),
    ("fn", 3, "See the Board's escalation policy, revised in 2021."),
    ("page",),
    ("h", 2, "5. Good practice"),
    ("p", "5.1 The community learning disability nurse visited Mr M regularly and kept a clear record of his "
          "wishes.", F("strength")),
    ("p", "5.2 The ambulance service raised a safeguarding concern on the day it found Mr M unwell at home.",
     F("strength")),
    ("h", 2, "6. Recommendations"),
    ("p", "1a. The Board should seek assurance that GP practices follow up missed annual health checks for "
          "people with a learning disability.", F("recommendation")),
    ("p", "1b. The integrated care board should audit how diabetic reviews are offered to people who do not "
          "attend.", F("recommendation")),
    ("p", "2. Partners should agree an escalation route for disagreements about mental capacity.",
     F("recommendation")),
])

SAR_OVERVIEW_X = ("safeguarding-adults-review", [
    ("running", ["OFFICIAL", "Wyvern Safeguarding Adults Partnership - SAR Adult X"]),
    ("title", "Safeguarding Adults Review: Adult X"),
    ("line", "Wyvern Safeguarding Adults Partnership"),
    ("line", "Final report - June 2023"),
    ("h", 2, "Summary of the case"),
    ("p", "Adult X was a woman in her thirties with autism and anxiety who lived with her parents, her main "
          "carers.", F("background")),
    ("p", "She died after a fire started by a cigarette in her bedroom.[^1]", F("background")),
    ("fn", 1, "The fire and rescue service investigated the fire."),
    ("page",),
    ("h", 2, "Scope of the review"),
    ("p", "The review was commissioned because the criteria of section 44(1) of the Care Act 2014 were met: "
          "Adult X died, abuse or neglect was suspected, and agencies could have worked together more "
          "effectively.", None),
    ("h", 2, "Findings"),
    ("p", "Adult X's parents were not offered a carer's assessment, although they told her social worker "
          "that they were exhausted.", F("case-finding")),
    ("p", "Fire risk is not part of the assessment of autistic adults who smoke, and no agency knew how to ask "
          "for a home fire safety visit.[^2]", F("systems-finding")),
    ("fn", 2, "A referral form has since been published by the fire and rescue service."),
    ("page",),
    ("h", 2, "Examples of good practice"),
    ("ul", [
        ("The autism outreach worker built a trusting relationship with Adult X over two years.",
         F("strength")),
    ]),
    ("h", 2, "Recommendations"),
    ("p", "Recommendation 1", None),
    ("p", "(a) The Partnership should add fire risk to the assessment checklist for adults who smoke.",
     F("recommendation")),
    ("p", "(b) Adult social care should offer every family carer an assessment in their own right.",
     F("recommendation")),
])

# -- CQC summary pages: the overall rating and its percentage, the nine scores -----------------------

NINE_SCORES = [
    ("Assessing needs", 3, "assessing-needs"),
    ("Supporting people to lead healthier lives", 3, "healthier-lives"),
    ("Equity in experience and outcomes", 2, "equity"),
    ("Care provision, integration and continuity", 3, "care-provision"),
    ("Partnerships and communities", 4, "partnerships"),
    ("Safe pathways, systems and transitions", 2, "safe-systems"),
    ("Safeguarding", 3, "safeguarding"),
    ("Governance, management and sustainability", 3, "governance"),
    ("Learning, improvement and innovation", 3, "learning-improvement"),
]

CQC_SUMMARY_WESTFORD = ("cqc-assessment-report", [
    ("title", "Westford City Council: local authority assessment"),
    ("line", "Published: 9 August 2024 Page last updated: 9 August 2024"),
    ("p", "Downloads", None),
    ("h", 2, "Overall summary"),
    ("h", 3, "Local authority rating and score"),
    ("rating", "Good", 72, "list", "Westford City Council"),
    ("h", 3, "Quality statement scores"),
    ("scores", NINE_SCORES),
    ("h", 3, "Summary of people's experiences"),
    ("p", "Most people told us they found it easy to contact the local authority, and staff listened to them. "
          "Some carers had waited several months for an assessment of their own needs.", F("key-finding")),
    ("p", "People from minority ethnic communities told us information was not always available in their "
          "language, and interpreters were not always booked for assessments.", F("key-finding")),
    ("h", 3, "Summary of strengths, areas for development and next steps"),
    ("p", "Partnership working with the voluntary sector was a clear strength, with community organisations "
          "trusted to deliver early help.", F("key-finding")),
    ("p", "Waiting lists for occupational therapy assessments remained long, and the oversight of risk for "
          "people waiting was inconsistent.", F("key-finding")),
    ("p", "Leaders knew where they needed to improve and had a credible plan to reduce waiting times.",
     F("key-finding")),
])

CQC_SUMMARY_LANGLEY = ("cqc-assessment-report", [
    ("title", "Langley Borough Council: local authority assessment"),
    ("line", "November 2024"),
    ("h", 2, "Overall summary"),
    ("rating", "Requires improvement", 54, "line", "Langley Borough Council"),
    ("p", "The local authority had a clear vision, but people did not always receive timely assessments.", None),
    ("h", 2, "Theme 1: How Langley Borough Council works with people"),
    ("h", 3, "Assessing needs"),
    ("score", 2, "assessing-needs", "heading"),
    ("h", 4, "Key findings for this quality statement"),
    ("p", "People waited too long for a Care Act assessment, and the local authority did not know the risks "
          "to people on its waiting list.", F("key-finding", QS, "assessing-needs")),
    ("h", 3, "Equity in experience and outcomes"),
    ("score", 2, "equity", "item"),
    ("h", 4, "Key findings for this quality statement"),
    ("p", "The local authority did not collect data on the ethnicity of people who were refused support.",
     F("key-finding", QS, "equity")),
    ("h", 2, "Theme 3: How Langley Borough Council ensures safety within the system"),
    ("h", 3, "Safeguarding"),
    ("score", 3, "safeguarding", "heading"),
    ("h", 4, "Key findings for this quality statement"),
    ("p", "Safeguarding enquiries were completed promptly, and people were asked about the outcomes they "
          "wanted.", F("key-finding", QS, "safeguarding")),
])

#: Every document of the corpus, by name: (layout, document kind, blocks).
CORPUS = {
    "cqc-anyshire": ("CQC assessment report", *CQC_ANYSHIRE),
    "cqc-borchester": ("CQC assessment report", *CQC_BORCHESTER),
    "lga-westbury": ("LGA peer challenge", *LGA_WESTBURY),
    "lga-marshton": ("LGA peer challenge", *LGA_MARSHTON),
    "lga-newtown": ("LGA safeguarding peer review", *LGA_NEWTOWN),
    "lga-fenby": ("LGA safeguarding peer review", *LGA_FENBY),
    "self-ashcombe": ("council self-assessment", *SELF_ASHFORD),
    "self-holtby": ("council self-assessment", *SELF_HOLTBY),
    "sar-adult-d": ("SAR report", *SAR_ADULT_D),
    "sar-joan": ("SAR report", *SAR_JOAN),
    "briefing-peter": ("SAR 7-minute briefing", *BRIEFING_PETER),
    "briefing-alison": ("SAR 7-minute briefing", *BRIEFING_NUMBERS),
    "web-sar-grace": ("SAR web summary", *WEB_SAR_GRACE),
    "news-sar-mr-b": ("SAR web summary", *NEWS_SAR_MR_B),
    "sar-overview-m": ("SAR overview report", *SAR_OVERVIEW_M),
    "sar-overview-x": ("SAR overview report", *SAR_OVERVIEW_X),
    "cqc-summary-westford": ("CQC summary page", *CQC_SUMMARY_WESTFORD),
    "cqc-summary-langley": ("CQC summary page", *CQC_SUMMARY_LANGLEY),
}
FORMATS = ("txt", "md", "docx", "html", "pdf")
#: A footnote marker in a paragraph of the tables above: "[^3]".
MARKER = re.compile(r"\[\^(\d+)\]")


def expected(blocks) -> list[tuple[str, tuple]]:
    """(text, (kind, field, place)) of every finding the document holds, without footnote markers."""
    found = []
    for block in blocks:
        if block[0] == "p" and block[2] is not None:
            found.append((MARKER.sub("", block[1]), block[2]))
        elif block[0] in ("ul", "ol"):
            found += [(MARKER.sub("", text), mark) for text, mark in block[1] if mark is not None]
    return found


def expected_scores(blocks) -> dict:
    """The CQC scores (quality statement: score), overall rating and percentage the document states."""
    scores, rating, percent = {}, None, None
    for block in blocks:
        if block[0] == "score":
            scores[block[2]] = block[1]
        elif block[0] == "scores":
            scores.update({statement: score for _name, score, statement in block[1]})
        elif block[0] == "rating":
            rating, percent = block[1], block[2]
    return {"scores": scores, "rating": rating, "percent": percent}


# -- rendering ------------------------------------------------------------------------------------

def render(blocks, fmt: str, path: Path) -> Path:
    """Write the document as `fmt` at `path` (its suffix is set here); the file's path."""
    path = path.with_suffix(f".{fmt}")
    if fmt == "txt":
        path.write_text(_text(blocks), encoding="utf-8")
    elif fmt == "md":
        path.write_text(_markdown(blocks), encoding="utf-8")
    elif fmt == "docx":
        _word(blocks, path)
    elif fmt == "html":
        path.write_text(_page(blocks), encoding="utf-8")
    elif fmt == "pdf":
        from weasyprint import HTML
        HTML(string=_article_html(blocks, for_print=True)).write_pdf(path)
    else:
        raise ValueError(fmt)
    return path


def _pages(blocks):
    """The blocks with a document's running lines put at the start of each page, and each page's
    number after its footnotes: ("running-line", text) and ("page-number", n) blocks."""
    running = next((b[1] for b in blocks if b[0] == "running"), [])
    out = [("running-line", text) for text in running]
    page = 1
    for block in blocks:
        if block[0] == "running":
            continue
        if block[0] == "page":
            out.append(("page-number", page))
            page += 1
            out += [("running-line", text) for text in running]
            continue
        out.append(block)
    if running:
        out.append(("page-number", page))
    return out


def _rating_lines(block) -> list[str]:
    _, words, percent, form, council = block
    if form == "list":
        return [f"{council} scored {percent} out of 100 overall, indicating a {words.lower()} standard"] \
            if percent is not None else []
    return [f"Overall rating: {words}"] + ([f"Overall score: {percent}%"] if percent is not None else [])


def _text(blocks) -> str:
    out: list[str] = []
    for block in _pages(blocks):
        kind = block[0]
        if kind in ("title", "line", "running-line"):
            out += [block[1], ""]
        elif kind == "page-number":
            out += [str(block[1]), ""]
        elif kind == "h":
            out += [block[2].upper() if block[1] <= 2 else block[2], ""]
        elif kind == "p":
            out += textwrap.wrap(MARKER.sub(r"\1", block[1]), 78) + [""]
        elif kind == "ul":
            for text, _ in block[1]:
                wrapped = textwrap.wrap(MARKER.sub(r"\1", text), 74)
                out += [f"•  {wrapped[0]}"] + [f"   {line}" for line in wrapped[1:]]
            out.append("")
        elif kind == "ol":
            for number, (text, _) in enumerate(block[1], start=1):
                out += [f"{number}. " + MARKER.sub(r"\1", text), ""]
        elif kind == "part":
            out += [str(block[1]), ""]
        elif kind == "score":
            out += [f"•  Score: {block[1]}" if block[3] == "item" else f"Score: {block[1]}", ""]
        elif kind == "scores":  # as copied from CQC's page: the name, and its score under it
            for name, score, _ in block[1]:
                out += [f"  •  {name}", f"     Score: {score}"]
            out.append("")
        elif kind == "rating":
            if block[3] == "list":
                out += [f"  •  {block[4]}", f"     {block[1]}"]
            out += [*_rating_lines(block), ""]
        elif kind == "crumbs":
            out += [f"{number}. {text}" for number, text in enumerate(block[1], start=1)] + [""]
        elif kind == "fn":  # as a PDF's text is copied: the number on a line of its own
            out += [str(block[1]), block[2], ""]
    return "\n".join(out)


def _markdown(blocks) -> str:
    out: list[str] = []
    for block in _pages(blocks):
        kind = block[0]
        if kind == "title":
            out += [f"# {block[1]}", ""]
        elif kind in ("line", "running-line"):
            out += [block[1], ""]
        elif kind == "page-number":
            out += [str(block[1]), ""]
        elif kind == "h":
            out += [f"{'#' * min(block[1], 6)} {block[2]}", ""]
        elif kind == "p":
            out += [block[1], ""]
        elif kind == "ul":
            out += [f"- {text}" for text, _ in block[1]] + [""]
        elif kind == "ol":
            out += [f"{n}. {text}" for n, (text, _) in enumerate(block[1], start=1)] + [""]
        elif kind == "part":
            out += [f"**{block[1]}**", ""]
        elif kind == "score":
            out += [{"line": f"Score: {block[1]}", "heading": f"#### Score: {block[1]}",
                     "item": f"- Score: {block[1]}"}[block[3]], ""]
        elif kind == "scores":
            for name, score, _ in block[1]:
                out += [f"- {name}", f"  Score: {score}"]
            out.append("")
        elif kind == "rating":
            if block[3] == "list":
                out += [f"- {block[4]}", f"  {block[1]}", ""]
            out += [line + "\n" for line in _rating_lines(block)]
        elif kind == "crumbs":
            out += [f"{n}. {text}" for n, text in enumerate(block[1], start=1)] + [""]
        elif kind == "fn":
            out += [f"[^{block[1]}]: {block[2]}", ""]
    return "\n".join(out)


def _word(blocks, path: Path) -> None:
    import docx
    document = docx.Document()

    def paragraph(text, style=None):
        """A paragraph, its footnote markers as raised numbers."""
        para = document.add_paragraph(style=style)
        for position, piece in enumerate(MARKER.split(text)):
            run = para.add_run(piece)
            run.font.superscript = position % 2 == 1
        return para

    for block in _pages(blocks):
        kind = block[0]
        if kind == "title":
            document.add_heading(block[1], level=0)
        elif kind in ("line", "running-line"):
            document.add_paragraph(block[1])
        elif kind in ("page-number", "part"):
            document.add_paragraph(str(block[1]))
        elif kind == "h":
            document.add_heading(block[2], level=min(block[1], 9))
        elif kind == "p":
            paragraph(block[1])
        elif kind == "ul":
            for text, _ in block[1]:
                paragraph(text, "List Bullet")
        elif kind == "ol":
            for text, _ in block[1]:
                paragraph(text, "List Number")
        elif kind == "score":
            text = f"Score: {block[1]}"
            if block[3] == "heading":
                document.add_heading(text, level=4)
            else:
                document.add_paragraph(text, style="List Bullet" if block[3] == "item" else None)
        elif kind == "scores":
            for name, score, _ in block[1]:
                item = document.add_paragraph(name, style="List Bullet")
                item.add_run().add_break()
                item.add_run(f"Score: {score}")
        elif kind == "rating":
            if block[3] == "list":
                item = document.add_paragraph(block[4], style="List Bullet")
                item.add_run().add_break()
                item.add_run(block[1])
            for line in _rating_lines(block):
                document.add_paragraph(line)
        elif kind == "crumbs":
            for text in block[1]:
                document.add_paragraph(text, style="List Number")
        elif kind == "fn":
            paragraph(f"[^{block[1]}]{block[2]}")
    document.save(path)


def _article_html(blocks, for_print: bool = False) -> str:
    body: list[str] = []
    running = next((b[1] for b in blocks if b[0] == "running"), [])
    footnotes = {b[1]: b[2] for b in blocks if b[0] == "fn"}
    heading = next((b[1] for b in blocks if b[0] == "line"), "")

    def inline(text: str) -> str:
        """Escaped text, each footnote marker a raised number (a flipbook's text) or, printed, the note itself."""
        if for_print:
            return MARKER.sub(lambda m: f"<span class='fn'>{html.escape(footnotes[int(m.group(1))])}</span>",
                              html.escape(text))
        return MARKER.sub(r"<sup>\1</sup>", html.escape(text))

    for block in (blocks if for_print else _pages(blocks)):
        kind = block[0]
        if kind == "title":
            body.append(f"<h1>{html.escape(block[1])}</h1>")
        elif kind in ("line", "running-line"):
            body.append(f"<p class='meta'>{html.escape(block[1])}</p>")
        elif kind == "page-number":
            body.append(f"<p class='folio'>{block[1]}</p>")
        elif kind == "h":
            body.append(f"<h{min(block[1], 6)}>{html.escape(block[2])}</h{min(block[1], 6)}>")
        elif kind == "p":
            body.append(f"<p>{inline(block[1])}</p>")
        elif kind in ("ul", "ol"):
            items = "".join(f"<li>{inline(text)}</li>" for text, _ in block[1])
            body.append(f"<{kind}>{items}</{kind}>")
        elif kind == "part":
            body.append(f"<div class='part'>{block[1]}</div>")
        elif kind == "score":
            text = f"Score: {block[1]}"
            body.append({"line": f"<p>{text}</p>", "heading": f"<h4>{text}</h4>",
                         "item": f"<ul><li>{text}</li></ul>"}[block[3]])
        elif kind == "scores":
            items = "".join(f"<li>{html.escape(name)}<br>Score: {score}</li>" for name, score, _ in block[1])
            body.append(f"<ul>{items}</ul>")
        elif kind == "rating":
            if block[3] == "list":
                body.append(f"<ul><li>{html.escape(block[4])}<br>{html.escape(block[1])}</li></ul>")
            body += [f"<p>{html.escape(line)}</p>" for line in _rating_lines(block)]
        elif kind == "crumbs":
            items = "".join(f"<li><a href='#'>{html.escape(text)}</a></li>" for text in block[1])
            body.append(f"<ol class='trail'>{items}</ol>")
        elif kind == "fn" and not for_print:
            body.append(f"<p><sup>{block[1]}</sup> {html.escape(block[2])}</p>")
        elif kind == "page" and for_print:
            body.append("<div style='break-before: page'></div>")
    if not for_print:
        return "\n".join(body)
    top = html.escape(running[0] if running else heading)
    bottom = html.escape(running[1]) if len(running) > 1 else ""
    style = f"""
      @page {{ size: A4; margin: 2.2cm 2cm;
        @top-right {{ content: "{top}"; font-size: 8pt; color: #555 }}
        @bottom-left {{ content: "{bottom}"; font-size: 8pt }}
        @bottom-right {{ content: "Page " counter(page) " of " counter(pages); font-size: 8pt }} }}
      body {{ font-family: "DejaVu Sans", sans-serif; font-size: 10.5pt; line-height: 1.35 }}
      h1 {{ font-size: 22pt }} h2 {{ font-size: 16pt }} h3 {{ font-size: 13pt }}
      h4 {{ font-size: 11.5pt; font-weight: bold }} h5 {{ font-size: 10.5pt; font-weight: bold }}
      .fn {{ float: footnote; font-size: 8pt }}
      .part {{ font-size: 26pt; font-weight: bold; color: #1d4f91 }}"""
    return f"<html><head><meta charset='utf-8'><style>{style}</style></head><body>{''.join(body)}</body></html>"


def _page(blocks) -> str:
    """A saved web page: the article inside a site's cookie banner, header, navigation and footer."""
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>{html.escape(next(b[1] for b in blocks if b[0] == 'title'))} | Example site</title>
<link rel="canonical" href="https://www.example.org/reports/made-up-report">
</head>
<body>
<div class="cookie-banner" role="dialog"><p>We use cookies to improve this site.</p><button>Accept all cookies</button></div>
<a class="skip-link" href="#main">Skip to main content</a>
<header class="site-header"><a href="/">Example site home</a>
<nav aria-label="Main"><ul><li><a href="/services">Services</a></li><li><a href="/reports">Reports</a></li>
<li><a href="/about">About us</a></li></ul></nav></header>
<main id="main">
<nav class="breadcrumbs"><ol><li><a href="/">Home</a></li><li><a href="/reports">Reports</a></li></ol></nav>
<article>
{_article_html(blocks)}
</article>
<aside><h2>Related content</h2><ul><li><a href="/other">Another report</a></li></ul></aside>
</main>
<footer><p>Contact us</p><p>Accessibility statement</p><p>Copyright Example site 2024</p></footer>
</body>
</html>
"""
