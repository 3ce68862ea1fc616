"""The demo site, built from the concept note of the 7th Virtual Dialogue.

Long prose is read verbatim from ``home/fixtures/concept-note.md``; the facts that
need structure (dates, people, questions) are written out below exactly as the
note states them. Nothing here adds a fact the note does not give.
"""

import re
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import markdown

from django.utils.html import strip_tags

NOTE_PATH = Path(__file__).resolve().parent / "fixtures" / "concept-note.md"
UTC = ZoneInfo("UTC")
EDT = ZoneInfo("America/New_York")

# The webinars' zones as the note gives them: "9:00 am EDT/AST, 15:00 CET".
WEBINAR_TIME_ZONES = ["America/New_York", "America/Santo_Domingo", "Europe/Paris"]


def day_start(day):
    """Midnight UTC at the start of ``day``: the dialogue's days are whole days."""
    return datetime(day.year, day.month, day.day, tzinfo=UTC)


def day_end(day):
    """Midnight UTC after ``day``: periods end exclusively, so the last day is included."""
    return day_start(day) + timedelta(days=1)


@dataclass(frozen=True)
class PersonData:
    name: str
    role: str = ""
    organisation: str = ""
    country: str = ""


@dataclass(frozen=True)
class WeekData:
    number: int
    title: str
    first_day: date
    last_day: date
    kind: str  # the note's words in brackets after the week's dates
    questions: list = field(default_factory=list)


@dataclass(frozen=True)
class WebinarData:
    slug: str
    title: str
    language: str
    starts_at: datetime
    panellists: list


# "Both the panel discussion and discussion forum will be closely moderated by
# Consultants Emma Wretblad and Ruya Leghari."
MODERATORS = [
    PersonData("Emma Wretblad", role="Consultant"),
    PersonData("Ruya Leghari", role="Consultant"),
]

ENGLISH_PANEL = [
    PersonData(
        "Mehrinaz El Awady",
        role="Deputy Director/Chief of Section, Centre for Women",
        organisation="United Nations Economic and Social Commission for Western Asia (ESCWA)",
    ),
    PersonData("Jane Kato-Wallace", role="Senior Program Officer", organisation="Promundo-US"),
    PersonData("Amit Kumar Singh", role="Country Representative", organisation="ASI"),
    PersonData(
        "Dr Jenn Williamson",
        role="Director of Gender Mainstreaming & Women's Empowerment",
        organisation="ACDI/VOCA",
    ),
]

SPANISH_PANEL = [
    PersonData(
        "Jaqueline Durán Cossio",
        role="Transformer of women's lives through empowerment via radio communications",
        country="Bolivia",
    ),
    PersonData("Áurea Da Silva Garcia", role="Environmental Educator", organisation="MUPAN"),
    PersonData("Vanessa Fonseca", role="Program Coordinator", organisation="Promundo"),
    PersonData("Danielle Lopes Bittencourt", role="Project Coordinator", organisation="Promundo"),
]

WEEKS = [
    WeekData(
        1,
        "Week 1: online discussion",
        date(2016, 8, 29),
        date(2016, 9, 2),
        "online discussion",
        [
            "What is a “good practice”?",
            "What are the criteria for a “good practice” in training for gender equality?",
        ],
    ),
    WeekData(
        2,
        "Week 2: webinars and online discussion",
        date(2016, 9, 5),
        date(2016, 9, 9),
        "Webinars and online discussion",
        [
            "What lessons learned have been drawn from training for gender equality practices? "
            "What challenges and opportunities?",
            "What strategies can be used to strengthen training for gender equality?",
            "How can we link practices, research, and theories around training for gender equality?",
            "How can we promote knowledge and lessons learned generated from the Global South and "
            "grassroots women’s organisations?",
        ],
    ),
    WeekData(
        3,
        "Week 3: online discussion",
        date(2016, 9, 12),
        date(2016, 9, 16),
        "online discussion",
        [
            "How can we disseminate knowledge and lessons learned from global good practices as widely as possible?",
            "What strategies can encourage the cross-border sharing of knowledge, particularly "
            "amongst gender trainers and practitioners?",
        ],
    ),
]

