"""Helpers for the browser tests (no tests here): Debian's Chromium driven by selenium,
axe-core from npm, the checks run inside the page, and the episodes they run on.

The episodes are narrated once per test session by the real CLI (conftest.py's
``page_site``): the bundled sample and a short news story with the default voice
(hibari, which times its words), a long article in ten chapters with a 90-letter word
and an 80-character URL (with eSpeak NG, the fast voice: those tests are about the page),
a Hebrew article (right to left, eSpeak NG's Hebrew voice), and the hostile Hebrew
episode of the feed goldens; then published into one feed (the real `publish`, which
writes the pages) and served by the real `audio-article serve`.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest

CHROMIUM, DRIVER = shutil.which("chromium"), shutil.which("chromedriver")
# axe-core from its npm package, which the Makefile installs into the virtual environment.
AXE = Path(sys.prefix) / "node_modules/axe-core/axe.min.js"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]
NEEDS_CHROMIUM = pytest.mark.skipif(
    not (CHROMIUM and DRIVER),
    reason="needs Debian's chromium and chromium-driver (make test installs them with "
           "apt-get; no apt-get here, or it failed)")
# Root in a container: no sandbox; the background flags keep it off Google's hosts, which
# are unreachable here. Autoplay without a gesture lets a test press play from script.
FLAGS = ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic",
         "--no-first-run", "--disable-background-networking", "--disable-component-update",
         "--disable-sync", "--disable-dev-shm-usage", "--mute-audio",
         "--autoplay-policy=no-user-gesture-required", "--window-size=1280,900")

BRIDGE = """Title: River bridge reopens after two years
By: Olena Kovalenko
Date: 2026-03-02
URL: https://example.com/news/bridge?a=1&b=2
Site: Example News

The old bridge over the river reopened on Monday after two years of repairs. Engineers \
replaced the deck and the railings.

## Traffic returns

Buses crossed first. Cyclists followed in the afternoon, and a brass band played.

## What comes next

The city plans a second bridge. Work starts in the spring.
"""
SAMPLE = Path(__file__).resolve().parents[1] / "src/audio_article/samples/kyiv-independent-20-days.txt"
SAMPLE_TITLE = "Twenty days of Russia's full-scale war against Ukraine"
LONG_WORD = "Wolfeschlegelsteinhausenbergerdorffwelchevoralternwarengewissenhaftschaferswessenschafe" \
            "warenwohl"[:90]
LONG_URL = "https://example.com/reports/2026/city-council/budget-appendix/full-text-vote.pdf"
SECTIONS = ("Morning session", "Housing", "Transport", "Schools", "Parks", "Water",
            "Public comment", "The vote")
HEBREW = """Title: הגשר על הנהר נפתח מחדש
By: אולנה קובלנקו
Date: 2026-03-02
URL: https://example.com/he/bridge
Site: חדשות לדוגמה
Language: he

הגשר הישן מעל הנהר נפתח מחדש ביום שני אחרי שנתיים של שיפוצים. המהנדסים החליפו את המשטח.

## התנועה חוזרת

