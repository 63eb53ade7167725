"""Names: how they are folded and sorted, and SQL fragments shared by the list modules."""

import unicodedata

_FOLDED_LETTERS = str.maketrans({"ł": "l", "ø": "o", "đ": "d", "ð": "d", "þ": "th", "ß": "ss",
                                 "æ": "ae", "œ": "oe", "ı": "i"})
SORT_KEY_SEPARATOR = "\x1f"   # below every letter: "Smith" sorts before "Smithson"


def name_sort_key(text: str) -> str:
    """A name folded as a person reads it: Ñúñez with the Ns, Łukasz with the Ls."""
    decomposed = unicodedata.normalize("NFKD", (text or "").casefold().translate(_FOLDED_LETTERS))
    return "".join(char for char in decomposed if not unicodedata.combining(char))


def staff_sort_key(first_name: str, last_name: str) -> str:
    """What ``staff.sort_key`` holds: last name, then first name, both folded. Lists sort
    by it through the ``staff_sort`` index, and the staff search matches names in it."""
    return f"{name_sort_key(last_name)}{SORT_KEY_SEPARATOR}{name_sort_key(first_name)}"


# A staff member's display name, from a row aliased as *alias*.
def full_name(alias: str) -> str:
    return f"trim({alias}.first_name || ' ' || {alias}.last_name)"


def dated(column: str, since: str | None, until: str | None) -> tuple[list[str], list]:
    """WHERE terms and parameters keeping *column* (an ISO date) within *since*..*until*
    (inclusive; None leaves that side open): how every list keeps one school year's."""
    where, params = [], []
    if since:
        where.append(f"{column} >= ?")
        params.append(since)
    if until:
        where.append(f"{column} <= ?")
        params.append(until)
    return where, params


def live_during(begun: str, ended: str, still_open: str, since: str | None,
                until: str | None) -> tuple[list[str], list]:
    """WHERE terms for records that were live at some point of *since*..*until*: begun
    (*begun*, an ISO date) by its end, and either *still_open* or ended on or after its
    start. What is still open carries forward into every later school year."""
    where, params = [], []
    if until:
        where.append(f"{begun} <= ?")
        params.append(until)
    if since:
        where.append(f"({still_open} OR {ended} >= ?)")
        params.append(since)
    return where, params
