"""Receivers that keep non-page search sources (comments) in step with their pages.

Pages themselves are kept in the index by Wagtail; the search filters them with
``live().public()`` at query time. Objects shown on a page (comments) are re-indexed when
they change and when their page is published, unpublished, moved or deleted, so a
search engine that stores them (Elasticsearch) never keeps one readers cannot see.

Each of these changes, and any page saved or deleted, privacy restriction or promoted result changed, also
retires the cached search answers (:func:`search.cache.content_changed`).
"""

from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.utils.module_loading import import_string

from wagtail.contrib.search_promotions.models import SearchPromotion
from wagtail.models import Page, PageViewRestriction
from wagtail.search.tasks import insert_or_update_object_task
from wagtail.signals import page_published, page_unpublished, post_page_move

from localized_pages.versions import tree_changed

from .cache import content_changed
from .sources import object_sources
from .tasks import sync_objects_in_index


def enqueue_sync(model, pks):
    pks = [str(pk) for pk in pks]
    if pks:
        sync_objects_in_index.enqueue(model._meta.label, pks)


def objects_changed(sender, **kwargs):
    """Some objects of ``sender`` were posted, moderated, edited or deleted (e.g. ``comments_changed``)."""
    content_changed()
    enqueue_sync(sender, kwargs.get(sender.search_changed_ids_argument, ()))


def page_changed(sender, instance, **kwargs):
    """A page's visibility changed: re-check every object shown on it or below it."""
    content_changed()
    page_ids = [str(pk) for pk in Page.objects.descendant_of(instance, inclusive=True).values_list("pk", flat=True)]
    for source in object_sources():
        objects = source.model.objects.filter(**{f"{source.page_field}__in": page_ids})
        pks = list(objects.values_list("pk", flat=True))
        transaction.on_commit(lambda model=source.model, pks=pks: enqueue_sync(model, pks))


def page_moved(sender, instance, **kwargs):
    """A moved page and its descendants are re-indexed (their paths changed), with their objects."""
    for page in Page.objects.descendant_of(instance, inclusive=True).specific().iterator():
        insert_or_update_object_task.enqueue(page._meta.app_label, page._meta.model_name, str(page.pk))
    page_changed(sender, instance, **kwargs)


def page_deleted(sender, instance, **kwargs):
    """Objects of a deleted page (e.g. its comments) leave the index with it."""
    if not isinstance(instance, Page) or type(instance) is Page:
        return
    for source in object_sources():
        pks = list(source.model.objects.filter(**{source.page_field: str(instance.pk)}).values_list("pk", flat=True))
        transaction.on_commit(lambda model=source.model, pks=pks: enqueue_sync(model, pks))


def page_saved_or_deleted(sender, instance, **kwargs):
    """Any page saved (a title, a draft, a publication) or deleted: cached answers may show it."""
    if isinstance(instance, Page):
        content_changed()


def connect():
    """Listen to each source's own change signal (``search_changed_signal``) and to page changes."""
    for source in object_sources():
        signal_path = getattr(source.model, "search_changed_signal", None)
        if signal_path:
            import_string(signal_path).connect(
                objects_changed, sender=source.model, dispatch_uid=f"site_search_{source.type_key}"
            )
    for signal in (page_published, page_unpublished):
        signal.connect(page_changed, dispatch_uid=f"site_search_{id(signal)}")
    post_page_move.connect(page_moved, dispatch_uid="site_search_page_moved")
    post_delete.connect(page_deleted, dispatch_uid="site_search_page_deleted")
    for signal in (post_save, post_delete):
        signal.connect(page_saved_or_deleted, dispatch_uid=f"site_search_cache_page_{id(signal)}")
        signal.connect(content_changed, sender=SearchPromotion, dispatch_uid=f"site_search_cache_promo_{id(signal)}")
        # The promoted results are kept per version of the page tree (``search.views.promotions_for``).
        signal.connect(tree_changed, sender=SearchPromotion, dispatch_uid=f"site_search_tree_promo_{id(signal)}")
        signal.connect(
            content_changed, sender=PageViewRestriction, dispatch_uid=f"site_search_cache_privacy_{id(signal)}"
        )
