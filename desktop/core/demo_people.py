"""The demo school's people: varied names (some well outside ASCII on purpose), and profiles."""

from __future__ import annotations

import random
import unicodedata
from dataclasses import dataclass
from datetime import date, timedelta

# Always in the roster: names that catch sorting, searching and PDF font bugs.
UNICODE_TEACHERS = (("Zoë", "Ñúñez"), ("Minh", "Nguyễn Thị"), ("Øyvind", "Łukasz"))

FIRST_NAMES = (
    "Amara", "Ben", "Carmen", "Dmitri", "Elif", "Farah", "Gabriel", "Hana", "Ignacio", "Jada",
    "Kofi", "Lucía", "Mateo", "Nadia", "Oluwaseun", "Priya", "Quinn", "Rosa", "Sanjay", "Tamsin",
    "Umar", "Valentina", "Wei", "Ximena", "Yusuf", "Zara", "Aisling", "Bogdan", "Chloé", "Dara",
    "Eero", "Fatima", "Gustavo", "Hiroshi", "Ingrid", "José", "Kaito", "Leilani", "Malik", "Noor",
    "Olga", "Pedro", "Rania", "Siobhán", "Tevita", "Uma", "Vikram", "Wren", "Yara", "Zofia",
    "Anders", "Beatriz", "Cormac", "Deepa", "Emeka", "Françoise", "Grace", "Henrik", "Imani", "Jonas",
    "Keanu", "Laila", "Marcus", "Nia", "Orla", "Pilar", "Rahul", "Saoirse", "Thabo", "Ursula",
)
LAST_NAMES = (
    "Okafor", "García", "Kowalski", "Chen", "Haddad", "O'Brien", "Müller", "Santos", "Yamamoto",
    "Petrov", "Mensah", "Fernández", "Johansson", "Rahman", "Murphy", "Dubois", "Kim", "Adeyemi",
    "Rossi", "Novak", "Singh", "Al-Sayed", "Larsen", "Hernández", "Tanaka", "Nowak", "Osei",
    "MacLeod", "Papadopoulos", "Ivanova", "Baptiste", "Costa", "Sørensen", "Abdi", "Walsh", "Çelik",
    "Kaur", "Lefèvre", "Mwangi", "Park", "Quispe", "Reyes", "Schmidt", "Tremblay", "Ueda",
    "Vásquez", "Wójcik", "Xu", "Yilmaz", "Zhang", "Ahmed", "Brennan", "Castillo", "Dlamini",
    "Eriksen", "Fitzgerald", "Gonzaga", "Hassan", "Igwe", "Jovanović", "Kelly", "Lindqvist",
    "Moreau", "Nakamura", "Ortiz", "Patel", "Ramírez", "Sato", "Thompson", "van der Berg",
)

SUBJECTS_ELEMENTARY = ("All subjects", "Literacy", "Mathematics", "Art", "Music",
                       "Physical education", "Special education")
SUBJECTS_SECONDARY = ("Mathematics", "English", "Science", "Biology", "Chemistry", "Physics",
                      "History", "Geography", "Spanish", "French", "Art", "Music",
                      "Physical education", "Computer science", "Special education",
                      "Economics", "Drama")
GRADE_BANDS = (("K", "1"), ("1", "2"), ("2", "3"), ("3", "4"), ("4", "5"), ("5",),
               ("6", "7"), ("7", "8"), ("6", "7", "8"), ("9", "10"), ("10", "11"),
               ("11", "12"), ("9", "10", "11", "12"), ("K",), ("3",))

CAREER_GOALS = (
    "Become an instructional coach", "Lead the grade-level team", "Earn a master's in reading",
    "Stay in the classroom and mentor new teachers", "Move into school leadership",
    "National board certification", "Design the new science curriculum", "Become a department head",
    "Get better at teaching multilingual learners", "",
)
INTERESTS = (
    "project-based learning", "outdoor learning", "educational technology", "restorative practice",
    "literacy across subjects", "student voice", "inclusion", "assessment for learning",
    "mathematics talk", "social-emotional learning", "arts integration", "family engagement",
)
LEADERSHIP = (
    "facilitating meetings", "mentoring", "curriculum design", "data analysis",
    "coaching peers", "organising events", "technology support", "family outreach", "",
)

# PD formats teachers like, weighted towards the short and job-embedded.
FORMAT_PREFERENCES = (
    "workshop", "online_course", "micro_video", "podcast", "webinar", "peer_coaching",
    "plc", "mentoring", "book_study", "conference", "wellbeing",
)
FORMAT_WEIGHTS = (5, 3, 5, 3, 2, 4, 4, 2, 2, 1, 2)


@dataclass(frozen=True)
class Person:
    first_name: str
    last_name: str

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}"


def ascii_slug(text: str) -> str:
    """Email-safe lowercase letters: 'Øyvind Łukasz' -> 'oyvind.lukasz'."""
    special = {"ø": "o", "Ø": "o", "ł": "l", "Ł": "l", "ß": "ss", "æ": "ae", "đ": "d", "Đ": "d",
               "ı": "i"}
    text = "".join(special.get(char, char) for char in text)
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return "".join(char for char in plain.lower() if char.isalnum())


def people(rng: random.Random, count: int) -> list[Person]:
    """*count* distinct names; the Unicode ones always come first."""
    chosen = [Person(*pair) for pair in UNICODE_TEACHERS[:count]]
    seen = {(p.first_name, p.last_name) for p in chosen}
    pairs = len(FIRST_NAMES) * len(LAST_NAMES)
    while len(chosen) < count:
        first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
        if (first, last) in seen and len(seen) < pairs:
            continue
        seen.add((first, last))
        chosen.append(Person(first, last))
    return chosen


def emails(persons: list[Person], domain: str) -> list[str]:
    """Unique addresses: a second Ana García becomes ana.garcia2@…"""
    used: dict[str, int] = {}
    result = []
    for person in persons:
        local = f"{ascii_slug(person.first_name)}.{ascii_slug(person.last_name)}"
        used[local] = used.get(local, 0) + 1
        suffix = str(used[local]) if used[local] > 1 else ""
        result.append(f"{local}{suffix}@{domain}")
    return result


def teacher_profile(rng: random.Random, year_start: date) -> dict:
    """The staff columns that describe a teacher's work and wishes."""
    band = rng.choice(GRADE_BANDS)
    elementary = band[0] in ("K", "1", "2", "3", "4", "5")
    pool = SUBJECTS_ELEMENTARY if elementary else SUBJECTS_SECONDARY
    subjects = [rng.choice(pool)]
    if rng.random() < 0.25:
        extra = rng.choice(pool)
        if extra not in subjects:
            subjects.append(extra)
    # Many schools have a bulge of early-career teachers; a few veterans near retirement.
    years = min(38, int(rng.expovariate(1 / 9)))
    years_here = min(years, int(rng.random() * (years + 1)))
    hire_date = year_start - timedelta(days=365 * years_here + rng.randrange(0, 60))
    formats = rng.choices(FORMAT_PREFERENCES, weights=FORMAT_WEIGHTS, k=rng.randint(1, 3))
    return {
        "subjects": ", ".join(subjects),
        "grades": ", ".join(band),
        "years_experience": years,
        "hire_date": hire_date.isoformat(),
        "career_goals": rng.choice(CAREER_GOALS),
        "preferred_formats": ",".join(dict.fromkeys(formats)),
        "interests": ", ".join(dict.fromkeys(rng.sample(INTERESTS, rng.randint(1, 3)))),
        "leadership_strengths": rng.choice(LEADERSHIP) if years >= 3 else "",
    }
