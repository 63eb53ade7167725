"""SQL fragments shared by the read-only list modules."""

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
