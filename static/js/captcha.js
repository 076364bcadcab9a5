// The captcha widget: "Gambar baru" swaps in a fresh captcha without reloading, and
// "Dengarkan kode" plays the letters in Indonesian. Without JavaScript both buttons stay
// hidden: reloading the page gives a new picture and the audio player's own controls play.
(function () {
  "use strict";
  document.querySelectorAll("[data-captcha-audio-box]").forEach(function (box) {
    var button = box.querySelector("[data-captcha-listen]");
    var audio = box.querySelector("[data-captcha-audio]");
    button.hidden = false;
    audio.hidden = true;
    audio.removeAttribute("controls");
    button.addEventListener("click", function () {
      audio.currentTime = 0;
      audio.play().catch(function () {
        // Playback refused (for example the 429 answer): show the player, which says so.
        audio.hidden = false;
        audio.setAttribute("controls", "");
      });
    });
  });

  document.querySelectorAll("[data-captcha-refresh]").forEach(function (button) {
    var form = button.closest("form");
    var image = form.querySelector("[data-captcha-image]");
    var key = form.querySelector("input[type=hidden][name$='_0']");
    var answer = form.querySelector("input[type=text][name$='_1']");
    var audioBox = form.querySelector("[data-captcha-audio-box]");
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
          if (audioBox) {
            var audio = audioBox.querySelector("[data-captcha-audio]");
            audio.pause();
            audio.src = audioBox.getAttribute("data-audio-template").replace("KEY", data.key);
          }
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
