"""A member's own account pages: their profile, and deleting the account."""

from django.contrib import messages
from django.contrib.auth import get_user_model, logout
from django.contrib.auth.mixins import LoginRequiredMixin
from django.contrib.messages.views import SuccessMessageMixin
from django.db import transaction
from django.shortcuts import redirect
from django.urls import reverse_lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import FormView, UpdateView

from .forms import DeleteAccountForm, ProfileForm
from .signals import account_deleting


class ProfileView(LoginRequiredMixin, SuccessMessageMixin, UpdateView):
    """The signed-in member edits their public name, organisation, country and language."""

    form_class = ProfileForm
    template_name = "members/profile.html"
    success_url = reverse_lazy("members:profile")
    success_message = gettext_lazy("Your profile has been saved.")
    http_method_names = ["get", "post"]

    def get_object(self, queryset=None):
        # A fresh copy: a rejected form must not change the request's user, whose
        # name the page and the header show.
        return get_user_model()._default_manager.get(pk=self.request.user.pk)


class DeleteAccountView(LoginRequiredMixin, FormView):
    """Deletes the signed-in member's account after they confirm; GET only shows the form.

    Comments are not deleted with the account: discussions would lose their replies'
    context. They are kept but stripped of everything that identified the author, so
    they show as written by a former member: the discussion does it on ``account_deleting``,
    sent in the same transaction just before the deletion.
    """

    form_class = DeleteAccountForm
    template_name = "members/delete_account.html"
    http_method_names = ["get", "post"]

    def form_valid(self, form):
        user = self.request.user
        with transaction.atomic():
            # e.g. the discussion strips the author from the member's comments.
            account_deleting.send(sender=get_user_model(), user=user)
            logout(self.request)
            user.delete()
        # After logout: the message goes into a fresh session (or the message cookie).
        messages.success(self.request, _("Your account has been deleted. Thank you for taking part."))
        return redirect("wagtail_serve", "")  # the home page in the language being read
