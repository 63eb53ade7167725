"""The PD Menu tab's catalog and a teacher's enrollments."""

from __future__ import annotations

from db.goals import label
from db.pd import FORMAT_LABELS, Enrollment, Offering
from desktop.core.recommendations import Recommendation
from desktop.core.wording import hours as hours_text  # the one rounding of hours for display
from desktop.ui.models.table import RIGHT, Column, DataclassTableModel, date_text, number_sort


def _seats(o: Offering) -> str:
    if o.retired:
        return "Retired"
    if o.seats_left is None:
        return "Open"
    return "Full" if o.seats_left == 0 else str(o.seats_left)


class OfferingsModel(DataclassTableModel[Offering]):
    order_key = staticmethod(lambda o: o.title.lower())
    columns = (
        Column("Offering", lambda o: o.title, tooltip=lambda o: o.title),
        Column("Format", lambda o: o.format_label, width=13),
        Column("Hours", lambda o: hours_text(o.hours), sort_key=lambda o: o.hours, align=RIGHT,
               width=6),
        Column("Length", lambda o: o.length_description, width=17,
               tooltip=lambda o: o.length_description),
        Column("Indicators", lambda o: ", ".join(o.indicator_codes), width=12),
        Column("Facilitator", lambda o: o.facilitator, width=16),
        Column("Seats left", _seats,
               # unlimited sorts above any number of seats
               sort_key=lambda o: 1e9 if o.seats_left is None else float(o.seats_left),
               align=RIGHT, width=9,
               tooltip=lambda o: ("No seat limit" if o.capacity is None
                                  else f"{o.seats_taken} of {o.capacity} seats taken")),
    )


def _enrollment_dates(e: Enrollment) -> str:
    text = "; ".join(filter(None, [e.enrolled_on and f"enrolled on {date_text(e.enrolled_on)}",
                                   e.completed_on and f"completed on {date_text(e.completed_on)}"]))
    return text[:1].upper() + text[1:]


class EnrollmentsModel(DataclassTableModel[Enrollment]):
    order_key = staticmethod(lambda e: e.completed_on or e.enrolled_on or "9999")
    descending = True
    columns = (
        Column("Offering", lambda e: e.offering_title, tooltip=lambda e: e.offering_title),
        Column("Format", lambda e: e.format_label, width=13),
        Column("Status", lambda e: label(e.status), width=10),
        # One date, the one the status is about: two date columns left the offering's
        # title 15 letters at 1,400 pixels. The tooltip has both.
        Column("Date", lambda e: date_text(e.completed_on or e.enrolled_on),
               sort_key=lambda e: e.completed_on or e.enrolled_on or "", width=11,
               tooltip=_enrollment_dates),
        Column("Hours", lambda e: hours_text(e.hours_credited) if e.hours_credited else "",
               sort_key=lambda e: e.hours_credited, align=RIGHT, width=6),
        Column("Rating", lambda e: f"{e.rating} of 5" if e.rating else "",
               sort_key=lambda e: number_sort(e.rating), align=RIGHT, width=7),
    )


class RecommendationsModel(DataclassTableModel[Recommendation]):
    """A teacher's personal menu, best fit first, each row with its reasons in words."""
    columns = (
        Column("Fit", lambda r: f"{r.score:.1f}", sort_key=lambda r: r.score, align=RIGHT, width=5,
               tooltip=lambda r: "Higher fits better: gaps, goals and preferred formats add up"),
        Column("Offering", lambda r: r.offering.title, width=30,
               tooltip=lambda r: r.offering.title),
        Column("Format", lambda r: FORMAT_LABELS.get(r.offering.format, r.offering.format),
               width=13),
        Column("Why", lambda r: _sentence(r.explanation), tooltip=lambda r: _sentence(r.explanation)),
    )


def _sentence(text: str) -> str:
    """A reason list as it reads in a column of its own: capitalised."""
    return text[:1].upper() + text[1:]
