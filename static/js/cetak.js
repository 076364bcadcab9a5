// Print view: open the browser's print dialog once the card (fonts, photo) has loaded.
(function () {
  var button = document.querySelector("[data-print]");
  if (button) button.addEventListener("click", function () { window.print(); });
  if (!/[?&]tanpa-dialog/.test(window.location.search)) {
    window.addEventListener("load", function () { window.setTimeout(function () { window.print(); }, 300); });
  }
})();
