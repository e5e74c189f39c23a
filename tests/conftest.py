"""Every test run gets its own clip cache and engine cache (speech/derived.py), so tests
neither read nor fill the user's."""

import os

import pytest


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
