"""Every test run gets its own clip cache and engine cache (speech/derived.py), so tests
neither read nor fill the user's."""

import os
import signal

import pytest

# A suite started in the background (`make test &`, nohup, a CI runner) inherits SIGINT
# and SIGHUP ignored, and so would every CLI the tests start: an ignored signal stays
# ignored across exec, and Python then installs no KeyboardInterrupt. The tests that stop
# `serve` with Ctrl-C or a narration with a hang-up would see it ignored (as the CLI
# rightly does under nohup). A handled signal is reset to its default in a child.
for _signal, _handler in ((signal.SIGINT, signal.default_int_handler),
                          (getattr(signal, "SIGHUP", None), signal.SIG_DFL)):
    if _signal is not None and signal.getsignal(_signal) == signal.SIG_IGN:
        signal.signal(_signal, _handler)


@pytest.fixture(scope="session", autouse=True)
def isolated_clip_cache(tmp_path_factory):
    folder = tmp_path_factory.mktemp("clip-cache")
    previous = os.environ.get("AUDIO_ARTICLE_CACHE_DIR")
    os.environ["AUDIO_ARTICLE_CACHE_DIR"] = str(folder)
    yield folder
    if previous is None:
        os.environ.pop("AUDIO_ARTICLE_CACHE_DIR", None)
    else:
        os.environ["AUDIO_ARTICLE_CACHE_DIR"] = previous


@pytest.fixture(scope="session", autouse=True)
def isolated_engine_cache(tmp_path_factory):
    folder = tmp_path_factory.mktemp("engine-cache")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("AUDIO_ARTICLE_ENGINE_CACHE", str(folder))
        yield folder


@pytest.fixture(scope="session")
def page_site(tmp_path_factory, isolated_clip_cache):
    """The browser tests' episodes, narrated and published once per session, and served
    (tests/browser_support.py says which and why)."""
    from browser_support import build_site, serve

    out = tmp_path_factory.mktemp("site") / "out"
    out.mkdir()
    folders = build_site(out)
    server, url = serve(out)
    yield {"out": out, "url": url, "folders": folders}
    server.terminate()
    server.wait(timeout=10)


@pytest.fixture(scope="module")
def browser():
    """One Chromium for a module of browser tests (tests/browser_support.py)."""
    from browser_support import chrome, quit_chrome

    driver = chrome()
    yield driver
    quit_chrome(driver)
