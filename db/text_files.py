"""Text that comes in from files, and CSV cells that go out: the one place for making them safe.

Every import (roster CSV, rubric CSV/JSON, self-assessment CSV) reads its bytes
and cells through here, so all of them refuse what they cannot read truthfully
in the same words:

* **Encodings** (:func:`decode`): UTF-8 with or without a byte-order mark,
  UTF-16 with a byte-order mark, or Windows-1252 when the text reads like
  Windows-1252 (Western letters and typographic punctuation). Anything else —
  Shift-JIS, say — is refused with advice to save the file as UTF-8, never
  guessed into mojibake.
* **CSV records** (:func:`csv_records`): strict quoting. A quote that opens a
  field and is never closed, a quote in the middle of an unquoted field, or a
  line with a different number of fields from the header is reported with its
  line number as a :class:`BadRecord`; reading starts again on the next line, so
  a broken line is never merged into the rows after it.
* **Cleaning** (:func:`clean`): NUL and the bidirectional override and isolate
  controls (U+202A–U+202E, U+2066–U+2069), which can make a name display as
  something else, are removed from every imported text.
* **Formulas** (:func:`neutralise` on the way in, :func:`spreadsheet_cell` on
  the way out): a cell that begins with ``=``, ``+``, ``-``, ``@``, a tab or a
  carriage return gets a leading apostrophe, the neutralisation OWASP
  recommends, so a spreadsheet shows it as text instead of running it. We
  prefix rather than strip: the original stays visible, and prefixing twice
  changes nothing, so re-importing the same file still matches.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
_UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")
_INVISIBLE = dict.fromkeys([0x00, *range(0x202A, 0x202F), *range(0x2066, 0x206A)])
# Windows-1252 characters that Western text uses; anything else above ASCII (ƒ, ‚, ˆ, ‰, ¤ …)
# is what another encoding (Shift-JIS, Big5, …) looks like when read as Windows-1252.
_WESTERN_PUNCTUATION = set("‘’“”–—…€•™°«»¡¿£¥©®§½¼¾²³·ºªµ¢±×÷\u00a0")
_MAX_RESTARTS = 200
UTF8_ADVICE = ("Open it in your spreadsheet or text editor and save it as “CSV UTF-8”, then "
               "import that file.")


class UnreadableTextError(ValueError):
    """The file's bytes cannot be read as text truthfully; ``str()`` says why and what to do."""


@dataclass(frozen=True)
class BadRecord:
    """A CSV line that cannot be read as one record: its line number and why."""

    line: int
    reason: str


# --- bytes to text ------------------------------------------------------------------------------

def decode(data: bytes, name: str) -> str:
    """The text of a file: UTF-8 (with or without BOM), UTF-16 with BOM, or a confident Windows-1252."""
    if data.startswith(_UTF16_BOMS):
        try:
            text = data.decode("utf-16")
        except UnicodeDecodeError as error:
            raise UnreadableTextError(f"“{name}” is not readable text ({error.reason}). {UTF8_ADVICE}") from error
    else:
        if b"\x00" in data:
            raise UnreadableTextError(
                f"“{name}” contains binary data (NUL bytes), so it is not a text file. "
                "Export it again as CSV.")
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            text = _confident_cp1252(data, name)
    if "\x00" in text:
        raise UnreadableTextError(f"“{name}” contains binary data (NUL characters). {UTF8_ADVICE}")
    return text.removeprefix("\ufeff")


def _confident_cp1252(data: bytes, name: str) -> str:
    refusal = UnreadableTextError(
        f"“{name}” is not UTF-8 text, and it does not read as Windows-1252 either, so "
        f"Cultivate cannot tell which characters it holds (it may be Shift-JIS or another "
        f"encoding). {UTF8_ADVICE}")
    try:
        text = data.decode("cp1252")
    except UnicodeDecodeError:
        raise refusal from None
    letters = sum(1 for char in text if char.isalpha())
    foreign = 0
    for run in re.findall(r"[^\x00-\x7f]+", text):
        for char in run:
            if not (char.isalpha() or char in _WESTERN_PUNCTUATION):
                raise refusal
        if len(run) > 1 and not _plausible_run(run):
            raise refusal
        foreign += sum(1 for char in run if char.isalpha())
    # Accented letters are a small part of Western text; in text of another script they are most of it.
    if foreign >= 3 and foreign * 3 > letters:
        raise refusal
    return text


def _plausible_run(run: str) -> bool:
    """Several non-ASCII characters in a row, as Western text has them: letters of one case
    ('ção', 'ÇÃO'), perhaps after or before punctuation ('“Élan', 'café…')."""
    core = run.strip("".join(_WESTERN_PUNCTUATION))
    return all(char.isalpha() for char in core) and (
        not core or core.islower() or core.isupper() or (core[0].isupper() and core[1:].islower()))


# --- cleaning and formulas ----------------------------------------------------------------------

def clean(value: str) -> str:
    """*value* without NUL and bidirectional override/isolate characters."""
    return value.translate(_INVISIBLE)


def neutralise(value: str) -> str:
    """An imported cell, trimmed, with a leading apostrophe if a spreadsheet would run it as a formula."""
    value = value.strip()
    return "'" + value if value.startswith(FORMULA_STARTS) else value


def imported(value: str) -> str:
    """What an import stores for one text cell: cleaned, then neutralised."""
    return neutralise(clean(value))


