"""Forms a member uses to manage their own account."""

from allauth.account import forms as allauth_forms

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import User


class ProfileForm(forms.ModelForm):
    """The public profile and preferences a member can change themselves."""

    class Meta:
        model = User
        fields = ["display_name", "organisation", "country", "preferred_language"]
        widgets = {
            "display_name": forms.TextInput(attrs={"autocomplete": "nickname"}),
            "organisation": forms.TextInput(attrs={"autocomplete": "organization"}),
            "country": forms.Select(attrs={"autocomplete": "country-name"}),
        }


class DeleteAccountForm(forms.Form):
    """Asks the member to confirm, in so many words, that their account should go."""

    confirm = forms.BooleanField(
        label=_("I understand that my account will be deleted and cannot be restored."),
        help_text=_("Your comments stay in the discussions, shown as written by a former member."),
        error_messages={"required": _("Tick the box to confirm that you want to delete your account.")},
    )


class LoginForm(allauth_forms.LoginForm):
    """allauth's login form, labelled for what it takes: the email address or the username."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        login = self.fields["login"]
        login.label = _("Email address or username")
        login.widget.attrs.update({"placeholder": "", "autocomplete": "username"})