WEBINARS = [
    # "Webinar (English): Tuesday, 6th September 2016, 9:00 am EDT/AST, 15:00 CET"
    WebinarData(
        "webinar-english",
        "Webinar (English)",
        "en",
        datetime(2016, 9, 6, 9, 0, tzinfo=EDT),
        ENGLISH_PANEL,
    ),
    # "Webinar (Spanish): Thursday, 8th September 2016, 9:00 am EDT/AST, 15:00 CET"
    WebinarData(
        "webinar-spanish",
        "Webinar (Spanish)",
        "es",
        datetime(2016, 9, 8, 9, 0, tzinfo=EDT),
        SPANISH_PANEL,
    ),
]
# "Two hour-long webinars with invited experts"
WEBINAR_MINUTES = 60

DIALOGUE = {
    "number": 7,  # "the UN Women Training Centre's 7th Virtual Dialogue"
    "title": "Compendium of Good Practices in Training for Gender Equality",
    "slug": "compendium-of-good-practices",
    "start_at": day_start(date(2016, 8, 29)),
    "end_at": day_end(date(2016, 9, 16)),
    "contact_email": "info.trainingcentre@unwomen.org",
}

# The footnote: the six earlier dialogues, with the month each was held. The
# seventh is this one, so numbering them in date order gives 1 to 6.
PREVIOUS_DIALOGUES = [
    ("Evaluation of Training for Gender Equality", date(2013, 7, 1)),
    ("Knowledge on Training for Gender Equality", date(2014, 2, 1)),
    ("Transformation through Training for Gender Equality", date(2014, 7, 1)),
    ("Training for Gender Equality and Beijing +20", date(2014, 10, 1)),
    ("Online and Mobile Training for Gender Equality", date(2015, 2, 1)),
    ("Resistances in Training for Gender Equality", date(2015, 5, 1)),
]

COMPENDIUM = {
    "title": "Compendium of Good Practices in Training for Gender Equality",
    "slug": "compendium-of-good-practices",
    "publisher": "UN Women Training Centre",
    "publication_date": date(2016, 4, 1),  # "In April 2016, the UN Women Training Centre launched its Compendium"
    "themes": ["Training for gender equality", "Good practices"],
}

# "Invited representatives of different cases featured in the Compendium will give a
# short (5 minute) presentation explaining their good practice": one case page per
# organisation the panellists represent, with only what the note says about it.
CASE_STUDIES = [
    {
        "title": "Centre for Women, ESCWA",
        "organisation": "United Nations Economic and Social Commission for Western Asia (ESCWA)",
        "region": "arab-states",
        "presenter": ENGLISH_PANEL[0],
        "webinar": WEBINARS[0],
    },
    {"title": "Promundo-US", "organisation": "Promundo-US", "presenter": ENGLISH_PANEL[1], "webinar": WEBINARS[0]},
    {"title": "ASI", "organisation": "ASI", "presenter": ENGLISH_PANEL[2], "webinar": WEBINARS[0]},
    {"title": "ACDI/VOCA", "organisation": "ACDI/VOCA", "presenter": ENGLISH_PANEL[3], "webinar": WEBINARS[0]},
    {
        "title": "Women’s empowerment via radio communications, Bolivia",
        "country": "Bolivia",
        "region": "latin-america-caribbean",
        "presenter": SPANISH_PANEL[0],
        "webinar": WEBINARS[1],
    },
    {"title": "MUPAN", "organisation": "MUPAN", "presenter": SPANISH_PANEL[1], "webinar": WEBINARS[1]},
    {"title": "Promundo", "organisation": "Promundo", "presenter": SPANISH_PANEL[2], "webinar": WEBINARS[1]},
]


