"""Page and snippet models of Virtual Dialogues, split by concern."""

from .comments import CommentState, DialogueComment, ModerationEvent
from .dialogues import DialogueIndexPage, DialogueModerator, DialoguePage, DialogueRelatedPage, DialogueStatus
from .people import Person
from .reports import DialogueReportPage
from .webinars import WebinarModerator, WebinarPage, WebinarPanellist, WebinarTimeZone
from .weeks import WeeklyQuestionPage

__all__ = [
    "CommentState",
    "DialogueComment",
    "ModerationEvent",
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
