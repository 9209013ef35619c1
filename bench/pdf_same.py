"""Do two il2sched installs print the same pages? Renders sheets and worklists with both and compares them.

Used when the PDF writer changes (issue 18 replaced fpdf2): for each document, both versions must give the
same page count and paper, the same drawing operations on every page (text positions, sizes, rules, boxes,
greys), the same characters for each text code (ToUnicode), the same widths, and the same glyph outlines and
advances (read back from each embedded font with fontTools), and pdfplumber must read the same characters at
the same positions and sizes, and the same rectangles and lines. Only the files' bytes may differ.

    python bench/pdf_same.py --before /tmp/old-venv/bin/il2sched [--after .venv/bin/il2sched]
"""

from __future__ import annotations

import argparse
import io
import os
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

import pdfplumber
import pypdf
from fontTools.pens.recordingPen import DecomposingRecordingPen
from fontTools.ttLib import TTFont

SAMPLES = Path(__file__).resolve().parent.parent / "samples"
SITE = "Dermatologie – hôpital de jour"
ODD_SITE = "Unité (B) \\ 2ᵉ étage – Œil ½ „Zürich“ Ĳssel ﬁ"  # parentheses, a backslash, rare glyphs
_SHEET = ["generate", "--start", "2026-04-27", "--patient", "P-0001"]
_REGIMEN = ["generate", "--start", "2026-04-29", "--bsa", "1.73", "--weight", "70", "--regimen"]
_ROSTER = ["worklist", str(SAMPLES / "roster.csv"), "--from", "2026-05-11", "--days", "5"]

#: name -> the command's arguments (the output is given with -o).
DOCUMENTS: dict[str, list[str]] = {
    "sheet-en": [*_SHEET, "--site", SITE],
    "sheet-fr": [*_SHEET, "--site", SITE, "--lang", "fr"],
    "sheet-letter-double": [*_SHEET, "--paper", "letter", "--double-check", "--time", "09:30"],
    "sheet-shift-fr": [*_SHEET, "--on-holiday", "shift", "--lang", "fr", "--no-weekends"],
    "sheet-skip": [*_SHEET, "--on-holiday", "skip", "--closed", "2026-05-18..2026-05-20"],
    "sheet-window": [*_SHEET, "--on-holiday", "shift", "--closed", "2026-05-11..2026-05-17"],
    "sheet-delay": [*_SHEET, "--delay", "3:2", "--delay", "4:1", "--patient", "A_1.x"],
    "sheet-odd-site": [*_SHEET, "--site", ODD_SITE, "--lang", "fr"],
    "sheet-alsace": ["generate", "--start", "2026-12-21", "--subdiv", "67", "--on-holiday", "shift"],
    **{
        f"regimen-{path.stem}": [*_REGIMEN, str(path), "--lang", "fr" if i % 2 else "en"]
        for i, path in enumerate(sorted((SAMPLES / "regimens").glob("*.toml")))
    },
    "worklist-fr": [*_ROSTER, "--lang", "fr", "--site", SITE],
    "worklist-en-letter": [*_ROSTER, "--paper", "letter", "--double-check"],
    "worklist-long": ["worklist", str(SAMPLES / "roster.csv"), "--from", "2026-04-27", "--days", "60"],
}


def render(tool: list[str], folder: Path) -> None:
    env = {**os.environ, "SOURCE_DATE_EPOCH": "1767600000"}
    for name, args in DOCUMENTS.items():
        command = [*tool, *args, "-o", str(folder / f"{name}.pdf")]
        done = subprocess.run(command, env=env, capture_output=True, text=True)
        if done.returncode:
            sys.exit(f"{' '.join(command)}: {done.stderr.strip()}")


