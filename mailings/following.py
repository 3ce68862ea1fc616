"""Which dialogues a member follows: the weekly digest tells them what is new in each.

A member follows a dialogue once they have commented in any of its weeks, or when they press
*Follow this dialogue* on its page; *Stop following* drops it, even one they commented in
(``DialogueFollow`` keeps the choice). Dialogues are counted by their page in the site's default
language, which every translation's discussion shares.
"""

from dialogue_pages.models import DialogueComment, DialoguePage, WeeklyQuestionPage
from dialogue_pages.models.dialogues import in_default_language

from .models import DialogueFollow


def commented_dialogue_paths(member):
    """The tree paths of the dialogues whose weeks ``member`` has commented in."""
    week_ids = {
        int(pk)
        for pk in DialogueComment.objects.filter(user=member).values_list("object_pk", flat=True).distinct()
        if pk.isdigit()
    }
    steplen = WeeklyQuestionPage.steplen
    paths = WeeklyQuestionPage.objects.filter(pk__in=week_ids).values_list("path", flat=True)
    return {path[:-steplen] for path in paths}


def followed_dialogues(member):
    """The dialogues (default-language pages) ``member`` follows, in tree order."""
    choices = dict(DialogueFollow.objects.filter(user=member).values_list("dialogue_id", "following"))
    commented = DialoguePage.objects.filter(path__in=commented_dialogue_paths(member)).values_list("pk", flat=True)
    ids = (set(commented) | {pk for pk, following in choices.items() if following}) - {
        pk for pk, following in choices.items() if not following
    }
    return list(DialoguePage.objects.filter(pk__in=ids).order_by("path"))


def is_following(member, dialogue):
    dialogue = in_default_language(dialogue)
    return any(followed.pk == dialogue.pk for followed in followed_dialogues(member))


def set_following(member, dialogue, following):
    """Record that ``member`` follows (or stops following) ``dialogue``, from now on."""
    DialogueFollow.objects.update_or_create(
        user=member, dialogue=in_default_language(dialogue), defaults={"following": following}
    )
