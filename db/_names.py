"""SQL fragments shared by the read-only list modules."""

# A staff member's display name, from a row aliased as *alias*.
def full_name(alias: str) -> str:
    return f"trim({alias}.first_name || ' ' || {alias}.last_name)"
