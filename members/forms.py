"""Forms a member uses to manage their own account."""

from allauth.account import forms as allauth_forms

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import User


class ProfileForm(forms.ModelForm):
    """The public profile and preferences a member can change themselves."""

    class Meta:
        model = User
        fields = [
            "display_name",
            "organisation",
            "country",
            "organisation_kind",
            "quote_anonymously",
            "preferred_language",
        ]
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


class SignupDetailsForm(forms.Form):
    """What allauth's signup form asks besides the email and password (``ACCOUNT_SIGNUP_FORM_CLASS``):
    optionally, the country and kind of organisation, which staff count to know who takes part."""

    country = User._meta.get_field("country").formfield(required=False)
    organisation_kind = User._meta.get_field("organisation_kind").formfield(required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["country"].widget.attrs["autocomplete"] = "country-name"

    def signup(self, request, user):
        """Keep what the member chose to say (allauth calls this once the account is saved)."""
        user.country = self.cleaned_data.get("country") or ""
        user.organisation_kind = self.cleaned_data.get("organisation_kind") or ""
        user.save(update_fields=["country", "organisation_kind"])