האוטובוסים חצו ראשונים. רוכבי האופניים הגיעו אחר הצהריים.
"""
HEBREW_VOICE = """name = "hebrew"
description = "eSpeak NG's Hebrew voice"
[defaults]
engine = "pyttsx3"
voice = "sem/he"
"""


def long_article() -> str:
    """Nine chapters (the intro and eight sections) of short sentences; one holds a
    90-letter word, one an 80-character URL (the page must reflow around both)."""
    parts = ["Title: Council passes the budget after a long night", "By: Ana Reyes",
             "Date: 2026-03-04", "Site: Example News", "",
             "The city council met for fourteen hours. It passed the budget at dawn."]
    for number, heading in enumerate(SECTIONS, 1):
        parts += ["", f"## {heading}", "",
                  f"Item {number} took most of an hour. Members asked many questions.",
                  "", "The answers came slowly. A vote followed."]
    parts[-1] = f"The longest name read out was {LONG_WORD}. The full text is at {LONG_URL} online."
    return "\n".join(parts) + "\n"


def narrate(source: Path, out: Path, voice: str = "default", *title: str) -> Path:
    done = subprocess.run([sys.executable, "-m", "audio_article", "narrate", str(source),
                           "--voice", voice, "-o", str(out), *title],
                          capture_output=True, timeout=600)
    assert done.returncode == 0, done.stderr.decode()
    return Path(done.stdout.decode().split()[0]).parent


def build_site(out: Path) -> dict:
    """The episodes narrated and published into ``out`` (see the module docstring)."""
    from audio_article.page import write_pages
    from test_publish_support import GOLDEN_EPISODES, make_episode

    sources = out.parent / "sources"
    sources.mkdir()
    (sources / "bridge.txt").write_text(BRIDGE, encoding="utf-8")
    (sources / "council.txt").write_text(long_article(), encoding="utf-8")
    (sources / "hebrew.txt").write_text(HEBREW, encoding="utf-8")
    (sources / "hebrew.toml").write_text(HEBREW_VOICE, encoding="utf-8")
    hostile = make_episode(out / "q-a-bold", **GOLDEN_EPISODES["escaping"]["episodes/q-a-bold"])
    write_pages(hostile, out)
    folders = {"sample": narrate(SAMPLE, out, "default", "--title", SAMPLE_TITLE),
               "bridge": narrate(sources / "bridge.txt", out),
               "long": narrate(sources / "council.txt", out, "espeak")}
    # Narrated last, so the newest: the show page is in Hebrew, right to left. An episode
    # is dated to the second; on a fast machine two could share one and tie, so wait.
    time.sleep(1.1)
    folders["hebrew"] = narrate(sources / "hebrew.txt", out, str(sources / "hebrew.toml"))
    folders["hostile"] = hostile
    done = subprocess.run([sys.executable, "-m", "audio_article", "publish",
                           *map(str, folders.values()), "--feed", str(out / "feed.xml")],
                          capture_output=True, timeout=120, cwd=out.parent)
    assert done.returncode == 0, done.stderr.decode()
    return folders


def serve(out: Path):
    """`audio-article serve out` on a free port: (process, base URL)."""
    server = subprocess.Popen([sys.executable, "-m", "audio_article", "serve", str(out),
                               "--port", "0", "--quiet"], stderr=subprocess.PIPE, text=True)
    line = server.stderr.readline()
    match = re.search(r"http://127\.0\.0\.1:(\d+)/", line)
    assert match, line
    return server, f"http://127.0.0.1:{match.group(1)}/"


def chrome(javascript: bool = True):
    pytest.importorskip("selenium", reason="needs selenium (the test extra)")
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in FLAGS:
        options.add_argument(flag)
    profile = tempfile.mkdtemp(prefix="chromium-profile-")
    options.add_argument(f"--user-data-dir={profile}")
    options.set_capability("goog:loggingPrefs", {"performance": "ALL", "browser": "ALL"})
    if not javascript:
        options.add_experimental_option(
            "prefs", {"profile.managed_default_content_settings.javascript": 2})
    driver = webdriver.Chrome(options=options, service=Service(DRIVER))
    driver.profile_dir = profile
    return driver


def quit_chrome(driver) -> None:
    driver.quit()
    shutil.rmtree(driver.profile_dir, ignore_errors=True)


def wait_for(driver, script: str, timeout: float = 10.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = driver.execute_script(script)
        if value:
            return value
        time.sleep(0.05)
    raise AssertionError(f"timed out waiting for: {script}")


def open_page(driver, url: str):
    """``url`` loaded afresh (nothing remembered from another test: the page reads its
    stored place and settings as it loads), its audio's metadata too."""
    driver.get(url)
    driver.execute_script("localStorage.clear()")
    driver.get(url)
    wait_for(driver, "return document.getElementById('audio').readyState >= 1")
    return driver


def emulate(driver, width: int | None = None, **media: str) -> None:
    """Media features (prefers-color-scheme="dark", forced-colors="active") and a
    viewport width; nothing given: back to the defaults."""
    features = [{"name": name.replace("_", "-"), "value": value} for name, value in media.items()]
    driver.execute_cdp_cmd("Emulation.setEmulatedMedia", {"features": features})
    if width:
        driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", {
            "width": width, "height": 800, "deviceScaleFactor": 1, "mobile": width < 500})
    else:
        driver.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})


