"""Personal roadmap: dated rules per cycle (content/roadmap/) turned into one user's plan.

The rules (content/roadmap/*.yaml):
schema.py     the YAML schema: milestones, date rules, conditions, flags
rules.py      loading: files validated, dates derived, the whole checked (load_roadmap)
cycles.py     the rules as loaded: cycles, their resolved dates (When), flags, problems
dates.py      deriving dates from rules, and how a date is written (pure)
checks.py     what `content check` finds beyond the schema

One user's plan:
plan.py       answers + today -> milestones with status, and flags (pure)
answers.py    reading typed answers to the six questions (pure)
ics.py        the plan as an iCalendar file
reminders.py  when to remind: a week and a day before each upcoming milestone (pure)

The conversation in the dialog core (/roadmap):
flow.py               the entry points the core calls, and the `content check` script
asking.py             the six questions: asked, read, recorded, then the plan
pages.py              the plan on screen, in pages
changes.py            what changed since the plan was last shown
ics_and_reminders.py  the calendar file and reminders on and off
context.py            what they all read from a turn (rules, today, country, years, plan, buttons)

jobs.py       the reminders on python-telegram-bot's JobQueue, restored from the store
cli.py        `imgcoach roadmap ... --json`
"""
