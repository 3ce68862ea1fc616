"""A member's journey stays in their language: account emails, follow-ups, reports, every redirect.

Spanish and French readers sign up, confirm, sign in and out under /es/ and /fr/ and
land there again; every email is written in the recipient's language (their profile,
else the language they signed up in), names the site in that language and keeps one
register ("usted", "vous"). English is the control.
"""

import re
from pathlib import Path

import polib
import pytest
from allauth.account.models import EmailAddress

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core import mail
from django.core.cache import cache
from django.template.loader import render_to_string
from django.test import Client
from django.utils import translation

from dialogue_pages.discussion.roles import DISCUSSION_MODERATORS_GROUP
from dialogue_pages.models import DialogueComment

from .factories import LocaleFactory, add_comment, make_member, make_week
from .test_discussion import POST_URL, form_data

PASSWORD = "a-long-test-password-42"

SITE_NAME = {"en": "Community of Practice", "es": "Comunidad de Práctica", "fr": "Communauté de pratique"}
CONFIRM_SUBJECT = {
    "en": "Confirm your email address",
    "es": "Confirme su dirección de correo electrónico",
    "fr": "Confirmez votre adresse e-mail",
}
RESET_SUBJECT = {
    "en": "Reset your password",
    "es": "Restablezca su contraseña",
    "fr": "Réinitialisez votre mot de passe",
}
# Sentences of the English emails (ours and allauth's) that must never reach a Spanish or French reader.
ENGLISH_SENTENCES = [
    "Hello from",
    "Thank you for using",
    "Community of Practice",
    "Someone, probably you",
    "please open this link",
    "If you did not ask",
    "You're receiving this email",
    "To confirm this is correct",
    "There is a new comment",
    "Read it in the discussion",
    "To stop these emails",
    "new comment posted",
    "reported a comment",
]
# Words that give away "tú" in Spanish: possessives, object pronouns and second-person verbs,
# and the UI's imperatives at the start of a sentence ("Inicia sesión", where "usted" says
# "Inicie"; elsewhere "inicia" is the third person and fine). "Usted" forms never use them.
TU_WORDS = re.compile(
    r"\b(tú|tu|tus|te|ti|contigo|puedes|tienes|quieres|necesitas|debes|deseas|estás|eres|has|hiciste|"
    r"olvidaste|recibes|sigues|haz|regístrate|identifícate|únete|introdúcelo|cuéntanos|dinos)\b"
    r"|(?:^|[.:!?¿¡]\s*|<[^>]+>)(inicia|introduce|ingresa|escribe|revisa|confirma|pulsa|elige|añade|vuelve|"
    r"intenta|usa|accede|comprueba|cambia|haz|sigue|abre|marca|envía)\b",
    re.IGNORECASE,
)
TOI_WORDS = re.compile(r"\b(tu|toi|ton|ta|tes|t’|t')(?=\W)", re.IGNORECASE)

LOCALE = Path(settings.BASE_DIR) / "locale"


@pytest.fixture(autouse=True)
def fresh_rate_limits():
    """allauth counts attempts in the cache; each test starts with none."""
    cache.clear()


def make_account(email, language, verified=True):
    user = get_user_model().objects.create_user(email.split("@")[0], email, PASSWORD, preferred_language=language)
    EmailAddress.objects.create(user=user, email=email, verified=verified, primary=True)
    return user


def assert_written_in(message, language):
    """The whole email (subject and body) is in ``language``, naming the site in it."""
    text = f"{message.subject}\n{message.body}"
    assert SITE_NAME[language] in message.subject, message.subject
    assert SITE_NAME[language] in message.body, message.body
    if language != "en":
        leaked = [sentence for sentence in ENGLISH_SENTENCES if sentence in text]
        assert not leaked, (leaked, text)
    if language == "es":
        assert not TU_WORDS.findall(text), (TU_WORDS.findall(text), text)
    if language == "fr":
        assert not TOI_WORDS.findall(text), (TOI_WORDS.findall(text), text)


def visible_text(html):
    """The page's text without its tags, scripts and styles."""
    html = re.sub(r"(?s)<(script|style)\b.*?</\1>", " ", html)
    return re.sub(r"<[^>]+>", " ", html)


def register_slips(response, language):
    """Where a page's text breaks the language's register ("tú" in Spanish, "tu" in French)."""
    scan = {"es": TU_WORDS, "fr": TOI_WORDS}.get(language)
    if scan is None:
        return []
    text = visible_text(response.content.decode())
    return [text[max(0, m.start() - 60) : m.end() + 20] for m in scan.finditer(text)]


