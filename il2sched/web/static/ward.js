// The ward record's forms answered in place: a record form is sent as the page would send it, and the row the
// server answers (its record, or the form with its problem beside the field) replaces the row. Without this
// script the same form is a plain POST and a redirect to the day's page.
"use strict";

(function () {
  function rowOf(form) {
    return form.closest("li.dose-row");
  }

  async function send(form) {
    const row = rowOf(form);
    const status = document.getElementById("status");
    if (status) status.textContent = status.dataset.saving || "";
    const body = new URLSearchParams(new FormData(form));
    let response;
    try {
      response = await fetch(form.action, {
        method: "POST",
        body: body,
        headers: { "x-il2sched-fetch": "1", "content-type": "application/x-www-form-urlencoded" },
        credentials: "same-origin",
      });
    } catch (error) {
      form.submit(); // the network failed: the plain form says what happened
      return;
    }
    const text = await response.text();
    const holder = document.createElement("ol");
    holder.innerHTML = text;
    const fresh = holder.querySelector("li.dose-row");
    if (!fresh || !row) {
      form.submit();
      return;
    }
    row.replaceWith(fresh);
    fresh.dataset.answer = String(response.status);
    const message = fresh.querySelector("[role=alert], [role=status]");
    const invalid = fresh.querySelector("[aria-invalid=true]");
    if (status) status.textContent = message ? message.textContent : "";
    (invalid || fresh).focus();
  }

  document.addEventListener("submit", function (event) {
    const form = event.target;
    if (!(form instanceof HTMLFormElement) || !form.classList.contains("record-form")) return;
    event.preventDefault();
    send(form);
  });
})();

// The audit trail's Print button: the browser's own Print (the page's print style keeps the trail alone).
document.addEventListener("click", function (event) {
  const button = event.target instanceof Element ? event.target.closest("[data-print-page]") : null;
  if (button) window.print();
});
