"""Games: results ("beat Chelsea 2-0" "two nil"), records, tennis sets, cricket's runs and
wickets, Australian football and Gaelic scores (racing and odds: racing.py)."""

from __future__ import annotations

import re

from .. import numbers as N
from .common import american, when


@when(r"\d\s?[–—/-]\s?\d")
def scores(text: str) -> str:
    """In cricket, where a word of the game says so, "245-6" "two hundred forty-five for
    six"; tennis sets "6-4, 7-5" "six-four, seven-five"; a game's result "beat Chelsea 2-0"
    "two nil", "drew 1-1" "one all"; a team's record "(52-30)" "fifty-two and thirty"
    (odds: racing.odds). Any other pair is a range (numerals.ranges). An
    en dash between figures is a hyphen here ("2–0 win", set 32)."""
    text = re.sub(r"(?<=\d)[–—](?=\d)", "-", text)
    # A player's height in feet and inches before the weight: "the 6-5, 315-pound tackle" "six-five" (set 52).
    text = re.sub(r"(?<![\w.,-])([4-7])-(\d|1[01])(?=, \d{3}-pound)", lambda m: f"{N.cardinal(int(m[1]))}-"
                  f"{N.cardinal(int(m[2]))}", text)
    # A horse's price with a dash: "the 11-4 favourite" "eleven to four" (set 65).
    text = re.sub(r"(?<![\w.,-])(\d{1,3})-(\d{1,2})(?= (?:joint-)?(?:favourite|favorite|shot|outsider)\b)",
                  lambda m: f"{N.cardinal(int(m[1]))} to {N.cardinal(int(m[2]))}", text)
    # A tie outside North America: "tied 8-8" "eight all" (set 54).
    if N.is_british():
        text = re.sub(r"(?<=\btied )(\d{1,2})-\1\b(?!-)", lambda m: f"{_side(m[1])} all", text)
    if _CRICKET.search(text) and not _BASEBALL.search(text):
        text = _FIGURES.sub(_figures, text)
        # "won the series 3-1", "a 2-1 series lead": a result, not runs for wickets.
        text = _WICKETS.sub(lambda m: m.group() if _told_result(m) else _for(m), text)
        # Australian copy writes wickets first: "7/452" "seven for four hundred fifty-two"
        # (runs over 31, so never a date).
        text = _WICKETS_FIRST.sub(_for, text)
        if _INNINGS.search(text):  # "century" or "Test" alone is not enough for a dash
            text = _WICKETS_DASHED.sub(_for, text)
    text = _RECORD.sub(lambda m: f"{m['team'] or ''}{N.number(m['a'])} and {N.number(m['b'])}", text)
    text = _RECORD_TO.sub(_record_to, text)
    text = _PITCHER.sub(lambda m: f"{N.number(m['a'])} and {N.number(m['b'])}", text)
    text = _SERIES.sub(_series, text)
    if not N.is_british():
        text = _TEAM_RECORDS.sub(lambda m: _PAIR.sub(_and, m.group()), text)
        text = _RECORD_BEFORE_TEAM.sub(_and, text)
        if _SPORT.search(text):  # American records (set 31): "Baylor (21-8)", "10-0 in the conference"
            text = _AMERICAN_RECORD.sub(_american_record, text)
    text = _SETS.sub(lambda m: _sets(m.group()), text)
    if _RESULT.search(text) or N.is_british() and _ENDED.search(text):
        text = _GAMES.sub(_games, text)
        text = _GAELIC.sub(_gaelic, text)
        text = _SCORE.sub(_score, text)
    return text


# A game's result is told by a word of winning or drawing: "beat Chelsea 2-0", "a 1-1 draw".
# ... or by its place between the two sides, as live copy writes it: "Arsenal 1-0 Chelsea" (set 36).
_RESULT = re.compile(r"(?<=[a-z] )\d{1,2}-\d{1,2}(?= [A-Z][a-z])|\b(?:beat|beats|beaten|beating|won|win|wins|drew|draw|draws|drawn|lost|loses|lose|"
                     r"defeat|defeats|defeated|victory|thrashed|edged|hammered|thumped|routed|crushed|"
                     r"stunned|downed|trounced|humbled|whipped|outclassed|loss)\b|\bheld(?= (?:to )?(?:a )?\d)")
