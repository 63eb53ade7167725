"""Which font prints which character, so any name on the staff list prints (no Qt here).

Every face ships in ``resources/fonts`` (see its README for sizes and licences) and
is TrueType-outline, so reportlab embeds a subset of it in each PDF:

========================  =====================================================
DejaVu Sans (3 styles)     the default: Latin with Vietnamese, Greek, Cyrillic
Noto Sans Arabic (R, B)    preferred for Arabic letters
Noto Sans Hebrew (R, B)    preferred for Hebrew letters
WenQuanYi Micro Hei        Chinese, Japanese kana, Korean Hangul (one weight)
========================  =====================================================

**Per-character fallback**: each character prints in the first face that has it,
the script's own face first (Arabic in Noto Sans Arabic, not DejaVu's plainer
forms). :func:`markup` turns user text into Paragraph mini-HTML with ``<font>``
runs; :func:`draw_string` does the same for text drawn straight on a canvas.

**Right to left**: Arabic is joined with ``arabic-reshaper`` (the contextual
presentation forms, real Unicode letters, so copied or extracted text stays
Arabic) and right-to-left runs are put in visual order with ``python-bidi``
(the Unicode bidirectional algorithm). reportlab's own bidi needs ``rlbidi``,
which is not on PyPI, and its harfbuzz shaping maps joined forms to private-use
code points, so extracted text would be garbage.

:func:`uncovered` lists the characters no shipped face has: the print dialog and
the CLI name the person before printing, instead of printing empty boxes.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import cache, lru_cache

from desktop import paths

REGULAR, BOLD, ITALIC = "regular", "bold", "italic"


@dataclass(frozen=True, eq=False)   # compared and hashed as itself
class Face:
    name: str                         # reportlab font name of the regular style
    family: str                       # the family name matplotlib knows it by
    files: dict[str, str]             # style -> file in resources/fonts
    subfont: int = 0                  # face number inside a .ttc collection
    scripts: tuple[tuple[int, int], ...] = ()   # code point ranges it is preferred for

    def font_name(self, style: str) -> str:
        """The reportlab name for *style*; a face without that style uses its regular one."""
        if style == REGULAR or style not in self.files:
            return self.name
        return f"{self.name}-{style.capitalize()}"


ARABIC_RANGES = ((0x0600, 0x06FF), (0x0750, 0x077F), (0x08A0, 0x08FF), (0xFB50, 0xFDFF), (0xFE70, 0xFEFF))
HEBREW_RANGES = ((0x0590, 0x05FF), (0xFB1D, 0xFB4F))
CJK_RANGES = ((0x1100, 0x11FF), (0x2E80, 0x2FDF), (0x3000, 0x30FF), (0x3100, 0x31FF), (0x3200, 0x4DBF),
              (0x4E00, 0x9FFF), (0xA960, 0xA97F), (0xAC00, 0xD7FF), (0xF900, 0xFAFF), (0xFE30, 0xFE4F),
              (0xFF00, 0xFFEF))

# The default face first; the order of the rest is the fallback order outside their scripts.
FACES = (
    Face("CultivateSans", "DejaVu Sans",
         {REGULAR: "DejaVuSans.ttf", BOLD: "DejaVuSans-Bold.ttf", ITALIC: "DejaVuSans-Oblique.ttf"}),
    Face("CultivateArabic", "Noto Sans Arabic",
         {REGULAR: "NotoSansArabic-Regular.ttf", BOLD: "NotoSansArabic-Bold.ttf"}, scripts=ARABIC_RANGES),
    Face("CultivateHebrew", "Noto Sans Hebrew",
         {REGULAR: "NotoSansHebrew-Regular.ttf", BOLD: "NotoSansHebrew-Bold.ttf"}, scripts=HEBREW_RANGES),
    Face("CultivateCJK", "WenQuanYi Micro Hei", {REGULAR: "WenQuanYiMicroHei.ttc"}, scripts=CJK_RANGES),
)
DEFAULT = FACES[0]
FONT, FONT_BOLD, FONT_ITALIC = (DEFAULT.font_name(style) for style in (REGULAR, BOLD, ITALIC))

_registered = False


def register() -> None:
    """Register every face with reportlab (once), each as a family so <b> and <i> work inside it."""
    global _registered
    if _registered:
        return
    from reportlab.lib.fonts import addMapping
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    folder = paths.fonts_dir()
    for face in FACES:
        for style, file_name in face.files.items():
            pdfmetrics.registerFont(TTFont(face.font_name(style), str(folder / file_name),
                                           subfontIndex=face.subfont))
        bold, italic = face.font_name(BOLD), face.font_name(ITALIC)
        addMapping(face.name, 0, 0, face.name)
        addMapping(face.name, 1, 0, bold)
        addMapping(face.name, 0, 1, italic)
        addMapping(face.name, 1, 1, bold)
    # A table cell holding a plain string (even "") is set in CellStyle's font, Helvetica by
    # default: never embedded, so every PDF referred to it. Ours instead.
    from reportlab.platypus import tables

    tables.CellStyle.fontname = DEFAULT.name
    _registered = True


@cache
def _coverage(face: Face) -> frozenset[int]:
    """The characters *face* has, read from its regular file alone: the window's charts ask
    this of the default face, and registering every face for print (the CJK collection is
    most of it) cost the window 25 MB and a share of a second it never needed."""
    from reportlab.pdfbase.ttfonts import TTFontFile

    path = paths.fonts_dir() / face.files[REGULAR]
    return frozenset(TTFontFile(str(path), subfontIndex=face.subfont).charToGlyph)


def _ignorable(char: str) -> bool:
    """Spaces, line breaks and invisible format marks need no glyph."""
    return char.isspace() or unicodedata.category(char) in ("Cc", "Cf")


@lru_cache(maxsize=4096)
def face_for(char: str) -> Face | None:
    """The face that prints *char*: its script's face first, then the fallback order."""
    if _ignorable(char):
        return DEFAULT
    code = ord(char)
    preferred = [face for face in FACES if any(low <= code <= high for low, high in face.scripts)]
    for face in preferred + [face for face in FACES if face not in preferred]:
        if code in _coverage(face):
            return face
    return None


