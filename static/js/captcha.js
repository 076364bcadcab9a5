// "Gambar baru" on the verification page: swap in a fresh captcha without reloading.
// Without JavaScript the button stays hidden and reloading the page gives a new picture.
(function () {
  "use strict";
  document.querySelectorAll("[data-captcha-refresh]").forEach(function (button) {
    var form = button.closest("form");
    var image = form.querySelector("[data-captcha-image]");
    var key = form.querySelector("input[type=hidden][name$='_0']");
    var answer = form.querySelector("input[type=text][name$='_1']");
    button.hidden = false;
    button.addEventListener("click", function () {
      button.disabled = true;
      fetch(button.getAttribute("data-captcha-refresh"), {
        headers: { "X-Requested-With": "XMLHttpRequest" },
        credentials: "same-origin",
        cache: "no-store",
      })
        .then(function (response) {
          if (!response.ok) throw new Error("HTTP " + response.status);
          return response.json();
        })
        .then(function (data) {
          key.value = data.key;
          image.src = data.image_url;
          answer.value = "";
          answer.focus();
        })
        .catch(function () {
          // The page itself explains what went wrong (for example the 429 page).
          window.location.reload();
        })
        .finally(function () {
          button.disabled = false;
        });
    });
  });
})();
