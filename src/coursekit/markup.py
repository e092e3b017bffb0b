"""One escaping layer for all the HTML the course writes from its data: the book's quizzes,
explorers, tabletop, final assessment and progress page, the live widgets, the answer keys
and handouts, data tables and meta descriptions (a test keeps every other module off
``html.escape`` and markupsafe, so no builder can escape by hand or forget to).

``html(template, **values)`` fills a template in which every value is escaped unless it is
already ``Markup``: rendered Markdown (``presentation.md_block``), JSON made safe for a
<script> (``presentation.json_for_script``) or another ``html()`` result. Forgetting to
escape a value is therefore impossible: the safe form is the short one. (markupsafe is the
escaping library Jinja2 uses; it writes quotes as &#34; and &#39;.)
"""

from __future__ import annotations

from collections.abc import Iterable

from markupsafe import Markup, escape

__all__ = ["Markup", "escape", "html", "join"]


def html(template: str, /, **values) -> Markup:
    """``template`` with each ``{name}`` replaced by its value, escaped unless it is Markup."""
    return Markup(template).format(**values)


def join(parts: Iterable[Markup | str], separator: str = "") -> Markup:
    """Parts joined; a part that is not Markup is escaped."""
    return Markup(separator).join(parts)
