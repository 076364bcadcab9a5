// Card page: say which file was saved after a download link is used, where a screen reader hears it.
(function () {
  "use strict";
  var status = document.querySelector("[data-download-status]");
  if (!status) return;
  document.querySelectorAll("a[data-saved]").forEach(function (link) {
    link.addEventListener("click", function () {
      status.textContent = "";
      // A moment later, so the region is read as changed even for the same file twice.
      setTimeout(function () {
        status.textContent = link.dataset.saved;
      }, 100);
    });
  });
})();
