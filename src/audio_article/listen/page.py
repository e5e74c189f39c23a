"""The listen page: one field for a link (or a dropped file), then the episode page's
player, chapters, speed and transcript, filled in as the render reaches them.

It is built from the episode page's parts (page/html.py's head with page.css, the
disclosure above the player and as its description, the same classes and ids, so the
episode page's styles and keyboard order apply): play, then each chapter, then the
speed, then the transcript as one Tab stop. Nothing here comes from a listener but the
render id, which is the server's own random name; what a render says (titles,
sentences) is put into the page by assets/listen.js as text, never as markup.
"""

from __future__ import annotations

from importlib import resources

from .. import DISCLOSURE
from ..page.episode import SPEEDS
from ..page.html import esc, head

MAX_FILE_MB = 10  # capped.ARTICLE_BYTES, as the page says it


def listen_page(token: str, nonce: str, channel_id: str | None, offer_publish: bool) -> str:
    live = f' data-channel="{esc(channel_id)}"' if channel_id else ""
    return "".join((
        head("Listen now", "en", f'<meta name="listen-token" content="{esc(token)}">\n'
             f"<style>\n{_css()}</style>\n"),
        '<body>\n<a class="skip" href="#transcript-heading">Skip to the transcript</a>\n'
        '<header class="site"><nav aria-label="Show"><a href="/index.html">All episodes'
        '</a></nav></header>\n<main id="main">\n<h1>Listen now</h1>\n',
        _form(token, offer_publish),
        '<p id="status" role="status" aria-live="polite"></p>\n'
        '<p id="problem" class="problem" role="alert" hidden></p>\n',
        f'<article id="live"{live}{"" if channel_id else " hidden"}>\n',
        '<h2 id="title" dir="auto"></h2>\n', _player(channel_id), _chapters(), _speed(),
        _transcript(), "</article>\n</main>\n",
        f'<script nonce="{esc(nonce)}">\n{_asset("listen.js")}</script>\n'
        "</body>\n</html>\n"))


def _css() -> str:
    return _asset("listen.css")


def _asset(name: str) -> str:
    return resources.files(__package__).joinpath("assets", name).read_text(encoding="utf-8")


def _form(token: str, offer_publish: bool) -> str:
    publish = ('<p><label><input type="checkbox" name="publish" value="1"> Also publish '
               'it to the podcast feed</label></p>\n') if offer_publish else ""
    return ('<form id="ask" method="post" action="/listen" class="ask">\n'
            f'<input type="hidden" name="token" value="{esc(token)}">\n'
            '<p><label for="url">Paste an article link or drop a file</label>\n'
            '<span class="field"><input id="url" name="url" type="url" inputmode="url" '
            'autocomplete="off" spellcheck="false" placeholder="https://" '
            'aria-describedby="ask-hint">\n<button type="submit" id="go">Listen</button>'
            '</span></p>\n'
            f'<p id="ask-hint" class="hint">A web page, or a .txt, .md or .html file of at '
            f'most {MAX_FILE_MB} MB. It starts playing in a moment; the whole episode is '
            'saved when it is done.</p>\n'
            '<p id="file-field" hidden><label for="file">Or choose a file</label>\n'
            '<input id="file" type="file" accept=".txt,.md,.markdown,.html,.htm,'
            'text/plain,text/markdown,text/html"></p>\n' + publish + "</form>\n")


def _player(channel_id: str | None) -> str:
    src = f' src="/live/{esc(channel_id)}/audio.mp3"' if channel_id else ""
    return (f'<p id="disclosure" class="disclosure" role="note"><strong>{esc(DISCLOSURE)}'
            "</strong> A synthetic voice reads the article; the transcript below is what "
            "it says.</p>\n"
            '<section class="player" aria-label="Player">\n'
            f'<audio id="audio" controls preload="auto"{src} aria-describedby="disclosure">'
            "</audio>\n"
            '<p class="controls"><button type="button" id="play" hidden>Play</button></p>\n'
            "</section>\n")


def _chapters() -> str:
    return ('<nav id="chapters" aria-labelledby="chapters-heading" hidden>\n'
            '<h2 id="chapters-heading">Chapters</h2>\n<ol></ol>\n</nav>\n')


def _speed() -> str:
    options = "".join(f'<option value="{s}"{" selected" if s == "1" else ""}>{s}×</option>'
                      for s in SPEEDS)
    return ('<p class="speed" id="speed-control" hidden><label for="speed">Playback speed'
            f'</label>\n<select id="speed">{options}</select></p>\n')


def _transcript() -> str:
    return ('<section id="transcript" aria-labelledby="transcript-heading">\n'
            '<h2 id="transcript-heading">Transcript</h2>\n'
            '<p class="hint" id="transcript-hint">The sentences appear as they are '
            "narrated. Select one to listen from there; with the keyboard, Tab to the "
            "transcript, move with the arrow keys and press Enter. The sentence being "
            "read is highlighted.</p>\n<div id=\"sentences\"></div>\n</section>\n")
