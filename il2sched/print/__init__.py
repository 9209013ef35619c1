"""Printed documents for the bedside: the administration sheet and the ward's worklist.

Page models (:mod:`.sheet`, :mod:`.worklist`) decide every page in millimetres, once; :mod:`.html` and
:mod:`.pdf_sheet` / :mod:`.pdf_worklist` draw exactly those pages, so a browser's print and our PDF agree.
"""
