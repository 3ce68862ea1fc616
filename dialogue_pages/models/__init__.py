"""Page and snippet models of Virtual Dialogues, split by concern."""

from .dialogues import DialogueIndexPage, DialogueModerator, DialoguePage, DialogueRelatedPage, DialogueStatus
from .people import Person
from .reports import DialogueReportPage
from .webinars import WebinarModerator, WebinarPage, WebinarPanellist, WebinarTimeZone
from .weeks import WeeklyQuestionPage

__all__ = [
    "DialogueIndexPage",
    "DialogueModerator",
    "DialoguePage",
    "DialogueRelatedPage",
    "DialogueReportPage",
    "DialogueStatus",
    "Person",
    "WebinarModerator",
    "WebinarPage",
    "WebinarPanellist",
    "WebinarTimeZone",
    "WeeklyQuestionPage",
]
