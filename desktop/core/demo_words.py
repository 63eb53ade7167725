"""What observers, teachers and leaders write in the demo school, keyed by rubric indicator.

Written for the default Cultivate rubric; a code missing here falls back to the
generic lines, so the demo still works with another default rubric.
"""

from __future__ import annotations

# What an observer notes down during a visit: (when the practice is strong, when it is still growing).
EVIDENCE: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "1.1": (("Goal on board in student-friendly words; teacher refers back to it before the task.",
             "Asked two students what they were learning; both explained the goal, not the activity."),
            ("Goal posted but names the worksheet, not the learning.",
             "Student asked 'what are we learning?' answered 'page 42'.")),
    "1.2": (("Every task in the sequence leads to the goal; no filler.",
             "Task demands the same reasoning the goal describes (compare two sources)."),
            ("Colouring the title page took 10 minutes of a 45-minute lesson.",
             "Task is recall only while the goal asks students to explain.")),
    "1.3": (("Teacher regrouped students based on yesterday's exit tickets.",
             "Warm-up targets the misconception seen in last week's quiz."),
            ("Same task for all groups although the last quiz showed a wide spread.",
             "Lesson follows the pacing guide; no reference to recent student work.")),
    "1.4": (("Three entry points to the task on the table; students chose their own.",
             "Sentence frames and a word bank ready for students learning English."),
            ("Four students could not start until the teacher came round.",
             "Support offered only after students got stuck.")),
    "2.1": (("Teacher thinks aloud through a worked example, naming each decision.",
             "Partially completed example handed over; students finish it in pairs."),
            ("Explanation long; students lost track after the second step.",
             "Steps shown on the board but the reasons for them were not said aloud.")),
    "2.2": (("Waited about five seconds before taking answers; names drawn from a cup.",
             "'Why do you think that?' followed most answers; students gave evidence."),
            ("Same three volunteers answered every question.",
             "Mostly recall questions; wait time about one second.")),
    "2.3": (("Turn-and-talk with a clear prompt; every pair I heard used the new vocabulary.",
             "Group roles (reporter, checker) on cards; students ran the discussion."),
            ("Pair talk prompt unclear; most pairs talked about something else.",
             "Students sat in groups but worked silently and alone.")),
    "2.4": (("Mini whiteboards up for a hinge question; teacher split the class by answer.",
             "Exit ticket sorted into three piles before students left."),
            ("'Any questions?' was the only check before moving on.",
             "Teacher checked with the front table only.")),
    "2.5": (("Students redrafting using the feedback codes from yesterday.",
             "Teacher's feedback named one next step; student acted on it in front of me."),
            ("Marked work handed back with grades only; no time to respond.",
             "Praise general ('good job') rather than specific.")),
    "3.1": (("Teacher greeted every student by name at the door.",
             "A quiet student was invited in by name and her idea was used by the class."),
            ("Two students at the back were not addressed during the visit.",
             "Interactions mostly about behaviour reminders.")),
    "3.2": (("Materials handed out by monitors in under a minute.",
             "Lesson started within 90 seconds of the bell; Do Now on desks."),
            ("Transition to groups took about six minutes.",
             "Repeated reminders needed to start the routine.")),
    "3.3": (("Calm, private redirection; student back on task within seconds.",
             "Students reminded each other of the agreed expectations."),
            ("Public warning escalated the situation with one student.",
             "Expectations for group work not clear; noise level rising.")),
    "3.4": (("Teacher held back the method and prompted: 'What have you tried?'",
             "Students chose the challenge task; mistakes discussed openly."),
            ("Answer given as soon as a student said 'I'm stuck'.",
             "Task simplified for the whole class after the first difficulty.")),
    "4.1": (("Teacher mentioned changing today's start after last week's visit.",
             "Teacher's own notes on the plan show what to try differently."),
            ("Teacher attributed the difficulty to the class rather than the task.",
             "No change made since the last visit's next step.")),
    "4.2": (("Lesson uses the task the team designed together in PLC.",
             "Colleague visiting to watch the talk routine."),
            ("Materials differ from the team's agreed unit plan.",
             "Teacher unaware of the team's common assessment.")),
    "4.3": (("Family newsletter with this week's learning goal on the wall.",
             "Teacher mentioned calling three families with good news this week."),
            ("Family contact log empty since September.",
             "Homework instructions only in English for a multilingual class.")),
    "4.4": (("Students logged their quiz result on their own tracker.",
             "Teacher's tracker shows regrouping after the unit check."),
            ("Grade book has gaps; no pattern analysis visible.",
             "Students unsure how they did on the last assessment.")),
}
GENERIC_EVIDENCE = (
    "Most students on task throughout the visit.",
    "Students working in pairs at the start of the visit.",
    "Teacher circulating and conferring with individual students.",
    "Anchor chart from the previous lesson in use.",
)