def imported_data(value: Any) -> Any:
    """:func:`imported` applied, in place, to every string inside parsed JSON (not to keys)."""
    if isinstance(value, str):
        return imported(value)
    if isinstance(value, dict):
        for key, item in value.items():
            value[key] = imported_data(item)
    elif isinstance(value, list):
        value[:] = [imported_data(item) for item in value]
    return value


def spreadsheet_cell(value: Any) -> Any:
    """A value for an exported CSV cell: text a spreadsheet would run as a formula gets an apostrophe."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


# --- CSV ------------------------------------------------------------------------------------------

def sniff_delimiter(first_line: str) -> str:
    """',' — or ';' (many European spreadsheets) or tab ("Unicode text"), when the header uses it."""
    counts = {delimiter: first_line.count(delimiter) for delimiter in (",", ";", "\t")}
    best = max(counts, key=counts.get)
    return best if counts[best] else ","


def _physical_lines(text: str) -> list[str]:
    # Only CR, LF and CRLF end a line (str.splitlines also splits on U+2028 and others).
    return re.findall(r"[^\r\n]*(?:\r\n|\n|\r)|[^\r\n]+$", text)


def _field_pattern(delimiter: str) -> re.Pattern[str]:
    d = re.escape(delimiter)
    field = rf'(?:[ ]*"(?:[^"]|"")*"[ ]*|[^"{d}\r\n]*)'
    return re.compile(rf"{field}(?:{d}{field})*(?:\r\n|\n|\r)?")


def csv_records(text: str, *, delimiter: str | None = None,
                line_breaks: bool | Callable[[str], bool] = True,
                ) -> Iterator[tuple[int, list[str]] | BadRecord]:
    """Every record of CSV *text* as (line it starts on, cells), or a :class:`BadRecord`.

    The first non-blank record is the header, and sets how many fields a record
    has; a record with more is accepted only when the extra fields are empty.
    *line_breaks* says which columns may hold a line break (True: all, False:
    none, or a test of the column's heading): a record that puts one in any
    other column, or that spans lines with the wrong number of fields, is a
    quote left open, so its first line is reported and reading starts again on
    the line after it. Blank lines (and lines of empty fields) are skipped.
    """
    lines = _physical_lines(text)
    if delimiter is None:
        delimiter = sniff_delimiter(lines[0] if lines else "")
    well_formed = _field_pattern(delimiter)
    csv.field_size_limit(max(csv.field_size_limit(), 64 * 1024 * 1024))
    header: list[str] | None = None
    single_line: set[int] = set()
    index, restarts = 0, 0
    while index < len(lines):
        reader = csv.reader(iter(lines[index:]), delimiter=delimiter, strict=True)
        start, consumed = index, 0
        index = len(lines)
        try:
            for cells in reader:
                first, consumed = start + consumed, reader.line_num
                last = start + consumed            # one past the record's last line
                raw = "".join(lines[first:last])
                if not any(cell.strip() for cell in cells):
                    continue
                if last - first > 1:
                    broken = _line_break_in_wrong_place(cells, header, single_line)
                    if broken is not None:
                        yield BadRecord(first + 1, _open_quote_reason(last, broken))
                        index = first + 1
                        break
                if not well_formed.fullmatch(raw):
                    yield BadRecord(first + 1, "a quote (\") stands in the middle of a field; a field "
                                               "with quotes in it must be wholly inside quotes, "
                                               "with each quote doubled")
                    continue
                if header is None:
                    header = cells
                    single_line = {position for position, heading in enumerate(cells)
                                   if not (line_breaks(heading) if callable(line_breaks) else line_breaks)}
                elif len(cells) != len(header) and not (len(cells) > len(header) and not any(
                        cell.strip() for cell in cells[len(header):])):
                    yield BadRecord(first + 1, f"this line has {_fields(len(cells))}; the header has "
                                               f"{_fields(len(header))}")
                    continue
                yield first + 1, cells[:len(header)]
        except csv.Error as error:
            first = start + consumed
            if "unexpected end of data" in str(error):
                yield BadRecord(first + 1, _open_quote_reason(None, None))
            else:
                yield BadRecord(first + 1, f"the quoting is malformed ({error})")
            index = first + 1
        if index < len(lines):
            restarts += 1
            if restarts > _MAX_RESTARTS:
                raise UnreadableTextError(
                    f"More than {_MAX_RESTARTS} lines have a quote that is never closed, so this is "
                    "not a CSV file Cultivate can read.")


def _line_break_in_wrong_place(cells: list[str], header: list[str] | None,
                               single_line: set[int]) -> str | None:
    """For a record spanning lines: "" or the heading of a column that must not hold a line
    break but does (the record then is a quote left open); None when the record is fine."""
    if header is None:
        return ""          # a header never spans lines
    if len(cells) != len(header):
        return ""
    for position in sorted(single_line):
        if position < len(cells) and ("\n" in cells[position] or "\r" in cells[position]):
            return header[position].strip() or f"column {position + 1}"
    return None


def _fields(count: int) -> str:
    return f"{count} field{'' if count == 1 else 's'}"


def _open_quote_reason(closing_line: int | None, column: str | None) -> str:
    if closing_line is None:
        return ("a quote (\") opens a field here and is never closed before the end of the file, "
                "so this line was not imported; the lines after it were read on their own")
    inside = f", which would put a line break inside the “{column}”" if column else ""
    return (f"a quote (\") opens a field here that is only closed on line {closing_line}{inside}; "
            "so this line was not imported, and the lines after it were read on their own")