# British copy tells a result by how a game ended too: "ended 0-0" "nil nil", "finished
# 2-1" "two-one"; elsewhere "ended 2-1" is left to the ranges ("two to one").
_ENDED = re.compile(r"\b(?:ended|finished)(?= (?:all square at |level at )?\d{1,2}-\d)")
# A score where a side has nothing or both the same: "two nil", "one all", "nil nil"; no
# unit or count after it ("won 0-5% of the vote", "won 0-5 seats" are ranges).
_SCORE = re.compile(r"(?<![\w.,-])(?P<a>\d{1,2})-(?P<b>\d{1,2})(?![\w.%]?\d|-\w|\s?%|\s(?:per|percent)\b)"
                    r"(?!\s(?:seats|votes|points|games|matches|medals|years|months|weeks|days)\b)")
# North American copy says a side on nothing "nothing": "beat Dallas 3-0 in Game 4",
# "the Padres won 3-0" in an American paper. Where the article names no region, a word of
# an American game or of American sports writing ("scoreless", "shutout") tells it.
_AMERICAN = re.compile(r"\b(?:Game \d|NHL|NBA|WNBA|NFL|MLB|MLS|overtime|OT|touchdowns?|home runs?|"
                       r"quarterback|Stanley Cup|World Series|Super Bowl|playoffs?|scoreless|shutouts?|"
                       r"pitchers?|innings pitched|bullpen|RBIs?)\b")
# Gaelic games, goals-points for each side: "2-14 to 0-17" "two fourteen to nil seventeen".
_GAELIC = re.compile(r"(?<![\w.,-])(\d{1,2})-(\d{1,2}) to (\d{1,2})-(\d{1,2})(?![\w.-]?\d)")


def _side(n: str, nought: str = "nil") -> str:
    return nought if int(n) == 0 else N.cardinal(int(n))


def _score(m: re.Match) -> str:
    """"2-0" "two nil", "1-1" "one all", "0-0" "nil nil"; American copy "three to nothing",
    "nothing to nothing"; any other score keeps "to"."""
    a, b = m["a"], m["b"]
    if "0" in (a, b) and (american() or _AMERICAN.search(m.string)):
        return f"{_side(a, 'nothing')} to {_side(b, 'nothing')}"
    if int(a) == int(b):
        return "nil nil" if int(a) == 0 else f"{N.cardinal(int(a))} all"
    if "0" in (a, b):
        return f"{_side(a)} {_side(b)}"
    if N.is_british() and _told_result(m):  # "beat Chelsea 3-1" "three-one", as British commentators say it
        return f"{N.cardinal(int(a))}-{N.cardinal(int(b))}"
    return m.group()


def _series(m: re.Match) -> str:
    """A series lead: "three games to one" as American copy says it, "two-one" British."""
    a, b = N.number(m["a"]), N.number(m["b"])
    if N.is_british():
        return f"{m['pre']}{a}-{b}"
    return f"{m['pre']}{a} games to {'none' if m['b'] == '0' else b}"


def _told_result(m: re.Match) -> bool:
    """A result word just before the score ("beat Chelsea 3-1") or its noun after it ("a
    3-1 win"); not any pair of numbers in a sentence that has one ("aged 10-12")."""
    before = " ".join(m.string[:m.start()].split()[-4:])
    after = m.string[m.end():]
    if _COUNTED_AFTER.match(after):  # "lost 2-3 players", "won 3-4 councils": a range
        return False
    told = _RESULT.search(before) or N.is_british() and re.search(r"\b(?:ended|finished)$", before) \
        or _SERIES.search(m.string, 0, m.end())
    between = re.search(r"[a-z]$", before) and re.match(r" [A-Z][a-z]", after)  # "Liverpool 2-1 Manchester City"
    return bool(told or between) or re.match(r" (?:win|victory|defeat|loss|draw|lead|series)\b",
                                                     after) is not None


# A plural after the pair counts what the range is of; the words a result is told with
# after it ("at home", "thanks to", "in extra time") are not.
_COUNTED_AFTER = re.compile(r"\s+(?!(?:thanks|minutes|seconds|goals|points|runs|sets|games|frames|legs|"
                            r"wickets|as|was|is|has|this|thus)\b)[a-z]+s\b")


def _gaelic(m: re.Match) -> str:
    """Goals-points: a side's none is "zero" ("nought" and "nil" are heard too)."""
    return " to ".join(f"{N.cardinal(int(m[i]))} {N.cardinal(int(m[i + 1]))}" for i in (1, 3))


# An Australian football score, goals.behinds (total): "14.12 (96)". The total is six a
# goal and one a behind, which no decimal and count beside it would happen to equal.
_FOOTY = re.compile(r"(?<![\w.,])(\d{1,2})\.(\d{1,2}) \((\d{1,3})\)(?P<def> def\.)?")


