/* The print page: opens the print dialog once the document has loaded (fonts included), and again on its
   button. Served from this server; no library. */
(function () {
  "use strict";

  function printNow() {
    window.print();
  }

  document.addEventListener("DOMContentLoaded", function () {
    var again = document.getElementById("print-again");
    if (again) {
      again.addEventListener("click", printNow);
    }
  });
  if (document.readyState === "complete") {
    window.setTimeout(printNow, 0);
  } else {
    window.addEventListener("load", function () {
      window.setTimeout(printNow, 0);
    });
  }
}());
