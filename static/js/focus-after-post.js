// After a form posts back to its own page, put the keyboard where the news is: the first
// field in error, else the first alert, else the status message. A page that chose a
// focus itself (autofocus, or a script that ran first) keeps it.
(function () {
  "use strict";
  if (document.querySelector("[autofocus]")) return;
  if (document.activeElement && document.activeElement !== document.body) return;
  var target =
    document.querySelector(".field--error input:not([type=hidden]), .field--error select, .field--error textarea") ||
    document.querySelector("[role=alert][tabindex]") ||
    document.querySelector("#pesan");
  if (target) target.focus();
})();