def needs_fallback(text: str) -> bool:
    """True when some character of *text* is not in the default face (or is right to left)."""
    if not text or text.isascii():
        return False   # the default face has every ASCII character
    default = _coverage(DEFAULT)
    return any(ord(char) not in default or ord(char) >= 0x0590 for char in text or "" if not _ignorable(char))


def uncovered(text: str) -> list[str]:
    """Characters of *text* that no shipped face can print, each once, in order."""
    found: list[str] = []
    for char in visual(text or ""):
        if face_for(char) is None and char not in found:
            found.append(char)
    return found


def describe(chars: list[str]) -> str:
    """'“𓀀” (U+13000 EGYPTIAN HIEROGLYPH A001)' for a message."""
    return ", ".join(f"“{char}” (U+{ord(char):04X} {unicodedata.name(char, 'unnamed')})" for char in chars)


# --- right to left ----------------------------------------------------------------------

def _has_rtl(text: str) -> bool:
    return any(unicodedata.bidirectional(char) in ("R", "AL") for char in text)


@lru_cache(maxsize=4096)
def _visual_line(line: str) -> str:
    import arabic_reshaper
    from bidi import get_display

    if any(unicodedata.bidirectional(char) == "AL" for char in line):
        line = arabic_reshaper.reshape(line)
    return get_display(line)


def visual(text: str) -> str:
    """*text* in the order it is drawn: right-to-left runs reversed and Arabic joined.
    Plain left-to-right text comes back unchanged."""
    if not text or not _has_rtl(text):
        return text
    return "\n".join(_visual_line(line) if _has_rtl(line) else line for line in text.split("\n"))


