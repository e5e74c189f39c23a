// The listen page: ask for an article, play its stream at once, and fill in the
// chapters and the transcript as the server reaches them (server-sent events). What the
// server says is put in as text (textContent), never as markup. Without JavaScript the
// form still works: the server answers with a page that plays the stream.
(function () {
  "use strict";
  function byId(id) { return document.getElementById(id); }
  var form = byId("ask"), audio = byId("audio"), live = byId("live");
  var token = document.querySelector('meta[name="listen-token"]').content;
  var list = byId("chapters").querySelector("ol"), sentences = byId("sentences");
  var motion = window.matchMedia && window.matchMedia("(prefers-reduced-motion: reduce)");
  var cues = [], chapters = [], section = null, current = null, currentChapter = null;
  var source = null;
  document.documentElement.classList.add("js");

  function say(text) { byId("status").textContent = text; }
  function problem(text) {
    var p = byId("problem");
    p.textContent = text;
    p.hidden = !text;
  }
  function clock(ms) {
    var s = Math.floor(ms / 1000), m = Math.floor(s / 60);
    return (m >= 60 ? Math.floor(m / 60) + ":" + pad(m % 60) : m) + ":" + pad(s % 60);
  }
  function pad(n) { return (n < 10 ? "0" : "") + n; }
  function start(el) { return parseFloat(el.getAttribute("data-start")); }

  // --- asking --------------------------------------------------------------------
  function ask(body, query, type) {
    problem("");
    say("Asking for the article…");
    var headers = { "Accept": "application/json", "X-Listen-Token": token };
    if (type) { headers["Content-Type"] = type; }
    fetch("/listen" + query, { method: "POST", headers: headers, body: body,
                               credentials: "same-origin" })
      .then(function (r) { return r.json().then(function (d) { return [r, d]; }); })
      .then(function (answer) {
        if (!answer[0].ok) { say(""); problem(answer[1].error || "Refused."); return; }
        history.replaceState(null, "", answer[1].page);
        follow(answer[1].events, answer[1].audio, true);
      })
      .catch(function () { say(""); problem("The listen server did not answer."); });
  }
  function publishing() {
    var box = form.querySelector('input[name="publish"]');
    return box && box.checked ? "1" : "";
  }
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var data = new URLSearchParams(new FormData(form));
    ask(data, "", "application/x-www-form-urlencoded");
  });
  function upload(file) {
    if (!file) { return; }
    var query = "?name=" + encodeURIComponent(file.name) + "&publish=" + publishing();
    ask(file, query, "application/octet-stream");
  }
  byId("file-field").hidden = false;
  byId("file").addEventListener("change", function () { upload(this.files[0]); });
  document.addEventListener("dragover", function (event) { event.preventDefault(); });
  document.addEventListener("drop", function (event) {
    event.preventDefault();
    upload(event.dataTransfer.files[0]);
  });

  // --- following a render ----------------------------------------------------------
  function reset() {
    cues = []; chapters = []; section = null; current = currentChapter = null;
    list.textContent = ""; sentences.textContent = ""; byId("title").textContent = "";
    byId("chapters").hidden = true;
  }
  function follow(events, stream, play) {
    if (source) { source.close(); }
    reset();
    live.hidden = false;
    if (stream) { audio.src = stream; }
    if (play) { audio.play().catch(playState); }
    say("Starting…");
    source = new EventSource(events);
    source.onmessage = function (message) { handle(JSON.parse(message.data)); };
  }
  var handlers = {
    queued: function (e) { say("Waiting for its turn: " + e.position + " ahead."); },
    started: function (e) {
      byId("title").textContent = e.title;
      byId("title").lang = e.language;
      document.title = e.title + " · Listen now";
      say("Narrating: it plays while the rest is made.");
    },
    chapter: addChapter,
    cue: addCue,
    note: function (e) { say("Note: " + e.message + "."); },
    ended: function () { say("All of it is narrated; saving the episode…"); },
    saved: function (e) {
      done();
      var link = document.createElement("a");
      link.href = "/" + encodeURIComponent(e.slug) + "/";
      link.textContent = "open the episode page";
      say("Saved to the output folder: ");
      byId("status").appendChild(link);
    },
    stopped: function () { done(); say("Stopped."); },
    failed: function (e) { done(); say(""); problem(e.message); }
  };
  function handle(event) { (handlers[event.type] || function () {})(event); }
  function done() { if (source) { source.close(); source = null; } }

  function addChapter(e) {
    var item = document.createElement("li"), button = document.createElement("button");
    var time = document.createElement("span"), title = document.createElement("span");
    button.type = "button";
    button.className = "chapter";
    button.id = "chapter-" + (e.index + 1);
    button.setAttribute("data-start", String(e.start_ms / 1000));
    time.className = "time";
    time.textContent = clock(e.start_ms);
    title.dir = "auto";
    title.textContent = e.title;
    button.appendChild(time);
    button.appendChild(document.createTextNode(" "));
    button.appendChild(title);
    button.addEventListener("click", function () { seek(start(button)); });
    item.appendChild(button);
    list.appendChild(item);
    chapters.push(button);
    byId("chapters").hidden = false;
    section = document.createElement("section");
    var heading = document.createElement("h3");
    heading.dir = "auto";
    heading.textContent = e.title;
    section.appendChild(heading);
    sentences.appendChild(section);
  }
  function addCue(e) {
    var p = document.createElement("p");
    p.className = "cue";
    p.dir = "auto";
    p.setAttribute("data-start", String(e.start_ms / 1000));
    p.setAttribute("data-end", String(e.end_ms / 1000));
    p.textContent = e.text;
    p.tabIndex = cues.length ? -1 : 0;
    (section || sentences).appendChild(p);
    cues.push(p);
    highlight(audio.currentTime);
  }

  // --- the player (the episode page's controls and keys) -------------------------
  function seek(seconds) { audio.currentTime = seconds; highlight(seconds); }
  var play = byId("play");
  play.hidden = false;
  play.addEventListener("click", function () {
    if (audio.paused) { audio.play().catch(playState); } else { audio.pause(); }
  });
  function playState() { play.textContent = audio.paused ? "Play" : "Pause"; }
  audio.addEventListener("play", playState);
  audio.addEventListener("pause", playState);
  byId("speed-control").hidden = false;
  byId("speed").addEventListener("change", function () {
    audio.playbackRate = parseFloat(this.value);
  });

  function at(items, t) {
    var found = null;
    for (var i = 0; i < items.length && start(items[i]) <= t + 0.001; i++) { found = items[i]; }
    return found;
  }
  // The sentence and the chapter at t carry aria-current (the sentence also "now").
  function highlight(t) {
    var cue = at(cues, t);
    if (cue && cue !== current && !audio.paused) { inView(cue); }
    current = mark(current, cue, "now");
    currentChapter = mark(currentChapter, at(chapters, t), null);
  }
  function mark(before, now, name) {
    if (before === now) { return now; }
    [before, now].forEach(function (el, on) {
      if (!el) { return; }
      if (name) { el.classList.toggle(name, !!on); }
      if (on) { el.setAttribute("aria-current", "true"); } else { el.removeAttribute("aria-current"); }
    });
    return now;
  }
  function inView(cue) {
    var box = cue.getBoundingClientRect();
    if (box.top >= 0 && box.bottom <= window.innerHeight) { return; }
    cue.scrollIntoView({ block: "center", behavior: motion && motion.matches ? "auto" : "smooth" });
  }
  audio.addEventListener("timeupdate", function () { highlight(audio.currentTime); });

  // The transcript is one Tab stop: arrow keys move between sentences, Enter plays one.
  var keys = { ArrowDown: 1, ArrowRight: 1, ArrowUp: -1, ArrowLeft: -1 };
  function rove(cue) {
    cues.forEach(function (other) { other.tabIndex = other === cue ? 0 : -1; });
    cue.focus();
  }
  sentences.addEventListener("click", function (event) {
    var cue = event.target.closest(".cue");
    if (cue) { rove(cue); seek(start(cue)); }
  });
  sentences.addEventListener("keydown", function (event) {
    var index = cues.indexOf(event.target);
    if (index < 0) { return; }
    if (event.key === "Enter" || event.key === " ") {
      event.preventDefault();
      seek(start(event.target));
    } else if (keys[event.key]) {
      event.preventDefault();
      rove(cues[Math.max(0, Math.min(cues.length - 1, index + keys[event.key]))]);
    }
  });

  if (live.getAttribute("data-channel")) {  // a page that follows a render already
    var base = "/live/" + live.getAttribute("data-channel") + "/";
    follow(base + "events", null, false);
  }
}());
