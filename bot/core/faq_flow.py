"""Questions to the knowledge base: answers, "did you mean…", honest "I don't know", topics."""

from __future__ import annotations

from bot.core import buttons, typed
from bot.core.records import FaqAsked, FaqVote
from bot.core.replies import Button
from bot.core.turn import Turn
from bot.faq.matcher import MatchResult

MAX_QUERY_CHARS = 1500
RELATED_BUTTONS = 3
REMEMBERED_VOTES = 50


def _letters(text: str) -> tuple[int, int]:
    letters = [c for c in text if c.isalpha()]
    return len(letters), sum(1 for c in letters if c.isascii())


def ask(turn: Turn, text: str) -> None:
    """Answer free text typed outside an interview answer."""
    stripped = text.strip()
    letters, latin = _letters(stripped)
    if not stripped or letters == 0:
        # nothing, a time, a number, or emoji and signs: each gets its own honest reply
        found = typed.symbols(stripped)
        turn.say("no_words", turn.main_menu(), kind=found.kind, value=found.value)
        return
    kind = turn.smalltalk.kind(stripped)
    if kind is not None:
        rows = turn.main_menu() if kind in ("greeting", "who") else []
        turn.say("smalltalk", rows, kind=kind)
        return
    if latin / letters < 0.5:
        turn.say("not_found", _topic_rows(turn), non_english=True)
        turn.record(FaqAsked(stripped[:MAX_QUERY_CHARS], "none", None, 0))
        return
    query = stripped[:MAX_QUERY_CHARS]
    if len(stripped) > MAX_QUERY_CHARS:
        turn.say("long_query", limit=MAX_QUERY_CHARS)
    knowledge = turn.knowledge
    result = knowledge.ask(query)
    answered = result.id if result.status == "answer" else None
    # a post that asks several things gets each answer it can: the first here, the others
    # one tap away
    also = knowledge.also_asked(query, answered)
    if answered is None and also:
        first = also.pop(0)
        result = MatchResult("answer", first.id, first.score, [first])
    if result.status == "answer" and result.id is not None:
        turn.record(FaqAsked(None, "answer", result.id, result.score))
        show_entry(turn, result.id)
        if also:
            rows = [[buttons.faq(c.question, c.id)] for c in also]
            turn.say("also_asked", rows, questions=[c.question for c in also])
    elif result.status == "clarify":
        turn.record(FaqAsked(query, "clarify", None, result.score))
        rows: list[list[Button]] = [
            [buttons.faq(c.question, c.id, replace=True)] for c in result.candidates
        ]
        rows.append([turn.menu_button("none_of_these", "topics")])
        turn.say("clarify", rows)
    else:
        # out of scope is said plainly and not logged as a gap to fill; an in-scope question
        # without an entry is what the maintainer's "report unanswered" is for
        status = "outside" if result.outside else "none"
        turn.record(FaqAsked(query, status, None, result.score))
        turn.say(
            "not_found",
            _topic_rows(turn),
            declined=result.declined_topic,
            outside=result.outside,
            region=result.missing_region,
            non_english=False,
        )


def show_entry(turn: Turn, entry_id: str, *, replace: bool = False) -> bool:
    entry = turn.knowledge.entries.get(entry_id)
    if entry is None:
        return False
    entries = turn.knowledge.entries
    related = [entries[r] for r in entry.related if r in entries][:RELATED_BUTTONS]
    rows: list[list[Button]] = [[buttons.faq(r.question, r.id)] for r in related]
    rows.append(
        [
            buttons.vote(turn.label("buttons", "vote_up"), entry.id, True),
            buttons.vote(turn.label("buttons", "vote_down"), entry.id, False),
        ]
    )
    turn.say(
        "faq_answer",
        rows,
        replace=replace,
        entry=entry,
        reviewed=entry.reviewed.strftime("%-d %b %Y"),
    )
    return True


def vote(turn: Turn, entry_id: str, up: bool) -> None:
    if entry_id not in turn.knowledge.entries:
        turn.notice(turn.render("expired"))
        return
    key = f"{entry_id}{'+' if up else '-'}"
    if entry_id in turn.state.voted or key in turn.state.voted:
        turn.notice(turn.render("vote", repeated=True, up=up))
        return
    turn.state.voted = [*turn.state.voted[-(REMEMBERED_VOTES - 1) :], entry_id]
    turn.record(FaqVote(entry_id, up))
    turn.notice(turn.render("vote", repeated=False, up=up))


def topics(turn: Turn, *, replace: bool = False) -> None:
    turn.say("topics", _topic_rows(turn), replace=replace)


def group(turn: Turn, name: str) -> None:
    entries = [e for e in turn.knowledge.entries.values() if e.group == name]
    if not entries:
        topics(turn)
        return
    rows: list[list[Button]] = [[buttons.faq(e.question, e.id)] for e in entries]
    rows.append([turn.menu_button("all_topics", "topics")])
    turn.say(
        "topic_group", rows, replace=True, label=turn.label("groups", name), count=len(entries)
    )


def _topic_rows(turn: Turn) -> list[list[Button]]:
    names = list(turn.renderer.labels.get("groups", {}))
    present = {e.group for e in turn.knowledge.entries.values()}
    names = [n for n in names if n in present]
    country = turn.state.profile.country
    if country == "canada":
        names.sort(key=lambda n: n != "canada")
    elif country == "us":
        names.sort(key=lambda n: n == "canada")
    cells = [buttons.group(turn.label("groups", n), n) for n in names]
    return [cells[i : i + 2] for i in range(0, len(cells), 2)]
