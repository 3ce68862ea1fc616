"""The member's email choices, and unsubscribing in one click without signing in."""

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.contrib.auth.views import redirect_to_login
from django.contrib.messages.views import SuccessMessageMixin
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse_lazy
from django.utils.decorators import method_decorator
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST
from django.views.generic import UpdateView

from dialogue_pages.models import DialoguePage
from members.permissions import is_confirmed_member

from .emails import page_for_reader
from .following import set_following
from .forms import EmailPreferencesForm
from .recipients import preferences_of, turn_off
from .tokens import InvalidToken, read_unsubscribe_token


@method_decorator(never_cache, name="dispatch")
class PreferencesView(LoginRequiredMixin, SuccessMessageMixin, UpdateView):
    """The signed-in member chooses which emails they receive; the next email already follows it."""

    form_class = EmailPreferencesForm
    template_name = "mailings/preferences.html"
    success_url = reverse_lazy("mailings:preferences")
    success_message = gettext_lazy("Your email choices have been saved.")
    http_method_names = ["get", "post"]

    def get_object(self, queryset=None):
        return preferences_of(self.request.user)


@never_cache
@csrf_exempt  # RFC 8058: mail programs POST "List-Unsubscribe=One-Click" with no cookie; the signed token is the proof
def unsubscribe(request, token):
    """GET: ask to confirm (link scanners open links; they must not unsubscribe anyone). POST: unsubscribe.

    A POST from the confirmation page and the one-click POST of a mail program (RFC 8058,
    ``List-Unsubscribe=One-Click``) do the same. A forged, altered or outdated link gets a
    400 page that says so.
    """
    if request.method not in ("GET", "HEAD", "POST"):
        response = render(request, "mailings/unsubscribe_invalid.html", status=405)
        response["Allow"] = "GET, HEAD, POST"
        return response
    try:
        member, kind = read_unsubscribe_token(token)
    except InvalidToken:
        return render(request, "mailings/unsubscribe_invalid.html", status=400)
    context = {"kind_label": kind.label}
    if request.method == "POST":
        turn_off(member, kind)
        return render(request, "mailings/unsubscribed.html", context)
    return render(request, "mailings/unsubscribe_confirm.html", context)


@require_POST
def follow_dialogue(request, dialogue_id):
    """A confirmed member follows (``follow=1``) or stops following (``follow=0``) a dialogue's digest."""
    dialogue = get_object_or_404(DialoguePage.objects.live().public(), pk=dialogue_id)
    back = page_for_reader(dialogue).url
    next_url = request.POST.get("next", "")
    if url_has_allowed_host_and_scheme(
        next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        back = next_url
    if not request.user.is_authenticated:
        return redirect_to_login(back)
    if not is_confirmed_member(request.user):
        raise PermissionDenied
    following = request.POST.get("follow") == "1"
    set_following(request.user, dialogue, following)
    if following:
        messages.success(request, _("You follow this dialogue: a weekly email tells you what is new in it."))
    else:
        messages.success(request, _("You no longer follow this dialogue."))
    return redirect(back)