# --- putting it on the page -------------------------------------------------------------

def runs(text: str) -> list[tuple[Face | None, str]]:
    """*text* (already in visual order) cut into runs of one face each; None: no face has it."""
    found: list[tuple[Face | None, str]] = []
    for char in text:
        # A space between two Arabic words stays in the Arabic run.
        face = found[-1][0] if found and found[-1][0] is not None and _ignorable(char) else face_for(char)
        if found and found[-1][0] is face:
            found[-1] = (face, found[-1][1] + char)
        else:
            found.append((face, char))
    return found


def _escaped(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def markup(text: str) -> str:
    """User *text* as Paragraph mini-HTML: escaped, in visual order, with a ``<font>`` run
    wherever the paragraph's own (default) face lacks a character."""
    text = visual(text or "")
    default = _coverage(DEFAULT)
    if all(ord(char) < 0x0590 and ord(char) in default for char in text):   # the common case
        return _escaped(text)
    return "".join(_escaped(part) if face in (DEFAULT, None)
                   else f'<font face="{face.name}">{_escaped(part)}</font>'
                   for face, part in runs(text))


_TAG = re.compile(r'<(/?)(b|strong|i|em)>|<font face="(Cultivate[A-Za-z]+)">', re.IGNORECASE)


def styled(text: str, font_name: str) -> str:
    """Paragraph markup whose fallback ``<font>`` runs follow the weight around them: in a
    bold style or inside ``<b>``, an Arabic run is Noto Sans Arabic Bold (reportlab's
    ``<font face>`` would otherwise reset it to regular)."""
    if '<font face="Cultivate' not in text:
        return text
    faces = {face.name: face for face in FACES}
    bold = [font_name.endswith("-Bold")]
    italic = [font_name.endswith("-Italic") or font_name.endswith("-Oblique")]

    def replace(match: re.Match) -> str:
        closing, tag, face_name = match.group(1), (match.group(2) or "").lower(), match.group(3)
        if face_name:
            face = faces.get(face_name)
            if face is None:
                return match.group(0)
            style = BOLD if bold[-1] else ITALIC if italic[-1] else REGULAR
            return f'<font face="{face.font_name(style)}">'
        stack = bold if tag in ("b", "strong") else italic
        if closing:
            if len(stack) > 1:
                stack.pop()
        else:
            stack.append(True)
        return match.group(0)

    return _TAG.sub(replace, text)


def string_width(text: str, size: float, style: str = REGULAR) -> float:
    """The printed width of user *text* in points."""
    from reportlab.pdfbase.pdfmetrics import stringWidth

    register()
    return sum(stringWidth(part, (face or DEFAULT).font_name(style), size)
               for face, part in runs(visual(text or "")))


def draw_string(canvas, x: float, y: float, text: str, size: float, *, style: str = REGULAR,
                align: str = "left") -> None:
    """Draw one line of user text on *canvas*, face by face; *align*: left, centre or right of x."""
    from reportlab.pdfbase.pdfmetrics import stringWidth

    width = string_width(text, size, style) if align != "left" else 0.0
    x -= width / 2 if align == "centre" else width if align == "right" else 0.0
    for face, part in runs(visual(text or "")):
        name = (face or DEFAULT).font_name(style)
        canvas.setFont(name, size)
        canvas.drawString(x, y, part)
        x += stringWidth(part, name, size)


def matplotlib_families() -> list[str]:
    """Register the faces with matplotlib; the family list to set, in fallback order."""
    from matplotlib import font_manager

    known = {entry.fname for entry in font_manager.fontManager.ttflist}
    folder = paths.fonts_dir()
    for face in FACES:
        for file_name in face.files.values():
            path = str(folder / file_name)
            if path not in known:
                font_manager.fontManager.addfont(path)
    return [face.family for face in FACES]
