// Hangar's one script: progressive enhancement only. Every page works without it; with it, row menus open in
// place, copy buttons copy, process pickers fill curls, destructive buttons ask first, a live console follows
// a running step, and the browser's time zone reaches the pages that show days and times.
(function () {
  "use strict";

  // Row menus: a button with aria-haspopup="menu" toggles the menu after it; Escape or a click elsewhere closes it.
  function closeMenus(except) {
    document.querySelectorAll('[aria-haspopup="menu"][aria-expanded="true"]').forEach(function (button) {
      if (button !== except) {
        button.setAttribute("aria-expanded", "false");
        document.getElementById(button.getAttribute("aria-controls")).hidden = true;
      }
    });
  }

  document.addEventListener("click", function (event) {
    var button = event.target.closest('[aria-haspopup="menu"]');
    if (button) {
      var menu = document.getElementById(button.getAttribute("aria-controls"));
      var open = button.getAttribute("aria-expanded") !== "true";
      closeMenus(button);
      button.setAttribute("aria-expanded", String(open));
      menu.hidden = !open;
      if (open) {
        var first = menu.querySelector('[role="menuitem"]');
        if (first) { first.focus(); }
      }
      return;
    }
    if (!event.target.closest('[role="menu"]')) { closeMenus(null); }

    var copy = event.target.closest("[data-copy]");
    if (copy) {
      // A read-only input (a secret, a command) or a block of text (a curl).
      var field = document.getElementById(copy.getAttribute("data-copy"));
      var text = field.tagName === "INPUT" ? field.value : field.textContent;
      if (field.tagName === "INPUT") {
        field.select();
      } else {
        window.getSelection().selectAllChildren(field);
      }
      var done = function () { copy.textContent = "Copied"; setTimeout(function () { copy.textContent = "Copy"; }, 2000); };
      if (navigator.clipboard && window.isSecureContext) {
        navigator.clipboard.writeText(text).then(done, function () { document.execCommand("copy"); done(); });
      } else {
        document.execCommand("copy");
        done();
      }
    }
  });

  document.addEventListener("keydown", function (event) {
    var menu = event.target.closest('[role="menu"]');
    if (event.key === "Escape") {
      var open = document.querySelector('[aria-haspopup="menu"][aria-expanded="true"]');
      closeMenus(null);
      if (open) { open.focus(); }
    } else if (menu && (event.key === "ArrowDown" || event.key === "ArrowUp")) {
      var items = Array.prototype.slice.call(menu.querySelectorAll('[role="menuitem"]'));
      var index = items.indexOf(document.activeElement);
      var next = items[(index + (event.key === "ArrowDown" ? 1 : items.length - 1)) % items.length];
      if (next) { next.focus(); event.preventDefault(); }
    }
  });

  // A process picker beside a curl puts the chosen process's id into it.
  document.addEventListener("change", function (event) {
    var picker = event.target.closest("select[data-curl-process]");
    if (picker) {
      document.getElementById(picker.getAttribute("data-curl-process")).querySelectorAll("[data-process-id]").forEach(function (part) {
        part.textContent = picker.value;
      });
    }
  });

  // Buttons that destroy something ask first when they carry data-confirm (the server asks too, on its own page).
  document.addEventListener("submit", function (event) {
    var submitter = event.submitter;
    var message = (submitter && submitter.getAttribute("data-confirm")) || event.target.getAttribute("data-confirm");
    if (message && !window.confirm(message)) { event.preventDefault(); }
  });

  // Live console: polls the page's own JSON handler for lines after the last one shown, while the step runs, and
  // keeps the state badges (data-status: the step run's, data-run-status: the run's) current.
  function badge(id, state) {
    var element = id && document.getElementById(id);
    if (element && state) { element.textContent = state; element.className = "state state-" + state; }
  }

  function follow(pre) {
    var url = pre.getAttribute("data-follow");
    var after = pre.getAttribute("data-after") || "";
    fetch(url + (url.indexOf("?") < 0 ? "?" : "&") + "after=" + encodeURIComponent(after), { credentials: "same-origin" })
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (page) {
        if (!page) { return; }
        var atBottom = pre.scrollTop + pre.clientHeight >= pre.scrollHeight - 4;
        if (page.lines.length) { pre.appendChild(document.createTextNode(page.lines.join("\n") + "\n")); }
        if (page.after) { pre.setAttribute("data-after", page.after); }
        if (page.lines.length && atBottom) { pre.scrollTop = pre.scrollHeight; }
        badge(pre.getAttribute("data-status"), page.state);
        badge(pre.getAttribute("data-run-status"), page.runState);
        if (!page.done) {
          setTimeout(function () { follow(pre); }, page.lines.length ? 250 : 1000);
        } else {
          var ended = document.getElementById(pre.getAttribute("data-ended"));
          if (ended) { ended.hidden = false; }
        }
      })
      .catch(function () { setTimeout(function () { follow(pre); }, 3000); });
  }
  document.querySelectorAll("pre[data-follow]").forEach(follow);

  // The browser's time zone, kept in a cookie for the pages that show days and times (unless the profile sets one).
  // A page drawn in another zone (data-zone-reload="true") is drawn again, once, when the cookie changes.
  (function () {
    var zone;
    try { zone = Intl.DateTimeFormat().resolvedOptions().timeZone; } catch (e) { return; }
    if (!zone) { return; }
    var cookie = "hangar_tz=" + encodeURIComponent(zone);
    var has = function () { return document.cookie.split("; ").indexOf(cookie) >= 0; };
    if (!has()) {
      document.cookie = cookie + "; path=/; max-age=31536000; SameSite=Strict" + (location.protocol === "https:" ? "; Secure" : "");
      if (has() && document.querySelector("main[data-zone-reload=\"true\"]")) { location.reload(); }
    }
    document.querySelectorAll("input[data-browser-zone-placeholder]").forEach(function (input) { input.placeholder = zone; });
  })();
})();
