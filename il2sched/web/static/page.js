/* il2sched's page script: the live preview and the print action. Served from this server; no library. */
(function () {
  "use strict";

  function liveForm(form) {
    var preview = document.getElementById("preview");
    var status = document.getElementById("status");
    var timer = null;
    var sent = 0;

    function query() {
      var params = new URLSearchParams();
      new FormData(form).forEach(function (value, key) {
        if (String(value).trim() !== "") {
          params.append(key, String(value));
        }
      });
      return params.toString();
    }

    function markFields() {
      var i;
      var invalid = form.querySelectorAll("[aria-invalid]");
      for (i = 0; i < invalid.length; i += 1) {
        invalid[i].removeAttribute("aria-invalid");
      }
      var slots = form.querySelectorAll("[data-field-error]");
      for (i = 0; i < slots.length; i += 1) {
        slots[i].textContent = "";
      }
      var problem = preview.querySelector("[data-error-parameter]");
      var name = problem ? problem.getAttribute("data-error-parameter") : "";
      if (!name) {
        return;
      }
      var field = document.getElementById("f-" + name);
      var slot = document.getElementById("error-" + name);
      if (field && slot) {
        field.setAttribute("aria-invalid", "true");
        slot.textContent = problem.getAttribute("data-error-message");
        var details = field.closest("details");
        if (details) {
          details.open = true;
        }
      }
    }

    function update() {
      var q = query();
      sent += 1;
      var mine = sent;
      fetch(form.getAttribute("data-preview") + "?" + q, {
        headers: { Accept: "text/html" },
        credentials: "same-origin"
      }).then(function (response) {
        return response.text().then(function (html) {
          return { ok: response.ok, html: html };
        });
      }).then(function (answer) {
        if (mine !== sent) {
          return; /* a newer request is on its way */
        }
        preview.innerHTML = answer.html; /* the server's own autoescaped fragment */
        history.replaceState(null, "", form.getAttribute("action") + (q ? "?" + q : ""));
        markFields();
        if (answer.ok && status) {
          status.textContent = status.getAttribute("data-updated") || "";
        }
      });
    }

    function later() {
      window.clearTimeout(timer);
      timer = window.setTimeout(update, 250);
    }

    form.addEventListener("input", later);
    form.addEventListener("change", later);
  }

  function printFrame(frame) {
    try {
      frame.contentWindow.focus();
      frame.contentWindow.print();
    } catch (ignored) {
      /* the browser's own Print command still works */
    }
  }

  function loaded(frame) {
    /* The document may finish loading before this deferred script runs: then no load event comes. */
    try {
      var doc = frame.contentDocument;
      return doc !== null && doc.readyState === "complete" && doc.URL !== "about:blank";
    } catch (ignored) {
      return false;
    }
  }

  function printPage(frame) {
    if (loaded(frame)) {
      printFrame(frame);
    } else {
      frame.addEventListener("load", function () {
        printFrame(frame);
      });
    }
    var again = document.getElementById("print-again");
    if (again) {
      again.addEventListener("click", function () {
        printFrame(frame);
      });
    }
  }

  document.addEventListener("DOMContentLoaded", function () {
    var form = document.getElementById("schedule-form");
    if (form) {
      liveForm(form);
    }
    var frame = document.querySelector("iframe[data-autoprint]");
    if (frame) {
      printPage(frame);
    }
  });
}());
