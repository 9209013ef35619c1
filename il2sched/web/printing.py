"""The print pages: the printable document itself (the sheet, the worklist), with a bar of the page's own
above it on screen only, so that the browser's Print command, from the page's own button or the browser's
menu, prints the document alone and whole: as many pages as the PDF.

The document is the very HTML ``/generate?format=html`` answers (the command line's bytes); the bar, its
style sheet and its script are added around it, never inside its pages.
"""

from __future__ import annotations

import html

from starlette.responses import HTMLResponse

from il2sched.web.phrases import PAGE_PHRASES

#: The print page's policy: the document's inline style and embedded font (as ``/generate`` allows them),
#: and the page's own script and style sheet for the bar.
PRINT_POLICY = (
    "default-src 'self'; style-src 'self' 'unsafe-inline'; font-src data:; img-src 'self' data:; "
    "base-uri 'none'; form-action 'self'; frame-ancestors 'self'; object-src 'none'"
)
_HEAD = '<link rel="stylesheet" href="/static/print.css">\n<script src="/static/print.js" defer></script>\n'


def print_page(document: bytes, lang: str, back: str) -> HTMLResponse:
    """``document`` (an HTML page the command line writes) with the print bar: its hint, a print button
    and the way back to ``back``, in ``lang``; the script opens the print dialog once it has loaded."""
    say = {key[6:]: html.escape(text) for key, text in PAGE_PHRASES[lang].items() if key.startswith("print.")}
    bar = (
        f'<div class="il2sched-print-bar" lang="{lang}" role="region" aria-label="{say["title"]}">'
        f'<p>{say["bar"]} {say["hint"]}</p><p><button type="button" id="print-again">{say["again"]}</button> '
        f'<a href="{html.escape(back)}" id="print-back">{say["back"]}</a></p></div>\n'
    )
    text = document.decode("utf-8")
    head, sep, rest = text.partition("</head>")
    opening, sep_body, body = rest.partition("<body>")
    # Not a document of ours (no head, no body): shown as it is.
    page = f"{head}{_HEAD}{sep}{opening}{sep_body}\n{bar}{body}" if sep and sep_body else text
    response = HTMLResponse(page)
    response.headers["content-security-policy"] = PRINT_POLICY
    return response
