/* il2sched's page script: the live preview, its errors beside their fields and in the summary at the top,
   and the language links that follow the form. Served from this server; no library. */
(function () {
  "use strict";

  /* The language links keep what the form holds: one language choice, the page's. */
  function followLanguages(query) {
    var links = document.querySelectorAll("a[data-lang]");
    var i;
    for (i = 0; i < links.length; i += 1) {
      var params = new URLSearchParams(query);
      params.set("lang", links[i].getAttribute("data-lang"));
      links[i].setAttribute("href", window.location.pathname + "?" + params.toString());
    }
  }

  function liveForm(form) {
    var preview = document.getElementById("preview");
    var status = document.getElementById("status");
    var summary = document.getElementById("error-summary");
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
      var found = preview.querySelectorAll("[data-errors] li[data-field]");
      for (i = 0; i < found.length; i += 1) {
        var name = found[i].getAttribute("data-field");
        var field = document.getElementById("f-" + name);
        var slot = document.getElementById("error-" + name);
        if (field && slot) {
          field.setAttribute("aria-invalid", "true");
          slot.textContent = found[i].textContent;
          var details = field.closest("details");
          if (details) {
            details.open = true;
          }
        }
      }
      if (summary) {
        var template = preview.querySelector("template[data-summary]");
        summary.innerHTML = template ? template.innerHTML : ""; /* the server's own autoescaped fragment */
        summary.hidden = !template;
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
        followLanguages(q);
        markFields();
        if (status) {
          var problem = summary && !summary.hidden ? summary.querySelector("li") : null;
          status.textContent = problem ? problem.textContent : (status.getAttribute("data-updated") || "");
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

  document.addEventListener("DOMContentLoaded", function () {
    var summary = document.getElementById("error-summary");
    if (summary && !summary.hidden) {
      summary.focus(); /* a page that opens with errors says them first */
    }
    var form = document.getElementById("schedule-form");
    if (form) {
      liveForm(form);
    }
  });
}());
