"""Translating never publishes untranslated text.

wagtail-localize creates a new translation as a draft (``WAGTAILLOCALIZE_SYNC_LIVE_STATUS_ON_TRANSLATE
= False`` in the settings) and the parent pages it creates on the way as aliases, which
are shown as what they are: the original, in its own language, with a notice and a
canonical link to it (``LocalizedPage``). When a live alias is turned into a translation
(starting to translate it, or Wagtail's “convert alias”), its text is still the
original's; it goes back to draft until a translator publishes it, and meanwhile the
address shows the original with its notice.
"""

from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from wagtail.models import Locale, Page, PageLogEntry

from . import locales

CONVERT_ALIAS = "wagtail.convert_alias"


def unpublish_converted_translation(page_id):
    page = Page.objects.filter(pk=page_id, live=True).first()
    if page is None or page.alias_of_id:
        return
    if not Page.objects.filter(translation_key=page.translation_key).exclude(locale_id=page.locale_id).exists():
        return  # an alias within one language (the same page shown in two places): not a translation
    page.specific.unpublish(log_action=True)


@receiver(post_save, sender=PageLogEntry, dispatch_uid="localized_pages_converted_alias_is_a_draft")
def converted_alias_is_a_draft(sender, instance, created, **kwargs):
    if created and instance.action == CONVERT_ALIAS:
        page_id = instance.page_id
        transaction.on_commit(lambda: unpublish_converted_translation(page_id))


post_save.connect(locales.forget, sender=Locale, dispatch_uid="localized_pages_locale_saved")
post_delete.connect(locales.forget, sender=Locale, dispatch_uid="localized_pages_locale_deleted")
