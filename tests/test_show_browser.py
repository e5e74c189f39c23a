"""The show page as a front door, in a real browser: every episode with its date, a
line about it and its length; how to subscribe (the feed's address to copy, links that
open podcast apps); a filter box; an icon that costs no request. On conftest's
``page_site`` (published by the real `publish`), one browser for the module."""

from __future__ import annotations

import json
from urllib.parse import quote

import pytest

from browser_support import NEEDS_CHROMIUM, chrome, quit_chrome, transcript, wait_for

pytestmark = NEEDS_CHROMIUM
FEED_URL = "http://127.0.0.1:8000/feed.xml"  # publish's default base URL (the preview)


@pytest.fixture
def show(browser, page_site):
    browser.get(page_site["url"])
    return browser


def items(page) -> list[dict]:
    return page.execute_script("""
        return [].slice.call(document.querySelectorAll('#episodes > li')).map(function (li) {
          var time = li.querySelector('time'), about = li.querySelector('.summary');
          return {title: li.querySelector('h3').textContent, hidden: li.hidden,
                  date: time && time.getAttribute('datetime'), facts: li.querySelector('.facts').textContent,
                  about: about && about.textContent};
        });""")


def test_every_episode_has_its_date_a_line_about_it_and_its_length(show, page_site):
    listed = {i["title"]: i for i in items(show)}
    assert len(listed) == 5
    bridge = listed["River bridge reopens after two years"]
    assert bridge["date"] == "2026-03-02" and "Listening time 0:" in bridge["facts"]
    first = next(c["text"] for c in transcript(page_site["folders"]["bridge"]) if c["role"] == "body")
    assert bridge["about"] == first  # no description: the article's first sentence
    hostile = next(i for t, i in listed.items() if t.startswith("Q&A"))
    assert hostile["date"].startswith("2026-03-01")  # not published: when it was narrated
    assert hostile["about"].startswith("Ends a CDATA")
    assert all(len(i["about"]) <= 161 for i in listed.values())


def test_subscribe_offers_the_feed_address_and_podcast_app_links(show):
    field = show.execute_script("return document.getElementById('feed-url').value")
    assert field == FEED_URL
    links = show.execute_script("return [].slice.call(document.querySelectorAll('.apps a'))"
                                ".map(function (a) { return [a.textContent, a.getAttribute('href')]; })")
    assert links == [["Apple Podcasts", "podcast://127.0.0.1:8000/feed.xml"],
                     ["Other apps (pcast link)", "pcast://127.0.0.1:8000/feed.xml"],
                     ["Overcast", f"overcast://x-callback-url/add?url={quote(FEED_URL, safe='')}"],
                     ["Pocket Casts", "pktc://subscribe/127.0.0.1:8000/feed.xml"]]
    assert show.execute_script("return document.querySelector('link[rel=alternate]')"
                               ".getAttribute('href')") == "feed.xml"


def test_the_copy_button_copies_the_feed_address(show, page_site):
    origin = page_site["url"].rstrip("/")
    show.execute_cdp_cmd("Browser.grantPermissions", {
        "origin": origin, "permissions": ["clipboardReadWrite", "clipboardSanitizedWrite"]})
    show.execute_script("document.getElementById('copy-feed').click()")
    assert wait_for(show, "return document.getElementById('copy-status').textContent") == \
        "Address copied."
    show.set_script_timeout(10)
    assert show.execute_async_script(
        "var done = arguments[0]; navigator.clipboard.readText().then(done, String)") == FEED_URL


def test_the_filter_box_narrows_the_list(show):
    from selenium.webdriver.common.by import By

    box = show.find_element(By.ID, "filter")
    box.send_keys("COUNCIL budget")
    status = wait_for(show, "return document.getElementById('filter-status').textContent")
    assert status == "1 of 5 episodes shown."
    assert [i["title"] for i in items(show) if not i["hidden"]] == [
        "Council passes the budget after a long night"]
    box.send_keys(" zebra")
    wait_for(show, "return document.getElementById('filter-status').textContent"
                   " === 'No episode has those words.'")
    box.clear()
    box.send_keys(" ")
    wait_for(show, "return document.getElementById('filter-status').textContent === ''")
    assert not any(i["hidden"] for i in items(show))


def test_no_request_fails_on_load_and_the_icon_is_inline(browser, page_site):
    """The favicon is a data: URL, so the browser asks for no /favicon.ico (a 404)."""
    browser.get_log("performance")  # what came before
    for path in ("", page_site["folders"]["bridge"].name + "/"):
        browser.get(page_site["url"] + path)
        wait_for(browser, "return document.readyState === 'complete'")
        icon = browser.execute_script("return document.querySelector('link[rel=icon]').href")
        assert icon.startswith("data:image/svg+xml,")
    statuses = [(e["params"]["response"]["url"], e["params"]["response"]["status"])
                for e in map(lambda entry: json.loads(entry["message"])["message"],
                             browser.get_log("performance"))
                if e["method"] == "Network.responseReceived"]
    assert statuses and all(status < 400 for _url, status in statuses), statuses
    assert not any(url.endswith("favicon.ico") for url, _status in statuses)


def test_without_javascript_the_list_and_the_address_remain(page_site):
    driver = chrome(javascript=False)
    try:
        driver.get(page_site["url"])
        from selenium.webdriver.common.by import By

        assert len(driver.find_elements(By.CSS_SELECTOR, "#episodes > li")) == 5
        assert driver.find_element(By.ID, "feed-url").get_attribute("value") == FEED_URL
        assert not driver.find_element(By.ID, "filter-form").is_displayed()
        assert not driver.find_element(By.ID, "copy-feed").is_displayed()
    finally:
        quit_chrome(driver)
