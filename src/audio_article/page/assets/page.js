// Progressive enhancement of the episode page: everything here is optional, the page
// without it still has the audio, the chapter links and the transcript.
(function () {
  "use strict";
  var audio = document.getElementById("audio");
  if (!audio) { return; }
  document.documentElement.classList.add("js");
  var BACK = 15, AHEAD = 30;
  var player = byId("player");
  var motion = window.matchMedia && window.matchMedia("(prefers-reduced-motion: reduce)");
  var cues = [].slice.call(document.querySelectorAll("#transcript .cue"));
  var speeds = [].slice.call(byId("speed").options).map(function (o) { return o.value; });
  var chapters = [];
  var current = null, currentWord = null, currentChapter = null;
  var store = storage("audio-article:" + location.pathname);

  function byId(id) { return document.getElementById(id); }
  function start(element) { return parseFloat(element.getAttribute("data-start")); }
  function pad(n) { return (n < 10 ? "0" : "") + n; }
  function clock(seconds) {
    var s = Math.max(0, Math.floor(seconds)), h = Math.floor(s / 3600);
    var m = Math.floor((s % 3600) / 60);
    return (h ? h + ":" + pad(m) : String(m)) + ":" + pad(s % 60);
  }
  function ready(then) {
    if (audio.readyState >= 1) { then(); } else { audio.addEventListener("loadedmetadata", then, { once: true }); }
  }

  // The listener's settings and place, per episode (localStorage; none where blocked).
  function storage(key) {
    function all() {
      try { return JSON.parse(window.localStorage.getItem(key) || "{}") || {}; } catch (e) { return {}; }
    }
    return {
      get: function (name) { return all()[name]; },
      set: function (name, value) {
        var data = all();
        if (value === undefined) { delete data[name]; } else { data[name] = value; }
        try { window.localStorage.setItem(key, JSON.stringify(data)); } catch (e) { /* private mode */ }
      }
    };
  }

  function seek(seconds) {
    // Seeking keeps playing, or stays paused: no sound the listener did not ask for.
    var end = isFinite(audio.duration) ? audio.duration : seconds;
    audio.currentTime = Math.max(0, Math.min(seconds, end));
    highlight(audio.currentTime);
  }
  function skip(by) { seek(audio.currentTime + by); }
  function toggle() {
    // play() rejects when the browser refuses (no audio device): the button stays "Play".
    if (audio.paused) { audio.play().catch(playState); } else { audio.pause(); }
  }
  function playState() { byId("play").textContent = audio.paused ? "Play" : "Pause"; }

  // ---------------------------------------------------------------- the player
  function setUpPlayer() {
    byId("controls").hidden = false;
    byId("tools").hidden = false;
    byId("play").addEventListener("click", toggle);
    byId("back").addEventListener("click", function () { skip(-BACK); });
    byId("ahead").addEventListener("click", function () { skip(AHEAD); });
    audio.addEventListener("play", playState);
    audio.addEventListener("pause", playState);
    audio.addEventListener("play", function () { window.requestAnimationFrame(everyFrame); });
    ["timeupdate", "seeked", "pause"].forEach(function (name) {
      audio.addEventListener(name, function () { highlight(audio.currentTime); });
    });
  }
  // timeupdate comes four times a second: too late for the word being said, so while
  // playing the highlight follows every frame.
  function everyFrame() {
    if (audio.paused) { return; }
    highlight(audio.currentTime);
    window.requestAnimationFrame(everyFrame);
  }

  function setUpSpeed() {
    var speed = byId("speed");
    speed.addEventListener("change", function () { setRate(parseFloat(speed.value)); });
    audio.addEventListener("ratechange", function () {
      var value = String(audio.playbackRate);
      if (speeds.indexOf(value) >= 0) { speed.value = value; }
      store.set("rate", audio.playbackRate);
    });
    var saved = store.get("rate");
    if (typeof saved === "number" && speeds.indexOf(String(saved)) >= 0) { setRate(saved); }
  }
  function setRate(rate) {
    // Both: a new load() resets playbackRate to defaultPlaybackRate.
    audio.defaultPlaybackRate = rate;
    audio.playbackRate = rate;
  }
  function stepSpeed(direction) {
    var index = speeds.indexOf(String(audio.playbackRate));
    if (index < 0) { index = speeds.indexOf("1"); }
    var next = speeds[Math.max(0, Math.min(speeds.length - 1, index + direction))];
    setRate(parseFloat(next));
  }

  // ------------------------------------------------------- chapters, now playing
  // Chapter links become buttons that seek in place instead of opening the MP3.
  function setUpChapters() {
    document.querySelectorAll("#chapters a.chapter").forEach(function (link) {
      var button = document.createElement("button");
      button.type = "button";
      button.className = "chapter";
      button.id = link.id;
      button.setAttribute("data-start", link.getAttribute("data-start"));
      button.innerHTML = link.innerHTML;
      button.addEventListener("click", function () { seek(start(button)); });
      link.parentNode.replaceChild(button, link);
      chapters.push(button);
    });
    byId("now-chapter").hidden = chapters.length < 2;
  }

  function showChapter(chapter) {
    var line = byId("now-chapter");
    line.textContent = "Chapter " + (chapters.indexOf(chapter) + 1) + " of " + chapters.length + ": ";
    line.appendChild(chapter.querySelector(".title").cloneNode(true));
  }

  // ------------------------------------------------------------- the transcript
  // Each sentence is a button (its name is its text), so a screen reader's browse mode
  // reads it and activates it with Enter; the transcript is one Tab stop, the arrow keys
  // move between sentences (a roving tabindex, WAI-ARIA Authoring Practices).
  function setUpTranscript() {
    byId("transcript-hint").hidden = false;
    cues.forEach(function (cue, i) {
      cue.setAttribute("role", "button");
      cue.tabIndex = i === 0 ? 0 : -1;
    });
    var transcript = byId("transcript");
    transcript.addEventListener("click", function (event) {
      var cue = event.target.closest(".cue");
      if (cue) { rove(cue, false); seek(start(cue)); }
    });
    transcript.addEventListener("keydown", transcriptKey);
  }
  function rove(cue, focus) {
    cues.forEach(function (other) { other.tabIndex = other === cue ? 0 : -1; });
    if (focus) { cue.focus(); }
  }
  var moves = { ArrowDown: 1, ArrowRight: 1, ArrowUp: -1, ArrowLeft: -1 };
  function transcriptKey(event) {
    var index = cues.indexOf(event.target);
    if (index < 0 || event.altKey || event.ctrlKey || event.metaKey) { return; }
    if (event.key === "Enter" || event.key === " ") {
      seek(start(event.target));
    } else if (moves[event.key]) {
      rove(cues[Math.max(0, Math.min(cues.length - 1, index + moves[event.key]))], true);
    } else if (event.key === "Home" || event.key === "End") {
      rove(cues[event.key === "Home" ? 0 : cues.length - 1], true);
    } else {
      return;
    }
    event.preventDefault();
  }

  // The last element whose start is at or before t (cues, words and chapters are in order).
  function at(items, t, time) {
    var found = null;
    for (var i = 0; i < items.length; i++) {
      if (time(items[i]) > t + 0.001) { break; }
      found = items[i];
    }
    return found;
  }
  function wordTime(word) { return parseFloat(word.getAttribute("data-t")); }

  function highlight(t) {
    var cue = at(cues, t, start);
    if (cue !== current) {
      mark(current, cue, "now");
      current = cue;
      if (cue) { follow(cue); }
    }
    var word = cue ? at(cue.querySelectorAll(".w"), t, wordTime) : null;
    if (word !== currentWord) {
      if (currentWord) { currentWord.classList.remove("now"); }
      if (word) { word.classList.add("now"); }
      currentWord = word;
    }
    var chapter = at(chapters, t, start);
    if (chapter !== currentChapter) {
      mark(currentChapter, chapter, null);
      currentChapter = chapter;
      if (chapter) { showChapter(chapter); }
    }
  }
  function mark(before, after, css) {
    if (before) { before.removeAttribute("aria-current"); if (css) { before.classList.remove(css); } }
    if (after) { after.setAttribute("aria-current", "true"); if (css) { after.classList.add(css); } }
  }

  // Keep the sentence being read in view while playing, unless the listener turned that
  // off or is using another control with the keyboard (moving the page would take it
  // away from them), without smooth scrolling for those who asked for reduced motion.
  function setUpFollow() {
    var box = byId("follow");
    box.checked = store.get("follow") !== false;
    box.addEventListener("change", function () { store.set("follow", box.checked); });
  }
  function follow(cue) {
    if (audio.paused || !byId("follow").checked || busyElsewhere()) { return; }
    var box = cue.getBoundingClientRect();
    if (box.top >= playerBottom() && box.bottom <= window.innerHeight) { return; }
    var reduce = motion && motion.matches;
    cue.scrollIntoView({ block: "center", behavior: reduce ? "auto" : "smooth" });
  }
  function busyElsewhere() {
    var focused = document.activeElement;
    if (!focused || focused === document.body || player.contains(focused)) { return false; }
    return focused.matches(":focus-visible, input, select, textarea");
  }

  // --------------------------------------------- focus never under the sticky player
  // The stylesheet keeps scroll-padding-top the player's height (so focus, a link's
  // target and scrollIntoView stop below it); this keeps that height measured, and
  // moves the page in the rare case focus still lands under the player.
  function playerBottom() {
    return getComputedStyle(player).position === "sticky" ? player.getBoundingClientRect().bottom : 0;
  }
  function keepClearOfPlayer() {
    function measure() {
      var height = getComputedStyle(player).position === "sticky" ? player.offsetHeight : 0;
      document.documentElement.style.setProperty("--player-height", height + "px");
    }
    measure();
    if (window.ResizeObserver) { new ResizeObserver(measure).observe(player); }
    window.addEventListener("resize", measure);
    document.addEventListener("focusin", function (event) {
      window.requestAnimationFrame(function () { uncover(event.target); });
    });
  }
  function uncover(element) {
    if (player.contains(element) || element !== document.activeElement) { return; }
    var box = element.getBoundingClientRect(), top = playerBottom() + 8;
    if (box.top < top) {
      window.scrollBy({ top: box.top - top, behavior: "auto" });
    } else if (box.bottom > window.innerHeight && box.height < window.innerHeight - top) {
      window.scrollBy({ top: box.bottom - window.innerHeight + 8, behavior: "auto" });
    }
  }

  // ---------------------------------------------------- where the listener left off
  function setUpResume() {
    var lastSaved = -1;
    function save() {
      if (!byId("resume").hidden) { return; }  // the offer stands: keep what it offers
      var t = Math.floor(audio.currentTime);
      if (t !== lastSaved) { store.set("t", audio.ended ? undefined : t); lastSaved = t; }
    }
    audio.addEventListener("timeupdate", function () { if (!audio.paused) { save(); } });
    audio.addEventListener("pause", save);
    audio.addEventListener("seeked", save);
    audio.addEventListener("ended", function () { store.set("t", undefined); });
    audio.addEventListener("play", function () { byId("resume").hidden = true; });
    byId("start-over").addEventListener("click", function () {
      byId("resume").hidden = true;
      store.set("t", undefined);
    });
    byId("resume-button").addEventListener("click", function () {
      byId("resume").hidden = true;
      seek(store.get("t") || 0);
    });
    if (!fragmentTime()) { ready(offerResume); }
  }
  function offerResume() {
    var t = store.get("t");
    if (typeof t !== "number" || t < 5 || (isFinite(audio.duration) && t > audio.duration - 5)) { return; }
    byId("resume-button").textContent = "Resume from " + clock(t);
    byId("resume").hidden = false;
  }

  // ------------------------------------------------- links to a moment: #t=95, #t=1:35
  function fragmentTime() {
    var match = /^#t=(?:(\d+):)?(?:(\d+):)?(\d+(?:\.\d+)?)$/.exec(location.hash);
    if (!match) { return null; }
    var parts = [match[1], match[2], match[3]].filter(function (p) { return p !== undefined; });
    return parts.reduce(function (total, part) { return total * 60 + parseFloat(part); }, 0);
  }
  function setUpFragment() {
    function go() {
      var t = fragmentTime();
      if (t !== null) { ready(function () { byId("resume").hidden = true; seek(t); }); }
    }
    window.addEventListener("hashchange", go);
    go();
  }
  function setUpShare() {
    var link = byId("share-link"), status = byId("share-status");
    byId("share").addEventListener("click", function () {
      var t = Math.floor(audio.currentTime);
      link.value = location.href.split("#")[0] + "#t=" + t;
      link.hidden = false;
      link.select();
      var said = "Link to " + clock(t) + " ";
      var copy = navigator.clipboard && window.isSecureContext
        ? navigator.clipboard.writeText(link.value) : Promise.reject(new Error("no clipboard"));
      copy.then(function () { status.textContent = said + "copied."; },
        function () { status.textContent = said + "is in the box beside: copy it from there."; });
    });
  }

  // -------------------------------------------------------------- search the transcript
  function setUpSearch() {
    var form = byId("search"), text = byId("search-text"), play = byId("search-play");
    var state = { query: null, found: [], index: -1 };
    form.hidden = false;
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      find(state, text.value);
    });
    text.addEventListener("input", function () { if (!text.value) { find(state, ""); } });
    play.addEventListener("click", function () {
      var cue = state.found[state.index];
      if (cue) { rove(cue, false); seek(start(cue)); audio.play().catch(playState); }
    });
  }
  function folded(text) {
    return text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLocaleLowerCase();
  }
  function find(state, query) {
    var wanted = folded(query.trim());
    if (wanted !== state.query) {
      state.found.forEach(function (cue) { cue.classList.remove("match", "current"); });
      state.found = wanted ? cues.filter(function (cue) { return folded(cue.textContent).indexOf(wanted) >= 0; }) : [];
      state.found.forEach(function (cue) { cue.classList.add("match"); });
      state.query = wanted;
      state.index = -1;
    }
    var before = state.found[state.index];
    if (before) { before.classList.remove("current"); }
    state.index = state.found.length ? (state.index + 1) % state.found.length : -1;
    showMatch(state, query.trim());
  }
  function showMatch(state, query) {
    var cue = state.found[state.index], status = byId("search-status");
    byId("search-play").hidden = !cue;
    if (!query) { status.textContent = ""; return; }
    if (!cue) { status.textContent = "No sentence has \u201c" + query + "\u201d."; return; }
    cue.classList.add("current");
    status.textContent = "Match " + (state.index + 1) + " of " + state.found.length +
      ", at " + clock(start(cue)) + ": " + cue.textContent.trim();
    var reduce = motion && motion.matches;
    cue.scrollIntoView({ block: "center", behavior: reduce ? "auto" : "smooth" });
  }

  // -------------------------------------------------------------- keyboard shortcuts
  // Space or k, j or Left, l or Right, < and >: never in a text box, a menu or the
  // audio element's own controls, and Space still presses a focused button. The
  // single-key ones can be turned off (WCAG 2.1.4 Character Key Shortcuts).
  var actions = {
    " ": toggle, k: toggle, j: function () { skip(-BACK); }, l: function () { skip(AHEAD); },
    ArrowLeft: function () { skip(-BACK); }, ArrowRight: function () { skip(AHEAD); },
    "<": function () { stepSpeed(-1); }, ">": function () { stepSpeed(1); }
  };
  function setUpShortcuts() {
    var box = byId("single-keys");
    box.checked = storage("audio-article:").get("single-keys") !== false;
    box.addEventListener("change", function () {
      storage("audio-article:").set("single-keys", box.checked);
      announceShortcuts(box.checked);
    });
    announceShortcuts(box.checked);
    document.addEventListener("keydown", shortcut);
  }
  function announceShortcuts(single) {
    var keys = { play: single ? "k Space" : "", back: single ? "j ArrowLeft" : "ArrowLeft",
      ahead: single ? "l ArrowRight" : "ArrowRight", speed: single ? "< >" : "" };
    Object.keys(keys).forEach(function (id) {
      if (keys[id]) { byId(id).setAttribute("aria-keyshortcuts", keys[id]); } else { byId(id).removeAttribute("aria-keyshortcuts"); }
    });
  }
  function shortcut(event) {
    var key = event.key.length === 1 ? event.key.toLowerCase() : event.key;
    var action = actions[key], target = event.target;
    if (!action || event.defaultPrevented || event.altKey || event.ctrlKey || event.metaKey) { return; }
    if (target.closest && target.closest("input, select, textarea, audio, [contenteditable]")) { return; }
    if (key.length === 1 && !byId("single-keys").checked) { return; }
    if (key === " " && target.closest && target.closest("button, a, summary, [role=button]")) { return; }
    event.preventDefault();
    action();
  }

  // ------------------------------------------------------------------ Media Session
  // Lock screens, headsets and media keys: the episode, its author and show, the cover;
  // seeking by 15 and 30 s or to a point, and the previous/next keys move by chapter.
  function setUpMediaSession() {
    if (!("mediaSession" in navigator)) { return; }
    var session = navigator.mediaSession;
    if (window.MediaMetadata) { session.metadata = new MediaMetadata(metadata()); }
    var handlers = {
      play: function () { audio.play().catch(playState); },
      pause: function () { audio.pause(); },
      seekbackward: function (d) { skip(-((d && d.seekOffset) || BACK)); },
      seekforward: function (d) { skip((d && d.seekOffset) || AHEAD); },
      seekto: function (d) { seek(d.seekTime); },
      previoustrack: chapters.length > 1 ? function () { byChapter(-1); } : null,
      nexttrack: chapters.length > 1 ? function () { byChapter(1); } : null
    };
    Object.keys(handlers).forEach(function (action) {
      try { session.setActionHandler(action, handlers[action]); } catch (e) { /* not supported */ }
    });
    ["loadedmetadata", "ratechange", "seeked", "play", "pause"].forEach(function (name) {
      audio.addEventListener(name, positionState);
    });
  }
  function metadata() {
    var data = { title: document.querySelector("h1").textContent.trim(),
      artist: player.getAttribute("data-artist") || "", album: player.getAttribute("data-album") || "",
      artwork: [] };
    var art = player.getAttribute("data-artwork");
    if (art) { data.artwork = [{ src: new URL(art, location.href).href, type: "image/jpeg" }]; }
    return data;
  }
  function positionState() {
    if (!isFinite(audio.duration) || !navigator.mediaSession.setPositionState) { return; }
    try {
      navigator.mediaSession.setPositionState({ duration: audio.duration,
        playbackRate: audio.playbackRate, position: Math.min(audio.currentTime, audio.duration) });
    } catch (e) { /* a position the browser refuses: the lock screen keeps the last one */ }
  }
  function byChapter(direction) {
    var now = at(chapters, audio.currentTime, start);
    var index = chapters.indexOf(now) + direction;
    // "Previous" a few seconds into a chapter goes to its start, as players do.
    if (direction < 0 && now && audio.currentTime - start(now) > 3) { index += 1; }
    var target = chapters[Math.max(0, Math.min(chapters.length - 1, index))];
    if (target) { seek(start(target)); }
  }

  setUpChapters();
  setUpPlayer();
  setUpSpeed();
  setUpTranscript();
  setUpFollow();
  setUpSearch();
  setUpShare();
  setUpShortcuts();
  setUpResume();
  setUpFragment();
  setUpMediaSession();
  keepClearOfPlayer();
  highlight(audio.currentTime);
}());