class ConceptNote:
    """The concept note, split into its sections and paragraphs."""

    HEADINGS = [
        "Concept Note",
        "INTRODUCTION",
        "OBJECTIVES AND KEY QUESTIONS",
        "FORMAT",
        "TARGET AUDIENCE",
        "WEBINAR SPEAKERS AND AUDIENCE PARTICIPATION",
        "BACKGROUND INFORMATION",
    ]

    def __init__(self, text):
        self.text = text
        self.sections = {}
        current = None
        for block in self._paragraphs(text):
            if block in self.HEADINGS:
                current = block
                self.sections[current] = []
            elif current:
                self.sections[current].append(block)

    @staticmethod
    def _paragraphs(text):
        """Paragraphs, with those the PDF export broke mid-sentence joined again."""
        paragraphs = []
        for block in (b.strip() for b in re.split(r"\n\s*\n", text)):
            if not block:
                continue
            if paragraphs and block[0].islower() and not paragraphs[-1].endswith((".", ":", "?", ")")):
                paragraphs[-1] = f"{paragraphs[-1]} {block}"
            else:
                paragraphs.append(block)
        return paragraphs

    @classmethod
    def load(cls, path=NOTE_PATH):
        return cls(path.read_text(encoding="utf-8"))

    def paragraphs(self, section):
        return list(self.sections[section])

    def paragraph_with(self, section, words):
        """The one paragraph of ``section`` that contains ``words``."""
        return next(p for p in self.sections[section] if words in p)

    def sentence_with(self, section, words):
        """The sentence of ``section`` that starts with ``words``."""
        paragraph = self.paragraph_with(section, words)
        start = paragraph.index(words)
        end = paragraph.find(". ", start)
        return paragraph[start : end + 1 if end != -1 else None]

    def html(self, paragraphs):
        """Render note paragraphs as rich text, without the note's placeholder links or footnote marks."""
        source = "\n\n".join(paragraphs)
        rendered = markdown.markdown(source)
        rendered = re.sub(r'<a href="#">(.*?)</a>', r"\1", rendered)
        return rendered.replace("¹", "")

    def plain(self, paragraphs):
        """Note paragraphs as plain text, for fields that take no markup."""
        return strip_tags(self.html(paragraphs)).strip()

    def section_html(self, section, start=0, stop=None):
        return self.html(self.sections[section][start:stop])


# A sample discussion so that every feature of a thread can be seen. It is marked as
# a demo in the authors' names and in every comment: these are not members' words.
# Sample audience questions on the English webinar, labelled as such (the note gives none).
DEMO_AUDIENCE_QUESTIONS = [
    "[Demo question] How did the organisations measure change after the training?",
    "[Demo question] Which of the cases could be adapted to online training?",
]

DEMO_PARTICIPANTS = ["Demo participant A", "Demo participant B", "Participante de demostración C"]
DEMO_DISCUSSION = [
    # (week, question index or None, author index, language, text, replies)
    (
        1,
        0,
        0,
        "en",
        "[Demo comment] A good practice, for me, is one that others can adapt to their own context "
        "and that shows what changed for the people trained.",
        [
            (
                1,
                "en",
                "[Demo comment] Agreed. I would add that it should document what did not work as well.",
                [(2, "es", "[Comentario de demostración] Y que se pueda repetir con otros grupos.", [])],
            )
        ],
    ),
    (
        1,
        1,
        2,
        "es",
        "[Comentario de demostración] Un criterio importante: que la formación llegue a las personas "
        "que más lo necesitan.",
        [],
    ),
    (
        2,
        2,
        1,
        "en",
        "[Demo comment] Linking practice and research works best when trainers write up their sessions.",
        [(0, "en", "[Demo comment] Short case notes after each session would help here.", [])],
    ),
    (
        3,
        None,
        2,
        "es",
        "[Comentario de demostración] Compartir materiales en varios idiomas ayuda a que el conocimiento "
        "cruce fronteras.",
        [],
    ),
]


# The sample dialogue for trying the site. It is not a Virtual Dialogue of the note:
# its dates follow the moment the demo is loaded, its questions are the 7th
# dialogue's, and every page says it is a sample. The links are fake sample addresses.
SAMPLE_JOIN_URL = "https://meet.example.org/sample-dialogue"
SAMPLE_LIVE_STREAM_URL = "https://www.youtube.com/watch?v=SAMPLE00000"
SAMPLE_DIALOGUE = {
    "slug": "sample-dialogue",
    "title": "Sample dialogue (for trying the site)",
    "introduction": (
        "<p>This is a sample dialogue for trying the site, not a real Virtual Dialogue. Its dates "
        "follow the moment the demo content was loaded: week 1 has closed, week 2 is open for "
        "posting and week 3 is upcoming. A sample webinar starts soon and another sample webinar "
        "has a sample recording. The weekly questions are those of the 7th Virtual Dialogue.</p>"
    ),
}
SAMPLE_WEEK_INTRODUCTION = (
    "<p>A sample week for trying the site; its questions are those of the 7th Virtual Dialogue. "
    "Comments posted here are sample comments.</p>"
)
SAMPLE_LIVE_WEBINAR_INTRODUCTION = (
    "<p>A sample webinar for trying the site: there is no real meeting. The join link members "
    "see shortly before the start is a fake sample address, and the live stream is an example "
    "YouTube link. Members can send a question to the panel.</p>"
)
SAMPLE_PAST_WEBINAR_INTRODUCTION = (
    "<p>A sample webinar for trying the site, already over. Its recording is a generated sample "
    "recording, not a real webinar.</p>"
)
