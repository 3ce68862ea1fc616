"""A dialogue's status comes from its dates; dates read the way people write them."""

from datetime import UTC, datetime, timedelta

import pytest

from django.core.exceptions import ValidationError
from django.utils import timezone, translation

from dialogue_pages.models import DialoguePage, DialogueStatus
from dialogue_pages.models.dialogues import DatePrecision, date_range_label, status_between

from .factories import DialoguePageFactory, WeeklyQuestionPageFactory

START = datetime(2016, 8, 29, tzinfo=UTC)
END = datetime(2016, 9, 17, tzinfo=UTC)


@pytest.mark.parametrize(
    ("now", "expected"),
    [
        (START - timedelta(seconds=1), DialogueStatus.UPCOMING),
        (START, DialogueStatus.OPEN),
        (END - timedelta(seconds=1), DialogueStatus.OPEN),
        (END, DialogueStatus.CLOSED),
    ],
)
def test_status_is_derived_from_the_dates(now, expected):
    assert status_between(START, END, now) == expected


def test_status_follows_the_clock_without_being_saved(dialogue_index):
    now = timezone.now()
    dialogue = DialoguePageFactory(
        parent=dialogue_index, start_at=now + timedelta(days=1), end_at=now + timedelta(days=20)
    )
    assert dialogue.status == DialogueStatus.UPCOMING
    dialogue.start_at = now - timedelta(days=1)
    assert dialogue.status == DialogueStatus.OPEN
    dialogue.end_at = now - timedelta(hours=1)
    assert dialogue.status == DialogueStatus.CLOSED
    assert "status" not in {field.name for field in DialoguePage._meta.get_fields()}


def test_week_status_is_derived_too(dialogue_index):
    now = timezone.now()
    dialogue = DialoguePageFactory(parent=dialogue_index)
    week = WeeklyQuestionPageFactory(
        parent=dialogue, opens_at=now - timedelta(days=1), closes_at=now + timedelta(days=4)
    )
    assert week.status == DialogueStatus.OPEN


def test_date_range_shows_the_last_day_of_an_exclusive_end():
    with translation.override("en"):
        assert date_range_label(START, END) == "29 August – 16 September 2016"
        week_two = (datetime(2016, 9, 5, tzinfo=UTC), datetime(2016, 9, 10, tzinfo=UTC))
        assert date_range_label(*week_two) == "5–9 September 2016"
        assert date_range_label(datetime(2015, 5, 1, tzinfo=UTC), datetime(2015, 6, 1, tzinfo=UTC), "month") == (
            "May 2015"
        )


def test_dates_follow_the_language():
    with translation.override("es"):
        assert date_range_label(START, END) == "29 de agosto – 16 de septiembre de 2016"
    with translation.override("fr"):
        assert date_range_label(START, END, DatePrecision.MONTH) == "août 2016"


def test_number_label_is_an_ordinal(dialogue_index):
    with translation.override("en"):
        assert str(DialoguePageFactory(parent=dialogue_index, number=7).number_label) == "7th Virtual Dialogue"
        assert str(DialoguePageFactory(parent=dialogue_index, number=2).number_label) == "2nd Virtual Dialogue"
        assert str(DialoguePageFactory(parent=dialogue_index, number=None).number_label) == "Virtual Dialogue"


def test_a_dialogue_cannot_end_before_it_starts(dialogue_index):
    dialogue = DialoguePageFactory.build(start_at=END, end_at=START)
    with pytest.raises(ValidationError) as error:
        dialogue.clean()
    assert "end_at" in error.value.message_dict


def test_a_week_cannot_close_before_it_opens():
    week = WeeklyQuestionPageFactory.build(opens_at=END, closes_at=START)
    with pytest.raises(ValidationError) as error:
        week.clean()
    assert "closes_at" in error.value.message_dict
