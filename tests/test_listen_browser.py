"""`audio-article listen` in a real browser (Debian's Chromium, selenium): a link pasted
into the page plays while it is still being narrated, the transcript and chapters fill
in, the keyboard reaches the player and the chapters, axe-core finds nothing to fix, and
closing the tab stops the render (its worker processes exit, nothing is saved). A link
to a loopback address, on a server run without --allow-private, is refused on the page.

The article is served by a local test server; the listen server is the real CLI.
"""

from __future__ import annotations

import json

import pytest

from listen_support import (ArticleSite, ListenServer, long_article, partials, wait_until,
                            worker_pids)
from test_kill import assert_gone
from browser_support import NEEDS_CHROMIUM, axe, chrome, quit_chrome, wait_for

pytestmark = NEEDS_CHROMIUM


@pytest.fixture(scope="module")
def article_site():
    # Long enough (about 25 minutes of audio) to be still rendering while it is heard.
    with ArticleSite({"/news/long": long_article(4000, "The long road north")}) as site:
        yield site


@pytest.fixture(scope="module")
def browser():
    driver = chrome()
    yield driver
    quit_chrome(driver)


def paste(driver, url: str) -> None:
    from selenium.webdriver.common.by import By

    field = driver.find_element(By.ID, "url")
    field.clear()
    field.send_keys(url)
    driver.find_element(By.ID, "go").click()


def test_a_pasted_link_plays_while_it_is_narrated_and_leaving_stops_it(
        browser, article_site, tmp_path):
    with ListenServer(tmp_path, "--allow-private") as server:
        main = browser.current_window_handle
        browser.switch_to.new_window("tab")
        browser.get(server.url)
        paste(browser, article_site.url("/news/long"))
        wait_for(browser, "return document.getElementById('audio').currentTime > 3", 90)
        heard = browser.execute_script("return document.querySelectorAll('.cue').length")
        assert "Saved" not in browser.find_element("id", "status").text
        assert not list(server.out.glob("*/episode.json"))  # still being narrated
        wait_for(browser, f"return document.querySelectorAll('.cue').length > {heard}", 60)
        assert browser.find_element("id", "title").text == "The long road north"
        reached = tab_through(browser)
        assert "play" in reached and "chapter-1" in reached, reached
        assert reached.index("play") < reached.index("chapter-1")
        workers = worker_pids(server.pid)
        assert workers, "the render's synthesis workers are running"
        browser.close()  # the listener leaves
        browser.switch_to.window(main)
        assert_gone(workers, within=60)
        wait_until(lambda: not partials(server.out), 30, "the staging folder to go")
        assert not list(server.out.glob("*/episode.json"))


def tab_through(driver, presses: int = 30) -> list[str]:
    from selenium.webdriver.common.action_chains import ActionChains
    from selenium.webdriver.common.keys import Keys

    driver.execute_script("document.getElementById('url').focus()")
    reached = []
    for _ in range(presses):
        ActionChains(driver).send_keys(Keys.TAB).perform()
        reached.append(driver.execute_script("return document.activeElement.id"))
    return reached


def test_a_finished_listen_is_saved_and_its_page_is_accessible(
        browser, article_site, tmp_path):
    title = 'A short <b>one</b> & a "quote"'  # text, never markup, on the page
    with ArticleSite({"/short": long_article(60, title)}) as short, \
            ListenServer(tmp_path, "--allow-private") as server:
        browser.get(server.url)
        paste(browser, short.url("/short"))
        wait_for(browser, "return /Saved/.test(document.getElementById('status').textContent)",
                 120)
        assert browser.find_element("id", "title").text == title
        assert not browser.execute_script("return document.querySelector('#live b')")
        assert list(server.out.glob("*/episode.json"))
        browser.execute_script("document.querySelector('#chapters .chapter').click()")
        wait_for(browser, "return document.querySelector('.cue.now')")
        results = axe(browser)
    assert results["violations"] == [], json.dumps(results["violations"], indent=1)[:3000]


def test_a_private_link_is_refused_on_the_page(browser, article_site, tmp_path):
    with ListenServer(tmp_path, "-j", "1") as server:  # no --allow-private
        browser.get(server.url)
        paste(browser, article_site.url("/news/long"))
        problem = wait_for(browser, "var p = document.getElementById('problem');"
                                    "return !p.hidden && p.textContent", 30)
        assert "refusing to fetch from 127.0.0.1" in problem and "loopback" in problem
        paste(browser, "file:///etc/passwd")  # refused before any render
        problem = wait_for(browser, "var p = document.getElementById('problem');"
                                    "return /only http/.test(p.textContent) && p.textContent")
    assert problem == "only http and https URLs can be fetched, not file:///etc/passwd"
    assert not list(server.out.glob("*/episode.json")) and not partials(server.out)
