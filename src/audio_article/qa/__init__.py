"""qa: check what an episode says by transcribing it offline (issue 15).

Library use::

    from audio_article.qa import check_episode, read_episode
    report = check_episode(read_episode(Path("output/twenty-days")))
    print(report.wer, [s.text for s in report.flagged])
"""

from .check import QaReport, SentenceResult, check_episode
from .episode import read_episode

__all__ = ["QaReport", "SentenceResult", "check_episode", "read_episode"]