def axe(driver) -> dict:
    """axe-core's rules for AXE_TAGS on the page in ``driver``."""
    if not AXE.is_file():
        pytest.skip(f"needs axe-core's axe.min.js at {AXE} (make test installs it with npm)")
    driver.execute_script(AXE.read_text(encoding="utf-8"))
    driver.set_script_timeout(60)
    # A highlight fades in (0.2 s): axe would measure its contrast half-way through.
    driver.execute_async_script(
        "var done = arguments[arguments.length - 1];"
        "Promise.all(document.getAnimations().filter(function (a) {"
        "  return isFinite(a.effect.getComputedTiming().endTime); })"
        "  .map(function (a) { return a.finished.catch(function () {}); }))"
        ".then(function () { done(); });")
    return driver.execute_async_script(
        "var done = arguments[arguments.length - 1];"
        f"axe.run(document, {{runOnly: {{type: 'tag', values: {json.dumps(AXE_TAGS)}}}}})"
        ".then(done, function (error) { done({error: String(error)}); });")


# Waits until the page has stopped scrolling (three animation frames at the same place):
# focus and the page's own scrolling may be smooth.
SETTLE = """
var done = arguments[arguments.length - 1], last = -1, still = 0, frames = 0;
(function tick() {
  var y = window.scrollY;
  still = y === last ? still + 1 : 0;
  last = y;
  if (still >= 3 || ++frames > 120) { done(y); } else { requestAnimationFrame(tick); }
}());
"""

# The focused element, and what is wrong with where it is: a corner (of each of its
# line boxes, a little inside its rounded edge) outside the window, or under another
# element (WCAG 2.2 2.4.11: document.elementsFromPoint's first hit must be it).
FOCUS_CHECK = """
function describe(el) {
  if (!el) { return "nothing"; }
  return el.tagName.toLowerCase() + (el.id ? "#" + el.id : "") +
    (el.className && typeof el.className === "string" ? "." + el.className.split(" ").join(".") : "") +
    (el.textContent ? " '" + el.textContent.trim().slice(0, 30) + "'" : "");
}
var el = document.activeElement;
if (!el || el === document.body || el === document.documentElement) { return {element: null, problems: []}; }
var problems = [], boxes = [].slice.call(el.getClientRects()).filter(function (r) { return r.width > 0 && r.height > 0; });
if (!boxes.length) { problems.push("no box"); }
boxes.forEach(function (r) {
  var dx = Math.min(8, r.width / 4), dy = Math.min(8, r.height / 4);
  [[r.left + dx, r.top + dy], [r.right - dx, r.top + dy], [r.left + dx, r.bottom - dy], [r.right - dx, r.bottom - dy]].forEach(function (p) {
    if (p[0] < 0 || p[1] < 0 || p[0] > window.innerWidth || p[1] > window.innerHeight) {
      problems.push("corner " + p.map(Math.round) + " outside the window"); return;
    }
    var top = document.elementsFromPoint(p[0], p[1])[0];
    if (!(top === el || el.contains(top))) { problems.push("corner " + p.map(Math.round) + " under " + describe(top)); }
  });
});
return {element: describe(el), problems: problems, scrollY: Math.round(window.scrollY),
        top: boxes.length ? Math.round(boxes[0].top) : null};
"""


def focus_report(driver) -> dict:
    driver.set_script_timeout(10)
    driver.execute_async_script(SETTLE)
    return driver.execute_script(FOCUS_CHECK)


def press(driver, *keys, shift: bool = False) -> None:
    """Real key presses; ``shift`` held down through them (Shift+Tab)."""
    from selenium.webdriver.common.action_chains import ActionChains
    from selenium.webdriver.common.keys import Keys

    chain = ActionChains(driver)
    if shift:
        chain.key_down(Keys.SHIFT)
    chain.send_keys(*keys)
    if shift:
        chain.key_up(Keys.SHIFT)
    chain.perform()


def vtt_cues(folder: Path) -> list[tuple[float, float]]:
    text = (folder / "transcript.vtt").read_text(encoding="utf-8")
    times = re.findall(r"(\d\d):(\d\d):(\d\d\.\d{3}) --> (\d\d):(\d\d):(\d\d\.\d{3})", text)
    return [(int(a) * 3600 + int(b) * 60 + float(c), int(d) * 3600 + int(e) * 60 + float(f))
            for a, b, c, d, e, f in times]


def transcript(folder: Path) -> list[dict]:
    return json.loads((folder / "transcript.json").read_text(encoding="utf-8"))["cues"]


def chapters(folder: Path) -> list[float]:
    data = json.loads((folder / "chapters.json").read_text(encoding="utf-8"))
    return [c["startTime"] for c in data["chapters"]]


def audio_state(driver, name: str):
    return driver.execute_script(f"return document.getElementById('audio').{name}")
