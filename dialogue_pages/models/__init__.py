"""Page and snippet models of Virtual Dialogues, split by concern."""

from .archive import RecordingsArchivePage
from .comments import CommentState, DialogueComment, ModerationEvent
from .dialogues import DialogueIndexPage, DialogueModerator, DialoguePage, DialogueRelatedPage, DialogueStatus
from .people import Person
from .questions import AudienceQuestion
from .reports import DialogueReportPage
from .webinar_parts import (
    WebinarCaption,
    WebinarChapter,
    WebinarDocument,
    WebinarModerator,
    WebinarPanellist,
    WebinarTimeZone,
)
from .webinars import WebinarPage, WebinarPhase
from .weeks import WeeklyQuestionPage

__all__ = [
    "AudienceQuestion",
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
    "RecordingsArchivePage",
    "WebinarCaption",
    "WebinarChapter",
    "WebinarDocument",
    "WebinarModerator",
    "WebinarPage",
    "WebinarPanellist",
    "WebinarPhase",
    "WebinarTimeZone",
    "WeeklyQuestionPage",
]
