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
"""
from __future__ import annotations

import html
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
    ("p", "Score: 3", None),
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
    ("p", "Score: 2", None),
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
    ("p", "Score: 2", None),
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
    ("p", "Score: 3", None),
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
    ("p", "Score: 4", None),
    ("h", 4, "Key findings for this quality statement"),
    ("p", "Partnership working with the integrated care board was strong, with joint posts and pooled budgets "
          "for hospital discharge.", F("key-finding", QS, "partnerships")),
    ("p", "Voluntary and community organisations described the local authority as a trusted partner which "
          "involved them early in designing services.", F("key-finding", QS, "partnerships")),
    ("h", 2, "Theme 4: Leadership"),
    ("h", 3, "Learning, improvement and innovation"),
    ("p", "Score: 3", None),
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
}
FORMATS = ("txt", "md", "docx", "html", "pdf")


def expected(blocks) -> list[tuple[str, tuple]]:
    """(text, (kind, field, place)) of every finding the document holds."""
    found = []
    for block in blocks:
        if block[0] == "p" and block[2] is not None:
            found.append((block[1], block[2]))
        elif block[0] in ("ul", "ol"):
            found += [(text, mark) for text, mark in block[1] if mark is not None]
    return found


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


def _text(blocks) -> str:
    out: list[str] = []
    for block in blocks:
        kind = block[0]
        if kind in ("title", "line"):
            out += [block[1], ""]
        elif kind == "h":
            out += [block[2].upper() if block[1] <= 2 else block[2], ""]
        elif kind == "p":
            out += textwrap.wrap(block[1], 78) + [""]
        elif kind == "ul":
            for text, _ in block[1]:
                wrapped = textwrap.wrap(text, 74)
                out += [f"•  {wrapped[0]}"] + [f"   {line}" for line in wrapped[1:]]
            out.append("")
        elif kind == "ol":
            for number, (text, _) in enumerate(block[1], start=1):
                out += [f"{number}. {text}", ""]
        elif kind == "part":
            out += [str(block[1]), ""]
    return "\n".join(out)


def _markdown(blocks) -> str:
    out: list[str] = []
    for block in blocks:
        kind = block[0]
        if kind == "title":
            out += [f"# {block[1]}", ""]
        elif kind == "line":
            out += [block[1], ""]
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
    return "\n".join(out)


def _word(blocks, path: Path) -> None:
    import docx
    document = docx.Document()
    for block in blocks:
        kind = block[0]
        if kind == "title":
            document.add_heading(block[1], level=0)
        elif kind == "line":
            document.add_paragraph(block[1])
        elif kind == "h":
            document.add_heading(block[2], level=min(block[1], 9))
        elif kind == "p":
            document.add_paragraph(block[1])
        elif kind == "ul":
            for text, _ in block[1]:
                document.add_paragraph(text, style="List Bullet")
        elif kind == "ol":
            for text, _ in block[1]:
                document.add_paragraph(text, style="List Number")
        elif kind == "part":
            document.add_paragraph(str(block[1]))
    document.save(path)


def _article_html(blocks, for_print: bool = False) -> str:
    body: list[str] = []
    running = next((b[1] for b in blocks if b[0] == "line"), "")
    for block in blocks:
        kind = block[0]
        if kind == "title":
            body.append(f"<h1>{html.escape(block[1])}</h1>")
        elif kind == "line":
            body.append(f"<p class='meta'>{html.escape(block[1])}</p>")
        elif kind == "h":
            body.append(f"<h{min(block[1], 6)}>{html.escape(block[2])}</h{min(block[1], 6)}>")
        elif kind == "p":
            body.append(f"<p>{html.escape(block[1])}</p>")
        elif kind in ("ul", "ol"):
            items = "".join(f"<li>{html.escape(text)}</li>" for text, _ in block[1])
            body.append(f"<{kind}>{items}</{kind}>")
        elif kind == "part":
            body.append(f"<div class='part'>{block[1]}</div>")
    if not for_print:
        return "\n".join(body)
    style = f"""
      @page {{ size: A4; margin: 2.2cm 2cm;
        @top-right {{ content: "{html.escape(running)}"; font-size: 8pt; color: #555 }}
        @bottom-center {{ content: "Page " counter(page) " of " counter(pages); font-size: 8pt }} }}
      body {{ font-family: "DejaVu Sans", sans-serif; font-size: 10.5pt; line-height: 1.35 }}
      h1 {{ font-size: 22pt }} h2 {{ font-size: 16pt }} h3 {{ font-size: 13pt }}
      h4 {{ font-size: 11.5pt; font-weight: bold }} h5 {{ font-size: 10.5pt; font-weight: bold }}
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
