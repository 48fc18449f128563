"""Personal roadmap: dated rules per cycle (content/roadmap/) turned into one user's plan.

rules.py      content/roadmap/*.yaml: schema, date rules resolved, checks for `content check`
plan.py       answers + today -> milestones with status, and flags (pure)
answers.py    reading typed answers to the six questions (pure)
ics.py        the plan as an iCalendar file
reminders.py  when to remind: a week and a day before each upcoming milestone (pure)
flow.py       the conversation in the dialog core (/roadmap)
jobs.py       the reminders on python-telegram-bot's JobQueue, restored from the store
cli.py        `imgcoach roadmap ... --json`
"""
