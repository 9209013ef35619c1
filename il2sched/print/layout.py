"""What every printed document shares: paper, page geometry, the running header on every page, table
columns, and the texts' limits."""

from __future__ import annotations

from dataclasses import dataclass

from il2sched.core.messages import Opt, Phrase, keyed
from il2sched.core.parsing import MAX_SITE, check_text
from il2sched.core.regimen import Regimen
from il2sched.errors import SheetError
from il2sched.print.fonts import Lines, drawable, line_height, one_line, width, wrap

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
    """The page geometry every printed document shares, in millimetres (font sizes in points)."""

    margin_y: float = 12.0
    content_width: float = 186.0  # the same on A4 and letter: letter just has wider side margins
    footer_h: float = 7.0  # one line: generation date, regimen version, page n / N
    # Room left unused at the foot of every page: a browser's rounding never pushes a block over.
    safety: float = 4.0
    # The running header (:class:`Band`) on top of every page.
    band_pad: float = 1.2
    band_gap: float = 3.0
    font_band_label: float = 8.0
    font_band_lead: float = 11.0
    font_band: float = 8.0
    font_footer: float = 7.0
    font_page: float = 8.0

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
        """The height a page has for blocks (the running header's too), above the footer and safety margin."""
        return self.content_height(paper) - self.footer_h - self.safety


@dataclass(frozen=True, slots=True)
class Band:
    """The running header printed on top of every page: whose page it is and what it is about.

    ``lead`` (the patient code, or the worklist's title) is never broken: the layout gives it the width it
    needs next to its label and the page number.
    """

    label: Lines  # "Patient:" (or empty)
    lead: Lines
    details: tuple[Lines, ...]  # trial, drug, route...
    lead_x: float  # where the lead starts, after its label
    label_dy: float  # the label (smaller) is centred in the lead's first line
    page_w: float  # the width kept for "Page n / N" on the lead's line
    height: float  # without the gap below it

    def used(self, layout: PageLayout) -> float:
        """The height the band takes on a page, gap included."""
        return self.height + layout.band_gap


def make_band(
    layout: PageLayout, label: str, lead: str, details: tuple[str, ...], page_sample: str, *, whole: bool
) -> Band:
    """The running header: ``label`` and ``lead`` on one line beside the page number, then ``details``.

    ``whole``: the lead is a code that must stay on one line (a :class:`SheetError` if it cannot, which the
    limits on codes prevent); otherwise it may wrap.
    """
    inner = layout.content_width - 2 * layout.band_pad
    label_lines = one_line(label, layout.font_band_label) if label else Lines((), layout.font_band_label)
    page_w = width(page_sample, layout.font_page, bold=True) + 2.0
    lead_x = round(width(label, layout.font_band_label) + 1.5, 2) if label else 0.0
    room = inner - page_w - lead_x
    if whole:
        lead_lines = one_line(lead, layout.font_band_lead, bold=True)
        if width(lead, layout.font_band_lead, bold=True) > room:
            raise SheetError(f"{lead!r} is too long for the page's running header")
    else:
        lead_lines = wrap(lead, room, layout.font_band_lead, bold=True)
    detail_lines = tuple(wrap(d, inner, layout.font_band) for d in details if d)
    height = 2 * layout.band_pad + lead_lines.height + sum(d.height for d in detail_lines)
    label_dy = round((line_height(layout.font_band_lead) - line_height(layout.font_band_label)) / 2, 2)
    return Band(label_lines, lead_lines, detail_lines, lead_x, label_dy, page_w, round(height, 2))


@dataclass(frozen=True, slots=True)
class Column:
    """A column of a printed table: its key, its heading (already broken into lines) and its width."""

    key: str
    label: Lines
    width: float  # millimetres


def paper_named(name: str) -> Paper:
    """The paper called ``name``, or a :class:`SheetError` listing the ones there are."""
    if name not in PAPERS:
        raise keyed(SheetError, "paper.unknown", name=repr(name), known=", ".join(PAPERS))
    return PAPERS[name]


def regimen_text(key: str) -> Phrase:
    """A text of the regimen, as an error names it ("the regimen's title")."""
    return Phrase("term.regimen_text", {"key": key})


def check_length(what: str | Phrase, value: str, limit: int) -> str:
    """``value`` if it is one line of at most ``limit`` characters, else a :class:`SheetError`."""
    check_text(value, what, limit, SheetError)
    return drawable(value, what)


def check_regimen_drawable(regimen: Regimen) -> Regimen:
    """``regimen`` if the page's font can draw every text of it that a printed page may show, else a
    :class:`SheetError` naming the text and the character."""
    texts = {
        "trial_id": regimen.trial_id, "local_code": regimen.local_code, "drug": regimen.drug,
        "drug_fr": regimen.drug_fr, "brand": regimen.brand, "title": regimen.title,
        "title_fr": regimen.title_fr,
    }  # fmt: skip
    for number, phase in enumerate(regimen.phases, start=1):
        texts |= {f"phase[{number}].name": phase.name, f"phase[{number}].name_fr": phase.name_fr}
    for key, text in texts.items():
        drawable(text, regimen_text(key))
    return regimen


def check_site(site: str) -> str:
    """The ward or site name printed in a header: one line, at most :data:`MAX_SITE` characters."""
    return check_length(Phrase("term.option", {"field": Opt("site")}), site, MAX_SITE)


def clip(text: str, limit: int) -> str:
    """``text`` cut to ``limit`` characters with an ellipsis, for names that are context, not orders."""
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"
