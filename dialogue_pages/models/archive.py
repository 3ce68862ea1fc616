"""The recordings archive: every webinar with a posted recording, newest first, filterable."""

from django.conf import settings
from django.core.paginator import Paginator
from django.utils.translation import gettext_lazy

from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page
from wagtail.search import index

from localized_pages.listings import in_language, pages_under, public, show_in_language
from localized_pages.pages import LocalizedPage

from ..forms import RecordingsFilterForm
from .dialogues import RICH_TEXT_FEATURES, DialoguePage
from .webinars import WebinarPage

RECORDINGS_PER_PAGE = 12


class RecordingsArchivePage(LocalizedPage, Page):
    """Lists the recordings of every dialogue under the same index; filters by language, dialogue and year."""

    introduction = RichTextField(
        gettext_lazy("introduction"),
        blank=True,
        features=RICH_TEXT_FEATURES,
        help_text=gettext_lazy("A short text above the list of recordings."),
    )

    content_panels = Page.content_panels + [FieldPanel("introduction")]
    search_fields = Page.search_fields + [index.SearchField("introduction")]

    parent_page_types = ["dialogue_pages.DialogueIndexPage"]
    subpage_types = []
    max_count_per_parent = 1

    class Meta:
        verbose_name = gettext_lazy("recordings archive page")

    def recordings(self):
        """Live, public webinars with a recording under this archive's dialogue index (in any of its
        languages), each once: in this archive's language, else in its own."""
        webinars = public(WebinarPage.objects.live()).filter(pages_under(self.get_parent())).recorded()
        return in_language(webinars, self.locale).order_by("-starts_at", "pk")

    def filter_options(self, recordings):
        """The languages, dialogues and years that have recordings, for the filter form.

        Each dialogue is offered once, in this archive's language where it is translated;
        its ``recording_paths`` are where its recordings are, in every language.
        """
        rows = list(recordings.values_list("language", "path", "starts_at"))
        dialogue_paths = {path[: -Page.steplen] for _language, path, _start in rows}
        found = list(
            DialoguePage.objects.filter(path__in=dialogue_paths).only(
                "pk", "title", "number", "path", "translation_key", "locale_id", "start_at"
            )
        )
        translated = {
            dialogue.translation_key: dialogue
            for dialogue in DialoguePage.objects.live()
            .filter(
                translation_key__in={dialogue.translation_key for dialogue in found},
                locale_id=self.locale_id,
                alias_of__isnull=True,
            )
            .only("pk", "title", "number", "path", "translation_key", "locale_id", "start_at")
        }
        dialogues = {}
        for dialogue in found:
            shown = translated.get(dialogue.translation_key, dialogue)
            dialogues.setdefault(shown.pk, (shown, []))[1].append(dialogue.path)
        for shown, paths in dialogues.values():
            shown.recording_paths = paths
        return {
            "languages": [(code, name) for code, name in settings.LANGUAGES if code in {row[0] for row in rows}],
            "dialogues": show_in_language(
                sorted((shown for shown, _paths in dialogues.values()), key=lambda d: d.start_at, reverse=True),
                self.locale,
            ),
            "years": sorted({start.year for _language, _path, start in rows}, reverse=True),
        }

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        recordings = self.recordings()
        options = self.filter_options(recordings)
        form = RecordingsFilterForm(request.GET, options=options)
        page_obj = Paginator(form.filter(recordings).select_related("recording_poster"), RECORDINGS_PER_PAGE).get_page(
            request.GET.get("page")
        )
        dialogues = {path: dialogue for dialogue in options["dialogues"] for path in dialogue.recording_paths}
        show_in_language(page_obj.object_list, self.locale)
        for webinar in page_obj.object_list:
            webinar.__dict__["dialogue"] = dialogues.get(webinar.path[: -Page.steplen])
        context.update(
            {
                "recordings": page_obj,
                "filter_options": options,
                "filters": form.applied,
                "ignored_filters": form.ignored,
                "filter_query_prefix": form.query_prefix(),
            }
        )
        return context