GLOW: dict[str, str] = {
    "1.1": "Students could tell me what they were learning and why it matters.",
    "1.2": "Every minute of the task pointed at the goal.",
    "1.3": "Your regrouping from yesterday's exit tickets paid off.",
    "1.4": "The planned entry points meant every student started straight away.",
    "2.1": "Your think-aloud made the hidden steps visible.",
    "2.2": "The wait time gave many more students a chance to think.",
    "2.3": "The talk routine had everyone using the vocabulary.",
    "2.4": "The hinge question told you exactly who needed what.",
    "2.5": "Students used your feedback straight away.",
    "3.1": "Every student was greeted and known by name.",
    "3.2": "Your routines gave back minutes of learning time.",
    "3.3": "Calm, private redirections kept the lesson flowing.",
    "3.4": "You held the challenge and students persisted.",
    "4.1": "You tried the change we talked about, and it showed.",
    "4.2": "The team's shared task worked well in your room.",
    "4.3": "Families clearly know what the class is learning.",
    "4.4": "Students know where they stand and what comes next.",
}
GROW: dict[str, str] = {
    "1.1": "Ask two students to explain the goal in their own words before the task starts.",
    "1.2": "Cut one step that does not serve the goal and use the time for practice.",
    "1.3": "Use yesterday's exit tickets to decide tomorrow's groups.",
    "1.4": "Plan one support and one stretch before the lesson rather than during it.",
    "2.1": "Think aloud through one worked example, naming each decision.",
    "2.2": "Try three seconds of wait time and no hands up for the first question.",
    "2.3": "Give the pair talk a precise prompt and a sentence starter.",
    "2.4": "Add one whole-class check before students start independent work.",
    "2.5": "Build five minutes into the lesson for students to act on feedback.",
    "3.1": "Greet students by name at the door and bring in one quieter voice each lesson.",
    "3.2": "Rehearse the transition to groups until it takes under a minute.",
    "3.3": "Redirect privately and briefly, then return to the learning.",
    "3.4": "When a student says 'I'm stuck', ask what they have tried before helping.",
    "4.1": "Jot one thing to change after each lesson and try it the next day.",
    "4.2": "Bring one piece of student work to the next team meeting.",
    "4.3": "Send a short positive note home to three families this week.",
    "4.4": "Have students record their own results after each check.",
}
# A coach repeats the goal's next step across visits, but not word for word.
GROW_FRAMES = ("{step}", "{step}", "Keep going: {step}", "Next visit I'll look for this: {step}",
               "Building on last time, {step}")
GENERIC_GLOW = "Students were engaged and the lesson had a clear purpose."
GENERIC_GROW = "Pick one small change from today's visit and try it this week."

TAGS = ("whole class", "small groups", "independent work", "discussion", "lab", "technology",
        "assessment", "transitions", "read-aloud", "station rotation", "co-teaching", "outdoors")

PRIVATE_NOTES = (
    "Seemed tired today; check in about workload before giving more feedback.",
    "Mentioned a family matter; keep the next visit light.",
    "Ready to lead something next year; ask about the teacher-led session.",
    "Class composition changed after October; factor that into the scores.",
    "Asked not to be visited during period 6 on Fridays.",
    "Worth pairing with a colleague for peer coaching on this.",
)

