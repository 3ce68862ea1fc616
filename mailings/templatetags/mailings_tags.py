"""Template tags of the emails to members: the *Follow this dialogue* form on a dialogue's page."""

from django import template

from members.permissions import is_confirmed_member

from ..following import is_following
from ..recipients import wants

register = template.Library()


@register.inclusion_tag("mailings/includes/follow_dialogue.html", takes_context=True)
def follow_dialogue_form(context, dialogue):
    """For a confirmed member: whether they follow ``dialogue``, and the button to change it.

    Visitors and unconfirmed accounts see nothing, so a visitor's cached copy of the page
    holds no one's choice.
    """
    request = context.get("request")
    user = getattr(request, "user", None)
    if not is_confirmed_member(user):
        return {"show": False}
    return {
        "show": True,
        "dialogue": dialogue,
        "following": is_following(user, dialogue),
        "digest_on": wants(user, "digest"),
        "next": request.get_full_path(),
    }
