// Progressive enhancement of the show index: a box that filters the episodes, and a
// button that copies the feed's address. Without it, the list and the address are there.
(function () {
  "use strict";
  var list = document.getElementById("episodes");
  if (!list) { return; }
  var items = [].slice.call(list.children).filter(function (li) { return li.querySelector("a"); });

  function folded(text) {
    return text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLocaleLowerCase();
  }

  function setUpFilter() {
    var form = document.getElementById("filter-form"), box = document.getElementById("filter");
    var status = document.getElementById("filter-status");
    if (!items.length) { return; }
    form.hidden = false;
    form.addEventListener("submit", function (event) { event.preventDefault(); });
    box.addEventListener("input", function () {
      var words = folded(box.value).split(/\s+/).filter(Boolean), shown = 0;
      items.forEach(function (li) {
        var text = folded(li.textContent);
        li.hidden = !words.every(function (word) { return text.indexOf(word) >= 0; });
        shown += li.hidden ? 0 : 1;
      });
      status.textContent = !words.length ? "" : shown ? shown + " of " + items.length + " episodes shown."
        : "No episode has those words.";
    });
  }

  function setUpCopy() {
    var button = document.getElementById("copy-feed"), field = document.getElementById("feed-url");
    var status = document.getElementById("copy-status");
    if (!button) { return; }
    if (field.value.indexOf("://") < 0) { field.value = new URL(field.value, location.href).href; }
    button.hidden = false;
    button.addEventListener("click", function () {
      field.select();
      var copy = navigator.clipboard && window.isSecureContext
        ? navigator.clipboard.writeText(field.value) : Promise.reject(new Error("no clipboard"));
      copy.then(function () { status.textContent = "Address copied."; },
        function () { status.textContent = "The address is selected: copy it from the box."; });
    });
  }

  setUpFilter();
  setUpCopy();
}());