PRE_CONFERENCE = (
    "Teacher wants feedback on {focus}. Plan: {context}; students new to the task format.",
    "We agreed to focus on {focus}. Teacher expects some groups to need extra support.",
    "Lesson is the third in the unit. Teacher asked me to watch {focus} closely.",
)
POST_CONFERENCE = (
    "Talked through the evidence on {focus}. Teacher noticed the same pattern and proposed the next step.",
    "Teacher reflected that {focus} went better in the second half. Agreed on one change for next week.",
    "We looked at three pieces of student work together; the gap on {focus} was clear to both of us.",
)

CONVERSATION_NOTES = {
    "goal_setting": (
        "Looked at the self-assessment and early walkthroughs together. Agreed to focus on {focus}. "
        "Teacher chose the goal wording; we set a check-in before the winter break.",
        "Teacher named {focus} as the area they most want to grow in. We wrote the goal together and "
        "picked two PD options that fit their preferred formats.",
    ),
    "check_in": (
        "Progress on {focus}: steady. Two action steps done. Teacher wants a peer visit next.",
        "Mid-year check-in on {focus}. Walkthrough evidence shows change; agreed to keep going.",
        "Teacher finds {focus} harder with the new timetable; adjusted the due date of one step.",
    ),
    "post_observation": (
        "Debrief of the formal observation. Strongest on {strength}; next step on {focus}.",
        "Went through the evidence line by line. Teacher agreed the next step on {focus}.",
    ),
    "check_in_met": (
        "Goal on {focus} met. Celebrated it, and agreed to keep the new routine going while "
        "choosing a next focus.",
        "The evidence on {focus} is clear and the goal is met. Teacher wants to share it at a staff meeting.",
    ),
    "reflection": (
        "Looked back over the year's walkthroughs on {focus}. Teacher wants to keep the goal for next year.",
        "End-of-year reflection: some progress on {focus}, slower than hoped; timetable changes got in "
        "the way. Same focus next year with a peer coach.",
    ),
    "reflection_met": (
        "End-of-year reflection: teacher is proud of the change in {focus} and wants to mentor next year.",
        "Looked back at the first visits of the year: the change in {focus} is plain to both of us.",
    ),
}

CHECK_IN_EVIDENCE = (
    "Walkthrough notes from the last month.",
    "Exit ticket results from two units.",
    "Short video clip reviewed with the coach.",
    "Peer visit notes.",
    "Student survey responses.",
)

REFLECTION_LEARNED = (
    "A simple routine makes a bigger difference than a new resource.",
    "How to plan the check before the lesson instead of improvising it.",
    "Hearing colleagues' examples made the idea concrete for my subject.",
    "That my students can handle more challenge than I was giving them.",
    "Practical strategies I could try the next day.",
)
REFLECTION_USE = (
    "I now start every lesson with the goal in students' words.",
    "Using mini whiteboards twice a lesson.",
    "Trying the talk structure with my period 3 class first.",
    "Shared it with my team and we are all trying it this unit.",
    "Not yet; I plan to try it after the assessment window.",
)

EVALUATION_COMMENTS = (
    "More time to plan with my team afterwards would help.",
    "The modelled lesson was the most useful part.",
    "Too much in one session; I would split it in two.",
    "I would like a follow-up visit to see it in my classroom.",
    "Great examples from our own school.",
    "Hard to use with my timetable this term.",
)

CELEBRATION_TITLES = {
    "milestone": "{name}: {detail}",
    "innovative_practice": "{name} tried something new: {detail}",
    "goal_achieved": "{name} met a growth goal: {detail}",
    "pd_completed": "{name} completed {detail}",
    "led_session": "{name} led {detail}",
    "shout_out": "Shout-out: {detail}",
}
INNOVATIONS = (
    "student-run morning meetings", "a class podcast about the unit", "reading buddies across grades",
    "a maker space for fractions", "silent debate on paper", "a student feedback board",
)
SHOUT_OUTS = (
    "covering classes during the flu week", "organising the family learning night",
    "the science fair team", "welcoming our new colleagues", "the winter concert",
    "turning the library into an exam room overnight",
)

WELLBEING_NOTES = (
    "Report cards week.", "Feeling good about the new unit.", "Sleep has been short.",
    "Parent evenings this week.", "Great week with my class.", "Too many meetings.",
    "Covering for a colleague.",
)