def links_in(message):
    return re.findall(r"https?://[^/\s]+(/\S+)", message.body)


# Signing up, confirming, signing in and out


@pytest.mark.parametrize("language", ["en", "es", "fr"])
def test_signing_up_sends_the_confirmation_in_the_readers_language(home, client, language):
    response = client.post(
        f"/{language}/accounts/signup/", {"email": "nueva@example.org", "password1": PASSWORD, "password2": PASSWORD}
    )

    assert response.status_code == 302
    assert response["Location"] == f"/{language}/accounts/confirm-email/"
    user = get_user_model().objects.get(email="nueva@example.org")
    assert user.preferred_language == language, "the sign-up language is remembered"
    [message] = mail.outbox
    assert message.subject == f"[{SITE_NAME[language]}] {CONFIRM_SUBJECT[language]}"
    assert_written_in(message, language)
    [link] = [link for link in links_in(message) if "confirm-email" in link]
    assert link.startswith(f"/{language}/accounts/confirm-email/")


@pytest.mark.parametrize("language", ["en", "es", "fr"])
def test_confirming_lands_on_the_home_page_of_the_readers_language(home, client, language):
    client.post(
        f"/{language}/accounts/signup/", {"email": "nueva@example.org", "password1": PASSWORD, "password2": PASSWORD}
    )
    [link] = [link for link in links_in(mail.outbox[0]) if "confirm-email" in link]

    page = client.get(link)
    assert page.status_code == 200
    assert not register_slips(page, language)
    response = client.post(link)

    assert response.status_code == 302
    assert response["Location"] == f"/{language}/"
    assert EmailAddress.objects.get(email="nueva@example.org").verified


