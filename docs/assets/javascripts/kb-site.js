/* Every page: acronyms reachable by keyboard, findings' "Copy link" buttons, folded findings opened.
   - The first use of each acronym in a page's text can take the keyboard's focus (tabindex 0); focused
     or hovered, Material shows its expansion in a tooltip and gives it as the acronym's description
     (aria-describedby), so a screen reader announces it. Escape hides it again. Later uses keep their
     tooltip on hover without adding Tab stops.
   - Each finding's citation line gets a button copying the finding's permanent link; the page works
     without it (the citation line links to the finding).
   - A review page folds each finding under its title (templates/review.html.j2): a link to a finding
     opens it, a button beside the contents opens or closes them all, and printing prints them open.
   Runs on each page Material's instant navigation loads (document$). */
(function () {
  "use strict";
  if (window.kbSiteLoaded) return;
  window.kbSiteLoaded = true;

  function acronyms(root) {
    var seen = {};
    root.querySelectorAll(".md-typeset abbr[title]").forEach(function (abbr) {
      var key = abbr.textContent;
      if (seen[key] || abbr.closest("a, button, summary")) return;
      seen[key] = true;
      abbr.setAttribute("tabindex", "0");
      abbr.addEventListener("keydown", function (event) {
        if (event.key === "Escape") abbr.blur();
      });
    });
  }

  function copyText(text) {
    if (navigator.clipboard && window.isSecureContext) return navigator.clipboard.writeText(text);
    return new Promise(function (resolve, reject) {
      var box = document.createElement("textarea");
      box.value = text;
      box.setAttribute("readonly", "");
      box.style.position = "fixed";
      box.style.opacity = "0";
      document.body.appendChild(box);
      box.select();
      var done = document.execCommand("copy");
      box.remove();
      if (done) resolve(); else reject(new Error("copy refused"));
    });
  }

  function copyButtons(root) {
    root.querySelectorAll(".kb-cite").forEach(function (line) {
      var link = line.querySelector("a.kb-cite__link");
      if (!link || line.querySelector(".kb-cite__copy")) return;
      var button = document.createElement("button");
      button.type = "button";
      button.className = "kb-cite__copy";
      button.textContent = "Copy link";
      var title = line.querySelector(".kb-cite__text");
      button.setAttribute("aria-label", "Copy link to " + (title ? title.textContent.split("\u201d")[0].replace("\u201c", "") : "this finding"));
      var said = document.createElement("span");
      said.className = "kb-cite__said";
      said.setAttribute("role", "status");
      button.addEventListener("click", function () {
        var address = new URL(link.getAttribute("href"), window.location.href).href;
        copyText(address).then(function () { said.textContent = "Link copied."; },
          function () { said.textContent = "Could not copy: the link is " + address; });
        setTimeout(function () { said.textContent = ""; }, 4000);
      });
      line.appendChild(document.createTextNode(" "));
      line.appendChild(button);
      line.appendChild(said);
    });
  }

  /* The folded finding an address leads to (#finding-id: its title), or the disclosures around any other
     target, opened; the browser has already scrolled to it, and opening it adds only what is below. */
  function openTarget() {
    var id = decodeURIComponent(window.location.hash.slice(1));
    var target = id && document.getElementById(id);
    if (!target) return;
    var body = target.classList.contains("kb-finding__title") && target.nextElementSibling
      ? target.nextElementSibling.querySelector("details.kb-finding__body") : null;
    if (body) body.open = true;
    for (var node = target.parentElement; node; node = node.parentElement) {
      if (node.tagName === "DETAILS") node.open = true;
    }
  }

  function findingBodies(root) {
    return Array.prototype.slice.call(root.querySelectorAll("details.kb-finding__body"));
  }

  /* One button to open every finding (to read the review through) or close them again. */
  function toggleAll(root) {
    var contents = root.querySelector(".kb-contents");
    if (!contents || contents.querySelector(".kb-contents__toggle") || !findingBodies(root).length) return;
    var button = document.createElement("button");
    button.type = "button";
    button.className = "kb-contents__toggle";
    function label() {
      var open = findingBodies(root).every(function (d) { return d.open; });
      button.textContent = open ? "Close every finding" : "Open every finding";
      return open;
    }
    button.addEventListener("click", function () {
      var open = !label();
      findingBodies(root).forEach(function (d) { d.open = open; });
      label();
    });
    root.addEventListener("toggle", function (event) {
      if (event.target.classList && event.target.classList.contains("kb-finding__body")) label();
    }, true);
    label();
    var line = document.createElement("p");
    line.className = "kb-contents__actions";
    line.appendChild(button);
    contents.appendChild(line);
  }

  /* Printed, a review holds every finding's text; the reader's own choice comes back afterwards. */
  var closedForPrint = [];
  window.addEventListener("beforeprint", function () {
    closedForPrint = findingBodies(document).filter(function (d) { return !d.open; });
    closedForPrint.forEach(function (d) { d.open = true; });
  });
  window.addEventListener("afterprint", function () {
    closedForPrint.forEach(function (d) { d.open = false; });
    closedForPrint = [];
  });
  window.addEventListener("hashchange", openTarget);

  /* A region wider than the screen (a table, a heat map) scrolls inside itself: the line above it that says
     so is shown only while it is wider, and again when the window changes. */
  function scrollCues(root) {
    var regions = Array.prototype.slice.call(root.querySelectorAll(".kb-scroll"));
    function update() {
      regions.forEach(function (region) {
        var cue = region.previousElementSibling;
        if (cue && cue.classList.contains("kb-scroll__cue")) cue.hidden = region.scrollWidth <= region.clientWidth + 1;
      });
    }
    update();
    if (regions.length) window.addEventListener("resize", update);
  }

  function start() {
    var content = document.querySelector(".md-content") || document.body;
    acronyms(content);
    copyButtons(content);
    toggleAll(content);
    scrollCues(content);
    openTarget();
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
  document.addEventListener("DOMContentLoaded", function () {
    if (window.document$ && window.document$.subscribe) window.document$.subscribe(start);
  });
})();