def _font_facts(font: Any) -> dict[int, tuple[str, float, Any]]:
    """code -> (text, width, decomposed outline and advance) for a Type 0 font."""
    font = font.get_object()
    cid = font["/DescendantFonts"][0].get_object()
    to_unicode = font["/ToUnicode"].get_object().get_data().decode("latin-1")
    chars = {}
    for line in to_unicode.splitlines():
        if line.startswith("<") and "> <" in line:
            code, text = line.strip("<>").split("> <")
            chars[int(code, 16)] = bytes.fromhex(text).decode("utf-16-be")
    widths, entries, i = {}, list(cid["/W"]), 0
    while i < len(entries):
        first, second = int(entries[i]), entries[i + 1]
        if isinstance(second, list):
            widths.update({first + j: float(w) for j, w in enumerate(second)})
            i += 2
        else:
            widths.update({c: float(entries[i + 2]) for c in range(first, int(second) + 1)})
            i += 3
    to_gid = cid["/CIDToGIDMap"].get_object().get_data()
    program = TTFont(io.BytesIO(cid["/FontDescriptor"]["/FontFile2"].get_object().get_data()))
    glyphs, order = program.getGlyphSet(), program.getGlyphOrder()
    facts = {}
    for code, text in chars.items():
        if code == 0:
            continue
        name = order[int.from_bytes(to_gid[2 * code : 2 * code + 2], "big")]
        pen = DecomposingRecordingPen(glyphs)
        glyphs[name].draw(pen)
        facts[code] = (text, widths.get(code, float(cid.get("/DW", 1000))), (pen.value, glyphs[name].width))
    return facts


#: What pdfplumber reads of each character, rectangle and line.
_BOX = ("x0", "x1", "top", "bottom")
READ = {
    "chars": ("text", "fontname", "size", *_BOX),
    "rects": (*_BOX, "linewidth", "fill", "non_stroking_color"),
    "lines": (*_BOX, "linewidth"),
}


def differences(before: Path, after: Path) -> list[str]:
    """What differs between two PDFs, beyond their bytes."""
    found = []
    old, new = pypdf.PdfReader(before), pypdf.PdfReader(after)
    if len(old.pages) != len(new.pages):
        return [f"{len(old.pages)} pages, now {len(new.pages)}"]
    for number, (a, b) in enumerate(zip(old.pages, new.pages, strict=True), start=1):
        if list(a.mediabox) != list(b.mediabox):
            found.append(f"page {number}: paper {list(a.mediabox)}, now {list(b.mediabox)}")
        if a.get_contents().get_data() != b.get_contents().get_data():
            found.append(f"page {number}: its drawing operations differ")
        fonts_a, fonts_b = a["/Resources"]["/Font"], b["/Resources"]["/Font"]
        if sorted(fonts_a) != sorted(fonts_b):
            found.append(f"page {number}: fonts {sorted(fonts_a)}, now {sorted(fonts_b)}")
            continue
        for key in fonts_a:
            facts_a, facts_b = _font_facts(fonts_a[key]), _font_facts(fonts_b[key])
            for code in sorted(set(facts_a) | set(facts_b)):
                if facts_a.get(code) != facts_b.get(code):
                    found.append(f"page {number} font {key} code {code}: another character, width or glyph")
    with pdfplumber.open(before) as a, pdfplumber.open(after) as b:
        for number, (pa, pb) in enumerate(zip(a.pages, b.pages, strict=True), start=1):
            for kind, keys in READ.items():
                seen = [[item[k] for k in keys] for item in getattr(pa, kind)]
                if seen != [[item[k] for k in keys] for item in getattr(pb, kind)]:
                    found.append(f"page {number}: pdfplumber reads other {kind}")
            if pa.extract_text() != pb.extract_text():
                found.append(f"page {number}: pdfplumber's text differs")
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--before", required=True, help="the il2sched command of the version before")
    parser.add_argument("--after", default=str(Path(sys.executable).with_name("il2sched")))
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as work:
        folders = Path(work) / "before", Path(work) / "after"
        for folder, tool in zip(folders, (args.before, args.after), strict=True):
            folder.mkdir()
            render([tool], folder)
        failed = 0
        for name in DOCUMENTS:
            found = differences(folders[0] / f"{name}.pdf", folders[1] / f"{name}.pdf")
            sizes = [(folder / f"{name}.pdf").stat().st_size for folder in folders]
            pages = len(pypdf.PdfReader(folders[1] / f"{name}.pdf").pages)
            print(f"{name:34} {pages:3} pages  {sizes[0]:7} -> {sizes[1]:7} bytes  "
                  f"{'same pages' if not found else 'DIFFERENT'}")  # fmt: skip
            for line in found[:10]:
                print(f"    {line}")
            failed += bool(found)
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
