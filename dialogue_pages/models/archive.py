"""The recordings archive: every webinar with a posted recording, newest first, filterable."""

from django.conf import settings
from django.core.paginator import Paginator
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page
from wagtail.search import index

from .dialogues import RICH_TEXT_FEATURES, DialoguePage
from .webinars import WebinarPage

RECORDINGS_PER_PAGE = 12
MIN_YEAR, MAX_YEAR = 1900, 2999


class RecordingsArchivePage(Page):
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
        """Live, public webinars of this language with a recording, under this archive's dialogue index."""
        return (
            WebinarPage.objects.live()
            .public()
            .descendant_of(self.get_parent())
            .filter(locale_id=self.locale_id)
            .recorded()
            .order_by("-starts_at", "pk")
        )

    def filter_options(self, recordings):
        """The languages, dialogues and years that have recordings, for the filter form."""
        rows = list(recordings.values_list("language", "path", "starts_at"))
        dialogue_paths = {path[: -Page.steplen] for _language, path, _start in rows}
        dialogues = DialoguePage.objects.filter(path__in=dialogue_paths).order_by("-start_at")
        return {
            "languages": [(code, name) for code, name in settings.LANGUAGES if code in {row[0] for row in rows}],
            "dialogues": list(dialogues.only("pk", "title", "number", "path")),
            "years": sorted({start.year for _language, _path, start in rows}, reverse=True),
        }

    def apply_filters(self, recordings, params, options):
        """Apply the valid filters in ``params``; return the recordings, the filters applied and the ignored ones."""
        applied, ignored = {}, []
        language = params.get("language", "")
        if language:
            if language in dict(settings.LANGUAGES):
                applied["language"] = language
                recordings = recordings.filter(language=language)
            else:
                ignored.append(_("language"))
        dialogue = params.get("dialogue", "")
        if dialogue:
            match = next((d for d in options["dialogues"] if str(d.pk) == dialogue), None)
            if match:
                applied["dialogue"] = match.pk
                recordings = recordings.descendant_of(match)
            else:
                ignored.append(_("dialogue"))
        year = params.get("year", "")
        if year:
            if year.isdigit() and MIN_YEAR <= int(year) <= MAX_YEAR:
                applied["year"] = int(year)
                recordings = recordings.filter(starts_at__year=int(year))
            else:
                ignored.append(_("year"))
        return recordings, applied, ignored

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        recordings = self.recordings()
        options = self.filter_options(recordings)
        recordings, applied, ignored = self.apply_filters(recordings, request.GET, options)
        page_obj = Paginator(recordings.select_related("recording_poster"), RECORDINGS_PER_PAGE).get_page(
            request.GET.get("page")
        )
        dialogues = {dialogue.path: dialogue for dialogue in options["dialogues"]}
        for webinar in page_obj.object_list:
            webinar.__dict__["dialogue"] = dialogues.get(webinar.path[: -Page.steplen])
        query = "&".join(f"{name}={value}" for name, value in applied.items())
        context.update(
            {
                "recordings": page_obj,
                "filter_options": options,
                "filters": applied,
                "ignored_filters": ignored,
                "filter_query_prefix": f"{query}&" if query else "",
            }
        )
        return context
