/* Every page: acronyms reachable by keyboard, and findings' "Copy link" buttons.
   - The first use of each acronym in a page's text can take the keyboard's focus (tabindex 0); focused
     or hovered, Material shows its expansion in a tooltip and gives it as the acronym's description
     (aria-describedby), so a screen reader announces it. Escape hides it again. Later uses keep their
     tooltip on hover without adding Tab stops.
   - Each finding's citation line gets a button copying the finding's permanent link; the page works
     without it (the citation line links to the finding).
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

  function start() {
    var content = document.querySelector(".md-content") || document.body;
    acronyms(content);
    copyButtons(content);
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
  document.addEventListener("DOMContentLoaded", function () {
    if (window.document$ && window.document$.subscribe) window.document$.subscribe(start);
  });
})();