# A quarter's goals and behinds without a total, in a sentence with a full score: "kicked
# 5.3 in the final quarter" "five three" (set 38).
_KICKED = re.compile(r"(?<=\bkicked )(\d{1,2})\.(\d{1,2})(?![\d.])")


@when(r"\d\.\d{1,2} \(\d|kicked \d")
def footy_scores(text: str) -> str:
    """"Western Bulldogs 14.12 (96) def. Collingwood" "fourteen twelve (ninety-six)
    defeated": goals, behinds and the total, only where the total adds up."""
    text = _KICKED.sub(lambda m: f"{N.cardinal(int(m[1]))} {N.cardinal(int(m[2]))}", text)
    def said(m: re.Match) -> str:
        goals, behinds, total = int(m[1]), int(m[2]), int(m[3])
        if 6 * goals + behinds != total:
            return m.group()
        return f"{N.cardinal(goals)} {N.cardinal(behinds)} ({N.cardinal(total)}){' defeated' if m['def'] else ''}"

    return _FOOTY.sub(said, text)


# A team's wins and losses, "the Yankees (52-30)", "a 10-2 record": "fifty-two and thirty".
_RECORD = re.compile(r"(?P<team>\b[A-Z][a-z]+s \()?(?<![\w.,-])(?P<a>\d{1,3})-(?P<b>\d{1,3})"
                     r"(?(team)(?=\))|(?= record\b))")
# In American copy, a team's record in brackets after its name ("No. 14 Baylor (21-8)"), in
# its conference ("10-0 in the conference"), or where it stands ("lead the West Division
# at 8-3"), or after its name ("the Broncos are 8-2", set 48), where the sentence is about a
# game (set 31).
_AMERICAN_RECORD = re.compile(
    r"(?P<pre>(?<=[A-Za-z] \()|\bwent |(?<=\b[Tt]he )[A-Z][a-z]+s (?:are|were) |\b(?:lead|leads|led|sit|sits|sat|stand|stands|stood) (?!the series)(?:[\w'.]+ ){0,4}at )?"
    r"(?<![\w.,-])(?P<a>\d{1,2})-(?P<b>\d{1,2})(?:(?P<post>(?<=\d)(?=\))| (?=in (?:the )?(?:conference|league|division|district|region)\b))"
    r"|(?![\w-]|[.,]\d))")
_SPORT = re.compile(r"\b(?:No\. \d|win|won|beat|fell|lost|Bowl|games?|season|seasons|playoffs?|tournament|conference|overall|"
                    r"NFL|NBA|NHL|MLB|WNBA|team)\b")


def _american_record(m: re.Match) -> str:
    if m["pre"] is None and not (m["post"] or "").startswith(" "):
        return m.group()  # a bare pair, or one in brackets after a figure ("7-6 (7-5)")
    return f"{m['pre'] or ''}{N.number(m['a'])} and {N.number(m['b'])}{m['post'] or ''}"


# A pitcher's wins and losses before his earned run average: "(11-6, 3.21 ERA)", "is 11-6
# with a 3.21 ERA".
_PITCHER = re.compile(r"(?<![\w.,-])(?P<a>\d{1,2})-(?P<b>\d{1,2})"
                      r"(?=(?:,|\s+with an?)\s+\d?\.\d\d\s+ERA\b)")
# American copy's records in brackets after a team, overall then in its conference:
# "Kansas State (18-7, 9-5 Big 12)", "Houston (22-3, 11-1 in the Big 12)". Two records
# make it one; a lone pair after a name that is no plural is left ("Section (3-5)"), and
# a tie's legs stay scores ("Seattle (2-0, 3-1 on aggregate)").
_TEAM_RECORDS = re.compile(r"(?<=[a-z] \()\d{1,3}-\d{1,3}(?: overall)?, \d{1,2}-\d{1,2}(?![\w-])"
                           r"(?![^()]*\b(?:agg|aggregate|pens|penalties|aet|a\.e\.t)\b)[^()\d]*(?:\d{1,2})?(?=\))")
# A team's record before its name, in American copy: "the 4-7 Jets" "four and seven" (set 43).
_RECORD_BEFORE_TEAM = re.compile(r"(?<=\b[Tt]he )(\d{1,2})-(\d{1,2})(?= [A-Z][a-z]+s\b(?! (?:win|victory|loss|defeat|rout|triumph)\b))")
_PAIR = re.compile(r"(?<![\w-])(\d{1,3})-(\d{1,3})(?![\w-])")


