"""What every printed document shares: paper, page geometry, table columns, and the texts' limits."""

from __future__ import annotations

from dataclasses import dataclass

from il2sched.core.parsing import MAX_SITE, check_text
from il2sched.errors import SheetError

#: Closure names are cut to this length on printed pages (they come from holiday data or a closures file).
MAX_CLOSURE_NAME = 60


@dataclass(frozen=True, slots=True)
class Paper:
    """A sheet of paper, portrait, in millimetres."""

    name: str
    width: float
    height: float


PAPERS = {"a4": Paper("a4", 210.0, 297.0), "letter": Paper("letter", 215.9, 279.4)}


@dataclass(frozen=True, slots=True)
class PageLayout:
    """The page geometry every printed document shares, in millimetres, so they print alike."""

    margin_y: float = 12.0
    content_width: float = 186.0  # the same on A4 and letter: letter just has wider side margins
    footer_h: float = 17.0
    # Room left unused at the foot of every page: a browser's rounding never pushes a block over.
    safety: float = 4.0

    def margin_x(self, paper: Paper) -> float:
        """The left and right margin that centres the content on ``paper``."""
        return round((paper.width - self.content_width) / 2, 2)

    def content_height(self, paper: Paper) -> float:
        """The height between the top and bottom margins."""
        return paper.height - 2 * self.margin_y

    def html_page_height(self, paper: Paper) -> float:
        """A hair under the printable height, so a browser's rounding never spills a page onto the next."""
        return self.content_height(paper) - 0.5

    def room(self, paper: Paper) -> float:
        """The height a page has for blocks, above the footer and the safety margin."""
        return self.content_height(paper) - self.footer_h - self.safety


@dataclass(frozen=True, slots=True)
class Column:
    """A column of a printed table."""

    key: str
    label: str
    width: float  # millimetres


def paper_named(name: str) -> Paper:
    """The paper called ``name``, or a :class:`SheetError` listing the ones there are."""
    if name not in PAPERS:
        raise SheetError(f"unknown paper {name!r}; use one of: {', '.join(PAPERS)}")
    return PAPERS[name]


def check_length(what: str, value: str, limit: int) -> str:
    """``value`` if it is one line of at most ``limit`` characters, else a :class:`SheetError`."""
    check_text(value, what, limit, SheetError)
    return value


def check_site(site: str) -> str:
    """The ward or site name printed in a header: one line, at most :data:`MAX_SITE` characters."""
    return check_length("--site", site, MAX_SITE)


def clip(text: str, limit: int) -> str:
    """``text`` cut to ``limit`` characters with an ellipsis, for names that are context, not orders."""
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"
