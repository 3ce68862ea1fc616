"""The read-only public pages API: Wagtail's API v2 at /api/v2/pages/ (``?locale=es`` filters by language)."""

from wagtail.api.v2.router import WagtailAPIRouter
from wagtail.api.v2.views import PagesAPIViewSet


class PublicPagesAPIViewSet(PagesAPIViewSet):
    """Live, public pages only, whoever asks.

    Wagtail's own queryset drops the pages whose view restriction the *request* fails,
    so a logged-in member's session would reveal members-only pages; the API is a public
    read-only view of the site, so it always answers as a visitor would see it.
    """

    def get_base_queryset(self):
        return super().get_base_queryset().public()


api_router = WagtailAPIRouter("wagtailapi")
api_router.register_endpoint("pages", PublicPagesAPIViewSet)