def _and(m: re.Match) -> str:
    return f"{N.number(m[1])} and {N.number(m[2])}"


# "improve to 9-2", "fell to 5-6": a record after a verb of moving to it.
_RECORD_TO = re.compile(r"(?P<verb>\b(?:improve|improved|improves|improving|fell|fall|falls|falling|dropped|"
                        r"drop|drops|dropping|moved|move|moves|moving|slipped|slipping|climbed|climbing)(?: (?:the|their|its)(?: [A-Z][\w'-]*){1,3})? to "
                        r"|\brecord (?:to|of|at) )"
                        r"(?P<a>\d{1,3})-(?P<b>\d{1,3})(?![\w.,-]?\d)"
                        r"(?!\s?(?:%|percent|per cent|degrees|points|inches|feet|days|weeks|months|years)\b)")
def _record_to(m: re.Match) -> str:
    """"improved to 9-2", "his record to 22-2" in any copy; "fell to 5-6" only where a game
    was won or lost, or another team's record improved ("improved to 14-3, while the
    Cowboys fell to 7-10")."""
    if not (m["verb"].startswith(("improv", "record")) or _RESULT.search(m.string) or
            re.search(r"\bimprov\w* to \d", m.string) or m.string.startswith(" on the season", m.end())):
        return m.group()
    return f"{m['verb']}{N.number(m['a'])} and {N.number(m['b'])}"


# A playoff series' lead in games: "lead the NLCS 3-1" "three games to one".
_SERIES = re.compile(r"(?P<pre>\blead(?:s|ing)? the (?:best-of-\w+ )?(?:series|[AN]L[CD]S|"
                     r"World Series|(?:NBA |Stanley Cup )?Finals?|first-round series) )(?P<a>[1-3])-(?P<b>[0-3])\b")
# Baseball counts innings too: "a 4-3 win in 11 innings" is no cricket score, nor is a
# playoff series ("lead the NLCS 3-1").
_BASEBALL = re.compile(r"\b(?:[AN]L (?:East|West|Central)|MLB|pitch(?:er|ed|ing)|homer(?:s|ed)?|home runs?|"
                       r"RBIs?|bullpen|extra innings|walk-off|World Series|[AN]L[CD]S|in 1\d innings|inning)\b")
# "over" alone is the preposition ("a 2-0 win over Bohemians"): an over is counted or named.
# A day's close or a batter's score names the game too: "closed on 287-6", "closed day one
# in Brisbane on 325-9", "unbeaten on 114".
_CRICKET = re.compile(r"\b(?:Lord's|(?:lead|trail|trailing) by \d+|not out|(?:closed|resumed|slumped)(?: [\w ]{1,30})? on \d{2,3}-\d|(?:posted|amassed|piled up) \d{3}[-/]\d\b|\d+ balls|unbeaten on \d+|overs|(?:\d|first|last|final|next|maiden|\d(?:st|nd|rd|th)) over|wickets?|innings|stumps|all out|declared|batting|bowled|bowler|"
                      r"Test|T20|ODI|IPL|cricket|century|at (?:tea|lunch)|[Cc]hasing \d{2,3},|"
                      r"restricted (?:[A-Z][\w']* ){0,3}to \d{2,3}/\d)(?!\w)")
# A tennis set: one side has six (to at most four) or seven (to five or six). A list of
# them ("6-4, 7-5"), or one after "set", is tennis; "3-1, 2-0" is not.
_SET = r"(?:6-[0-4]|[0-4]-6|7-[56]|[56]-7)(?:\s?\(\d{1,2}-\d{1,2}\))?"
# A set in play after them: "6-4, 3-6, 7-6, 2-1 in the fourth set" (set 36).
_SETS = re.compile(rf"(?<![\w.,-]){_SET}(?:,?\s{_SET})+(?:,\s[0-7]-[0-7](?= in the \w+ set\b))?(?![\w-])"
                   rf"|(?<=\bset ){_SET}(?![\w-])")
