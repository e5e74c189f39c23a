// Progressive enhancement of the episode page: everything here is optional, the page
// without it still has the audio, the chapter links and the transcript.
(function () {
  "use strict";
  var audio = document.getElementById("audio");
  if (!audio) { return; }
  document.documentElement.classList.add("js");
  var motion = window.matchMedia && window.matchMedia("(prefers-reduced-motion: reduce)");
  var cues = Array.prototype.slice.call(document.querySelectorAll("#transcript .cue"));
  var chapters = [];
  var current = null;
  var currentChapter = null;

  function start(element) { return parseFloat(element.getAttribute("data-start")); }

  function seek(seconds) {
    // Seeking keeps playing, or stays paused: no sound the listener did not ask for.
    audio.currentTime = seconds;
    highlight(seconds);
  }

  // Chapter links become buttons that seek in place instead of opening the MP3.
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

  var play = document.getElementById("play");
  play.hidden = false;
  play.addEventListener("click", function () {
    // play() rejects when the browser refuses (no audio device): the button stays "Play".
    if (audio.paused) { audio.play().catch(playState); } else { audio.pause(); }
  });
  function playState() { play.textContent = audio.paused ? "Play" : "Pause"; }
  audio.addEventListener("play", playState);
  audio.addEventListener("pause", playState);

  var speed = document.getElementById("speed");
  document.getElementById("speed-control").hidden = false;
  speed.addEventListener("change", function () { audio.playbackRate = parseFloat(speed.value); });
  audio.addEventListener("ratechange", function () {
    var value = String(audio.playbackRate);
    for (var i = 0; i < speed.options.length; i++) {
      if (speed.options[i].value === value) { speed.value = value; }
    }
  });

  document.getElementById("transcript-hint").hidden = false;
  var transcript = document.getElementById("transcript");
  transcript.addEventListener("click", function (event) {
    var cue = event.target.closest(".cue");
    if (cue) { rove(cue, false); seek(start(cue)); }
  });

  // The transcript is one Tab stop, not hundreds: arrow keys move between sentences
  // (a roving tabindex, WAI-ARIA Authoring Practices), Enter or Space plays from one.
  cues.forEach(function (cue, i) { cue.tabIndex = i === 0 ? 0 : -1; });
  function rove(cue, focus) {
    cues.forEach(function (other) { other.tabIndex = other === cue ? 0 : -1; });
    if (focus) { cue.focus(); }
  }
  var keys = { ArrowDown: 1, ArrowRight: 1, ArrowUp: -1, ArrowLeft: -1 };
  transcript.addEventListener("keydown", function (event) {
    var index = cues.indexOf(event.target);
    if (index < 0) { return; }
    if (event.key === "Enter" || event.key === " ") {
      event.preventDefault();
      seek(start(event.target));
    } else if (keys[event.key]) {
      event.preventDefault();
      rove(cues[Math.max(0, Math.min(cues.length - 1, index + keys[event.key]))], true);
    } else if (event.key === "Home" || event.key === "End") {
      event.preventDefault();
      rove(cues[event.key === "Home" ? 0 : cues.length - 1], true);
    }
  });

  // The last element whose start is at or before t (cues and chapters are in time order).
  function at(items, t) {
    var found = null;
    for (var i = 0; i < items.length; i++) {
      if (start(items[i]) > t + 0.001) { break; }
      found = items[i];
    }
    return found;
  }

  function highlight(t) {
    var cue = at(cues, t);
    if (cue !== current) {
      if (current) { current.classList.remove("now"); current.removeAttribute("aria-current"); }
      current = cue;
      if (cue) {
        cue.classList.add("now");
        cue.setAttribute("aria-current", "true");
        if (!audio.paused) { follow(cue); }
      }
    }
    var chapter = at(chapters, t);
    if (chapter !== currentChapter) {
      if (currentChapter) { currentChapter.removeAttribute("aria-current"); }
      currentChapter = chapter;
      if (chapter) { chapter.setAttribute("aria-current", "true"); }
    }
  }

  // Keep the sentence being read in view while playing, without smooth scrolling for
  // those who asked for reduced motion.
  function follow(cue) {
    var box = cue.getBoundingClientRect();
    if (box.top >= 0 && box.bottom <= window.innerHeight) { return; }
    var reduce = motion && motion.matches;
    cue.scrollIntoView({ block: "center", behavior: reduce ? "auto" : "smooth" });
  }

  // Lock screens, headsets and media keys: the episode's title, and the previous/next
  // track keys move between chapters (Media Session API, where the browser has it).
  if ("mediaSession" in navigator && window.MediaMetadata) {
    navigator.mediaSession.metadata = new MediaMetadata({
      title: document.querySelector("h1").textContent,
      artist: document.querySelector(".byline").textContent
    });
    var step = function (direction) {
      return function () {
        var now = at(chapters, audio.currentTime);
        var index = chapters.indexOf(now) + direction;
        // "Previous" a few seconds into a chapter goes to its start, as players do.
        if (direction < 0 && now && audio.currentTime - start(now) > 3) { index += 1; }
        var target = chapters[Math.max(0, Math.min(chapters.length - 1, index))];
        if (target) { seek(start(target)); }
      };
    };
    navigator.mediaSession.setActionHandler("previoustrack", step(-1));
    navigator.mediaSession.setActionHandler("nexttrack", step(1));
  }

  audio.addEventListener("timeupdate", function () { highlight(audio.currentTime); });
  audio.addEventListener("seeked", function () { highlight(audio.currentTime); });
}());
