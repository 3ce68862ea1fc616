"""The project's Wagtail hooks: the anonymous page cache learns which page it is serving."""

from wagtail import hooks

from .page_cache import prepare_to_cache


@hooks.register("before_serve_page")
def remember_page_for_the_cache(page, request, serve_args, serve_kwargs):
    prepare_to_cache(page, request)
