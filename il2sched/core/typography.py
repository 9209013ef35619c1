"""French typography: a narrow no-break space (U+202F) before ; : ! ? and inside « », as French printers set
them, so that a line never starts with a colon or a question mark ("Administrée / ?").

Our French sentences are written with ordinary spaces, readable in the source; :func:`french_spacing` sets
them once, where each table of French texts is built (:mod:`.phrases`, the page's and the options' words).
"""

from __future__ import annotations

import re

NARROW = "\u202f"
_BEFORE = re.compile(r"[ \u00a0]*([;:!?»])")  # any spaces before a high sign (none at all: see below)
_AFTER = re.compile(r"«[ \u00a0]*")
# A high sign needs the space after a word or a closing bracket; not inside 09:00, https:// or "?x=1".
_WORD_END = re.compile(r"(?<=[\w)\]}»'’])(?=[;!?»](?:\s|$))|(?<=[^\W\d_]|[)}])(?=:(?:\s|$))")


def french_spacing(text: str) -> str:
    """``text`` with a narrow no-break space before ; : ! ? and » and after «, and no other space there."""
    text = _BEFORE.sub(lambda m: NARROW + m.group(1) if m.group(0) != m.group(1) else m.group(1), text)
    text = _WORD_END.sub(NARROW, text)
    return _AFTER.sub("«" + NARROW, text)