# A bowler's figures, wickets then runs: "5-42 from 10 overs", "figures of 3-27".
_FIGURES = re.compile(r"(?<![\w.,-])(\d|10)-(\d{1,3})(?![\w-])")
_TAKING = re.compile(r"\b(?:figures of|tak(?:ing|es)|took|claim(?:ing|ed|s)|return(?:ing|ed)|(?:finish|end)(?:ed|ing|s)? with) $")
_OVERS = re.compile(r"\s(?:from|in|off)\s\d{1,2}(?:\.\d)?\s?overs?\b")
_WICKETS_FIRST = re.compile(r"(?<![\w.,/-])(\d|10)/(3[2-9]|[4-9]\d|\d{3})(?![\w.,/-]?\d)")
# ... and with a dash: "Australia were 5-312 at stumps" (runs over 31: no score or date),
# where the copy speaks of an innings ("aged 6-59 months this century" does not).
_INNINGS = re.compile(r"\b(?:stumps|wickets?|overs|all out|declared|innings|batting|bowled|at (?:tea|lunch))\b")
_WICKETS_DASHED = re.compile(r"(?<![\w.,/-])(\d|10)-(3[2-9]|[4-9]\d|\d{3})(?![\w.,/-]?\d)")
# Not a third after a whole number: "7 1/3 innings" is a pitcher's, "seven and a third".
_WICKETS = re.compile(r"(?<![\w.,-])(?<!\d )(\d{1,3})[-/](\d|10)(?![\w.,/-]?\d)")
def _figures(m: re.Match) -> str:
    """A bowler's figures, wickets then runs: "5-42 from 10 overs", "figures of 3-27"."""
    if _TAKING.search(m.string, 0, m.start()) or _OVERS.match(m.string, m.end()):
        return _for(m)
    return m.group()


def _for(m: re.Match) -> str:
    """Cricket's two figures, as written: "287/6" "two hundred eighty-seven for six"."""
    return f"{N.cardinal(int(m[1]))} for {N.cardinal(int(m[2]))}"


# A match minute in live copy: "(23')" "(twenty-three minutes)", "on 45+2'" "forty-five plus
# two"; a batter's unbeaten score: "71*" "seventy-one not out" (set 36).
_MINUTE = re.compile(r"(?<![\w'])(?P<m>\d{1,3})(?:\+(?P<extra>\d{1,2}))?['′](?![\w'])")
_NOT_OUT = re.compile(r"(?<![\w.,])(?P<n>\d{1,3})\*(?=[\s,.;)]|$)")


@when(r"\d['′]|\d\*")
def match_minutes(text: str) -> str:
    """"(23')" "(twenty-three minutes)", "45+2'" "forty-five plus two"; "71*" "seventy-one
    not out" where the sentence is about cricket."""
    if "*" in text and _CRICKET.search(text):
        text = _NOT_OUT.sub(lambda m: f"{N.cardinal(int(m['n']))} not out", text)
    if not re.search(r"\d{1,3}(?:\+\d{1,2})?['′]", text) or not (_RESULT.search(text) or "Live" in text):
        return text
    return _MINUTE.sub(lambda m: f"{N.cardinal(int(m['m']))} plus {N.cardinal(int(m['extra']))}" if m["extra"]
                       else f"{N.cardinal(int(m['m']))} minutes", text)


# Rally-scored games after a result: badminton's to 21, squash's and table tennis's to 11,
# volleyball's to 25 (a fifth set to 15), won by two past it: "beat Antonsen 21-17, 21-15"
# "twenty-one seventeen, twenty-one fifteen" (set 42).
_GAMES = re.compile(r"(?<![\w.,-])\d{1,2}-\d{1,2}(?:,\s\d{1,2}-\d{1,2})+(?![\w-]|[.,]\d)")


def _games(m: re.Match) -> str:
    pairs = [(int(a), int(b)) for a, b in re.findall(r"(\d+)-(\d+)", m.group())]
    won = [(max(p), min(p)) for p in pairs]
    if not (all(w in (11, 15, 21, 25) and lost <= w - 2 or 11 < w <= 30 and w - lost == 2 for w, lost in won)
            and any(w in (11, 15, 21, 25) for w, _lost in won)):
        return m.group()
    return ", ".join(f"{N.cardinal(a)} {_side(str(b))}" for a, b in pairs)


def _sets(written: str) -> str:
    """"6-4, 7-6 (7-3)" "six-four, seven-six, seven-three": each set as "six-four"."""
    written = re.sub(r"(?<=\d) (?=\d)", ", ", written)  # "4-6 6-4" is a list too
    written = re.sub(r"(?<=\d)\(", " (", written)  # "7-6(7-0)": the tie-break apart (outside test)
    return re.sub(r"(\()?(\d{1,2})-(\d{1,2})\)?",
                  lambda m: f"{_games_won(m[2], m[1])}-{_games_won(m[3], m[1])}", written)


def _games_won(n: str, tie_break: str | None) -> str:
    """A set's none is "love" ("six-love", set 68; "six-zero" is heard less); a tie-break's
    points in brackets are counted, "seven-zero"."""
    return "love" if n == "0" and not tie_break else N.cardinal(int(n))
