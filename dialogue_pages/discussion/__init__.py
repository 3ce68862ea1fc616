"""The discussion of a week's questions: posting rules, threads, moderation, exports and their admin.

``rules`` (who may post where and when), ``threads`` (the query that renders a thread),
``forms``, ``views`` (public), ``moderation`` and ``roles`` (who moderates), ``tasks``
(background emails and exports), ``exports``, ``admin_views`` with ``admin_urls``,
``changes`` (announcing changed comments) and ``receivers`` (connected in ``apps.py``).
"""
