import pytest

from tests.test_moderation import *  # noqa: F403


@pytest.mark.django_db
def test_dump(week, member, moderator, moderator_client):
    parent = post(
        week, make_user("ben", display_name="Ben"), "What counts as results?", question_id=week.questions[1].id
    )
    post(week, member, "Change in attitudes.", parent=parent, is_public=False, language="es")
    html = moderator_client.get(QUEUE).content.decode()
    start = html.index('<nav class="w-mb-6"')
    print(html[start : start + 9000])
