"""What other packages add to a page's template context, without the page model importing them.

The page models sit below the discussion and the webinars: a week page does not import
the discussion's threads and forms, a webinar page not the audience questions. Those
packages register a *context provider* for the page type they serve (when the app is
ready, see ``DialoguePagesConfig.ready``), and the page's ``get_context`` asks
``extend_context`` for whatever is registered for its type:

    @provides_context_for(WeeklyQuestionPage)
    def discussion_context(week, request):
        return {"comments": ..., "comment_form": ...}
"""

from collections import defaultdict

_providers = defaultdict(list)


def provides_context_for(page_model):
    """Register the decorated ``function(page, request) -> dict`` for pages of ``page_model`` (and subclasses)."""

    def register(function):
        if function not in _providers[page_model]:
            _providers[page_model].append(function)
        return function

    return register


def extend_context(page, request, context):
    """Update ``context`` with what every provider registered for ``page``'s type (or a parent type) gives."""
    for model in type(page).__mro__:
        for provider in _providers.get(model, ()):
            context.update(provider(page, request))
    return context