@pytest.mark.parametrize("language", ["en", "es", "fr"])
def test_signing_in_and_out_keeps_the_language_prefix(home, client, language):
    make_account("ana@example.org", "en")

    response = client.post(f"/{language}/accounts/login/", {"login": "ana@example.org", "password": PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == f"/{language}/"
    assert "_auth_user_id" in client.session

    response = client.post(f"/{language}/accounts/logout/")
    assert response.status_code == 302
    assert response["Location"] == f"/{language}/"
    assert "_auth_user_id" not in client.session


def test_a_safe_next_is_still_honoured_and_an_unsafe_one_is_not(home, client):
    make_account("ana@example.org", "es")

    response = client.post(
        "/es/accounts/login/", {"login": "ana@example.org", "password": PASSWORD, "next": "/es/dialogues/"}
    )
    assert response["Location"] == "/es/dialogues/"

    client.post("/es/accounts/logout/")
    response = client.post(
        "/es/accounts/login/", {"login": "ana@example.org", "password": PASSWORD, "next": "https://evil.example/es/"}
    )
    assert response["Location"] == "/es/"


# Password reset: the member's language, wherever they ask from


@pytest.mark.parametrize("language", ["es", "fr"])
def test_the_password_reset_email_follows_the_members_language_even_from_english(home, client, language):
    make_account("ana@example.org", language)

    response = client.post("/en/accounts/password/reset/", {"email": "ana@example.org"})

    assert response.status_code == 302
    assert response["Location"].startswith("/en/"), "the page itself stays in the language it was asked from"
    [message] = mail.outbox
    assert message.subject == f"[{SITE_NAME[language]}] {RESET_SUBJECT[language]}"
    assert_written_in(message, language)
    [link] = [link for link in links_in(message) if "/password/reset/key/" in link]
    assert link.startswith(f"/{language}/accounts/password/reset/key/")
    # The link works: allauth swaps the key for a session and shows the form.
    followed = client.get(link, follow=True)
    assert followed.status_code == 200
    assert followed.redirect_chain[-1][0].startswith(f"/{language}/")
    assert 'name="password1"' in followed.content.decode()
    assert not register_slips(followed, language)


def test_a_reset_for_an_unknown_address_is_answered_in_the_language_it_was_asked_in(home, client):
    client.post("/fr/accounts/password/reset/", {"email": "personne@example.org"})

    [message] = mail.outbox
    assert message.to == ["personne@example.org"]
    assert_written_in(message, "fr")
    assert "Aucun compte avec cette adresse e-mail" in message.subject
    assert any(link.startswith("/fr/accounts/signup/") for link in links_in(message))


# The discussion's emails: the recipient's language, not the poster's


@pytest.fixture
def week(dialogue_index):
    return make_week(dialogue_index)


def test_followers_read_the_follow_up_email_in_their_own_language(client, week):
    spanish_week = week.copy_for_translation(LocaleFactory(language_code="es"), copy_parents=True)
    spanish_week.save_revision().publish()
    spanish_week.refresh_from_db()
    spanish = make_member("lucia")
    spanish.preferred_language = "es"
    spanish.save(update_fields=["preferred_language"])
    english = make_member("liam")
    top = add_comment(week, spanish, "Sigo este debate", followup=True)
    add_comment(week, english, "Following too", followup=True, parent=top)
    client.force_login(make_member("poster"))

    client.post(POST_URL, form_data(week, reply_to=top.pk, text="A reply posted from the English page"))

    by_recipient = {message.to[0]: message for message in mail.outbox}
    assert set(by_recipient) == {spanish.email, english.email}
    in_spanish, in_english = by_recipient[spanish.email], by_recipient[english.email]
    assert in_spanish.subject == f"Nuevo comentario en «{week.title}»"
    assert "Hay un comentario nuevo en el debate que sigue" in in_spanish.body
    assert in_spanish.body.startswith(f"Hola, Miembro {spanish.pk}")  # her public name, in her language
    assert "A reply posted from the English page" in in_spanish.body
    assert not [s for s in ENGLISH_SENTENCES if s in in_spanish.body]
    assert not TU_WORDS.findall(in_spanish.body.replace("A reply posted from the English page", ""))
    assert re.search(r"/es/discussion/mute/[^/\s]+/", in_spanish.body)
    html = {mimetype: content for content, mimetype in in_spanish.alternatives}.get("text/html", "")
    assert "Léalo en el debate" in html
    # Each follower's link to the new comment lands on the week in their language.
    spanish_link = re.search(r"(/es/discussion/comment/\d+/)#c\d+", in_spanish.body).group(1)
    assert client.get(spanish_link)["Location"].startswith(spanish_week.url), "the Spanish page"
    english_link = re.search(r"(/en/discussion/comment/\d+/)#c\d+", in_english.body).group(1)
    assert client.get(english_link)["Location"].startswith(week.url)
    assert in_english.subject == f"New comment in “{week.title}”"
    assert "There is a new comment in the discussion you follow" in in_english.body
    assert re.search(r"/en/discussion/mute/[^/\s]+/", in_english.body)

    # The Spanish mute link works and stops the emails.
    mute = re.search(r"(/es/discussion/mute/[^/\s]+/)", in_spanish.body).group(1)
    assert client.get(mute).status_code == 200
    assert not DialogueComment.objects.get(pk=top.pk).followup


def test_a_french_poster_does_not_write_to_an_english_follower_in_french(client, week):
    follower = make_member("liam")
    top = add_comment(week, follower, "Following", followup=True)
    client.force_login(make_member("poster"))

    client.post(POST_URL.replace("/en/", "/fr/"), form_data(week, reply_to=top.pk, text="Une réponse", language="fr"))

    [message] = [m for m in mail.outbox if follower.email in m.to]
    assert message.subject == f"New comment in “{week.title}”"
    assert "There is a new comment in the discussion you follow" in message.body


def test_moderators_read_a_report_in_their_own_language(client, week):
    spanish_moderator = make_member("modera", groups=[DISCUSSION_MODERATORS_GROUP])
    spanish_moderator.preferred_language = "es"
    spanish_moderator.save(update_fields=["preferred_language"])
    french_moderator = make_member("moderatrice", groups=[DISCUSSION_MODERATORS_GROUP])
    french_moderator.preferred_language = "fr"
    french_moderator.save(update_fields=["preferred_language"])
    comment = add_comment(week, make_member("other"), "Spam spam")
    client.force_login(make_member("reporter"))

    client.post(f"/en/discussion/comment/{comment.pk}/report/", {"reason": "Advertising"})

    by_recipient = {message.to[0]: message for message in mail.outbox}
    assert by_recipient[spanish_moderator.email].subject == f"Comentario denunciado en «{week.title}»"
    assert by_recipient[french_moderator.email].subject.startswith("Commentaire signalé")
    for message in by_recipient.values():
        assert "reported a comment" not in message.body
    assert not TU_WORDS.findall(by_recipient[spanish_moderator.email].body.replace("Spam spam", ""))


# One register per language


def translations(language):
    return [
        (entry.msgid, text)
        for entry in polib.pofile(str(LOCALE / language / "LC_MESSAGES" / "django.po"))
        if not entry.obsolete
        for text in ([entry.msgstr] if entry.msgstr else list(entry.msgstr_plural.values()))
    ]


def test_the_spanish_catalogue_says_usted_never_tu():
    offending = [(msgid, text) for msgid, text in translations("es") if TU_WORDS.search(text)]
    assert not offending, offending


def test_the_french_catalogue_says_vous_never_tu():
    offending = [(msgid, text) for msgid, text in translations("fr") if TOI_WORDS.search(text)]
    assert not offending, offending


def test_the_tell_tale_words_are_caught():
    """The scans above would see a slip: these sentences use "tú" / "tu"."""
    assert TU_WORDS.search("Inicia sesión con tu correo")
    assert TU_WORDS.search("Puedes ignorar este mensaje")
    assert not TU_WORDS.search("Inicie sesión con su correo. Puede ignorar este mensaje.")
    assert TOI_WORDS.search("Confirme ton adresse")
    assert not TOI_WORDS.search("Confirmez votre adresse")


ACCOUNT_EMAILS = [
    "account/email/email_confirmation_signup",
    "account/email/email_confirmation",
    "account/email/password_reset_key",
    "account/email/unknown_account",
    "account/email/account_already_exists",
]


@pytest.mark.parametrize("template", ACCOUNT_EMAILS)
def test_every_account_email_is_written_in_spanish_with_usted(db, template):
    from members.adapter import SITE_NAME as site_name

    context = {
        "current_site": type("Site", (), {"name": site_name, "domain": "example.org"})(),
        "user": get_user_model()(username="ana", display_name="Ana"),
        "email": "ana@example.org",
        "activate_url": "http://example.org/es/accounts/confirm-email/KEY/",
        "password_reset_url": "http://example.org/es/accounts/password/reset/key/KEY/",
        "signup_url": "http://example.org/es/accounts/signup/",
        "username": "ana",
    }
    with translation.override("es"):
        subject = render_to_string(f"{template}_subject.txt", context).strip()
        body = render_to_string(f"{template}_message.txt", context)
    text = f"{subject}\n{body}"
    assert "Comunidad de Práctica" in body
    assert not [sentence for sentence in ENGLISH_SENTENCES if sentence in text], text
    assert not TU_WORDS.findall(text), (TU_WORDS.findall(text), text)


# allauth's pages, as a Spanish or French reader sees them

ANONYMOUS_PAGES = ["login/", "signup/", "password/reset/", "password/reset/done/", "confirm-email/"]
MEMBER_PAGES = ["logout/", "email/", "password/change/", "profile/"]


@pytest.mark.parametrize("language", ["es", "fr"])
def test_the_account_pages_keep_one_register(home, client, language):
    member = make_account("ana@example.org", language)
    slips = []
    for logged_in, pages in [(False, ANONYMOUS_PAGES), (True, MEMBER_PAGES)]:
        if logged_in:
            client.force_login(member)
        for page in pages:
            response = client.get(f"/{language}/accounts/{page}")
            assert response.status_code == 200, page
            slips += [(page, slip) for slip in register_slips(response, language)]
    assert not slips, slips


# Posting


def test_posting_from_the_spanish_page_comes_back_to_it_in_spanish(client, week):
    spanish_week = week.copy_for_translation(LocaleFactory(language_code="es"), copy_parents=True)
    spanish_week.save_revision().publish()
    spanish_week.refresh_from_db()
    client.force_login(make_member("lucia"))
    page = client.get(spanish_week.url)
    assert page.status_code == 200
    assert f'name="next" value="{spanish_week.url}"' in page.content.decode()

    response = client.post(
        "/es/discussion/post/",
        form_data(week, text="Una respuesta", language="es", next=spanish_week.url),
        follow=True,
    )

    assert response.redirect_chain[-1][0].split("?")[0] == spanish_week.url
    assert spanish_week.url.startswith("/es/")
    assert "Gracias. Su comentario se ha publicado." in response.content.decode()


def test_signing_up_again_with_a_members_address_warns_them_in_their_language(home, client):
    make_account("ana@example.org", "fr")

    client.post("/es/accounts/signup/", {"email": "ana@example.org", "password1": PASSWORD, "password2": PASSWORD})

    [message] = mail.outbox
    assert message.to == ["ana@example.org"]
    assert message.subject == "[Communauté de pratique] Vous avez déjà un compte"
    assert_written_in(message, "fr")
    assert any(link.startswith("/fr/accounts/password/reset/") for link in links_in(message))


def test_confirming_in_another_browser_asks_to_sign_in_in_the_same_language(home, client):
    client.post("/es/accounts/signup/", {"email": "nueva@example.org", "password1": PASSWORD, "password2": PASSWORD})
    [link] = [link for link in links_in(mail.outbox[0]) if "confirm-email" in link]

    response = Client().post(link)

    assert response.status_code == 302
    assert response["Location"] == "/es/accounts/login/"
