"""One Qt model per list, each over dataclasses from the db list modules."""
